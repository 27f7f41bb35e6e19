// Command restapi-stub stands in for Mastercard/restapi's provider in the tests of moves from
// restapi_object (internal/repotest/moved_test.go): Terraform wants every provider named in a
// state to be installed, even when it only moves that provider's objects away, and the tests
// run offline. It serves the schema of restapi_object as restapi v3.0.0 declares it
// (internal/provider/resource_api_object.go of Mastercard/terraform-provider-restapi, commit
// 0b098b7; the v2.0.1 SDKv2 schema in restapi/resource_api_object.go has the same attributes
// but for ignore_server_additions, and read_search as a map), over protocol 6 (its nested
// read_search attribute needs it). It manages nothing: every operation fails.
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
		Address:         "registry.terraform.io/mastercard/restapi",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}

type stub struct{}

func (stub) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "restapi"
}

func (stub) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"uri":                   pschema.StringAttribute{Optional: true},
		"create_returns_object": pschema.BoolAttribute{Optional: true},
		"write_returns_object":  pschema.BoolAttribute{Optional: true},
		"id_attribute":          pschema.StringAttribute{Optional: true},
	}}
}

func (stub) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (stub) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return object{} }}
}

func (stub) DataSources(context.Context) []func() datasource.DataSource { return nil }

type object struct{}

func (object) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "restapi_object"
}

func (object) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	str := func(required bool) schema.StringAttribute {
		return schema.StringAttribute{Required: required, Optional: !required}
	}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":                        schema.StringAttribute{Computed: true},
		"path":                      str(true),
		"create_path":               str(false),
		"read_path":                 str(false),
		"update_path":               str(false),
		"destroy_path":              str(false),
		"create_method":             str(false),
		"read_method":               str(false),
		"update_method":             str(false),
		"destroy_method":            str(false),
		"id_attribute":              str(false),
		"object_id":                 str(false),
		"query_string":              str(false),
		"data":                      str(true),
		"read_data":                 str(false),
		"update_data":               str(false),
		"destroy_data":              str(false),
		"debug":                     schema.BoolAttribute{Optional: true},
		"force_new":                 schema.ListAttribute{Optional: true, ElementType: types.StringType},
		"ignore_changes_to":         schema.ListAttribute{Optional: true, ElementType: types.StringType},
		"ignore_all_server_changes": schema.BoolAttribute{Optional: true},
		"ignore_server_additions":   schema.BoolAttribute{Optional: true},
		"read_search": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"query_string": str(false), "search_data": str(false), "search_key": str(true),
			"search_value": str(true), "results_key": str(false), "search_patch": str(false),
		}},
		"create_response": schema.StringAttribute{Computed: true},
		"api_response":    schema.StringAttribute{Computed: true},
		"api_data":        schema.MapAttribute{Computed: true, ElementType: types.StringType},
	}}
}

func (object) Create(_ context.Context, _ resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.AddError("restapi-stub", "the stand-in for restapi manages nothing")
}

func (object) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (object) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("restapi-stub", "the stand-in for restapi manages nothing")
}

func (object) Delete(_ context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	resp.Diagnostics.AddError("restapi-stub", "the stand-in for restapi manages nothing")
}
