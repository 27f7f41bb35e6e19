package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Validation and the read-back agree on white space: a value the comma-list validation accepts
// reads back unchanged, whatever Unicode white space it holds inside; any white space at either
// end (a no-break space, a vertical tab, an ideographic space) is refused.
func TestCommaListValidationMatchesTheReadBack(t *testing.T) {
	for _, v := range []string{"prod", "with space", "tab\tinside", "nbsp\u00a0inside", "é"} {
		if !commaListValuePattern.MatchString(v) {
			t.Errorf("%q refused", v)
		}
		if got := splitCommaList(v); len(got) != 1 || got[0] != v {
			t.Errorf("%q reads back as %q", v, got)
		}
	}
	for _, v := range []string{"", " x", "x ", "x\u00a0", "\u00a0x", "x\v", "x\u3000", "x\u2028", "x\u0085", "a,b", "x\t"} {
		if commaListValuePattern.MatchString(v) {
			t.Errorf("%q accepted, but reads back as %q", v, splitCommaList(v))
		}
	}
}

func TestSplitCommaList(t *testing.T) {
	for in, want := range map[string][]string{
		"":                   {},
		" , ,":               {},
		"prod, db":           {"db", "prod"},
		"db,prod,db":         {"db", "prod"},
		" SSH:22 ,HTTPS:443": {"HTTPS:443", "SSH:22"},
	} {
		if got := splitCommaList(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitCommaList(%q) = %q, want %q", in, got, want)
		}
	}
}

// A comma list and its set, both ways: order and spacing are no change; nothing is null,
// unless the configuration said [].
func TestCommaSet(t *testing.T) {
	empty := stringSetOf(nil)
	if got := commaSet("", types.SetNull(types.StringType)); !got.IsNull() {
		t.Errorf("empty list with a null prior: %v", got)
	}
	if got := commaSet("", empty); !got.Equal(empty) {
		t.Errorf("empty list with [] configured: %v", got)
	}
	if got, want := commaSet("prod , db", types.SetNull(types.StringType)), stringSetOf([]string{"db", "prod"}); !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := commaListOf(stringSetOf([]string{"prod", "db"})); got != "db,prod" {
		t.Errorf("commaListOf = %q", got)
	}
	if got := commaListOf(types.SetUnknown(types.StringType)); got != "" {
		t.Errorf("commaListOf(unknown) = %q", got)
	}
}
