package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestResourceDeadline: a null timeouts block or an unset operation gives the default; a set one
// its value; an unparsable one an error.
func TestResourceDeadline(t *testing.T) {
	ctx := context.Background()
	attrTypes := map[string]attr.Type{"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType}
	block := func(read string) timeouts.Value {
		vals := map[string]attr.Value{"create": types.StringNull(), "read": types.StringValue(read), "update": types.StringNull(), "delete": types.StringNull()}
		return timeouts.Value{Object: types.ObjectValueMust(attrTypes, vals)}
	}
	null := timeouts.Value{Object: types.ObjectNull(attrTypes)}
	for name, c := range map[string]struct {
		t    timeouts.Value
		op   string
		want time.Duration
		err  bool
	}{
		"null block, read":     {null, "read", defaultReadTimeout, false},
		"null block, delete":   {null, "delete", defaultDeleteTimeout, false},
		"null block, create":   {null, "create", defaultCreateTimeout, false},
		"read set, read":       {block("7s"), "read", 7 * time.Second, false},
		"read set, update":     {block("7s"), "update", defaultUpdateTimeout, false},
		"read unparsable":      {block("soon"), "read", defaultReadTimeout, true},
		"zero value, the same": {timeouts.Value{}, "read", defaultReadTimeout, false},
	} {
		var diags diag.Diagnostics
		_, cancel, d := resourceDeadline(ctx, c.t, c.op, &diags)
		cancel()
		if d.limit != c.want || diags.HasError() != c.err {
			t.Errorf("%s: limit %s (want %s), diagnostics %v", name, d.limit, c.want, diags)
		}
	}
}
