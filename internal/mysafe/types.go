package mysafe

// Share is one entry of a sharing list: a username (users_allowed) or a group name
// (groups_allowed), and whether it may edit. Above this package there is one shape of share,
// whatever key the wire used.
type Share struct {
	Name    string
	CanEdit bool
}

// Password is a MySafe password. Notes is always the notes text, whether the wire called it
// `note` (create/update responses) or `notes` (GET).
type Password struct {
	ID        string // server-assigned identifier, digits
	Name      string
	Username  string
	Password  string // not echoed by create/update responses
	URL       string
	SecretKey string // TOTP seed (base32); not echoed by create/update responses
	Token     string // current TOTP code computed by MySafe (GET only)
	Notes     string
	Tags      string // MySafe's single comma-separated tags string

	// UsersAllowed and GroupsAllowed are nil when the answer did not report them, empty when
	// the item is not shared.
	UsersAllowed  []Share
	GroupsAllowed []Share
	// SharedErrors lists what MySafe reported in shared_error (create/update only).
	SharedErrors []string
}

// APISecret is a MySafe API secret.
type APISecret struct {
	ID             string
	Name           string
	URL            string
	ClientID       string
	ClientSecret   string
	IdentifierCode string // user-defined code, unique among the user's API secrets
	Method         string
	Notes          string
	Tags           string

	UsersAllowed  []Share
	GroupsAllowed []Share
	SharedErrors  []string
}

// PasswordUpdate is a change to a password. A nil field is left out of the request and
// MySafe keeps its value; a set one is sent as it is ("" clears the value). A nil sharing list
// is left out; an empty one removes all sharing.
type PasswordUpdate struct {
	Name, Username, Password, URL, SecretKey, Notes, Tags *string
	UsersAllowed, GroupsAllowed                           []Share
}

// APISecretUpdate is a change to an API secret, with the conventions of PasswordUpdate.
type APISecretUpdate struct {
	Name, URL, ClientID, ClientSecret, IdentifierCode, Method, Notes, Tags *string
	UsersAllowed, GroupsAllowed                                            []Share
}

// PasswordFilter narrows ListPasswords; empty fields are not sent.
type PasswordFilter struct {
	Tag      string
	Name     string
	Username string
	URL      string
}

// APISecretFilter narrows ListAPISecrets; empty fields are not sent.
type APISecretFilter struct {
	Tag            string
	IdentifierCode string
}

// ListItem is one entry of a list answer. Lists carry no secrets, notes or shares; API
// secret entries carry only ID, Name and the access flags.
type ListItem struct {
	ID           string
	Name         string
	URL          string
	Username     string
	Tags         string
	NeedJustify  bool
	NeedApproval bool
	CanView      bool
	CanWrite     bool
}

// Note is a MySafe secure note. Content is the protected text (the wire's `note`), which only
// GET returns (quirk Q8).
type Note struct {
	ID      string
	Name    string
	Content string
	Tags    string

	UsersAllowed  []Share
	GroupsAllowed []Share
	SharedErrors  []string
}

// NoteUpdate is a change to a note, with the conventions of PasswordUpdate.
type NoteUpdate struct {
	Name, Content, Tags         *string
	UsersAllowed, GroupsAllowed []Share
}

// NoteFilter narrows NotesService.List; the notes list has only the tag filter.
type NoteFilter struct {
	Tag string
}
