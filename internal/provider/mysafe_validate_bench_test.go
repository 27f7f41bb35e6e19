package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// BenchmarkValidatePasswordConfig is one ValidateResourceConfig call of the plugin protocol
// for a password as `make bench` configures it (name, username, password, url, tags, a share):
// every attribute validator and ValidateConfig run, as Terraform calls them twice per resource
// per apply.
func BenchmarkValidatePasswordConfig(b *testing.B) {
	ctx := context.Background()
	srv := providerserver.NewProtocol6(New("bench")())()
	if _, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		b.Fatal(err)
	}
	typ, ok := passwordKind.schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		b.Fatal("not an object type")
	}
	vals := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(t, nil)
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	vals["name"], vals["username"], vals["password"], vals["url"] = str("bench 1"), str("svc-1"), str("Bench-Pw-1"), str("db1.example.com")
	vals["tags"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str("bench"), str("load")})
	shareType := typ.AttributeTypes["users_allowed"].(tftypes.Set).ElementType.(tftypes.Object)
	vals["users_allowed"] = tftypes.NewValue(typ.AttributeTypes["users_allowed"], []tftypes.Value{
		tftypes.NewValue(shareType, map[string]tftypes.Value{"username": str("pduarte"), "can_edit": tftypes.NewValue(tftypes.Bool, nil)}),
	})
	vals["groups_allowed"] = tftypes.NewValue(typ.AttributeTypes["groups_allowed"], []tftypes.Value{})
	cfg, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		b.Fatal(err)
	}
	req := &tfprotov6.ValidateResourceConfigRequest{TypeName: "senhasegura_mysafe_password", Config: &cfg}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp, err := srv.ValidateResourceConfig(ctx, req)
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("%v %v", err, resp.Diagnostics)
		}
	}
}
