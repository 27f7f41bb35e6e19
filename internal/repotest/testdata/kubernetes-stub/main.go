// Command kubernetes-stub stands in for hashicorp/kubernetes's provider in the validation of the
// guides' examples (TestExamplesFormattedAndValid): the DSM guide hands an application's
// credentials to External Secrets through a kubernetes_secret_v1 fed by an ephemeral resource
// (data_wo) and kubernetes_manifest objects, and the tests run offline. It serves the schema of
// what the guide uses as hashicorp/kubernetes declares it (kubernetes_secret_v1 with its
// write-only data_wo and data_wo_revision, 2.37+; kubernetes_manifest; the provider's
// config_path and config_context). It creates nothing: every apply fails.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return stub{} }, providerserver.ServeOpts{
		Address:         "registry.terraform.io/hashicorp/kubernetes",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}

type stub struct{}

func (stub) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "kubernetes"
}

func (stub) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"config_path":    pschema.StringAttribute{Optional: true},
		"config_context": pschema.StringAttribute{Optional: true},
		"host":           pschema.StringAttribute{Optional: true},
	}}
}

func (stub) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (stub) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return secret{} },
		func() resource.Resource { return manifest{} },
	}
}

func (stub) DataSources(context.Context) []func() datasource.DataSource { return nil }

// noApply is every resource's create, read, update and delete: the stub creates nothing.
type noApply struct{}

func (noApply) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.AddError("kubernetes-stub", "the stand-in for hashicorp/kubernetes creates nothing")
}

func (noApply) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (noApply) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("kubernetes-stub", "the stand-in for hashicorp/kubernetes updates nothing")
}

func (noApply) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

type secret struct{ noApply }

func (secret) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "kubernetes_secret_v1"
}

func (secret) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stringMap := func(sensitive, writeOnly bool) schema.MapAttribute {
		return schema.MapAttribute{Optional: true, Sensitive: sensitive, WriteOnly: writeOnly, ElementType: types.StringType}
	}
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":               schema.StringAttribute{Computed: true},
			"data":             stringMap(true, false),
			"binary_data":      stringMap(true, false),
			"data_wo":          stringMap(true, true),
			"data_wo_revision": schema.Int64Attribute{Optional: true},
			"type":             schema.StringAttribute{Optional: true, Computed: true},
			"immutable":        schema.BoolAttribute{Optional: true},
		},
		Blocks: map[string]schema.Block{
			"metadata": schema.ListNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
				"name":        schema.StringAttribute{Optional: true},
				"namespace":   schema.StringAttribute{Optional: true},
				"labels":      stringMap(false, false),
				"annotations": stringMap(false, false),
			}}},
		},
	}
}

type manifest struct{ noApply }

func (manifest) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "kubernetes_manifest"
}

func (manifest) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"manifest":        schema.DynamicAttribute{Required: true},
		"object":          schema.DynamicAttribute{Optional: true, Computed: true},
		"computed_fields": schema.ListAttribute{Optional: true, ElementType: types.StringType},
	}}
}
