package senhaseguramock

// Kind names a MySafe item type served by the mock.
type Kind string

const (
	// KindPassword is a MySafe password (/mysafe/password).
	KindPassword Kind = "password"
	// KindAPISecret is a MySafe API secret (/mysafe/secretapi).
	KindAPISecret Kind = "secretapi"
	// KindNote is a MySafe secure note (/api/mysafe/note).
	KindNote Kind = "note"
)

// kindSpec describes everything that differs between the item kinds on the wire,
// following the vendor's pages and quirks Q5 to Q8 of internal/mysafe/doc.go. The handlers are
// written once against this table so that both kinds behave alike wherever the API does.
type kindSpec struct {
	kind  Kind
	label string // used in 1005/1009 messages: "Password", "Api secret"

	// fields are the flat string fields a request may carry, in the order the vendor's
	// field tables list them.
	fields []string
	// required are checked in this order on create (1001 "Parameter 'x' was not informed!").
	required []string

	writeKey string // entity key of create/update responses
	getKey   string // entity key of GET one
	listKey  string // array key of the list response

	// writeFields are echoed by create/update responses, in order; "note" stands for the
	// password's notes (quirk Q5: create/update answer `note`).
	writeFields []string
	// getFields are returned by GET one, in order. "secret_key" and "token" are null when unset.
	getFields []string
	// listFields are the item fields of the list response (beside the access flags).
	listFields []string
	// filters are the query parameters the list endpoint honours.
	filters []string
	// getUserKey is the key of users_allowed elements on GET one ("name" for API secrets, quirk Q7).
	getUserKey string

	msgCreated, msgUpdated                   string
	msgDeactivated, msgAlreadyDeactivated    string
	msgActivated, msgAlreadyActivated        string
	msgNotFound, msgInactive                 string
	msgDuplicateCreate, msgDuplicateOnUpdate string
}

var specs = map[Kind]*kindSpec{
	KindPassword: {
		kind:                  KindPassword,
		label:                 "Password",
		fields:                []string{"name", "username", "password", "url", "secret_key", "notes", "tags"},
		required:              []string{"name", "username", "password"},
		writeKey:              "password_entity",
		getKey:                "password_entity",
		listKey:               "password_on_list",
		writeFields:           []string{"name", "url", "username", "note", "tags"},
		getFields:             []string{"name", "url", "username", "password", "secret_key", "token", "notes", "tags"},
		listFields:            []string{"name", "url", "username", "tags"},
		filters:               []string{"tag", "name", "username", "url"},
		getUserKey:            "username",
		msgCreated:            "Password successfully registered",
		msgUpdated:            "Password successfully updated",
		msgDeactivated:        "Password successfully deactivated",
		msgAlreadyDeactivated: "Password has already been deactivated",
		msgActivated:          "Password successfully activated",
		msgAlreadyActivated:   "Password has already been activated",
		msgNotFound:           "1005: Password not found",
		msgInactive:           "1009: Inactive password",
	},
	KindAPISecret: {
		kind:                  KindAPISecret,
		label:                 "Api secret",
		fields:                []string{"name", "url", "client_id", "client_secret", "identifier_code", "tags", "notes", "method"},
		required:              []string{"name", "url", "client_id"},
		writeKey:              "api_entity",
		getKey:                "api_secret_entity",
		listKey:               "api_secret_on_list",
		writeFields:           []string{"name", "url", "client_secret", "client_id", "identifier_code", "method", "tags", "notes"},
		getFields:             []string{"name", "url", "client_secret", "client_id", "identifier_code", "method", "tags", "notes"},
		listFields:            []string{"name"},
		filters:               []string{"tag", "identifier_code"},
		getUserKey:            "name",
		msgCreated:            "Api secret successfully registered",
		msgUpdated:            "Api secret updated successfully",
		msgDeactivated:        "Api secret successfully deactivated",
		msgAlreadyDeactivated: "Api secret has already been deactivated",
		msgActivated:          "Api secret activated successfully",
		msgAlreadyActivated:   "Api secret has already been activated",
		msgNotFound:           "1005: Api secret not found",
		msgInactive:           "1009: Inactive api secret",
		msgDuplicateCreate:    "1001: Identifier already found in another API key of this user",
		msgDuplicateOnUpdate:  "1001: 'Identifier' already found in another API key of this user",
	},
	// Notes: the content ("note") comes back from GET only; GET writes user shares as
	// {name, can_edit} like API secrets; list items carry tags (quirks Q5, Q7, Q8, Q11).
	KindNote: {
		kind:                  KindNote,
		label:                 "Note",
		fields:                []string{"name", "note", "tags"},
		required:              []string{"name", "note"},
		writeKey:              "note_entity",
		getKey:                "note_entity",
		listKey:               "note_on_list",
		writeFields:           []string{"name", "tags"},
		getFields:             []string{"name", "note", "tags"},
		listFields:            []string{"name", "tags"},
		filters:               []string{"tag"},
		getUserKey:            "name",
		msgCreated:            "Note successfully registered",
		msgUpdated:            "Note successfully update",
		msgDeactivated:        "Note successfully deactivated",
		msgAlreadyDeactivated: "Note has already been deactivated",
		msgActivated:          "Note successfully activated",
		msgAlreadyActivated:   "Note has already been activated",
		msgNotFound:           "1005: Note not found",
		msgInactive:           "1009: Inactive note",
	},
}
