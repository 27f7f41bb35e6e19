package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	epschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// Data sources and ephemeral resources read one MySafe item the same way: itemReader serves
// both, and their schemas come from one field table, so the two cannot drift apart.

type fieldKind int

const (
	fieldString fieldKind = iota
	fieldStringSet
	fieldUserShares
	fieldGroupShares
)

// readField describes one attribute of a read-only item schema.
type readField struct {
	name, desc string
	kind       fieldKind
	sensitive  bool
	// input: "required" (the lookup key), "optional" (one of several lookup keys, also
	// computed), or "" (computed only).
	input string
	// exactlyOneOf names the other lookup keys, for "optional" inputs.
	exactlyOneOf []string
}

func (f readField) validators() []validator.String {
	v := []validator.String{stringvalidator.LengthAtLeast(1)}
	if len(f.exactlyOneOf) > 0 {
		paths := make([]path.Expression, 0, len(f.exactlyOneOf))
		for _, o := range f.exactlyOneOf {
			paths = append(paths, path.MatchRoot(o))
		}
		v = append(v, stringvalidator.ExactlyOneOf(paths...))
	}
	return v
}

func dataSourceAttributes(fields []readField) map[string]dsschema.Attribute {
	out := map[string]dsschema.Attribute{}
	for _, f := range fields {
		switch f.kind {
		case fieldString:
			a := dsschema.StringAttribute{MarkdownDescription: f.desc, Sensitive: f.sensitive, Computed: f.input != "required"}
			if f.input != "" {
				a.Required, a.Optional, a.Validators = f.input == "required", f.input == "optional", f.validators()
			}
			out[f.name] = a
		case fieldStringSet:
			out[f.name] = dsschema.SetAttribute{MarkdownDescription: f.desc, Computed: true, ElementType: types.StringType}
		case fieldUserShares, fieldGroupShares:
			key := userKey
			if f.kind == fieldGroupShares {
				key = groupKey
			}
			out[f.name] = dsschema.SetNestedAttribute{MarkdownDescription: f.desc, Computed: true, NestedObject: dsschema.NestedAttributeObject{
				Attributes: map[string]dsschema.Attribute{
					key:        dsschema.StringAttribute{Computed: true, MarkdownDescription: "The " + key + " shared with."},
					"can_edit": dsschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it may edit."},
				},
			}}
		}
	}
	return out
}

func ephemeralAttributes(fields []readField) map[string]epschema.Attribute {
	out := map[string]epschema.Attribute{}
	for _, f := range fields {
		switch f.kind {
		case fieldString:
			a := epschema.StringAttribute{MarkdownDescription: f.desc, Sensitive: f.sensitive, Computed: f.input != "required"}
			if f.input != "" {
				a.Required, a.Optional, a.Validators = f.input == "required", f.input == "optional", f.validators()
			}
			out[f.name] = a
		case fieldStringSet:
			out[f.name] = epschema.SetAttribute{MarkdownDescription: f.desc, Computed: true, ElementType: types.StringType}
		case fieldUserShares, fieldGroupShares:
			key := userKey
			if f.kind == fieldGroupShares {
				key = groupKey
			}
			out[f.name] = epschema.SetNestedAttribute{MarkdownDescription: f.desc, Computed: true, NestedObject: epschema.NestedAttributeObject{
				Attributes: map[string]epschema.Attribute{
					key:        epschema.StringAttribute{Computed: true, MarkdownDescription: "The " + key + " shared with."},
					"can_edit": epschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it may edit."},
				},
			}}
		}
	}
	return out
}

// itemReaderKind is what differs between the password and API secret readers.
type itemReaderKind[M any] struct {
	typeName, label, description string
	// stateNote opens the data source's page: what of it reaches the state.
	stateNote string
	fields    []readField
	// read looks the item up from the lookup attributes of in and returns the full model.
	read    func(ctx context.Context, c *mysafe.Client, in M) (M, error)
	secrets func(m M) []string
}

type itemReader[M any] struct {
	kind *itemReaderKind[M]
	data *providerData
}

var (
	_ datasource.DataSourceWithConfigure       = (*itemReader[passwordReadModel])(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*ephemeralReader[passwordReadModel])(nil)
)

