package senhaseguramock

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"strconv"
	"testing"
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

// share is a struct that encoding/json marshals by reflection.
type share struct {
	Name    string `json:"name"`
	CanEdit bool   `json:"can_edit"`
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
		{"map", map[string]any{"b": 1, "a": "<"}}, {"shares", []share{{Name: "n", CanEdit: true}}},
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
