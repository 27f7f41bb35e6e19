package provider

import (
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/protobench"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/quietlog"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// BenchmarkPasswordProtocol is the provider's CPU per resource for the protocol calls make bench
// times, against the mock with no latency (its share is BenchmarkServe's in senhaseguramock); the quiet
// floor's BenchmarkFloorProtocol runs the same calls.
func BenchmarkPasswordProtocol(b *testing.B) {
	mock := senhaseguramock.New(senhaseguramock.Options{})
	mock.AddUser("pduarte")
	ts := httptest.NewServer(mock)
	defer ts.Close()
	// As main serves it with logs off.
	protobench.Run(b, quietlog.Server(providerserver.NewProtocol6(New("bench", LogsOff())())()), map[string]string{
		"url": ts.URL, "client_id": senhaseguramock.DefaultClientID, "client_secret": senhaseguramock.DefaultClientSecret,
	})
}
