// Package pam is a client for the senhasegura (Segura) PAM Core A2A API: the devices
// (servers, databases, web applications) and the privileged credentials on them, each served
// by its own service (Client.Devices, Client.Credentials). It knows PAM Core's paths, entities,
// wire quirks and error codes, on the senhasegura HTTP client core (internal/senhasegura:
// OAuth2 client credentials, the envelope, retries, TLS, redirects), and nothing of Terraform.
//
// # Files
//
// client.go builds a Client on a core (On; New for one of its own); errors.go holds PAM Core's
// code table and sentinels; wire.go is where PAM Core's entities start and end (both
// directions); types.go holds the client's types; devices.go and credentials.go are the
// services.
//
// # The API's quirks, and what the client does about each
//
// The contract is the vendor's documentation of PAM Core's A2A API (docs.senhasegura.io,
// versions 3.32, 3.33, 4 and 4.2, their Markdown sources, the Postman export) and the
// vendor's Ansible collection (senhasegura/ansible-pam-collection), as the reference
// pam-api.md of this project collects them; each quirk names where it was seen (§ are that
// reference's sections). Where a question stays open, the choice made is said, marked
// "Decided:".
//
//	P1  Paths. v3-32 pages, the Postman export and the Ansible collection use /iso/pam/...;
//	    v3-33 and later pages /api/pam/... for the same calls (§1.1). Decided: /iso, which
//	    every version serves (open question 2); the provider can say /api. The API v2 read
//	    (Segura 4.2.2+) lives under /api/v2/pam/... only.
//
//	P2  Envelope. The MySafe family's (the core decodes it): entity keys device, devices,
//	    credential, credentials; a "tenant" key in some examples is ignored (§1.3).
//
//	P3  Identifiers. id is a digit string (a number in some field tables); identifier is the
//	    credential's own key ("Webservice identifier"), [A-Za-z0-9_.-], an auto UUID when blank
//	    (v3-33+); v3-32 answers call it "tag" in create, update and GET-one answers but
//	    "identifier" in lists (§1.4, §11.2). The client reads either. Decided: "." is allowed
//	    (the pattern says so, error 1053's text does not; open question 13).
//
//	P4  POST is an upsert. A device is matched by hostname (§4.1); a credential by identifier,
//	    else by hostname + ip + username (§5.2). Both answers are 201; only the message tells a
//	    create ("... successfully registered!") from an update ("... updated successfully!"),
//	    and the client reports which (Written.Updated, DeviceWritten.Updated). Retrying the same
//	    POST matches what the first attempt stored: it is an update, never a second object.
//
//	P5  Reading a credential by id is a password view (§5.5): the answer holds the password in
//	    clear, the call takes custody (other users can be blocked) and, under a policy's
//	    "expiration time by view", makes senhasegura rotate the password later. Only
//	    CredentialsService.View makes it, and its callers release custody
//	    (CredentialsService.ReleaseCustody, DELETE /pam/credential/custody/{id}, §5.9).
//
//	P6  Lists (§4.3, §5.6). No filters, no pagination. Device list items carry id, hostname,
//	    ip, model, type, vendor, site and tags (called "tags" here, "device_tags" elsewhere);
//	    credential list items id, identifier, username, hostname, management_ip (the device's
//	    ip), type (the credential type), automatic_change (a boolean, "0"/"1" in v3-32), the
//	    device's type, vendor and model, and last change and view times: no password, no
//	    custody. Decided: lists show active objects only (open question 4).
//
//	P7  API v2 (4.2.2+, §5.10): GET /api/v2/pam/credentials/{id} returns the non-sensitive
//	    superset (tags, additional information, parent, criticality, owner, the active flag),
//	    without the password. An older server answers 404 (no route): CredentialsService
//	    detects that on the first call and never asks again (ErrNoV2). Decided (open question
//	    11): the v2 envelope is not published, so the credential is looked for under
//	    "credential", under "data" (alone or beside "device") and at the top level, tags as an
//	    array or a comma list; a first answer that is 401, 403 or holds no credential also
//	    means "no v2 for this client", and refreshes go on from the list (logged once).
//
//	P8  Deactivation (§4.4, §4.5, §5.7, §5.8, §7). DELETE deactivates; there is no delete.
//	    Deactivating a device disables all its credentials; activating it again does not bring
//	    them back. Unlike MySafe, "already inactive" (1008, or 1017 in v3-32) and "already
//	    active" (1043, 1044) are errors: ErrInactive and ErrAlreadyActive match them. Decided:
//	    GET of a deactivated device answers 1011, as for one that is gone (open question 3).
//
//	P9  Error codes (§9) collide with MySafe's: 1005 is "device IP not informed", 1009 "no
//	    access to credential", 1010 "not a credential". The table of errors.go gives them their
//	    classes: 1007 and 1011 not found, 1008 inactive, 1009 no access, 1039 read-only (an
//	    authorization without write permission), 1052 duplicate, 1004, 1005, 1010, 1019 to 1022,
//	    1029, 1042, 1046, 1047 and 1053 bad input.
//
//	P10 A device update must resend hostname, ip, type, vendor, model and site (§4.1).
//	    Decided: an omitted optional field is kept, "" clears it (open question 10); the
//	    client always sends every field of a Device.
//
//	P11 Comma lists. device_domain takes registered domains joined without spaces (else
//	    1029); device tags and connectivities are free comma lists whose spacing the server
//	    may change (§4.1). The client sends each joined with "," and reads them as they come;
//	    callers compare them as trimmed sets.
//
//	P12 Credential settings (§5.3) are nested objects that no v1 read returns (only
//	    automatic_change, in lists). The client sends execution_settings (automatic_change,
//	    change_plugin, change_template) and additional_settings (criticality,
//	    user_credential_owner). Decided: additional_settings as an array of one object, the
//	    form most examples send (open question 14); a block sent replaces the stored one
//	    whole, so a setting left out of a block that is sent is cleared (open question 10),
//	    and CredentialSettings.ReplaceAdditional sends an empty block to clear both. A
//	    credential's domain cannot be cleared: "" is left out (the docs say nothing of how).
//
//	P13 A credential call also accepts device fields (type, vendor, model, site, …) whose
//	    effect is undocumented, and the Ansible collection sends the credential type as
//	    "type" (§5.1, §11.13). The client never sends device fields on a credential call, and
//	    sends the credential type as credential_type.
//
//	P14 A credential's username key must be present, "" standing for "usr" (§5.1); the device
//	    must exist by hostname and ip, else 1011 (ErrDeviceNotFound).
//
//	P15 Robustness to answers an implementation of the same documentation may give: entities
//	    are decoded field by field (entity.go), so a field in an undocumented shape (tags as
//	    an array, an object where a string was expected) is read as a comma list or dropped,
//	    never failing the answer or emptying a list; a list that is no list is an error, not
//	    "no items"; an "exception" block with code 0 is no failure; the credential list
//	    includes SSH keys (§5.6), which no lookup of a credential returns (IsSSHKey); a
//	    password view is never retried (each attempt is an audited view); 1017 on an
//	    activation means "already active", whatever its text; a device upsert whose answer
//	    names no device is resolved by hostname.
package pam
