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
	Tag             senhasegura.FlexString `json:"tag"` // v3-32's name in its other answers
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
		ID: string(w.ID), Identifier: firstOf(string(w.Identifier), string(w.Tag)), Username: string(w.Username), Hostname: string(w.Hostname),
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

// wireDetails is the API v2 read of one credential (quirk P7). Only the first part of the v2
// pages is published (reference/pam-api.md §5.10): the field names are documented as
// "credential.username", "credential.active", "credential.tags", "device.id", "device.name",
// the envelope is not. decodeDetails therefore finds the credential object in any of the shapes
// those names allow: the PAM envelope's "credential" key, a "data" key holding it (or holding
// {"credential", "device"}), or the answer itself; and the device nested in the credential or
// beside it.
type wireDetails struct {
	ID          senhasegura.FlexString `json:"id"`
	Identifier  senhasegura.FlexString `json:"identifier"`
	Username    senhasegura.FlexString `json:"username"`
	Type        senhasegura.FlexString `json:"type"`
	PassType    senhasegura.FlexString `json:"password_type"`
	Active      *senhasegura.FlexBool  `json:"active"`
	Tags        json.RawMessage        `json:"tags"`
	Additional  senhasegura.FlexString `json:"additional_information"`
	Domain      senhasegura.FlexString `json:"domain"`
	Criticality senhasegura.FlexString `json:"criticality"`
	Owner       json.RawMessage        `json:"user_credential_owner"`
	Parent      json.RawMessage        `json:"parent_credential"`
	// AutomaticChange is read where the list puts it; v2 may not carry it (the list does).
	AutomaticChange senhasegura.FlexBool `json:"automatic_change"`
	Device          *wireDetailsDevice   `json:"device"`
}

type wireDetailsDevice struct {
	ID   senhasegura.FlexString `json:"id"`
	Name senhasegura.FlexString `json:"name"`
	IP   senhasegura.FlexString `json:"ip"`
}

// decodeDetails finds and decodes the credential of a v2 answer (see wireDetails); false when
// no object in it looks like one (an id or a username, and an active flag).
func decodeDetails(env senhasegura.Envelope) (CredentialDetails, bool) {
	var w wireDetails
	var sibling *wireDetailsDevice
	try := func(raw json.RawMessage) bool {
		var c wireDetails
		if len(raw) == 0 || json.Unmarshal(raw, &c) != nil || (c.ID == "" && c.Username == "") || c.Active == nil {
			return false
		}
		w = c
		return true
	}
	device := func(raw json.RawMessage) {
		var d wireDetailsDevice
		if len(raw) > 0 && json.Unmarshal(raw, &d) == nil {
			sibling = &d
		}
	}
	root, _ := json.Marshal(env)
	var data senhasegura.Envelope
	_ = json.Unmarshal(env["data"], &data)
	switch {
	case try(env["credential"]):
		device(env["device"])
	case data != nil && try(data["credential"]):
		device(data["device"])
	case try(env["data"]):
	case try(root):
	default:
		return CredentialDetails{}, false
	}
	d := CredentialDetails{
		ID: string(w.ID), Identifier: string(w.Identifier), Username: string(w.Username), Type: firstOf(string(w.Type), string(w.PassType)),
		Active: bool(*w.Active), Tags: flexList(w.Tags), Additional: string(w.Additional), Domain: string(w.Domain),
		Criticality: criticality(string(w.Criticality)), Owner: ownerName(w.Owner), ParentID: parentID(w.Parent),
		AutomaticChange: bool(w.AutomaticChange),
	}
	if dev := w.Device; dev != nil || sibling != nil {
		if dev == nil {
			dev = sibling
		}
		d.DeviceID, d.Hostname, d.IP = string(dev.ID), string(dev.Name), string(dev.IP)
	}
	return d, true
}

// flexList reads a list of strings written as a JSON array (v2: "tags": ["a", "b"]) or as a
// comma list ("a, b"); never nil.
func flexList(raw json.RawMessage) []string {
	out := []string{}
	var arr []senhasegura.FlexString
	if json.Unmarshal(raw, &arr) == nil {
		for _, v := range arr {
			if t := strings.TrimSpace(string(v)); t != "" {
				out = append(out, t)
			}
		}
		return out
	}
	var one senhasegura.FlexString
	if json.Unmarshal(raw, &one) == nil {
		for _, t := range strings.Split(string(one), ",") {
			if t = strings.TrimSpace(t); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// ownerName reads user_credential_owner: a username, or an object with one ("object or null").
func ownerName(raw json.RawMessage) string {
	var s senhasegura.FlexString
	if json.Unmarshal(raw, &s) == nil {
		return string(s)
	}
	var obj struct {
		Username senhasegura.FlexString `json:"username"`
		Name     senhasegura.FlexString `json:"name"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		return firstOf(string(obj.Username), string(obj.Name))
	}
	return ""
}

// parentID reads parent_credential: an object with an id ("object with id and username, or
// null"), or the id itself.
func parentID(raw json.RawMessage) string {
	var obj struct {
		ID senhasegura.FlexString `json:"id"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		return string(obj.ID)
	}
	var s senhasegura.FlexString
	if json.Unmarshal(raw, &s) == nil {
		return string(s)
	}
	return ""
}

// criticality is a criticality as the provider writes it (low, medium, high; v2 adds critical):
// the versions also send Portuguese labels and capitalised English (quirk P12;
// reference/pam-api.md §5.3, §11 item 7).
func criticality(v string) string {
	c := strings.ToLower(strings.TrimSpace(v))
	switch c {
	case "baixo", "baixa":
		return "low"
	case "médio", "medio", "média", "media":
		return "medium"
	case "alto", "alta":
		return "high"
	case "crítico", "critico", "crítica", "critica":
		return "critical"
	}
	return c
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
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
		m["parent_password"] = json.Number(c.ParentID) // an id, typed int (reference/pam-api.md §5.1)
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
