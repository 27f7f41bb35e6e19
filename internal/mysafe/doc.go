// Package mysafe is a client for the senhasegura MySafe API: passwords, API secrets and
// secure notes, each served by its own service (Client.Passwords, Client.APISecrets,
// Client.Notes). It knows MySafe's paths, entities, wire quirks and error codes, on the
// senhasegura HTTP client core (internal/senhasegura: OAuth2 client credentials, the response
// envelope, retries, TLS, redirects), and nothing of Terraform.
//
// # Files
//
// client.go builds a Client (New, or On a core shared with another API family); errors.go holds
// MySafe's code table and sentinels; calls.go the calls every service makes alike (create,
// read, list, activation, identifier checks); wire.go is where MySafe's entities start and end
// (both directions); types.go holds the client's types; recover.go what a create's recovery
// compares; passwords.go, api_secrets.go and notes.go are the services.
//
// # The API's quirks, and what the client does about each
//
// The vendor's documentation (docs.senhasegura.io, "MySafe APIs" pages of versions 3.32 and
// 3.33, and their Markdown sources) is the contract; each quirk below names the pages where it
// was seen. The client hides every one of them: above this package, an identifier is a digit
// string, notes are Notes, a share is a Share, and a failure is an *Error that matches a
// sentinel.
//
//	Q1  Envelope. Every answer is {"code", "response": {status, message, error, error_code,
//	    mensagem, erro, cod_erro, detail}, "<entity key>"}. Examples omit "code" or
//	    "response.detail", and some spell "Message" for "mensagem" (3.33 EN pages: get
//	    password, get API secret, create password). The client reads the entity key only and
//	    takes the message from whichever of message, mensagem, Message is present (wire.go).
//
//	Q2  Error codes. Application errors are HTTP 400 with the real code in exception.code;
//	    response.error_code is 0 or 1 and means nothing. Some answers have no exception block and
//	    carry the code only as the message prefix ("1005: Password not found"). The client reads
//	    exception.code, else the prefix (decodeEnvelope, splitCode).
//
//	Q3  Not found is 400, not 404. 1005 = no item with that identifier (also seen for "no
//	    access" in a 3.32 update example), 1006 = the access key's user has no access or no
//	    edit right, 1009 = the item is deactivated (GET one), 1010 = the path identifier is not
//	    a number, 1001 = a required parameter was not informed, or an identifier_code already
//	    used by another API secret of the user ("Identifier already found in another API key of
//	    this user"). The code table of errors.go gives them the core's semantic classes
//	    (senhasegura.ErrNotFound, ErrNoAccess, ErrInactive, ErrBadInput, ErrDuplicate) and this
//	    package's ErrBadIdentifier, ErrMissingParameter and ErrDuplicateIdentifierCode; the
//	    provider removes an item answering 1005 or 1009 from state.
//
//	Q4  Identifiers are JSON strings of digits in every example, typed "int" in some field
//	    tables. The client decodes strings, numbers and null alike (flexString) and refuses a
//	    non-digit identifier before any call (checkID), which MySafe would answer with 1010.
//	    Decided: an answer about an item is about the item asked for. A GET or update answer
//	    naming another identifier is an error that names both (ErrInvalidResponse): the
//	    state's identifier is Terraform's, and a read never moves it; one naming none is
//	    about the item asked for. A create answer whose identifier is not digits ("-1", "2.0",
//	    " 3", "") is an answer that could not be used: the create looks the item up instead
//	    (recover.go), so nothing is tracked under a bad identifier or orphaned. The mock's
//	    Fault.ID, BlankID and DropID answer the other ways.
//
//	Q5  note vs notes. A password's create and update answers call its notes "note"; the
//	    request and GET call them "notes". API secrets say "notes" everywhere. The client reads
//	    both keys into Notes.
//
//	Q6  api_entity vs api_secret_entity. An API secret comes back under "api_entity" from
//	    create and update and under "api_secret_entity" from GET. The client accepts either key
//	    on every answer (getAPISecret's order is GET's first).
//
//	Q7  users_allowed[].name. Requests and create/update answers write a user share as
//	    {username, can_edit}; GET of an API secret or a note writes {name, can_edit}. Group shares are
//	    {name, can_edit} everywhere. The client reads "username", falling back to "name".
//
//	Q8  Secrets are not echoed. Create and update answers of a password carry neither
//	    password nor secret_key; GET carries both, plus token (the current TOTP code). API
//	    secrets echo client_secret. A note's content ("note") comes back from GET only, never
//	    from create or update (MySafe 3.32 Notes API pages). The provider keeps the planned
//	    value for what is not echoed.
//
//	Q9  Update status. Updating a password answers 200; updating an API secret answers 200
//	    (3.32) or 201 (3.33 example). Both are success.
//
//	Q10 Partial updates. Every update field is optional and MySafe keeps what is left out; an
//	    empty users_allowed or groups_allowed list removes that sharing. PasswordUpdate and
//	    APISecretUpdate send only the fields that are set (nil = left out).
//
//	Q11 Lists. No pagination. List items carry no secrets, notes or shares; API secret list
//	    items carry only identifier, name and the access flags (no tags, no identifier_code).
//	    need_justify/need_approval are "0"/"1" strings, can_view/can_write booleans (flexBool
//	    reads both). An empty list may come back without its key. Filters: tag, name, username,
//	    url for passwords; tag, identifier_code for API secrets; tag only for notes (whose list
//	    items do carry tags); their matching rules are not documented, so callers confirm a
//	    match on GET. Notes come under note_entity from every call and note_on_list in lists.
//	    Decided (the pages do not say how filters match): they match exactly. A list filtered by identifier_code
//	    that shows more than MaxFilterCandidates items is taken as a filter the instance does
//	    not apply (ErrFilterIgnored), and its items are not read one by one: no operation reads
//	    an item nothing asked for. The mock's Quirks.FilterIgnored and FilterSubstring behave
//	    the other ways. A list is decoded as a stream (senhasegura.API.List), however long.
//
//	Q12 Gateway answers. The /api routes sit behind a Kong gateway, whose own answers are
//	    {"message": "..."} without the envelope: "No route matched with those values." (404),
//	    "You are not authorized to access this resource." (401), 502 "An invalid response was
//	    received from the upstream server", 504 "The upstream server is timing out"; MySafe's
//	    own server fault is 500 "Unexpected error.". senhasegura.ErrNoRoute, ErrUnauthorized,
//	    ErrGateway and ErrServer match them (the core decodes them).
//
//	Q13 Paths. Current pages use the /api prefix; older pages and the vendor's Postman file use
//	    /iso for the same routes (senhasegura.Config.APIPrefix). The token endpoint is POST
//	    /iso/oauth2/token with client_id and client_secret in the form body, as every vendor SDK
//	    (ansible collection, dsmcli) and the External Secrets Operator send it; some pages write
//	    /api/oauth2/token. Tokens live 3600 s; there is no refresh token, so the client fetches
//	    a new one before expiry and after a 401.
//
//	Q14 No delete. Items are deactivated (POST .../inactive/{id}) and re-activated (POST
//	    .../active/{id}); deactivating an inactive item succeeds. Lists show active items only
//	    (not documented; the UI hides disabled items).
//
//	Q15 Shares that fail. Create and update answers carry shared_error: [] and still succeed
//	    when a user or group cannot be shared with; what the list holds then is not documented.
//	    Decided (the pages only ever show it empty): it holds the names that failed, as strings (an object is
//	    kept as its JSON text). The client returns it as SharedErrors; the provider keeps the
//	    item (stored, so never tainted and replaced) and warns, naming each failed share. The
//	    mock's Quirks.StrictShares makes unknown users and groups fail this way (the acceptance
//	    tests use it); without it, the mock accepts any name.
//
// # Transport rules
//
// They are the core's (internal/senhasegura doc.go): redirects refused, the token only for the
// configured origin, idempotent calls retried, every wait bounded, no secret in an error, a
// create never retried blindly: after an ambiguous failure the service looks for what the
// failed attempt may have stored and adopts it (the find functions of the services, given to
// senhasegura.CreateWithRecovery).
//
// # Recovering a create (recover.go)
//
// The lookup lists the kind with its filters (passwords by name, username and url; API secrets
// by identifier_code; notes by tag), reads the candidates of the same name, and compares every
// field the create sent, tags as a set and the sharing lists (a stored item with fewer shares
// than sent is a partial match: MySafe drops a share it cannot make). It never adopts an item
// listed before the create was sent (each service lists its kind once before its first create,
// Listed, and the senhasegura.Ledger remembers every list), nor one a resource of this process
// holds (Claim). A candidate it cannot read, or several that match equally, make it unable to
// tell: no second create is sent, and the error (senhasegura.ErrMaybeStored) names them.
package mysafe
