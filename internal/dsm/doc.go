// Package dsm is a client for senhasegura's (Segura's) DevOps Secret Manager (DSM) API: the
// secrets applications and pipelines read (Client.Secrets), and the applications whose
// authorizations read them (Client.Applications). It knows DSM's paths, entities, wire quirks
// and errors, and how to read the values of an authorization that encrypts them (Decrypter), on
// the senhasegura HTTP client core (internal/senhasegura: OAuth2 client credentials, the
// envelope, retries, TLS, redirects), and nothing of Terraform.
//
// # Files
//
// client.go builds a Client on a core (On; New for one of its own; As for another
// authorization of the same instance); errors.go holds DSM's code table, its sentinels and the
// classes DSM's answers give by status and message; wire.go is where DSM's entities start and
// end (both directions); types.go holds the client's types; decrypt.go is the Decrypter;
// secrets.go and applications.go are the services.
//
// # Sources
//
// The contract is reference/dsm-api.md of this repository, which collects what each source says
// and how sure it is (its §0 lists them). Each quirk below cites the reference's section and the
// sources it names, by their short names there:
//
//   - MD-DSM: the Markdown of the v3-32 docs (github.com/gpilottiduarte/docs-senhasegura),
//     "docs/DevOps Secret Manager/API/DevOps_Secret_Manager.md" and the how-to and reference
//     pages beside it (How_to_manage_secrets.md, How_to_manage_authorizations_per_application.md,
//     How_to_manage_API_settings.md, How_to_use_bulk_actions_for_secrets.md,
//     Reference_for_secrets.md, Reference_for_authorization_by_application.md); POSTMAN, the
//     api/index.yaml of the same repository.
//   - DOC-WEB: docs.senhasegura.io/docs/post-application, …/docs/post-secret,
//     …/v4/docs/post-secret, …/v4/docs/a2a-api-dsm, …/docs/how-to-manage-secrets,
//     …/docs/dsm-reference-for-secrets, …/docs/en/dsm-authorizations,
//     …/v4/docs/how-to-manage-authorizations-per-application-in-devops-secret-manager, and
//     helpcenter.senhasegura.io/docs/3.21/dsm/secrets.
//   - DSM-BACKUP: "docs/DevOps Secret Manager/APIS/API_DSM_BACKUP.md" in the history of
//     github.com/rdoteam/cfdocus.
//   - DSMCLI: github.com/senhasegura/dsmcli (sdk/iso/client.go, sdk/dsm/application_client.go,
//     sdk/dsm/application_response.go, cmd/dsm/runb.go, README.md); DSMCLI-UP: its later commit
//     a60a209 "Modify runb to list only secrets from current authorization instead of all
//     application" (in the fork github.com/evandro-goncalves/cli).
//   - EVSDK: github.com/evangoncalves/senhasegura (sdk/*.go), by the dsmcli maintainer.
//   - ESO: github.com/external-secrets/external-secrets (providers/v1/senhasegura/dsm/dsm.go,
//     providers/v1/senhasegura/auth/iso.go, docs/provider/senhasegura-dsm.md,
//     runtime/template/v2/decrypt.go; issue 3582, pull request 3895).
//   - AZFN and GO-SAMPLE: third-party code that posts secrets, and that decrypts an encrypting
//     authorization's values.
//
// Where the sources leave a question open (the reference's §9), the choice made is said, marked
// "Decided:", with the behaviour the provider assumes. The mock's DSM family
// (internal/senhaseguramock, written from the same reference and not from this package) can
// behave the other way for each; this package's own tests use a small fake of their own.
//
// # The API's quirks, and what the client does about each
//
//	D1  Paths. Every DSM path is under /iso in every doc version, with no /api alias
//	    (reference/dsm-api.md §1.1; MD-DSM, DOC-WEB v4 and latest). The client sends them there
//	    (PathPrefix, senhasegura.Client.APIUnder) whatever prefix MySafe and PAM Core use,
//	    in lower case (DSMCLI writes /iso/dapp/Application, ESO and the docs
//	    /iso/dapp/application).
//
//	D2  Bodies are JSON. Form bodies work too (DSMCLI, EVSDK) and so does JSON (AZFN for
//	    secrets, the latest DOC-WEB cURL for applications); tags and data do not form-encode
//	    cleanly, so the client sends JSON (reference/dsm-api.md §1.2).
//
//	D3  Envelope and errors. The envelope is MySafe's and PAM Core's, which the core decodes
//	    (reference/dsm-api.md §1.3; MD-DSM, DOC-WEB v4). DSM documents errors only for the
//	    authorization delete (reference/dsm-api.md §6; MD-DSM): 404 "Resource sub not found"
//	    (error_code 4), 401 "Inactive authorization" (error_code 1), and the gateway's "no Route
//	    matched with those values" (not authorized for this API). Their codes are in
//	    response.error_code, which is not an application code (the core's Q2), so the code
//	    table (errors.go) has almost nothing to key on, and classify gives the classes by
//	    status and message instead: a 401 or a refused token whose message says "inactive"
//	    matches senhasegura.ErrInactive (and still ErrUnauthorized); the delete's 404
//	    "Resource sub not found" matches ErrNotFound (on any other call a 404 is a missing
//	    route, ErrNoRoute, never "not found": a list's 404 must not make secrets look gone).
//	    Decided (open question 9, the error envelopes of the secret and application
//	    endpoints): they are PAM Core's, 400 with an exception block; a 400 whose message speaks
//	    of permission, and any 403, match ErrNoAccess; any other 400 from DSM matches
//	    ErrBadInput (and 1001 "... not informed", the code DSM's API shares with MySafe for a
//	    missing parameter, is in the table); a call the client refuses before sending it
//	    matches ErrBadInput too.
//
//	D4  Credentials. DSM answers a DSM application authorization's client ID and secret
//	    (DSM → Applications → Authorization by application), with the token endpoint MySafe
//	    and PAM Core use (reference/dsm-api.md §2; DSMCLI, ESO auth/iso.go, EVSDK, AZFN), and
//	    every call acts as the authorization whose token it carries: its application, its
//	    secrets, its deactivation (MD-DSM). The provider's own authorization is a core of its
//	    own credentials (On); an authorization Register minted is Client.As, with a token of its
//	    own (senhasegura.Client.WithCredentials), cached by client ID for every client of the
//	    instance: one token per process and credential set.
//
//	D5  What the API cannot do (reference/dsm-api.md §3; absent from every doc version, POSTMAN
//	    and both vendor clients): no delete, disable or enable of a secret, no versions list,
//	    no link of a secret to another authorization, no list or read of other applications or
//	    authorizations, no delete of an application. The client has no such calls; the only
//	    lever on a secret's life is its expiration date (D12).
//
//	D6  POST /iso/sctm/secret creates or updates by identity (reference/dsm-api.md §4.1; MD-DSM,
//	    DOC-WEB post-secret, EVSDK, AZFN). SecretsService.Put sends the whole document every
//	    time: identity, name, description, engine (DefaultEngine "Generic" when unset),
//	    expiration_date and data; never renew_* (see open question 8). The upsert matches
//	    what a first attempt stored, so it is retried like an idempotent call. Any 2xx is
//	    success (201 documented for a create). The answer may omit the secret (the caller may
//	    not read it back): it is not trusted; the secret is read back from a new list of the
//	    authorization (D10), revealed (D15), and compared with what was sent (D7); a list that
//	    does not show it is ErrNotReadBack. Decided (the docs disagree whether name may equal
//	    identity; every API example sends name == identity): a Secret without a Name sends its
//	    identity as the name. Put never asks whether the identity exists: a create that must
//	    not take over a secret asks Find first.
//
//	D7  Update semantics (open question 1). Decided: the provider assumes a POST on an existing
//	    identity replaces the whole data document; it sends every configured pair every time,
//	    so under replace a removed key disappears. Under merge (DSM keeps the keys the
//	    document does not name) that removed key stays: PutResult.Kept names such keys, and
//	    PutResult.Differs the keys sent whose value the list does not show as sent, so an
//	    update DSM merges never converges silently (the provider names them in the apply's
//	    error). Whether name and engine can change is read back the same way (the list's
//	    Name and Engine are the truth). The update's status and message are not relied on
//	    (PutResult.Status and Message are for logs).
//
//	D8  The data document (reference/dsm-api.md §4.2; the shape from EVSDK's KeyValue struct
//	    and AZFN, none from a doc example): data is the standard base64 of
//	    {"key_value":{"fields":{"KEY":"VALUE",...}}}, the document dsmcli and External
//	    Secrets read as a secret made in the web UI. The client sends key_value alone (never
//	    credentials or access_keys, which must exist in PAM Core or Cloud IAM), with "<", ">"
//	    and "&" as they are. The v4 English example's plain-object data is a doc error: base64
//	    always.
//
//	D9  The secret item of the read answers (reference/dsm-api.md §4.3; MD-DSM, DSMCLI
//	    application_response.go, ESO dsm.go): data is an array of flat maps (one per
//	    credential, per access key, and the key/value pairs), sometimes a single object; a
//	    value may be null; secret_id and version are strings; nothing says which map is the
//	    key/value one. Decided: like dsmcli and External Secrets, the client merges every map
//	    in order, the last that gives a key a value winning; a null is no value (left out of
//	    StoredSecret.Values and SecretListItem.Keys, kept as nil in StoredSecret.Maps, which
//	    hold the maps as they came). Fields are read one by one, any case ("Environment"), a
//	    number or boolean as its text; data in a shape no example shows fails the read of that
//	    secret only (ErrInvalidResponse), never the list; data written as a base64 string is
//	    read as the document a POST sends.
//
//	D10 Lists (reference/dsm-api.md §4.4, §4.6; DSM-BACKUP, DSMCLI-UP, MD-DSM, ESO). GET
//	    /iso/sctm/secret lists "secrets that pertain to the authorization used in the
//	    request", but no public API page documents it. Decided (open question 3): it is
//	    feature-detected: its first 404 (or 405) from DSM or its gateway (not from the token
//	    endpoint) makes every client of the instance read GET /iso/dapp/application, the
//	    application's secrets, from then on (logged once; SecretsService.Fallback says
//	    which). The main list is decoded as a stream (senhasegura.API.List); the fallback is
//	    read whole, its secrets being nested in the application. Decided (open question 2):
//	    a secret posted by an authorization is readable by it through either list (Put
//	    depends on it: ErrNotReadBack otherwise); the provider never expects another
//	    authorization to see it. The fallback may show the secrets of the application's other
//	    authorizations (dsmcli left it for that reason, DSMCLI-UP): Decided, they are taken as
//	    listed, since nothing in an item says whose it is; the list is what the
//	    authorization can read, which is what a data source shows, and a create refuses an
//	    identity any of them holds. Listed shares one list per client and process
//	    (senhasegura.Shared), made again before it answers for a client that wrote since.
//
//	D11 Identities contain "/" (reference/dsm-api.md §4.1, §4.5; MD-DSM's example identities
//	    have three slashes). GET /iso/sctm/secret/{identity} (DSM-BACKUP) says nothing of "/"
//	    or "%2F". Decided (open question 3, last part): the client never puts
//	    an identity in a URL path; it reads the list and compares identities exactly (byte
//	    for byte) on the client side (Find). Several secrets with one identity in a list are
//	    senhasegura.ErrAmbiguous.
//
//	D12 Expiration (reference/dsm-api.md §3, §4.1, §4.7; MD-DSM How_to_manage_secrets.md,
//	    helpcenter 3.21). expiration_date is "YYYY-MM-DD HH:MM:SS" or "" (examples only); at
//	    expiry DSM inactivates the secret and deletes its information, access keys for good.
//	    Decided (open question 6): the client sends UTC (FormatExpiration; the vendor names no
//	    time zone, and UTC is the one a plan written anywhere means the same by); it reads
//	    back that form, RFC 3339, the same without a zone, a date alone (all UTC), and "",
//	    null or MySQL's zero date as none (ParseExpiration); anything else leaves Expiration
//	    zero and ExpirationRaw as written. A secret whose date has passed may still be listed
//	    or not: Expire (the closest thing to a delete: the provider's on_destroy = "expire")
//	    reads the secret, sends it again unchanged but for the date (the POST takes the whole
//	    document), and takes a read back that no longer shows it for done when the date is
//	    not in the future. It refuses (ErrNotKeyValue) a secret whose data it could not send
//	    again unchanged (several maps: credentials or access keys made elsewhere). Whether a
//	    later POST revives an expired identity is not relied on: an expired secret the list
//	    still shows is a secret Find returns, with its Expiration.
//
//	D13 POST /iso/dapp/application (reference/dsm-api.md §5; MD-DSM, DOC-WEB post-application,
//	    DSMCLI runb.go, EVSDK) registers (creates or updates) the application named by
//	    "application", finds or creates its authorization for system + environment, and
//	    answers that authorization's client ID ("id") and secret ("signature") at the top
//	    level, every time. The client sends the three, and description and tags only when set
//	    (Application.Description, Tags nil = left out), nothing of the create-only
//	    authorization settings; it retries it like an idempotent call (the three always find
//	    the same authorization) and never makes it from a read. Decided (open question 4): the
//	    message ("Application updated: (4) postman | Authorization found: (6)"; the wording of
//	    a create is not documented) is parsed best effort into Registration's outcomes and
//	    ids, which nothing depends on; a caller without "Enable creation of DSM applications"
//	    gets an error matching senhasegura.ErrNoAccess where DSM answers 403 or a 400 about
//	    permission (D3); description and tags are sent whenever the provider manages them. Whether
//	    a three-field registration clears them is not relied on either: another client's
//	    (dsmcli's running belt registers on every run, and so does the provider's ephemeral
//	    application credentials) may, on such an instance; the application's refresh reads
//	    them back, so the plan shows it and the apply sends them again. GET /iso/dapp/application
//	    (ApplicationsService.Current) is the read of a registration, made as the minted
//	    authorization (Client.As): its system and environment are that authorization's.
//
//	D14 DELETE /iso/dapp/application/authorization (reference/dsm-api.md §6; MD-DSM, POSTMAN)
//	    has no id and no body. Decided (open question 5): it deactivates the authorization
//	    whose token makes the call, so ApplicationsService.DeactivateAuthorization is called
//	    on the minted authorization's client (Client.As); 404 "Resource sub not found"
//	    (senhasegura.ErrNotFound) and 401 "Inactive authorization" (senhasegura.ErrInactive)
//	    mean it is already gone, and the caller takes both for done. After it the client
//	    drops its cached As client; whether earlier tokens stop at once is not relied on. A
//	    token the endpoint refuses for those credentials matches senhasegura.ErrUnauthorized
//	    (ErrInactive too when its message says "inactive"): the client cannot tell a
//	    deactivated authorization from a wrong secret, and leaves that to the caller. What
//	    automatic provisioning deprovisions with it is DSM's.
//
//	D15 Encrypted values (reference/dsm-api.md §7; MD-DSM and DOC-WEB dsm-authorizations for
//	    the switch, GO-SAMPLE for RSA-OAEP, SHA-1 and PKCS#8, ESO pull request 3895 for the
//	    choice of hash). An authorization with "Enable encryption of sensitive information?"
//	    returns values as standard base64 of RSA-OAEP ciphertext, and nothing in an answer
//	    says which values are encrypted. Decided (open question 7): every value of a secret
//	    may be (key/value pairs included), so every non-null value goes through
//	    Decrypter.Reveal: with Options.DecryptionKey (PEM, PKCS#8 or PKCS#1) a value that
//	    decodes to exactly one block of the key's size is decrypted with
//	    Options.DecryptionHash (sha1 by default, the one observed; sha256 and sha512 on
//	    request; no second hash is tried on failure, which is ErrDecrypt naming the hash);
//	    without a key, a value that decodes to exactly 256, 384 or 512 bytes is refused as
//	    ciphertext (ErrEncrypted, naming the secret, the key and Options.KeySetting), never
//	    passed on as the value; and the vendor's placeholder "An error occurred while
//	    encrypting the text" (MD-DSM) is ErrEncryptionFailed. A clear value that happens to be
//	    such base64 is refused too: the shape is the only test there is. Lists (without
//	    values) never decrypt, so they never fail on a value. The Decrypter knows nothing of
//	    DSM, for PAM Core's encrypting A2A authorizations (see Decrypter).
//
//	D16 Auto-renewal (open question 8, reference/dsm-api.md §4.1): the renew_*_time fields'
//	    omission semantics differ between doc versions. Decided: the client never sends them,
//	    so a secret's renewal settings are DSM's (the web UI's) alone.
//
// # Transport rules
//
// They are the core's (internal/senhasegura doc.go): redirects refused, the token only for the
// configured origin, idempotent calls retried, every wait bounded, no secret in an error: Put
// puts the values it sends and their base64 document on the call's context
// (senhasegura.WithSecrets), and the errors of values (ValueError) name the secret and the key,
// never the value.
package dsm
