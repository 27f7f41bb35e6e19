// Package acctest holds what the acceptance tests of several packages share: the one
// renderer of the provider block. Only tests import it.
package acctest

import (
	"fmt"
	"strings"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// ProviderBlock renders a provider "senhasegura" block holding settings, each one or more
// `name = value` lines.
func ProviderBlock(settings ...string) string {
	return "\nprovider \"senhasegura\" {\n" + strings.Join(settings, "\n") + "\n}\n"
}

// ProviderConfig renders the provider block for a mock at url: its URL and the mock's default
// credentials, then settings, which may also replace client_id or client_secret.
func ProviderConfig(url string, settings ...string) string {
	given := map[string]bool{}
	for _, s := range settings {
		for _, line := range strings.Split(s, "\n") {
			name, _, _ := strings.Cut(line, "=")
			given[strings.TrimSpace(name)] = true
		}
	}
	var all []string
	for _, d := range [][2]string{{"url", url}, {"client_id", senhaseguramock.DefaultClientID}, {"client_secret", senhaseguramock.DefaultClientSecret}} {
		if !given[d[0]] {
			all = append(all, fmt.Sprintf("%s = %q", d[0], d[1]))
		}
	}
	return ProviderBlock(append(all, settings...)...)
}
