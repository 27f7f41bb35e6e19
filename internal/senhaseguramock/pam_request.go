package senhaseguramock

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// pamParams are the parameters of a PAM Core request by name. The server reads them from the
// query string, a form body or a JSON body (reference/pam-api.md §1.2: the doc examples send JSON, the
// vendor's Ansible collection sends forms, the Postman export and a PHP client send the query
// string), so the mock accepts all three: query parameters first, then the body's, which win.
//
// The body's shape is read from the body itself, not from Content-Type, since Ansible sends a
// form body under a JSON content type (§11 item 16): a body starting with "{" is JSON, any
// other body is a form. Form and query keys may nest PHP-style (execution_settings[status]=1,
// additional_settings[0][criticality]=high), as the PHP server would read them; a key sent
// twice keeps its last value, as PHP does. JSON values keep their types; null counts as not
// sent.
type pamParams map[string]any

// parsePAMParams reads the parameters of r; false when the body is malformed.
func parsePAMParams(r *http.Request) (pamParams, bool) {
	p := pamParams{}
	if !p.addForm(r.URL.RawQuery) {
		return nil, false
	}
	if r.Body == nil {
		return p, true
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, false
	}
	text := strings.TrimSpace(string(raw))
	switch {
	case text == "":
	case strings.HasPrefix(text, "{") || strings.HasPrefix(text, "["):
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, false
		}
		for k, v := range m {
			p[k] = v
		}
	default:
		if !p.addForm(text) {
			return nil, false
		}
	}
	return p, true
}

// addForm adds the parameters of a URL-encoded query or form body.
func (p pamParams) addForm(encoded string) bool {
	vals, err := url.ParseQuery(encoded)
	if err != nil {
		return false
	}
	nested := map[string]bool{}
	for key, vs := range vals {
		segs := splitPHPKey(key)
		if len(segs) == 1 {
			p[key] = vs[len(vs)-1]
			continue
		}
		if _, isMap := p[segs[0]].(map[string]any); !isMap {
			p[segs[0]] = map[string]any{}
		}
		nested[segs[0]] = true
		for _, v := range vs {
			putPHP(p[segs[0]].(map[string]any), segs[1:], v) //nolint:forcetypeassert // set just above.
		}
	}
	for name := range nested {
		p[name] = phpLists(p[name])
	}
	return true
}

// splitPHPKey splits "a[b][0]" into a, b, 0 ("a[]" gives a and ""); a key without brackets,
// or with malformed ones, is one segment.
func splitPHPKey(key string) []string {
	i := strings.IndexByte(key, '[')
	if i <= 0 || !strings.HasSuffix(key, "]") {
		return []string{key}
	}
	segs := []string{key[:i]}
	for rest := key[i:]; rest != ""; {
		j := strings.IndexByte(rest, ']')
		if rest[0] != '[' || j < 0 {
			return []string{key}
		}
		segs = append(segs, rest[1:j])
		rest = rest[j+1:]
	}
	return segs
}

// putPHP stores v under the path segs of m; an empty segment appends ("a[]").
func putPHP(m map[string]any, segs []string, v string) {
	key := segs[0]
	if key == "" {
		key = strconv.Itoa(len(m))
	}
	if len(segs) == 1 {
		m[key] = v
		return
	}
	child, ok := m[key].(map[string]any)
	if !ok {
		child = map[string]any{}
		m[key] = child
	}
	putPHP(child, segs[1:], v)
}

// phpLists turns every nested map whose keys are 0..n-1 into a list, as PHP's arrays are
// lists when their keys are.
func phpLists(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for k, e := range m {
		m[k] = phpLists(e)
	}
	list := make([]any, len(m))
	for k, e := range m {
		n, err := strconv.Atoi(k)
		if err != nil || n < 0 || n >= len(m) || strconv.Itoa(n) != k {
			return m
		}
		list[n] = e
	}
	if len(list) == 0 {
		return m
	}
	return list
}

// has says whether name was sent (null counts as not sent).
func (p pamParams) has(name string) bool {
	v, ok := p[name]
	return ok && v != nil
}

// str is a scalar parameter as a string: "" when absent, null or not a scalar; numbers and
// booleans in their JSON spelling.
func (p pamParams) str(name string) string {
	s := pamScalar(p[name])
	return s
}

// required says whether a required parameter was sent with a value (blank is missing).
func (p pamParams) required(name string) bool {
	return strings.TrimSpace(p.str(name)) != ""
}

// pamScalar is v as a string; "" when it is not a scalar.
func pamScalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	}
	return ""
}

// pamTruthy reads a boolean setting as the server would from JSON or a form: true, "true",
// "1", 1, "on", "yes".
func pamTruthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case float64:
		return x != 0
	case int:
		return x != 0
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "1", "true", "on", "yes":
			return true
		}
	}
	return false
}

// pamSettingsObject is a settings block as an object: the object itself, or the first object
// of an array (additional_settings and jit_settings come both ways, reference/pam-api.md §5.3, §11
// item 6); nil otherwise.
func pamSettingsObject(v any) map[string]any {
	switch x := v.(type) {
	case map[string]any:
		return x
	case []any:
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				return m
			}
		}
	}
	return nil
}

// pamNullable is v, or null when it is empty (an unset identifier, a parent that is none).
func pamNullable(v string) any {
	if v == "" {
		return nil
	}
	return v
}
