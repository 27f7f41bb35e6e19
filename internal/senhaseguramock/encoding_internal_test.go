package senhaseguramock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// legacyObject is orderedObject as it was marshalled before appendJSON: encoding/json for
// every key and value. The lists must write exactly what it wrote.
type legacyObject []kv

func (o legacyObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(legacyValue(e.v))
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// legacyValue turns the ordered objects inside v into legacy ones.
func legacyValue(v any) any {
	switch x := v.(type) {
	case orderedObject:
		return legacyObject(x)
	case []orderedObject:
		if x == nil {
			return []legacyObject(nil)
		}
		out := make([]legacyObject, len(x))
		for i, o := range x {
			out[i] = legacyObject(o)
		}
		return out
	}
	return v
}

// nastyStrings are strings encoding/json escapes in every way it does.
var nastyStrings = []string{
	"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "\x00\x01\x1f\x7f", "\b\f\n\r\t",
	"\u2028\u2029", "é ü 日本 🙂", "bad \xff\xfe utf-8 \xc3", "\x1b[2J\x1b[31mboom", "ends with \xe2\x80",
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	rnd := rand.New(rand.NewSource(1)) //nolint:gosec // test data
	strs := append([]string{}, nastyStrings...)
	for i := 0; i < 2000; i++ {
		b := make([]byte, rnd.Intn(24))
		for j := range b {
			b[j] = byte(rnd.Intn(256))
		}
		strs = append(strs, string(b))
	}
	for _, s := range strs {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("string %q: got %s, want %s", s, got, want)
		}
	}
	o := orderedObject{
		{"s", nastyStrings[3]}, {"n", 42}, {"neg", -7}, {"t", true}, {"nil", nil}, {"f", 2.5},
		{"list", []orderedObject{{{"a", "b"}}, {}}}, {"empty", []orderedObject{}}, {"nilList", []orderedObject(nil)},
		{"strs", []string{"x", "<y>"}}, {"any", []any{"z", 1, nil, orderedObject{{"k", "v"}}}},
		{"map", map[string]any{"b": 1, "a": "<"}}, {"shares", []Share{{Name: "n", CanEdit: true}}},
		{"raw", json.RawMessage(`{"x":1}`)},
	}
	got, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(legacyObject(o))
	if !bytes.Equal(got, want) {
		t.Fatalf("orderedObject:\n got %s\nwant %s", got, want)
	}
}

// TestListsWriteWhatTheyWrote compares the lists, written straight into bytes, with what the
// orderedObject lists they replaced wrote, over items with every kind of string.
func TestListsWriteWhatTheyWrote(t *testing.T) {
	s := New(Options{})
	now := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	s.now = func() time.Time { return now }
	for i, str := range nastyStrings {
		fields := map[string]string{"name": str, "username": "u" + str, "url": "l" + str, "tags": "a," + str,
			"client_id": "c" + str, "identifier_code": "c" + strconv.Itoa(i)}
		for _, k := range []Kind{KindPassword, KindAPISecret, KindNote} {
			s.Seed(Item{Kind: k, Fields: fields, UsersAllowed: []Share{{Name: "bob", CanEdit: i%2 == 0}}})
		}
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
	s.SetActive(KindPassword, "2", false)
	s.SetPAMCredentialActive("3", false)
	for _, user := range []string{DefaultUser, "bob"} {
		for _, k := range []Kind{KindPassword, KindAPISecret, KindNote} {
			w := httptest.NewRecorder()
			s.handleList(w, httptest.NewRequest(http.MethodGet, "/api/mysafe/"+string(k), nil), specs[k], user)
			compare(t, string(k)+" list as "+user, w.Body.Bytes(), legacyMySafeList(s, specs[k], user))
		}
	}
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

func mustInt(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func compare(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the orderedObject encoding:\n got %s\nwant %s", what, got, want)
	}
}

func legacyEnvelope(s *Server, msg, key string, out []orderedObject) []byte {
	o := orderedObject{{"code", 200}, {"response", s.responseBlock(200, msg, false)}, {key, out}}
	b, err := json.Marshal(legacyObject(o))
	if err != nil {
		return []byte(err.Error())
	}
	return b
}

// legacyMySafeList is the MySafe list as handleList built it before.
func legacyMySafeList(s *Server, spec *kindSpec, user string) []byte {
	out := []orderedObject{}
	for _, id := range s.mysafe.order[spec.kind] {
		rec := s.mysafe.items[spec.kind][id]
		if !rec.active || !s.canView(rec, user) {
			continue
		}
		o := orderedObject{{"identifier", strconv.Itoa(rec.id)}}
		for _, f := range spec.listFields {
			o = append(o, kv{f, rec.fields[f]})
		}
		o = append(o,
			kv{"need_justify", "0"}, kv{"need_approval", "0"},
			kv{"can_view", true}, kv{"can_write", s.canEdit(rec, user)},
		)
		out = append(out, o)
	}
	return legacyEnvelope(s, "", spec.listKey, out)
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
