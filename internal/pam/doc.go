// Package pam is a client for the senhasegura (Segura) PAM Core A2A API: the devices
// (servers, databases, web applications) and the privileged credentials on them, each served
// by its own service (Client.Devices, Client.Credentials). It knows PAM Core's paths, entities,
// wire quirks and error codes, on the senhasegura HTTP client core (internal/senhasegura:
// OAuth2 client credentials, the envelope, retries, TLS, redirects), and nothing of Terraform.
//
// # Files
//
// client.go builds a Client on a core (On; New for one of its own); errors.go holds PAM Core's
// code table and sentinels; calls.go the checks and calls every service makes alike (ids,
// answers about one object, activation); entity.go finds and decodes the entities of an
// answer; wire.go is where PAM Core's entities start and end (both directions); types.go holds
// the client's types; devices.go and credentials.go are the services.
//
// # Sources
//
// The contract is the vendor's documentation of PAM Core's A2A API, collected, with what each
// page says and how sure it is, in reference/pam-api.md of this repository (its §0 lists every
// source). Each quirk below names the vendor pages it comes from, by these short names, and the
// section of the reference that quotes them:
//
//   - v3-32 pages: docs.senhasegura.io/v3-32/docs/a2a-pam-core-create-or-update-a-credential,
//     …/a2a-pam-core-list-credentials, …/a2a-pam-core-deactivate-or-activate-a-credential, and
//     the devices pages of the same version ("Create and update a device", "Deactivate and
//     activate a device", "List devices"), whose Markdown sources (with the Portuguese
//     per-operation pages and the "Códigos de retorno e resoluções" page) are in
//     github.com/gpilottiduarte/docs-senhasegura.
//   - v3-33 and v4 pages: docs.senhasegura.io/v3-33/docs/api-post-create-credential,
//     …/api-post-update-credential, …/api-get-list-all-credentials, …/en/api-get-list-a-credential,
//     …/api-del-disable-credential, …/en/api-del-release-credential-custody,
//     …/api-get-list-all-devices, …/api-del-disable-device; docs.senhasegura.io/v4/docs/
//     api-post-create-credential, …/api-get-list-a-credential, …/api-put-enable-credential,
//     …/api-del-disable-credential and the v4 device pages.
//   - API v2 pages (Segura 4.2.2+): docs.senhasegura.io/docs/api-v2-conventions-and-shared-behaviors,
//     docs.senhasegura.io/v4-2/docs/api-v2-get-list-a-credential, …/api-v2-get-list-all-credentials.
//   - A2A pages: "About senhasegura APIs", "How to create an authorization for an application",
//     "How to authenticate an application" (same Markdown sources);
//     docs.senhasegura.io/v4/docs/how-to-manage-authorizations-in-a2a.
//   - Postman export: api/index.yaml of the same Markdown sources.
//   - Ansible collection: github.com/senhasegura/ansible-pam-collection, the vendor's own
//     (plugins/module_utils/iso.py, plugins/modules/senhasegura_device.py and
//     senhasegura_credential.py).
//   - Web UI pages (same Markdown sources): "How to manage devices", "Credential Policies",
//     "About credential custody".
//
// Where the sources leave a question open (the reference's "Open questions" list), the choice
// made is said, marked "Decided:", and the mock's PAMQuirks has a switch that behaves the other
// way.
//
// # The API's quirks, and what the client does about each
//
//	P1  Paths. The v3-32 pages, the Postman export and the Ansible collection use
//	    /iso/pam/...; the v3-33 and v4 pages /api/pam/... for the same calls
//	    (reference/pam-api.md §1.1). Decided (open question 2): /iso, which every version
//	    serves; the provider can say /api. The API v2 read (API v2 pages) lives under
//	    /api/v2/pam/... only.
//
//	P2  Envelope. The MySafe family's (the core decodes it): entity keys device, devices,
//	    credential, credentials; a "tenant" key in some v3-33 and v4 examples is ignored
//	    (v3-32, v3-33 and v4 pages; reference/pam-api.md §1.3).
//
//	P3  Identifiers. id is a digit string (a number in some field tables); identifier is the
//	    credential's own key ("Webservice identifier"), [A-Za-z0-9_.-], an auto UUID when blank
//	    (v3-33+); v3-32 answers call it "tag" in create, update and GET-one answers but
//	    "identifier" in lists (v3-32, v3-33 and v4 credential pages; reference/pam-api.md §1.4,
//	    §11 item 2). The client reads either, and refuses an id that is not digits before any
//	    call (checkID). Decided (open question 13): "." is allowed (the pattern says so, error
//	    1053's text does not).
//
//	P4  POST is an upsert. A device is matched by hostname (v3-32 and v4 device pages;
//	    reference/pam-api.md §4.1); a credential by identifier, else by hostname + ip +
//	    username (v3-32 and v4 credential pages; reference/pam-api.md §5.2). Both answers are
//	    201; only the message tells a create ("... successfully registered!") from an update
//	    ("... updated successfully!"), and the client reports which (Written.Updated,
//	    DeviceWritten.Updated). Retrying the same POST matches what the first attempt stored:
//	    it is an update, never a second object. A device answer echoes every field; a
//	    credential answer echoes its id and identifier only (v4 credential pages;
//	    reference/pam-api.md §5.4). So a create of a device or account PAM Core already has
//	    would take it over, a credential without identifier cannot change its username, and
//	    one whose identifier and username change together would be registered again
//	    (reference/pam-api.md §12.1, §12.2): the provider refuses each at plan time. Decided
//	    (open question 6): an upsert that matches a deactivated object updates it and leaves
//	    it deactivated, so a create answered "updated" is followed by an activation.
//
//	P5  Reading a credential by id is a password view (v3-33 and v4 "list a credential" and
//	    custody pages, web UI "Credential Policies"; reference/pam-api.md §5.5): the answer
//	    holds the password in clear, the call takes custody (other users can be blocked)
//	    and, under a policy's "expiration time by view", makes senhasegura rotate the password
//	    later. Only CredentialsService.View makes it, and its callers release custody
//	    (CredentialsService.ReleaseCustody, DELETE /pam/credential/custody/{id}, v3-33 custody
//	    page; reference/pam-api.md §5.9). A refresh reads the list and the API v2 read only
//	    (CredentialsService.Read).
//
//	P6  Lists (v3-32, v3-33 and v4 list pages; reference/pam-api.md §4.3, §5.6). No filters,
//	    no pagination. Device list items carry id, hostname, ip, model, type, vendor, site
//	    and tags (called "tags" here, "device_tags" elsewhere); credential list items id,
//	    identifier, username, hostname, management_ip (the device's ip, sometimes "" in
//	    v3-32), type (the credential type), automatic_change (a boolean, "0"/"1" in v3-32),
//	    the device's type, vendor and model, and last change and view times: no password,
//	    no custody. Decided (open question 4): lists show active objects only; where they
//	    show deactivated ones too, the provider asks (a GET of a device, the API v2 read of a
//	    credential) before it calls a listed object taken.
//
//	P7  API v2 (API v2 pages, Segura 4.2.2+; reference/pam-api.md §5.10): GET
//	    /api/v2/pam/credentials/{id} returns the non-sensitive superset (tags, additional
//	    information, parent, criticality, owner, the active flag), without the password. An
//	    older server answers 404 (no route): CredentialsService detects that on the first call
//	    and never asks again (ErrNoV2). Decided (open question 11): the v2 envelope is not
//	    published, so the credential is looked for under "credential", under "data" (alone or
//	    beside "device") and at the top level, tags as an array or a comma list; a first
//	    answer that is 401, 403 or holds no credential also means "no v2 for this client", and
//	    refreshes go on from the list (logged once).
//
//	P8  Deactivation (v3-32 devices page, v4 credential pages, web UI "How to manage
//	    devices"; reference/pam-api.md §4.4, §4.5, §5.7, §5.8, §7). DELETE deactivates; there
//	    is no delete. Deactivating a device disables all its credentials; activating it again
//	    does not bring them back. Unlike MySafe, "already inactive" (1008, or 1017 in v3-32)
//	    and "already active" (1043, 1044, 1045; 1017 in v3-32) are errors: ErrInactive and
//	    ErrAlreadyActive match them, and 1017 on an activation means "already active",
//	    whatever its text. Decided (open question 3): GET of a deactivated device answers
//	    1011, as for one that is gone.
//
//	P9  Error codes (every page's error list, the v3-32 "Códigos de retorno e resoluções"
//	    page; reference/pam-api.md §9) collide with MySafe's: 1005 is "device IP not
//	    informed", 1009 "no access to credential", 1010 "not a credential". The table of
//	    errors.go gives them their classes: 1007, 1011 and 1015 not found, 1008 and 1017
//	    inactive, 1009 no access, 1039 read-only (an authorization without write permission),
//	    1018 not in custody, 1052 duplicate, 1004, 1005, 1010, 1019 to 1022, 1029, 1042,
//	    1046, 1047 and 1053 bad input.
//
//	P10 A device update must resend hostname, ip, type, vendor, model and site (v3-32
//	    devices page; reference/pam-api.md §4.1). Decided (open question 10): an omitted
//	    optional field is kept, "" clears it; the client always sends every field of a
//	    Device.
//
//	P11 Comma lists. device_domain takes registered domains joined without spaces (else
//	    1029); device tags and connectivities are free comma lists whose spacing the server
//	    may change (v3-32 and v4 device pages; reference/pam-api.md §4.1). The client sends
//	    each joined with "," and reads them as they come; callers compare them as trimmed
//	    sets.
//
//	P12 Credential settings (v3-32 Portuguese tables, v3-32 and v4 credential pages, Postman
//	    export; reference/pam-api.md §5.3) are nested objects that no v1 read returns (only
//	    automatic_change, in lists). The client sends execution_settings (automatic_change,
//	    change_plugin, change_template) and additional_settings (criticality,
//	    user_credential_owner); a criticality comes back as low, medium or high (PAM Core's
//	    default medium), or as a Portuguese or capitalised label (reference/pam-api.md §5.3,
//	    §11 item 7), which the client reads as those three. Decided (open question 14):
//	    additional_settings as an array of one object, the form most examples send; a block
//	    sent replaces the stored one whole, so a setting left out of a block that is sent is
//	    cleared (open question 10), and CredentialSettings.ReplaceAdditional sends an empty
//	    block to clear both. A credential's domain and parent cannot be cleared: "" is left
//	    out (the pages say nothing of how). The parent is sent as parent_password, an id
//	    typed int (reference/pam-api.md §5.1).
//
//	P13 A credential call also accepts device fields (type, vendor, model, site, …) whose
//	    effect is undocumented, and the Ansible collection sends the credential type as
//	    "type" (v4 credential pages, Ansible senhasegura_credential.py; reference/pam-api.md
//	    §5.1, §11 item 13). The client never sends device fields on a credential call, and
//	    sends the credential type as credential_type.
//
//	P14 A credential's username key must be present, "" standing for "usr" (v4 credential
//	    pages; reference/pam-api.md §5.1); the device must exist by hostname and ip, else
//	    1011 (ErrDeviceNotFound).
//
//	P15 Robustness to answers an implementation of the same documentation may give: entities
//	    are decoded field by field (entity.go), so a field in an undocumented shape (tags as
//	    an array, as v3-32 writes an SSH key's, reference/pam-api.md §8.2; an object where a
//	    string was expected) is read as a comma list or dropped, never failing the answer or
//	    emptying a list; a list that is no list is an error, not "no items"; an "exception"
//	    block with code 0 is no failure; the credential list includes SSH keys (type "SSH
//	    Key", every list page; reference/pam-api.md §5.6), which no lookup of a credential
//	    returns (IsSSHKey); a password view is never retried (each attempt is an audited
//	    view); a device upsert whose answer names no device is resolved by hostname.
//
//	P16 Authorization. PAM Core answers an A2A authorization (A2A → Applications →
//	    Authorizations), which needs PAM Core among its resources and "Read and write" to
//	    change anything (else 1039 on every write); it reaches the devices and credentials
//	    it created and those added on its Devices and Credentials tabs, and answers 1009 for
//	    the others (A2A pages; reference/pam-api.md §2). The token is the core's, from the
//	    same endpoint as MySafe's. Decided (open question 1): one client may reach both
//	    MySafe and PAM Core; where a MySafe access key does not, PAM Core answers its token
//	    401 (senhasegura.ErrUnauthorized), and the provider's pam_client_id and
//	    pam_client_secret give PAM Core credentials of its own (Client.On a core built with
//	    them).
package pam
