// Command random-stub stands in for hashicorp/random's provider in the validation of the
// guides' examples (TestExamplesFormattedAndValid): the write-only guide feeds password_wo from
// the ephemeral random_password, and the tests run offline. It serves the schema of that
// ephemeral resource as hashicorp/random declares it (internal/provider/ephemeral_password.go
// of hashicorp/terraform-provider-random, 3.7+). It generates nothing: opening it fails.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return stub{} }, providerserver.ServeOpts{
		Address:         "registry.terraform.io/hashicorp/random",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}

type stub struct{}

var _ provider.ProviderWithEphemeralResources = stub{}

func (stub) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "random"
}

func (stub) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (stub) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (stub) Resources(context.Context) []func() resource.Resource { return nil }

func (stub) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (stub) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{func() ephemeral.EphemeralResource { return password{} }}
}

type password struct{}

func (password) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = "random_password"
}

func (password) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	optionalInt := schema.Int64Attribute{Optional: true, Computed: true}
	optionalBool := schema.BoolAttribute{Optional: true, Computed: true}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"length":           schema.Int64Attribute{Required: true},
		"special":          optionalBool,
		"upper":            optionalBool,
		"lower":            optionalBool,
		"numeric":          optionalBool,
		"min_numeric":      optionalInt,
		"min_upper":        optionalInt,
		"min_lower":        optionalInt,
		"min_special":      optionalInt,
		"override_special": schema.StringAttribute{Optional: true},
		"result":           schema.StringAttribute{Computed: true, Sensitive: true},
		"bcrypt_hash":      schema.StringAttribute{Computed: true, Sensitive: true},
	}}
}

func (password) Open(_ context.Context, _ ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	resp.Diagnostics.AddError("random-stub", "the stand-in for hashicorp/random generates nothing")
}
