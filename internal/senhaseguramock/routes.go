package senhaseguramock

import (
	"fmt"
	"sort"
	"strings"
)

// families are the API families the mock serves: MySafe (mysafe_routes.go) and PAM Core
// (pam_routes.go).
var families = []family{mysafeFamily{}, pamFamily{}}

// matchCall finds the call of whichever family serves method and path.
func matchCall(method, path string) (apiCall, bool) {
	for _, f := range families {
		if c, ok := f.match(method, path); ok {
			return c, true
		}
	}
	return apiCall{}, false
}

// Routes lists the counter keys of every route the mock serves, sorted.
func Routes() []string {
	out := []string{tokenRoute}
	for _, f := range families {
		out = append(out, f.routes()...)
	}
	sort.Strings(out)
	return out
}

func mustBeRoute(name string) {
	for _, r := range Routes() {
		if r == name {
			return
		}
	}
	panic(fmt.Sprintf("senhaseguramock: no route %q; the routes are: %s", name, strings.Join(Routes(), ", ")))
}
