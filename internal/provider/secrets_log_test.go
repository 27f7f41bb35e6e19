package provider

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// logEntryStart matches the first line of a log entry of TF_LOG's output, and captures its
// module (the test harness's own entries print the test's configuration, secrets included).
var logEntryStart = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T[0-9:.]+[+-Z0-9:]* \[[A-Z]+\] ([^:]+):`)

// TestLogMasking proves the masking itself: whatever a log call carries, secrets of the RPC
// and the provider's client secret come out as ***.
func TestLogMasking(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	pd := &providerData{secrets: []string{"provider-secret-x"}}
	ctx = pd.withMasks(ctx, "item-password-y", "")
	tflog.Debug(ctx, "careless message with item-password-y and provider-secret-x", map[string]any{
		"password":     "whatever-z",
		"access_token": "token-w",
		"other":        "prefix item-password-y suffix",
	})
	out := buf.String()
	for _, s := range []string{"item-password-y", "provider-secret-x", "whatever-z", "token-w"} {
		if strings.Contains(out, s) {
			t.Errorf("%q was not masked: %s", s, out)
		}
	}
	if !strings.Contains(out, "***") {
		t.Fatalf("nothing was masked: %s", out)
	}
}
