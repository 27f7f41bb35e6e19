package pam

import "strings"

// Device is a PAM Core device: a server, database or web application credentials live on.
// Domains, Tags and Connectivities are the API's comma lists (quirk P11).
type Device struct {
	ID       string // server-assigned, digits
	Hostname string // the upsert's match key (quirk P4)
	IP       string // IP address, DNS name or management URL
	Type     string
	Vendor   string
	Model    string
	Site     string
	// Domains are registered domain names ("device_domain"), Tags free labels
	// ("device_tags"), Connectivities PROTOCOL:PORT pairs.
	Domains, Tags, Connectivities string
	// LoginExpression is the login expression ("session_remote_config"), e.g. "SSH:EXPECT:FILL".
	LoginExpression string
}

// DeviceWritten is the answer to a device upsert: the device as stored, and whether an
// existing device was updated rather than a new one created.
type DeviceWritten struct {
	Device
	Updated bool
}

// DeviceListItem is one entry of the device list (quirk P6).
type DeviceListItem struct {
	ID, Hostname, IP, Model, Type, Vendor, Site, Tags string
}

// Credential is what a credential upsert sends. Content is the password, left out when "";
// the other strings are sent as they are ("" clears a value).
type Credential struct {
	// Identifier is the credential's own key (quirk P3); "" lets the server match by hostname
	// + ip + username, and generate one for a new credential.
	Identifier string
	Username   string
	Hostname   string // of an existing device
	IP         string // of that device
	Content    string
	// CredentialType is e.g. "Local User" (the server's default when "").
	CredentialType string
	Tags           string // comma list
	Additional     string // additional information
	Domain         string // a registered domain
	ParentID       string // id of the parent credential ("parent_password"), "" for none
	Settings       CredentialSettings
}

// CredentialSettings are the settings a platform team sets when it registers a credential
// (quirk P12). A nil or "" field is left out.
type CredentialSettings struct {
	// AutomaticChange switches automatic password rotation on or off
	// (execution_settings.automatic_change).
	AutomaticChange *bool
	// ChangePlugin and ChangeTemplate name the plugin and template that rotate it.
	ChangePlugin, ChangeTemplate string
	// Criticality is low, medium or high (additional_settings.criticality).
	Criticality string
	// Owner is the senhasegura user who owns the credential (additional_settings.user_credential_owner).
	Owner string
	// ReplaceAdditional sends additional_settings even when Criticality and Owner are both
	// "": a block sent replaces the stored one whole (quirk P12), so this clears them.
	ReplaceAdditional bool
}

// Written is the answer to a credential upsert: the id and identifier, and whether an
// existing credential was updated rather than a new one created (quirk P4).
type Written struct {
	ID, Identifier string
	Updated        bool
}

// CredentialListItem is one entry of the credential list (quirk P6): no password, no custody.
type CredentialListItem struct {
	ID, Identifier, Username                            string
	Hostname, IP                                        string // the device's hostname and ip ("management_ip")
	Type                                                string // the credential type
	AutomaticChange                                     bool
	DeviceType, DeviceVendor, DeviceModel, Connectivity string
	Expiration, LastChange, LastView                    string
}

// IsSSHKey says whether the listed item is an SSH key, which the credential list includes
// (type "SSH Key", reference/pam-api.md §5.6): no credential resource may adopt one.
func (it CredentialListItem) IsSSHKey() bool {
	return strings.EqualFold(strings.Join(strings.Fields(it.Type), " "), "SSH Key")
}

// CredentialDetails is the API v2 read (quirk P7): every non-sensitive attribute.
type CredentialDetails struct {
	ID, Identifier, Username, Type string
	Active                         bool
	Tags                           []string
	Additional, Domain             string
	Criticality, Owner             string
	ParentID                       string
	AutomaticChange                bool
	DeviceID, Hostname, IP         string
}

// CredentialRead is what a refresh can see of a credential without viewing its password
// (quirk P5): its entry in the credential list, and the API v2 read when the instance has one
// (Details nil otherwise, quirk P7).
type CredentialRead struct {
	Listed  *CredentialListItem
	Details *CredentialDetails
}

// CredentialView is a password view (quirk P5): what GET /pam/credential/{id} returns, the
// password in clear among it.
type CredentialView struct {
	ID, Identifier, Username, Hostname, IP string
	Password                               string
	Additional, Domain, ParentID           string
	Expiration                             string
}
