package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

var (
	_ resource.Resource                = (*itemResource[apiSecretModel, mysafe.APISecret])(nil)
	_ resource.ResourceWithConfigure   = (*itemResource[apiSecretModel, mysafe.APISecret])(nil)
	_ resource.ResourceWithImportState = (*itemResource[apiSecretModel, mysafe.APISecret])(nil)
)

// NewMySafeAPISecretResource is the senhasegura_mysafe_api_secret resource.
func NewMySafeAPISecretResource() resource.Resource {
	return &itemResource[apiSecretModel, mysafe.APISecret]{kind: apiSecretKind}
}

type apiSecretModel struct {
	ID             types.String `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	URL            types.String `tfsdk:"url"`
	ClientID       types.String `tfsdk:"client_id"`
	ClientSecret   types.String `tfsdk:"client_secret"`
	IdentifierCode types.String `tfsdk:"identifier_code"`
	Method         types.String `tfsdk:"method"`
	Notes          types.String `tfsdk:"notes"`
	Tags           types.Set    `tfsdk:"tags"`

	ClientSecretWO        types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64  `tfsdk:"client_secret_wo_version"`
	UsersAllowed          types.Set    `tfsdk:"users_allowed"`
	GroupsAllowed         types.Set    `tfsdk:"groups_allowed"`
}

var clientSecretWO, clientSecretWOVersion = writeOnlyAttrs("client_secret", "client secret")

var apiSecretKind = &itemKind[apiSecretModel, mysafe.APISecret]{
	typeName: "_mysafe_api_secret",
	label:    "MySafe API secret",
	schema: schema.Schema{
		MarkdownDescription: "An API secret (OAuth client credentials of another service) in senhasegura MySafe, " +
			"with its sharing to users and groups.\n\n" +
			"MySafe has no delete: **destroying this resource deactivates the API secret**. An API secret deactivated " +
			"or removed outside Terraform disappears from state, and the next plan proposes to create it again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The MySafe identifier of the API secret, a digit string assigned by MySafe " +
					"(not the same thing as `identifier_code`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the API secret in MySafe.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"url": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "URL of the service where the API secret is used.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Client ID of the application.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_secret": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The secret used to authenticate the application. It is read back from MySafe on " +
					"refresh, so a change made outside Terraform shows in the plan. It is stored in state: to keep it " +
					"out, use `client_secret_wo` instead.",
			},
			"client_secret_wo":         clientSecretWO,
			"client_secret_wo_version": clientSecretWOVersion,
			"identifier_code": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Your own code for the API secret, unique among the API secrets of the access key's " +
					"user (MySafe answers error 1001 otherwise).",
			},
			"method": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "HTTP method used in the API call, free text (e.g. `get`).",
			},
			"notes": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Free-text notes.",
			},
			"tags": tagsSchema("API secret"),
		},
		Blocks: map[string]schema.Block{
			"users_allowed":  shareBlock(userKey, "user", "API secret"),
			"groups_allowed": shareBlock(groupKey, "group", "API secret"),
		},
	},
	toAPI:   apiSecretToAPI,
	fromAPI: apiSecretFromAPI,
	writeOnly: func(ctx context.Context, cfg tfsdk.Config, a *mysafe.APISecret) diag.Diagnostics {
		var diags diag.Diagnostics
		if v, ok := writeOnlyString(ctx, cfg, "client_secret_wo", &diags); ok {
			a.ClientSecret = v
		}
		return diags
	},
	apiSecrets:   func(a *mysafe.APISecret) []string { return []string{a.ClientSecret} },
	id:           func(m apiSecretModel) types.String { return m.ID },
	secrets:      func(m apiSecretModel) []string { return []string{m.ClientSecret.ValueString()} },
	sharedErrors: func(a *mysafe.APISecret) []string { return a.SharedErrors },
	create: func(ctx context.Context, c *mysafe.Client, a mysafe.APISecret) (*mysafe.APISecret, error) {
		return c.CreateAPISecret(ctx, a)
	},
	get: func(ctx context.Context, c *mysafe.Client, id string) (*mysafe.APISecret, error) {
		return c.GetAPISecret(ctx, id)
	},
	update: func(ctx context.Context, c *mysafe.Client, id string, desired, current mysafe.APISecret) (*mysafe.APISecret, error) {
		return c.UpdateAPISecret(ctx, id, desired, &current)
	},
	deactivate: func(ctx context.Context, c *mysafe.Client, id string) error {
		return c.DeactivateAPISecret(ctx, id)
	},
}

// apiSecretToAPI maps a planned API secret to the object sent to MySafe.
func apiSecretToAPI(m apiSecretModel) mysafe.APISecret {
	return mysafe.APISecret{
		Name: m.Name.ValueString(), URL: m.URL.ValueString(), ClientID: m.ClientID.ValueString(),
		ClientSecret: m.ClientSecret.ValueString(), IdentifierCode: m.IdentifierCode.ValueString(),
		Method: m.Method.ValueString(), Notes: m.Notes.ValueString(),
		Tags:          joinTags(tagsFromSet(m.Tags)),
		UsersAllowed:  sharesFromSet(m.UsersAllowed, userKey),
		GroupsAllowed: sharesFromSet(m.GroupsAllowed, groupKey),
	}
}

// apiSecretFromAPI maps MySafe's API secret to state. full marks a GET answer, the truth that
// drift is measured against; what a create/update answer leaves out keeps the plan's value.
// prior keeps the null-vs-empty shape, and in write-only mode the client secret MySafe
// echoes is never stored.
func apiSecretFromAPI(a *mysafe.APISecret, prior apiSecretModel, full bool) apiSecretModel {
	m := apiSecretFromAnswer(a, prior)
	if !full {
		m.ID, m.Name, m.URL, m.ClientID = echoed(a.ID, prior.ID), echoed(a.Name, prior.Name), echoed(a.URL, prior.URL), echoed(a.ClientID, prior.ClientID)
		m.IdentifierCode, m.Method, m.Notes = echoed(a.IdentifierCode, prior.IdentifierCode), echoed(a.Method, prior.Method), echoed(a.Notes, prior.Notes)
		m.Tags = echoedTags(a.Tags, prior.Tags)
		if !writeOnlyMode(prior.ClientSecretWOVersion) {
			m.ClientSecret = echoed(a.ClientSecret, prior.ClientSecret)
		}
	}
	return m
}

func apiSecretFromAnswer(a *mysafe.APISecret, prior apiSecretModel) apiSecretModel {
	clientSecret := optString(a.ClientSecret, prior.ClientSecret)
	if writeOnlyMode(prior.ClientSecretWOVersion) {
		clientSecret = types.StringNull()
	}
	return apiSecretModel{
		ClientSecretWO:        types.StringNull(),
		ClientSecretWOVersion: prior.ClientSecretWOVersion,
		ID:                    types.StringValue(a.ID),
		Name:                  types.StringValue(a.Name),
		URL:                   types.StringValue(a.URL),
		ClientID:              types.StringValue(a.ClientID),
		ClientSecret:          clientSecret,
		IdentifierCode:        optString(a.IdentifierCode, prior.IdentifierCode),
		Method:                optString(a.Method, prior.Method),
		Notes:                 optString(a.Notes, prior.Notes),
		Tags:                  tagsToSet(a.Tags, prior.Tags),
		UsersAllowed:          sharesOr(a.UsersAllowed, userKey, prior.UsersAllowed),
		GroupsAllowed:         sharesOr(a.GroupsAllowed, groupKey, prior.GroupsAllowed),
	}
}
