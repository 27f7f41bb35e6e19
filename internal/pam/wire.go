package pam

import (
	"encoding/json"
	"strings"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// This file is where PAM Core's entities start and end, in both directions, and with them the
// wire's quirks (see doc.go): identifiers as strings or numbers and "tag" for "identifier"
// (P3), device tags under two names (P6), automatic_change as a boolean or "0"/"1" (P6), the
// settings objects (P12).

type wireDevice struct {
	ID                  senhasegura.FlexString  `json:"id"`
	Hostname            senhasegura.FlexString  `json:"hostname"`
	IP                  senhasegura.FlexString  `json:"ip"`
	Model               senhasegura.FlexString  `json:"model"`
	Type                senhasegura.FlexString  `json:"type"`
	Vendor              senhasegura.FlexString  `json:"vendor"`
	Site                senhasegura.FlexString  `json:"site"`
	DeviceDomain        senhasegura.FlexString  `json:"device_domain"`
	Connectivities      senhasegura.FlexString  `json:"connectivities"`
	SessionRemoteConfig senhasegura.FlexString  `json:"session_remote_config"`
	DeviceTags          *senhasegura.FlexString `json:"device_tags"`
	Tags                senhasegura.FlexString  `json:"tags"` // the list's name of device_tags
}

func (w wireDevice) toDevice() Device {
	tags := string(w.Tags)
	if w.DeviceTags != nil {
		tags = string(*w.DeviceTags)
	}
	return Device{
		ID: string(w.ID), Hostname: string(w.Hostname), IP: string(w.IP), Model: string(w.Model), Type: string(w.Type),
		Vendor: string(w.Vendor), Site: string(w.Site), Domains: string(w.DeviceDomain), Tags: tags,
		Connectivities: string(w.Connectivities), LoginExpression: string(w.SessionRemoteConfig),
	}
}

func (w wireDevice) toListItem() DeviceListItem {
	d := w.toDevice()
	return DeviceListItem{ID: d.ID, Hostname: d.Hostname, IP: d.IP, Model: d.Model, Type: d.Type, Vendor: d.Vendor, Site: d.Site, Tags: d.Tags}
}

// deviceBody is a device upsert: every field, the required six and the optional ones ("" clears
// a value, quirk P10).
func deviceBody(d Device) map[string]any {
	return map[string]any{
		"hostname": d.Hostname, "ip": d.IP, "type": d.Type, "vendor": d.Vendor, "model": d.Model, "site": d.Site,
		"device_domain": d.Domains, "device_tags": d.Tags, "connectivities": d.Connectivities,
		"session_remote_config": d.LoginExpression,
	}
}

type wireWritten struct {
	ID         senhasegura.FlexString  `json:"id"`
	Identifier *senhasegura.FlexString `json:"identifier"`
	Tag        *senhasegura.FlexString `json:"tag"` // v3-32
}

func (w wireWritten) identifier() string {
	if w.Identifier != nil && *w.Identifier != "" {
		return string(*w.Identifier)
	}
	if w.Tag != nil {
		return string(*w.Tag)
	}
	return ""
}

type wireCredentialItem struct {
	ID              senhasegura.FlexString `json:"id"`
	Identifier      senhasegura.FlexString `json:"identifier"`
	Username        senhasegura.FlexString `json:"username"`
	Hostname        senhasegura.FlexString `json:"hostname"`
	ManagementIP    senhasegura.FlexString `json:"management_ip"`
	Type            senhasegura.FlexString `json:"type"`
	AutomaticChange senhasegura.FlexBool   `json:"automatic_change"`
	DeviceType      senhasegura.FlexString `json:"device_type"`
	DeviceVendor    senhasegura.FlexString `json:"device_vendor"`
	DeviceModel     senhasegura.FlexString `json:"device_model"`
	Connectivity    senhasegura.FlexString `json:"connectivity"`
	Expiration      senhasegura.FlexString `json:"expiration"`
	Change          senhasegura.FlexString `json:"change"`
	View            senhasegura.FlexString `json:"view"`
}

func (w wireCredentialItem) toListItem() CredentialListItem {
	return CredentialListItem{
		ID: string(w.ID), Identifier: string(w.Identifier), Username: string(w.Username), Hostname: string(w.Hostname),
		IP: string(w.ManagementIP), Type: string(w.Type), AutomaticChange: bool(w.AutomaticChange),
		DeviceType: string(w.DeviceType), DeviceVendor: string(w.DeviceVendor), DeviceModel: string(w.DeviceModel),
		Connectivity: string(w.Connectivity), Expiration: string(w.Expiration), LastChange: string(w.Change), LastView: string(w.View),
	}
}

type wireView struct {
	ID                  senhasegura.FlexString  `json:"id"`
	Identifier          *senhasegura.FlexString `json:"identifier"`
	Tag                 *senhasegura.FlexString `json:"tag"`
	Username            senhasegura.FlexString  `json:"username"`
	Password            senhasegura.FlexString  `json:"password"`
	Content             senhasegura.FlexString  `json:"content"`
	Hostname            senhasegura.FlexString  `json:"hostname"`
	IP                  senhasegura.FlexString  `json:"ip"`
	Additional          senhasegura.FlexString  `json:"additional"`
	Domain              senhasegura.FlexString  `json:"domain"`
	ParentCredentialCod senhasegura.FlexString  `json:"parent_credential_cod"`
	ExpirationTime      senhasegura.FlexString  `json:"expiration_time"`
}

func (w wireView) toView() CredentialView {
	v := CredentialView{
		ID: string(w.ID), Identifier: wireWritten{Identifier: w.Identifier, Tag: w.Tag}.identifier(), Username: string(w.Username),
		Hostname: string(w.Hostname), IP: string(w.IP), Password: string(w.Password), Additional: string(w.Additional),
		Domain: string(w.Domain), ParentID: string(w.ParentCredentialCod), Expiration: string(w.ExpirationTime),
	}
	if v.Password == "" {
		v.Password = string(w.Content)
	}
	return v
}

// wireDetails is the API v2 read (quirk P7).
type wireDetails struct {
	ID          senhasegura.FlexString `json:"id"`
	Identifier  senhasegura.FlexString `json:"identifier"`
	Username    senhasegura.FlexString `json:"username"`
	Type        senhasegura.FlexString `json:"type"`
	Active      senhasegura.FlexBool   `json:"active"`
	Tags        []string               `json:"tags"`
	Additional  senhasegura.FlexString `json:"additional_information"`
	Domain      senhasegura.FlexString `json:"domain"`
	Criticality senhasegura.FlexString `json:"criticality"`
	Owner       json.RawMessage        `json:"user_credential_owner"`
	Parent      *struct {
		ID senhasegura.FlexString `json:"id"`
	} `json:"parent_credential"`
	AutomaticChange senhasegura.FlexBool `json:"automatic_change"`
	Device          struct {
		ID   senhasegura.FlexString `json:"id"`
		Name senhasegura.FlexString `json:"name"`
		IP   senhasegura.FlexString `json:"ip"`
	} `json:"device"`
}

func (w wireDetails) toDetails() CredentialDetails {
	d := CredentialDetails{
		ID: string(w.ID), Identifier: string(w.Identifier), Username: string(w.Username), Type: string(w.Type),
		Active: bool(w.Active), Tags: w.Tags, Additional: string(w.Additional), Domain: string(w.Domain),
		Criticality: strings.ToLower(string(w.Criticality)), AutomaticChange: bool(w.AutomaticChange),
		DeviceID: string(w.Device.ID), Hostname: string(w.Device.Name), IP: string(w.Device.IP),
	}
	if w.Parent != nil {
		d.ParentID = string(w.Parent.ID)
	}
	// The owner is a username, or an object with one (the v2 field list says "object or null").
	var owner senhasegura.FlexString
	if json.Unmarshal(w.Owner, &owner) == nil {
		d.Owner = string(owner)
	} else {
		var obj struct {
			Username senhasegura.FlexString `json:"username"`
			Name     senhasegura.FlexString `json:"name"`
		}
		if json.Unmarshal(w.Owner, &obj) == nil {
			d.Owner = string(obj.Username)
			if d.Owner == "" {
				d.Owner = string(obj.Name)
			}
		}
	}
	if d.Tags == nil {
		d.Tags = []string{}
	}
	return d
}

// credentialBody is a credential upsert (quirks P12, P13, P14): never a device field; the
// username key always; the password only when set.
func credentialBody(c Credential) map[string]any {
	m := map[string]any{
		"username": c.Username, "hostname": c.Hostname, "ip": c.IP,
		"tags": c.Tags, "additional": c.Additional,
	}
	put := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	put("identifier", c.Identifier)
	put("content", c.Content)
	put("credential_type", c.CredentialType)
	put("domain", c.Domain)
	if c.ParentID != "" {
		m["parent_password"] = json.Number(c.ParentID) // an id, typed int (§5.1)
	}
	exec := map[string]any{}
	if c.Settings.AutomaticChange != nil {
		exec["automatic_change"] = *c.Settings.AutomaticChange
	}
	if c.Settings.ChangePlugin != "" {
		exec["change_plugin"] = c.Settings.ChangePlugin
	}
	if c.Settings.ChangeTemplate != "" {
		exec["change_template"] = c.Settings.ChangeTemplate
	}
	if len(exec) > 0 {
		m["execution_settings"] = exec
	}
	add := map[string]any{}
	if c.Settings.Criticality != "" {
		add["criticality"] = c.Settings.Criticality
	}
	if c.Settings.Owner != "" {
		add["user_credential_owner"] = c.Settings.Owner
	}
	if len(add) > 0 || c.Settings.ReplaceAdditional {
		m["additional_settings"] = []any{add}
	}
	return m
}

// updatedMessage tells an upsert that updated ("... updated successfully!") from one that
// created ("... successfully registered!") (quirk P4).
func updatedMessage(env senhasegura.Envelope) bool {
	var resp struct {
		Message   senhasegura.FlexString `json:"message"`
		MessageUC senhasegura.FlexString `json:"Message"`
		Mensagem  senhasegura.FlexString `json:"mensagem"`
	}
	if raw, ok := env["response"]; !ok || json.Unmarshal(raw, &resp) != nil {
		return false
	}
	for _, m := range []senhasegura.FlexString{resp.Message, resp.Mensagem, resp.MessageUC} {
		if strings.Contains(strings.ToLower(string(m)), "updated") {
			return true
		}
	}
	return false
}
