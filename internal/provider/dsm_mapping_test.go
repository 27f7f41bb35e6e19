package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
)

// What the state and the data sources make of the expiration dates DSM writes: none for "",
// "null" and MySQL's zero date; the date in UTC, or the prior spelling of the same second; a
// form the client cannot read kept as written, never a panic of the plugin.
func TestDSMExpirationMapping(t *testing.T) {
	item := func(raw string) dsm.SecretListItem {
		t, _ := dsm.ParseExpiration(raw)
		return dsm.SecretListItem{Expiration: t, ExpirationRaw: raw}
	}
	prior := timetypes.NewRFC3339ValueMust("2030-01-31T15:00:00-03:00")
	for _, c := range []struct {
		raw, state, text string
		null             bool
	}{
		{raw: "", null: true},
		{raw: "null", null: true},
		{raw: "0000-00-00 00:00:00", null: true},
		{raw: "2030-01-31 18:00:00", state: "2030-01-31T15:00:00-03:00", text: "2030-01-31T18:00:00Z"},
		{raw: "2031-02-01 00:00:00", state: "2031-02-01T00:00:00Z", text: "2031-02-01T00:00:00Z"},
		{raw: "31/12/2030", state: "31/12/2030", text: "31/12/2030"},
	} {
		got := dsmExpiration(item(c.raw), prior)
		if c.null != got.IsNull() || (!c.null && got.ValueString() != c.state) {
			t.Errorf("dsmExpiration(%q) = %v, want null %v or %q", c.raw, got, c.null, c.state)
		}
		if text := dsmExpirationText(item(c.raw)).ValueString(); text != c.text {
			t.Errorf("dsmExpirationText(%q) = %q, want %q", c.raw, text, c.text)
		}
	}
	if !dsmExpired(item("2001-01-01 00:00:00"), time.Now()) || dsmExpired(item("0000-00-00 00:00:00"), time.Now()) {
		t.Error("dsmExpired: a past date is expired, MySQL's zero date is no date")
	}
}
