package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// listKind describes a list data source over one of MySafe's list endpoints. MySafe's list
// answers carry no secrets, notes or shares (API secret entries carry only the identifier,
// the name and the access flags): read one item with the single-item data source for more.
type listKind struct {
	typeName, label, description, itemsAttr string
	filters                                 []readField // optional string filters, sent as query parameters
	itemFields                              []string    // of: id, name, username, url, tags, can_write
	list                                    func(ctx context.Context, c *mysafe.Client, f map[string]string) ([]mysafe.ListItem, error)
}

var listItemDescriptions = map[string]string{
	"id": "The MySafe identifier (digits).", "name": "Name.", "username": "The account's user name.",
	"url": "URL.", "tags": "Tags.", "can_write": "Whether the access key's user may edit it.",
}

func (k *listKind) itemTypes() map[string]attr.Type {
	out := map[string]attr.Type{}
	for _, f := range k.itemFields {
		switch f {
		case "tags":
			out[f] = types.SetType{ElemType: types.StringType}
		case "can_write":
			out[f] = types.BoolType
		default:
			out[f] = types.StringType
		}
	}
	return out
}

type listDataSource struct {
	kind *listKind
	data *providerData
}

var _ datasource.DataSourceWithConfigure = (*listDataSource)(nil)

func (d *listDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.kind.typeName
}

func (d *listDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]dsschema.Attribute{}
	for _, f := range d.kind.filters {
		attrs[f.name] = dsschema.StringAttribute{Optional: true, MarkdownDescription: f.desc}
	}
	item := map[string]dsschema.Attribute{}
	for _, f := range d.kind.itemFields {
		switch f {
		case "tags":
			item[f] = dsschema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: listItemDescriptions[f]}
		case "can_write":
			item[f] = dsschema.BoolAttribute{Computed: true, MarkdownDescription: listItemDescriptions[f]}
		default:
			item[f] = dsschema.StringAttribute{Computed: true, MarkdownDescription: listItemDescriptions[f]}
		}
	}
	attrs[d.kind.itemsAttr] = dsschema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: "The matching active " + d.kind.label + "s the access key's user can see, by identifier.",
		NestedObject:        dsschema.NestedAttributeObject{Attributes: item},
	}
	resp.Schema = dsschema.Schema{MarkdownDescription: d.kind.description, Attributes: attrs}
}

func (d *listDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *listDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.data == nil {
		return
	}
	filters := map[string]string{}
	for _, f := range d.kind.filters {
		var v types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(f.name), &v)...)
		filters[f.name] = v.ValueString()
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(f.name), v)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	items, err := d.kind.list(d.data.withMasks(ctx), d.data.client, filters)
	if err != nil {
		addReadError(&resp.Diagnostics, "Error Listing "+titleLabel(d.kind.label)+"s", d.kind.label, err)
		return
	}
	objType := types.ObjectType{AttrTypes: d.kind.itemTypes()}
	elems := make([]attr.Value, 0, len(items))
	for _, it := range items {
		vals := map[string]attr.Value{}
		for _, f := range d.kind.itemFields {
			switch f {
			case "id":
				vals[f] = types.StringValue(it.ID)
			case "name":
				vals[f] = types.StringValue(it.Name)
			case "username":
				vals[f] = types.StringValue(it.Username)
			case "url":
				vals[f] = types.StringValue(it.URL)
			case "tags":
				vals[f] = tagsSet(it.Tags)
			case "can_write":
				vals[f] = types.BoolValue(it.CanWrite)
			}
		}
		elems = append(elems, types.ObjectValueMust(objType.AttrTypes, vals))
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(d.kind.itemsAttr), types.ListValueMust(objType, elems))...)
}

// NewMySafePasswordsDataSource is the senhasegura_mysafe_passwords data source.
func NewMySafePasswordsDataSource() datasource.DataSource {
	return &listDataSource{kind: &listKind{
		typeName: "_mysafe_passwords", label: "MySafe password", itemsAttr: "passwords",
		description: "Lists the active MySafe passwords the access key's user can see, optionally filtered. " +
			"The list carries no secrets: read one with the `senhasegura_mysafe_password` data source.",
		filters: []readField{
			{name: "tag", desc: "Only passwords with this tag."},
			{name: "name", desc: "Only passwords with this name."},
			{name: "username", desc: "Only passwords with this user name."},
			{name: "url", desc: "Only passwords with this URL."},
		},
		itemFields: []string{"id", "name", "username", "url", "tags", "can_write"},
		list: func(ctx context.Context, c *mysafe.Client, f map[string]string) ([]mysafe.ListItem, error) {
			return c.ListPasswords(ctx, mysafe.PasswordFilter{Tag: f["tag"], Name: f["name"], Username: f["username"], URL: f["url"]})
		},
	}}
}

// NewMySafeAPISecretsDataSource is the senhasegura_mysafe_api_secrets data source.
func NewMySafeAPISecretsDataSource() datasource.DataSource {
	return &listDataSource{kind: &listKind{
		typeName: "_mysafe_api_secrets", label: "MySafe API secret", itemsAttr: "api_secrets",
		description: "Lists the active MySafe API secrets the access key's user can see, optionally filtered. MySafe's " +
			"list carries only identifiers and names: read one with the `senhasegura_mysafe_api_secret` data source.",
		filters: []readField{
			{name: "tag", desc: "Only API secrets with this tag."},
			{name: "identifier_code", desc: "Only the API secret with this identifier_code."},
		},
		itemFields: []string{"id", "name", "can_write"},
		list: func(ctx context.Context, c *mysafe.Client, f map[string]string) ([]mysafe.ListItem, error) {
			return c.ListAPISecrets(ctx, mysafe.APISecretFilter{Tag: f["tag"], IdentifierCode: f["identifier_code"]})
		},
	}}
}
