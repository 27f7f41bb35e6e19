package senhaseguramock

import (
	"net/http"
	"slices"
)

// PAM Core's hooks under /_mock/ (AdminHelp): its devices and credentials, one of them, an
// out-of-band change, their activation.

const pamAdminHelp = `GET    /_mock/pam                               every PAM Core device and credential, inactive ones included (no passwords)
GET    /_mock/pam/{device|credential}/{id}      one of them
PATCH  /_mock/pam/{device|credential}/{id}      out-of-band change: {"fields":{"ip":"10.0.0.9"}} by request names (a
                                                credential also takes "password", "owner", "custody_holder" and the settings blocks)
POST   /_mock/pam/{device|credential}/{id}/deactivate (or /activate; a device's deactivation cascades as in the API)
`

// servePAMAdmin serves PAM Core's hooks; false when parts is none of them.
func (s *Server) servePAMAdmin(w http.ResponseWriter, r *http.Request, parts []string) bool {
	switch {
	case len(parts) == 1 && parts[0] == "pam" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"devices": s.PAMDevices(), "credentials": s.PAMCredentials()})
	case len(parts) >= 3 && parts[0] == "pam" && (parts[1] == "device" || parts[1] == "credential"):
		s.serveAdminPAM(w, r, parts[1] == "device", parts[2], parts[3:])
	default:
		return false
	}
	return true
}

// serveAdminPAM serves /_mock/pam/{device|credential}/{id}[/activate|/deactivate].
func (s *Server) serveAdminPAM(w http.ResponseWriter, r *http.Request, device bool, id string, rest []string) {
	get := func() (any, bool) {
		if device {
			return s.PAMDevice(id)
		}
		return s.PAMCredential(id)
	}
	if _, exists := get(); !exists {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "no such item"})
		return
	}
	ok := true
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
	case len(rest) == 0 && r.Method == http.MethodPatch:
		var req struct {
			Fields map[string]any `json:"fields"`
		}
		if !decodeAdmin(w, r, &req) {
			return
		}
		if msg := checkPAMPatch(device, req.Fields); msg != "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": msg})
			return
		}
		if device {
			ok = s.ModifyPAMDevice(id, func(d *PAMDevice) { patchPAM(pamDevicePatchTargets(d), nil, req.Fields) })
		} else {
			ok = s.ModifyPAMCredential(id, func(c *PAMCredential) {
				if c.Settings == nil {
					c.Settings = map[string]any{}
				}
				patchPAM(pamCredentialPatchTargets(c), c.Settings, req.Fields)
			})
		}
	case len(rest) == 1 && r.Method == http.MethodPost && (rest[0] == "deactivate" || rest[0] == "activate"):
		if device {
			ok = s.SetPAMDeviceActive(id, rest[0] == "activate")
		} else {
			ok = s.SetPAMCredentialActive(id, rest[0] == "activate")
		}
	default:
		writeAdminNotFound(w)
		return
	}
	if !ok {
		writeJSON(w, http.StatusConflict, map[string]string{"message": "refused: the hostname, identifier or username is taken, or no device has that hostname and ip"})
		return
	}
	v, _ := get()
	writeJSON(w, http.StatusOK, v)
}

// pamDevicePatchTargets are the string fields of a device a PATCH may set, by request name.
func pamDevicePatchTargets(d *PAMDevice) map[string]*string {
	return map[string]*string{
		"hostname": &d.Hostname, "ip": &d.IP, "type": &d.Type, "vendor": &d.Vendor, "model": &d.Model,
		"site": &d.Site, "device_domain": &d.Domains, "device_tags": &d.Tags,
		"connectivities": &d.Connectivities, "session_remote_config": &d.LoginExpression,
	}
}

// pamCredentialPatchTargets are the string fields of a credential a PATCH may set, by request
// name ("content" and "password" both set the password).
func pamCredentialPatchTargets(c *PAMCredential) map[string]*string {
	return map[string]*string{
		"identifier": &c.Identifier, "username": &c.Username, "hostname": &c.Hostname, "ip": &c.IP,
		"content": &c.Password, "password": &c.Password, "credential_type": &c.CredentialType,
		"tags": &c.Tags, "additional": &c.Additional, "domain": &c.Domain, "parent_password": &c.ParentID,
		"owner": &c.Owner, "custody_holder": &c.CustodyHolder,
	}
}

// checkPAMPatch says what is wrong with a PATCH's fields ("" when nothing): an unknown name,
// or a value that is not a string (the settings blocks of a credential take any JSON value;
// null removes the block).
func checkPAMPatch(device bool, fields map[string]any) string {
	targets := pamCredentialPatchTargets(&PAMCredential{})
	if device {
		targets = pamDevicePatchTargets(&PAMDevice{})
	}
	for k, v := range fields {
		if _, isString := v.(string); targets[k] != nil && isString {
			continue
		}
		if !device && slices.Contains(pamSettingsBlocks, k) {
			continue
		}
		if targets[k] != nil {
			return "field " + k + " takes a string"
		}
		return "unknown field " + k
	}
	return ""
}

// patchPAM applies checked PATCH fields to the targets, and to settings (a credential's).
func patchPAM(targets map[string]*string, settings map[string]any, fields map[string]any) {
	for k, v := range fields {
		if t := targets[k]; t != nil {
			*t = v.(string) //nolint:forcetypeassert // checked by checkPAMPatch.
			continue
		}
		if v == nil {
			delete(settings, k)
		} else {
			settings[k] = v
		}
	}
}
