package senhaseguramock

import "strconv"

// record is one stored object of any API family: its identifier, owner and active flag, and
// its fields by their request names, whose values are strings, numbers, booleans or nested
// lists and objects as the family's wire has them.
type record struct {
	id     int
	owner  string
	active bool
	fields map[string]any
}

// str is a field as a string ("" when absent; a number or boolean in its JSON spelling).
func (r *record) str(name string) string {
	switch v := r.fields[name].(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// cloneValue deep-copies a field value: nested maps and lists are copied, not shared.
func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = cloneValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}

// cloneRecord is a deep copy of r.
func cloneRecord(r record) record {
	c := r
	c.fields = make(map[string]any, len(r.fields))
	for k, v := range r.fields {
		c.fields[k] = cloneValue(v)
	}
	return c
}
