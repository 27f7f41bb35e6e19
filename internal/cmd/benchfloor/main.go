// Command benchfloor is the floor of `make bench`: a terraform-plugin-framework provider with
// the schema shape of senhasegura_mysafe_password (the same attributes, sets, nested blocks,
// write-only and sensitive attributes, plan modifier and default, and its resource identity;
// TestFloorHasThePasswordShape holds the two together) that does no I/O at all. Each
// call it would make to MySafe is a sleep of the bench's latency instead: one for the token in
// Configure, one per create, read, update and delete. What it costs is Terraform core, the
// plugin protocol and those unavoidable waits; `make bench` compares the real provider with it.
// By default it keeps the framework's default logging, as any provider does; with
// BENCH_FLOOR_QUIET=1 it is the quiet floor, whose logs are off unless a TF_LOG* setting asks
// for them, exactly as the provider's are, and its framework server does not keep every call's
// loggers (internal/quietlog).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/quietlog"
)

func main() {
	flag.Parse()
	quiet := os.Getenv("BENCH_FLOOR_QUIET") == "1" && quietlog.Environment(os.Environ()) != nil
	if quiet {
		for k, v := range quietlog.Environment(os.Environ()) {
			_ = os.Setenv(k, v)
		}
	}
	if dir := os.Getenv("BENCH_FLOOR_PROFILE_DIR"); dir != "" { // make bench -profile
		if f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid()))); err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
		defer writeHeapProfile(dir)
	}
	latency, _ := time.ParseDuration(os.Getenv("BENCH_FLOOR_LATENCY"))
	// As the provider's main serves: with logs off, through quietlog.Server.
	err := tf6server.Serve("registry.terraform.io/senhasegura/senhasegura", func() tfprotov6.ProviderServer {
		server := providerserver.NewProtocol6(&floor{latency: latency})()
		if quiet {
			server = quietlog.Server(server)
		}
		return server
	})
	if err != nil {
		pprof.StopCPUProfile()
		log.Fatal(err)
	}
}

type floor struct {
	latency time.Duration
	nextID  atomic.Int64
}

func (p *floor) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "senhasegura"
}

func (p *floor) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"url":           pschema.StringAttribute{Optional: true},
		"client_id":     pschema.StringAttribute{Optional: true},
		"client_secret": pschema.StringAttribute{Optional: true, Sensitive: true},
	}}
}

// Configure waits as long as the token request would.
func (p *floor) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	time.Sleep(p.latency)
	resp.ResourceData = p
}

func (p *floor) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &password{} }}
}

func (p *floor) DataSources(context.Context) []func() datasource.DataSource { return nil }

type password struct{ p *floor }

type share struct {
	Name    types.String `tfsdk:"username"`
	CanEdit types.Bool   `tfsdk:"can_edit"`
}

type group struct {
	Name    types.String `tfsdk:"name"`
	CanEdit types.Bool   `tfsdk:"can_edit"`
}

type model struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Username           types.String `tfsdk:"username"`
	Password           types.String `tfsdk:"password"`
	PasswordWO         types.String `tfsdk:"password_wo"`
	PasswordWOVersion  types.Int64  `tfsdk:"password_wo_version"`
	SecretKeyWO        types.String `tfsdk:"secret_key_wo"`
	SecretKeyWOVersion types.Int64  `tfsdk:"secret_key_wo_version"`
	URL                types.String `tfsdk:"url"`
	Notes              types.String `tfsdk:"notes"`
	SecretKey          types.String `tfsdk:"secret_key"`
	Tags               types.Set    `tfsdk:"tags"`
	DriftDetected      types.Set    `tfsdk:"drift_detected"`
	UsersAllowed       []share      `tfsdk:"users_allowed"`
	GroupsAllowed      []group      `tfsdk:"groups_allowed"`
	Timeouts           types.Object `tfsdk:"timeouts"`
}

func (r *password) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "senhasegura_mysafe_password"
}

var _ resource.ResourceWithIdentity = (*password)(nil)

func (r *password) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true},
	}}
}

func shareBlock(key string) schema.SetNestedBlock {
	return schema.SetNestedBlock{NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
		key:        schema.StringAttribute{Required: true},
		"can_edit": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
	}}}
}

func (r *password) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":                    schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name":                  schema.StringAttribute{Required: true},
			"username":              schema.StringAttribute{Required: true},
			"password":              schema.StringAttribute{Optional: true, Sensitive: true},
			"password_wo":           schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
			"password_wo_version":   schema.Int64Attribute{Optional: true},
			"secret_key_wo":         schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
			"secret_key_wo_version": schema.Int64Attribute{Optional: true},
			"url":                   schema.StringAttribute{Optional: true},
			"notes":                 schema.StringAttribute{Optional: true},
			"secret_key":            schema.StringAttribute{Optional: true, Sensitive: true},
			"tags":                  schema.SetAttribute{Optional: true, ElementType: types.StringType},
			"drift_detected":        schema.SetAttribute{Computed: true, ElementType: types.StringType},
		},
		Blocks: map[string]schema.Block{
			"users_allowed":  shareBlock("username"),
			"groups_allowed": shareBlock("name"),
			"timeouts": schema.SingleNestedBlock{Attributes: map[string]schema.Attribute{
				"create": schema.StringAttribute{Optional: true}, "read": schema.StringAttribute{Optional: true},
				"update": schema.StringAttribute{Optional: true}, "delete": schema.StringAttribute{Optional: true},
			}},
		},
	}
}

func (r *password) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if p, ok := req.ProviderData.(*floor); ok {
		r.p = p
	}
}

func (r *password) wait() {
	if r.p != nil {
		time.Sleep(r.p.latency)
	}
}

// Create waits one POST and keeps the plan, as an item stored exactly as configured.
func (r *password) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	r.wait()
	m.ID = types.StringValue(strconv.FormatInt(r.p.nextID.Add(1), 10))
	m.PasswordWO, m.SecretKeyWO = types.StringNull(), types.StringNull()
	m.DriftDetected = types.SetValueMust(types.StringType, nil)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), m.ID)...)
	}
}

// Read waits one GET and finds nothing changed. Its identity is the id, which a Terraform that
// keeps no identity (before 1.12) does not send back: it is set from the state, as any
// provider with an identity must.
func (r *password) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.wait()
	if resp.Identity != nil {
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
		resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), id)...)
	}
}

// Update waits one PUT and keeps the plan.
func (r *password) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	r.wait()
	m.PasswordWO, m.SecretKeyWO = types.StringNull(), types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Delete waits one deactivation.
func (r *password) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	r.wait()
}

// writeHeapProfile writes what the process still holds at its end (after a collection), as the
// provider's benchprofile build does.
func writeHeapProfile(dir string) {
	if h, err := os.Create(filepath.Join(dir, fmt.Sprintf("heap-%d.pprof", os.Getpid()))); err == nil {
		runtime.GC()
		_ = pprof.Lookup("heap").WriteTo(h, 0)
		_ = h.Close()
	}
}
