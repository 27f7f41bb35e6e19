package provider

// Attribute and schema texts shared by a data source and the ephemeral resource of the same
// item kind, so that their documentation cannot drift apart.

const (
	passwordLookupDescription = "Reads one MySafe password, by its identifier or by its name (and username), with its " +
		"secret values and sharing. A name that no active password has, or that several have (add `username` to tell " +
		"them apart), is an error that names them."
	passwordIDDescription   = "The MySafe identifier of the password (digits). Exactly one of `id` and `name` must be set."
	passwordNameDescription = "Name of the password: set it instead of `id` to look the password up by its name (the " +
		"lookup lists the passwords of that name, and reads only the one that matches)."
	usernameDescription       = "The account's user name; with `name`, only a password with this username matches."
	passwordValueDescription  = "The password."
	passwordURLDescription    = "URL of the site where the password is used."
	secretKeyDescription      = "TOTP seed, empty when none."
	totpCodeDescription       = "The current TOTP code MySafe computed from the seed when it was read, empty when there is no seed."
	passwordUsersDescription  = "Users the password is shared with."
	passwordGroupsDescription = "Groups the password is shared with."

	apiSecretLookupDescription = "Reads one MySafe API secret, by its identifier or by its `identifier_code`, with its " +
		"client secret and sharing."
	apiSecretIDDescription = "The MySafe identifier of the API secret (digits). Exactly one of `id` and " +
		"`identifier_code` must be set."
	identifierCodeDescription  = "Your own code of the API secret, unique per user."
	apiSecretNameDescription   = "Name of the API secret."
	apiSecretURLDescription    = "URL of the service."
	clientIDDescription        = "Client ID of the application."
	clientSecretDescription    = "The client secret."
	methodDescription          = "HTTP method."
	apiSecretUsersDescription  = "Users the API secret is shared with."
	apiSecretGroupsDescription = "Groups the API secret is shared with."

	notesDescription = "Notes."
	tagsDescription  = "Tags."

	// ephemeralNote ends the description of every ephemeral resource.
	ephemeralNote = "\n\nAs an ephemeral resource (Terraform 1.10+), the values are read when needed and never stored " +
		"in the plan or state: use them in provider blocks, write-only attributes or other ephemeral contexts."
)

// Attribute texts of the list data sources' items.
const (
	listIDDescription   = "The MySafe identifier (digits)."
	listNameDescription = "Name."
	listURLDescription  = "URL."
	canWriteDescription = "Whether the access key's user may edit it."
)
