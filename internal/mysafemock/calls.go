package mysafemock

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
)

// record notes the call r (its body is read and put back).
func (s *Server) recordCall(r *http.Request, name, id string) {
	c := Call{Route: name, ID: id, UserAgent: r.UserAgent()}
	if r.Body != nil {
		raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(raw))
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
}

// Calls returns every authenticated MySafe API call the mock has received (faulted ones
// included), in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call{}, s.calls...)
}
