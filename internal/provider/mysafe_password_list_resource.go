package provider

import (
	"context"

	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// The generic list resource and kind, as passwords instantiate them.
type (
	passwordList             = itemList[passwordListConfig, passwordModel, mysafe.Password, mysafe.PasswordUpdate]
	passwordListResourceKind = itemListKind[passwordListConfig, passwordModel, mysafe.Password, mysafe.PasswordUpdate]
)

var _ list.ListResourceWithConfigure = (*passwordList)(nil)

// NewMySafePasswordListResource is the senhasegura_mysafe_password list resource.
func NewMySafePasswordListResource() list.ListResource {
	return &passwordList{kind: passwordListKind}
}

type passwordListConfig struct {
	Tag      types.String       `tfsdk:"tag"`
	Name     types.String       `tfsdk:"name"`
	Username types.String       `tfsdk:"username"`
	URL      types.String       `tfsdk:"url"`
	Timeouts listtimeouts.Value `tfsdk:"timeouts"`
}

var passwordListKind = &passwordListResourceKind{
	item: passwordKind,
	schema: listschema.Schema{
		MarkdownDescription: "Lists the active MySafe passwords the access key's user can see, for `terraform query` " +
			"(Terraform 1.14+): each with its identity and a display name (name and username), and with " +
			"`include_resource` the resource object. **No secret is listed**: `password` and `secret_key` stay null, as " +
			"in an import with `write_only_import`.",
		Attributes: map[string]listschema.Attribute{
			"tag":      listschema.StringAttribute{Optional: true, MarkdownDescription: "Only passwords with this tag."},
			"name":     listschema.StringAttribute{Optional: true, MarkdownDescription: "Only passwords with this name."},
			"username": listschema.StringAttribute{Optional: true, MarkdownDescription: "Only passwords with this username."},
			"url":      listschema.StringAttribute{Optional: true, MarkdownDescription: "Only passwords with this URL."},
		},
		Blocks: map[string]listschema.Block{"timeouts": listTimeoutsBlock},
	},
	list: func(ctx context.Context, c *mysafe.Client, cfg passwordListConfig) ([]mysafe.ListItem, error) {
		return c.Passwords.List(ctx, mysafe.PasswordFilter{
			Tag: cfg.Tag.ValueString(), Name: cfg.Name.ValueString(), Username: cfg.Username.ValueString(), URL: cfg.URL.ValueString(),
		})
	},
	displayName: func(it mysafe.ListItem, _ *mysafe.Password, _ passwordListConfig) string {
		return displayNameOf(it.Name, it.Username)
	},
}
