package provider

import (
	"context"

	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// The generic list resource and kind, as API secrets instantiate them.
type (
	apiSecretList             = itemList[apiSecretListConfig, apiSecretModel, mysafe.APISecret, mysafe.APISecretUpdate]
	apiSecretListResourceKind = itemListKind[apiSecretListConfig, apiSecretModel, mysafe.APISecret, mysafe.APISecretUpdate]
)

var _ list.ListResourceWithConfigure = (*apiSecretList)(nil)

// NewMySafeAPISecretListResource is the senhasegura_mysafe_api_secret list resource.
func NewMySafeAPISecretListResource() list.ListResource {
	return &apiSecretList{kind: apiSecretListKind}
}

type apiSecretListConfig struct {
	Tag            types.String       `tfsdk:"tag"`
	IdentifierCode types.String       `tfsdk:"identifier_code"`
	Timeouts       listtimeouts.Value `tfsdk:"timeouts"`
}

var apiSecretListKind = &apiSecretListResourceKind{
	item: apiSecretKind,
	schema: listschema.Schema{
		MarkdownDescription: "Lists the active MySafe API secrets the access key's user can see, for `terraform query` " +
			"(Terraform 1.14+): each with its identity and a display name (name and identifier_code), and with " +
			"`include_resource` the resource object. **No secret is listed**: `client_secret` stays null, as in an " +
			"import with `write_only_import`. MySafe's list carries no identifier_code, so each listed API secret is " +
			"read once (one GET) for its display name.",
		Attributes: map[string]listschema.Attribute{
			"tag":             listschema.StringAttribute{Optional: true, MarkdownDescription: "Only API secrets with this tag."},
			"identifier_code": listschema.StringAttribute{Optional: true, MarkdownDescription: "Only the API secret with this identifier code."},
		},
		Blocks: map[string]listschema.Block{"timeouts": listTimeoutsBlock},
	},
	list: func(ctx context.Context, c *mysafe.Client, cfg apiSecretListConfig) ([]mysafe.ListItem, error) {
		return c.APISecrets.List(ctx, mysafe.APISecretFilter{Tag: cfg.Tag.ValueString(), IdentifierCode: cfg.IdentifierCode.ValueString()})
	},
	getForName: true,
	displayName: func(it mysafe.ListItem, full *mysafe.APISecret, _ apiSecretListConfig) string {
		if full == nil {
			return it.Name
		}
		return displayNameOf(it.Name, full.IdentifierCode)
	},
}
