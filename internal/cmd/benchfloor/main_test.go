package main

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/protobench"
	senhasegura "github.com/senhasegura/terraform-provider-senhasegura/internal/provider"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/quietlog"
)

// TestFloorHasThePasswordShape: the floor compares like with like only while its resource has
// the shape of senhasegura_mysafe_password: the same attributes with the same types and flags
// (required, optional, computed, sensitive, write-only), the same blocks and nesting, the same
// identity. A change to the password schema that the floor does not follow fails here.
func TestFloorHasThePasswordShape(t *testing.T) {
	ctx := context.Background()
	var pw resource.Resource
	for _, f := range senhasegura.New("test")().Resources(ctx) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "senhasegura"}, &md)
		if md.TypeName == "senhasegura_mysafe_password" {
			pw = r
		}
	}
	if pw == nil {
		t.Fatal("the provider has no senhasegura_mysafe_password")
	}
	var want, got resource.SchemaResponse
	pw.Schema(ctx, resource.SchemaRequest{}, &want)
	(&password{}).Schema(ctx, resource.SchemaRequest{}, &got)
	ws, gs := shape(ctx, want.Schema.Attributes, want.Schema.Blocks), shape(ctx, got.Schema.Attributes, got.Schema.Blocks)
	if !reflect.DeepEqual(ws, gs) {
		t.Errorf("the floor's schema has drifted from the password's:\n%s", shapeDiff(ws, gs))
	}
	var wantID, gotID resource.IdentitySchemaResponse
	pw.(resource.ResourceWithIdentity).IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &wantID)
	(&password{}).IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &gotID)
	if a, b := identityShape(ctx, wantID.IdentitySchema), identityShape(ctx, gotID.IdentitySchema); !reflect.DeepEqual(a, b) {
		t.Errorf("identity: the password has %v, the floor %v", a, b)
	}
}

// shape describes every attribute and block, nested ones by their path: its Terraform type
// and flags, or its nesting.
func shape(ctx context.Context, attrs map[string]schema.Attribute, blocks map[string]schema.Block) map[string]string {
	out := map[string]string{}
	var walk func(prefix string, attrs map[string]schema.Attribute, blocks map[string]schema.Block)
	walk = func(prefix string, attrs map[string]schema.Attribute, blocks map[string]schema.Block) {
		for name, a := range attrs {
			wo := false
			if w, ok := a.(interface{ IsWriteOnly() bool }); ok {
				wo = w.IsWriteOnly()
			}
			out[prefix+name] = fmt.Sprintf("%s required=%v optional=%v computed=%v sensitive=%v write_only=%v",
				a.GetType().TerraformType(ctx), a.IsRequired(), a.IsOptional(), a.IsComputed(), a.IsSensitive(), wo)
		}
		for name, b := range blocks {
			switch b := b.(type) {
			case schema.SetNestedBlock:
				out[prefix+name] = "set block"
				walk(prefix+name+".", b.NestedObject.Attributes, b.NestedObject.Blocks)
			case schema.ListNestedBlock:
				out[prefix+name] = "list block"
				walk(prefix+name+".", b.NestedObject.Attributes, b.NestedObject.Blocks)
			case schema.SingleNestedBlock:
				out[prefix+name] = "single block"
				walk(prefix+name+".", b.Attributes, b.Blocks)
			default:
				out[prefix+name] = fmt.Sprintf("block %T", b)
			}
		}
	}
	walk("", attrs, blocks)
	return out
}

func identityShape(ctx context.Context, s identityschema.Schema) map[string]string {
	out := map[string]string{}
	for name, a := range s.Attributes {
		out[name] = fmt.Sprintf("%s required_for_import=%v", a.GetType().TerraformType(ctx), a.IsRequiredForImport())
	}
	return out
}

func shapeDiff(want, got map[string]string) string {
	keys := map[string]bool{}
	for k := range want {
		keys[k] = true
	}
	for k := range got {
		keys[k] = true
	}
	var names []string
	for k := range keys {
		if want[k] != got[k] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	s := ""
	for _, k := range names {
		s += fmt.Sprintf("  %s: password %q, floor %q\n", k, want[k], got[k])
	}
	return s
}

// BenchmarkFloorProtocol is the quiet floor's CPU per resource for the protocol calls of the
// provider's BenchmarkPasswordProtocol, with no wait.
func BenchmarkFloorProtocol(b *testing.B) {
	protobench.Run(b, quietlog.Server(providerserver.NewProtocol6(&floor{})()), nil)
}
