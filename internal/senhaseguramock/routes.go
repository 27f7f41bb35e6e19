package senhaseguramock

import (
	"fmt"
	"sort"
	"strings"
)

// families are the API families the mock serves, each registered from its own
// <family>_registration.go: MySafe, PAM Core and DevOps Secret Manager.
var families = []family{mysafeFamily{}, pamFamily{}, dsmFamily{}}

// matchCall finds the call of whichever family serves method and path, and that family.
func matchCall(method, path string) (apiCall, family, bool) {
	for _, f := range families {
		if c, ok := f.match(method, path); ok {
			return c, f, true
		}
	}
	return apiCall{}, nil, false
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