func (r *itemReader[M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.typeName
}

func (r *itemReader[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dsschema.Schema{MarkdownDescription: r.kind.description + " " + r.kind.stateNote, Attributes: dataSourceAttributes(r.kind.fields)}
}

func (r *itemReader[M]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *itemReader[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var in M
	resp.Diagnostics.Append(req.Config.Get(ctx, &in)...)
	if resp.Diagnostics.HasError() || r.data == nil {
		return
	}
	out, err := r.kind.read(r.data.withMasks(ctx), r.data.client, in)
	if err != nil {
		addReadError(&resp.Diagnostics, "Error Reading "+titleLabel(r.kind.label), r.kind.label, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(r.data.withMasks(ctx, r.kind.secrets(out)...), out)...)
}

// ephemeralReader adapts itemReader to the ephemeral resource interface, whose Metadata,
// Schema and Configure requests are distinct types.
type ephemeralReader[M any] struct{ itemReader[M] }

func (r *ephemeralReader[M]) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.typeName
}

func (r *ephemeralReader[M]) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = epschema.Schema{
		MarkdownDescription: r.kind.description + "\n\nAs an ephemeral resource (Terraform 1.10+), the values are read " +
			"when needed and never stored in the plan or state: use them in provider blocks, write-only attributes " +
			"or other ephemeral contexts.",
		Attributes: ephemeralAttributes(r.kind.fields),
	}
}

func (r *ephemeralReader[M]) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *ephemeralReader[M]) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var in M
	resp.Diagnostics.Append(req.Config.Get(ctx, &in)...)
	if resp.Diagnostics.HasError() || r.data == nil {
		return
	}
	out, err := r.kind.read(r.data.withMasks(ctx), r.data.client, in)
	if err != nil {
		addReadError(&resp.Diagnostics, "Error Reading "+titleLabel(r.kind.label), r.kind.label, err)
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(r.data.withMasks(ctx, r.kind.secrets(out)...), out)...)
}

// noMatchError is a lookup that found nothing.
type noMatchError string

func (e noMatchError) Error() string { return string(e) }

// ---- passwords ----

type passwordReadModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Username      types.String `tfsdk:"username"`
	Password      types.String `tfsdk:"password"`
	URL           types.String `tfsdk:"url"`
	Notes         types.String `tfsdk:"notes"`
	SecretKey     types.String `tfsdk:"secret_key"`
	TOTPCode      types.String `tfsdk:"totp_code"`
	Tags          types.Set    `tfsdk:"tags"`
	UsersAllowed  types.Set    `tfsdk:"users_allowed"`
	GroupsAllowed types.Set    `tfsdk:"groups_allowed"`
}

var passwordReaderKind = &itemReaderKind[passwordReadModel]{
	typeName:    "_mysafe_password",
	label:       "MySafe password",
	description: "Reads one MySafe password by its identifier, with its secret values and sharing.",
	stateNote: "**As a data source, it stores what it reads in the Terraform state and plan, secrets included** " +
		"(`password`, `secret_key`, `totp_code`). To use them without storing them, use the " +
		"`senhasegura_mysafe_password` ephemeral resource (Terraform 1.10+) instead.",
	fields: []readField{
		{name: "id", desc: "The MySafe identifier of the password (digits).", input: "required"},
		{name: "name", desc: "Name of the password."},
		{name: "username", desc: "The account's user name."},
		{name: "password", desc: "The password.", sensitive: true},
		{name: "url", desc: "URL of the site where the password is used."},
		{name: "notes", desc: "Notes."},
		{name: "secret_key", desc: "TOTP seed, empty when none.", sensitive: true},
		{name: "totp_code", desc: "The current TOTP code MySafe computed from the seed when it was read, empty when there is no seed.", sensitive: true},
		{name: "tags", desc: "Tags.", kind: fieldStringSet},
		{name: "users_allowed", desc: "Users the password is shared with.", kind: fieldUserShares},
		{name: "groups_allowed", desc: "Groups the password is shared with.", kind: fieldGroupShares},
	},
	read: func(ctx context.Context, c *mysafe.Client, in passwordReadModel) (passwordReadModel, error) {
		p, err := c.GetPassword(ctx, in.ID.ValueString())
		if err != nil {
			return in, err
		}
		return passwordReadFromAPI(p), nil
	},
	secrets: func(m passwordReadModel) []string {
		return []string{m.Password.ValueString(), m.SecretKey.ValueString(), m.TOTPCode.ValueString()}
	},
}

// passwordReadFromAPI maps a GET answer to the read model.
func passwordReadFromAPI(p *mysafe.Password) passwordReadModel {
	return passwordReadModel{
		ID: types.StringValue(p.ID), Name: types.StringValue(p.Name), Username: types.StringValue(p.Username),
		Password: types.StringValue(p.Password), URL: types.StringValue(p.URL), Notes: types.StringValue(p.Notes),
		SecretKey: types.StringValue(p.SecretKey), TOTPCode: types.StringValue(p.Token),
		Tags:          tagsSet(p.Tags),
		UsersAllowed:  sharesToSet(p.UsersAllowed, userKey),
		GroupsAllowed: sharesToSet(p.GroupsAllowed, groupKey),
	}
}

// tagsSet is the set of tags, empty (not null) when there are none.
func tagsSet(s string) types.Set {
	elems := []attr.Value{}
	for _, t := range splitTags(s) {
		elems = append(elems, types.StringValue(t))
	}
	return types.SetValueMust(types.StringType, elems)
}

// NewMySafePasswordDataSource is the senhasegura_mysafe_password data source.
func NewMySafePasswordDataSource() datasource.DataSource {
	return &itemReader[passwordReadModel]{kind: passwordReaderKind}
}

