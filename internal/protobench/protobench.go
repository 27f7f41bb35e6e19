// Package protobench measures a provider's own CPU per resource for the plugin protocol calls
// make bench times: a validation (ValidateResourceConfig), a refresh (ReadResource), a plan of no
// change (PlanResourceChange) and a destroy (ApplyResourceChange to null) of senhasegura_mysafe_password as make bench configures
// it. The provider's benchmark and the quiet floor's run the same calls, so their numbers compare
// call for call, without Terraform core, the latency or the other process on the same cores.
package protobench

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const typeName = "senhasegura_mysafe_password"

// Run configures srv with providerConfig (string attributes; the others null), creates one
// password through the protocol and runs the sub-benchmarks validate, read, plan and delete on it.
func Run(b *testing.B, srv tfprotov6.ProviderServer, providerConfig map[string]string) {
	b.Helper()
	ctx := context.Background()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		b.Fatalf("schema: %v %v", err, schemas.Diagnostics)
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	ptyp, _ := schemas.Provider.ValueType().(tftypes.Object)
	pvals := nullObject(ptyp)
	for k, v := range providerConfig {
		pvals[k] = str(v)
	}
	pcfg, _ := tfprotov6.NewDynamicValue(ptyp, tftypes.NewValue(ptyp, pvals))
	if resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &pcfg}); err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}

	// The configuration make bench writes for each password.
	typ, _ := schemas.ResourceSchemas[typeName].ValueType().(tftypes.Object)
	vals := nullObject(typ)
	vals["name"], vals["username"], vals["password"], vals["url"] = str("bench 1"), str("svc-1"), str("Bench-Pw-1"), str("db1.example.com")
	vals["tags"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str("bench"), str("load")})
	users, _ := typ.AttributeTypes["users_allowed"].(tftypes.Set)
	share, _ := users.ElementType.(tftypes.Object)
	vals["users_allowed"] = tftypes.NewValue(users, []tftypes.Value{
		tftypes.NewValue(share, map[string]tftypes.Value{"username": str("pduarte"), "can_edit": tftypes.NewValue(tftypes.Bool, nil)}),
	})
	vals["groups_allowed"] = tftypes.NewValue(typ.AttributeTypes["groups_allowed"], []tftypes.Value{})
	config, _ := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	null, _ := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))

	plan := func(b *testing.B, prior *tfprotov6.DynamicValue, private []byte) *tfprotov6.PlanResourceChangeResponse {
		resp, err := srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName,
			PriorState: prior, ProposedNewState: &config, Config: &config, PriorPrivate: private})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("plan: %v %v", err, resp.Diagnostics)
		}
		return resp
	}
	created := plan(b, &null, nil)
	applied, err := srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName,
		PriorState: &null, PlannedState: created.PlannedState, Config: &config, PlannedPrivate: created.PlannedPrivate})
	if err != nil || len(applied.Diagnostics) > 0 {
		b.Fatalf("create: %v %v", err, applied.Diagnostics)
	}
	state, private := applied.NewState, applied.Private

	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: &config})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("validate: %v %v", err, resp.Diagnostics)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: state, Private: private})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("read: %v %v", err, resp.Diagnostics)
			}
		}
	})
	b.Run("plan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			plan(b, state, private)
		}
	})
	b.Run("delete", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: typeName,
				PriorState: state, PlannedState: &null, Config: &null, PlannedPrivate: private})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("delete: %v %v", err, resp.Diagnostics)
			}
		}
	})
}

func nullObject(t tftypes.Object) map[string]tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, at := range t.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	return vals
}
