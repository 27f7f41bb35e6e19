package senhaseguramock

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPAMListsWriteWhatTheyWrote compares PAM Core's lists, written straight into bytes, with
// what the orderedObject lists they replaced wrote, over devices and credentials with every
// kind of string.
func TestPAMListsWriteWhatTheyWrote(t *testing.T) {
	s := New(Options{})
	now := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	s.now = func() time.Time { return now }
	for i, str := range nastyStrings {
		host := fmt.Sprintf("h%d%s", i, str)
		s.SeedPAMDevice(PAMDevice{Hostname: host, IP: "10.0.0." + strconv.Itoa(i), Model: "m" + str, Type: "t" + str, Vendor: "v" + str,
			Site: "s" + str, Tags: "g" + str, Connectivities: []string{"", "SSH:22", "HTTPS:443, SSH:22", str}[i%4]})
		id := s.SeedPAMCredential(PAMCredential{Hostname: host, IP: "10.0.0." + strconv.Itoa(i), Username: str,
			Identifier: []string{"", "ident" + strconv.Itoa(i)}[i%2], CredentialType: str,
			Settings: map[string]any{"execution_settings": map[string]any{"automatic_change": i%3 == 0}}})
		if i%2 == 0 {
			s.pam.credentials[mustInt(t, id)].viewed = now.Add(time.Hour)
		}
	}
	s.SetPAMCredentialActive("3", false)
	for _, q := range []PAMQuirks{{}, {AutomaticChangeString: true, ListInactive: true}} {
		s.pam.quirks = q
		w := httptest.NewRecorder()
		s.pamListCredentials(w, DefaultUser)
		compare(t, fmt.Sprintf("credential list %+v", q), w.Body.Bytes(), legacyPAMCredentialList(s, DefaultUser))
		w = httptest.NewRecorder()
		s.SetPAMDeviceActive("2", false)
		s.pamListDevices(w)
		compare(t, fmt.Sprintf("device list %+v", q), w.Body.Bytes(), legacyPAMDeviceList(s))
	}
}

// legacyPAMCredentialList is the credential list as pamListCredentials built it before.
func legacyPAMCredentialList(s *Server, user string) []byte {
	out := []orderedObject{}
	for _, id := range s.pam.credOrder {
		c := s.pam.credentials[id]
		if !c.visibleTo(user) || (!c.active && !s.pam.quirks.ListInactive) {
			continue
		}
		d := s.pam.devices[c.device]
		automatic := pamTruthy(pamSettingsObject(c.fields["execution_settings"])["automatic_change"])
		var auto any = automatic
		if s.pam.quirks.AutomaticChangeString {
			auto = map[bool]string{false: "0", true: "1"}[automatic]
		}
		var view any
		if !c.viewed.IsZero() {
			view = c.viewed.Format(pamTimeFormat)
		}
		_, holder := s.pam.effectivePassword(c)
		ctype := c.str("credential_type")
		conn, connCode := legacyConnectivity(d.str("connectivities"))
		out = append(out, orderedObject{
			{"id", strconv.Itoa(c.id)}, {"identifier", pamNullable(c.str("identifier"))}, {"username", c.str("username")},
			{"expiration", holder.changed.Add(pamPasswordLifetime).Format(pamExpirationFormat)},
			{"change", holder.changed.Format(pamTimeFormat)}, {"view", view},
			{"hostname", d.str("hostname")}, {"management_ip", d.str("ip")},
			{"type", ctype}, {"type_code", strconv.Itoa(s.pam.typeCode(ctype))},
			{"device_model", d.str("model")}, {"device_type", d.str("type")}, {"device_vendor", d.str("vendor")},
			{"automatic_change", auto}, {"connectivity", conn}, {"connectivity_code", connCode},
		})
	}
	return legacyEnvelope(s, fmt.Sprintf("%d credentials found", len(out)), "credentials", out)
}

// legacyPAMDeviceList is the device list as pamListDevices built it before.
func legacyPAMDeviceList(s *Server) []byte {
	out := []orderedObject{}
	for _, id := range s.pam.deviceOrder {
		d := s.pam.devices[id]
		if !d.active && !s.pam.quirks.ListInactive {
			continue
		}
		out = append(out, orderedObject{
			{"id", strconv.Itoa(d.id)}, {"hostname", d.str("hostname")}, {"ip", d.str("ip")},
			{"model", d.str("model")}, {"type", d.str("type")}, {"vendor", d.str("vendor")},
			{"site", d.str("site")}, {"tags", d.str("device_tags")},
		})
	}
	return legacyEnvelope(s, fmt.Sprintf("%d devices found", len(out)), "devices", out)
}

// legacyConnectivity is the connectivity and its code as the list wrote them before.
func legacyConnectivity(connectivities string) (name, code any) {
	first, _, _ := strings.Cut(connectivities, ",")
	proto, _, _ := strings.Cut(strings.TrimSpace(first), ":")
	if proto = strings.TrimSpace(proto); proto == "" {
		return nil, nil
	}
	return proto, strconv.Itoa(pamConnectivityCodes[strings.ToUpper(proto)])
}