// NewMySafePasswordEphemeralResource is the senhasegura_mysafe_password ephemeral resource.
func NewMySafePasswordEphemeralResource() ephemeral.EphemeralResource {
	return &ephemeralReader[passwordReadModel]{itemReader[passwordReadModel]{kind: passwordReaderKind}}
}

// ---- API secrets ----

type apiSecretReadModel struct {
	ID             types.String `tfsdk:"id"`
	IdentifierCode types.String `tfsdk:"identifier_code"`
	Name           types.String `tfsdk:"name"`
	URL            types.String `tfsdk:"url"`
	ClientID       types.String `tfsdk:"client_id"`
	ClientSecret   types.String `tfsdk:"client_secret"`
	Method         types.String `tfsdk:"method"`
	Notes          types.String `tfsdk:"notes"`
	Tags           types.Set    `tfsdk:"tags"`
	UsersAllowed   types.Set    `tfsdk:"users_allowed"`
	GroupsAllowed  types.Set    `tfsdk:"groups_allowed"`
}

var apiSecretReaderKind = &itemReaderKind[apiSecretReadModel]{
	typeName:    "_mysafe_api_secret",
	label:       "MySafe API secret",
	description: "Reads one MySafe API secret, by its identifier or by its `identifier_code`, with its client secret and sharing.",
	stateNote: "**As a data source, it stores what it reads in the Terraform state and plan, `client_secret` " +
		"included.** To use it without storing it, use the `senhasegura_mysafe_api_secret` ephemeral resource " +
		"(Terraform 1.10+) instead.",
	fields: []readField{
		{name: "id", desc: "The MySafe identifier of the API secret (digits). Exactly one of `id` and `identifier_code` must be set.", input: "optional", exactlyOneOf: []string{"identifier_code"}},
		{name: "identifier_code", desc: "Your own code of the API secret, unique per user.", input: "optional"},
		{name: "name", desc: "Name of the API secret."},
		{name: "url", desc: "URL of the service."},
		{name: "client_id", desc: "Client ID of the application."},
		{name: "client_secret", desc: "The client secret.", sensitive: true},
		{name: "method", desc: "HTTP method."},
		{name: "notes", desc: "Notes."},
		{name: "tags", desc: "Tags.", kind: fieldStringSet},
		{name: "users_allowed", desc: "Users the API secret is shared with.", kind: fieldUserShares},
		{name: "groups_allowed", desc: "Groups the API secret is shared with.", kind: fieldGroupShares},
	},
	read: func(ctx context.Context, c *mysafe.Client, in apiSecretReadModel) (apiSecretReadModel, error) {
		id := in.ID.ValueString()
		if id == "" {
			code := in.IdentifierCode.ValueString()
			list, err := c.ListAPISecrets(ctx, mysafe.APISecretFilter{IdentifierCode: code})
			if err != nil {
				return in, err
			}
			// The list answer has no identifier_code: confirm on GET (the filter's matching
			// rules are undocumented).
			for _, it := range list {
				a, err := c.GetAPISecret(ctx, it.ID)
				if err == nil && a.IdentifierCode == code {
					return apiSecretReadFromAPI(a), nil
				}
			}
			return in, noMatchError(fmt.Sprintf("no active API secret has identifier_code %q", code))
		}
		a, err := c.GetAPISecret(ctx, id)
		if err != nil {
			return in, err
		}
		return apiSecretReadFromAPI(a), nil
	},
	secrets: func(m apiSecretReadModel) []string { return []string{m.ClientSecret.ValueString()} },
}

func apiSecretReadFromAPI(a *mysafe.APISecret) apiSecretReadModel {
	return apiSecretReadModel{
		ID: types.StringValue(a.ID), IdentifierCode: types.StringValue(a.IdentifierCode), Name: types.StringValue(a.Name),
		URL: types.StringValue(a.URL), ClientID: types.StringValue(a.ClientID), ClientSecret: types.StringValue(a.ClientSecret),
		Method: types.StringValue(a.Method), Notes: types.StringValue(a.Notes), Tags: tagsSet(a.Tags),
		UsersAllowed:  sharesToSet(a.UsersAllowed, userKey),
		GroupsAllowed: sharesToSet(a.GroupsAllowed, groupKey),
	}
}

// NewMySafeAPISecretDataSource is the senhasegura_mysafe_api_secret data source.
func NewMySafeAPISecretDataSource() datasource.DataSource {
	return &itemReader[apiSecretReadModel]{kind: apiSecretReaderKind}
}

// NewMySafeAPISecretEphemeralResource is the senhasegura_mysafe_api_secret ephemeral resource.
func NewMySafeAPISecretEphemeralResource() ephemeral.EphemeralResource {
	return &ephemeralReader[apiSecretReadModel]{itemReader[apiSecretReadModel]{kind: apiSecretReaderKind}}
}
