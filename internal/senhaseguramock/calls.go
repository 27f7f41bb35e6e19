package senhaseguramock

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
)

// recordCall notes the call r and returns its body (which it reads and puts back).
func (s *Server) recordCall(r *http.Request, name, id string) []byte {
	c := Call{Route: name, ID: id, UserAgent: r.UserAgent()}
	var raw []byte
	if r.Body != nil {
		raw = readBody(r)
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) == nil {
			for k := range m {
				c.Keys = append(c.Keys, k)
			}
		} else if vals, err := url.ParseQuery(string(raw)); err == nil {
			for k := range vals {
				c.Keys = append(c.Keys, k)
			}
		}
		sort.Strings(c.Keys)
	}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.mu.Unlock()
	return raw
}

// Calls returns every authenticated API call the mock has received, of every family (faulted ones
// included), in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call{}, s.calls...)
}
