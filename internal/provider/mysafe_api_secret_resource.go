package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// The generic item resource and kind, as API secrets instantiate them.
type (
	apiSecretResource = itemResource[apiSecretModel, mysafe.APISecret, mysafe.APISecretUpdate]
	apiSecretItemKind = itemKind[apiSecretModel, mysafe.APISecret, mysafe.APISecretUpdate]
)

var (
	_ resource.Resource                = (*apiSecretResource)(nil)
	_ resource.ResourceWithConfigure   = (*apiSecretResource)(nil)
	_ resource.ResourceWithImportState = (*apiSecretResource)(nil)
	_ resource.ResourceWithIdentity    = (*apiSecretResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*apiSecretResource)(nil)
)

// NewMySafeAPISecretResource is the senhasegura_mysafe_api_secret resource.
func NewMySafeAPISecretResource() resource.Resource {
	return &apiSecretResource{kind: apiSecretKind}
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

	ClientSecretWO        types.String   `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64    `tfsdk:"client_secret_wo_version"`
	UsersAllowed          types.Set      `tfsdk:"users_allowed"`
	GroupsAllowed         types.Set      `tfsdk:"groups_allowed"`
	DriftDetected         types.Set      `tfsdk:"drift_detected"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

var clientSecretWO, clientSecretWOVersion = writeOnlyAttrs("client_secret", "client secret")

var apiSecretKind = newItemType(&apiSecretItemKind{
	typeName: "_mysafe_api_secret",
	label:    "MySafe API secret",
	twinKey:  "identifier_code",
	importBy: &importLookup{what: "identifier_code", find: func(ctx context.Context, c *mysafe.Client, code string) (string, error) {
		a, err := c.APISecrets.GetByIdentifierCode(ctx, code)
		if err != nil {
			return "", err
		}
		return a.ID, nil
	}},
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
				Validators:          []validator.String{requiredText{api: "MySafe"}},
			},
			"url": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "URL of the service where the API secret is used.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Client ID of the application.",
				Validators:          []validator.String{requiredText{api: "MySafe"}},
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
			"tags":           tagsSchema("API secret"),
			"drift_detected": driftDetectedAttr("client_secret_wo"),
		},
		Blocks: map[string]schema.Block{
			"users_allowed":  shareBlock(userKey, "user", "API secret"),
			"groups_allowed": shareBlock(groupKey, "group", "API secret"),
			"timeouts":       resourceTimeoutsBlock,
		},
	},
	toCreate:  apiSecretToAPI,
	toUpdate:  apiSecretToUpdate,
	fromGet:   apiSecretFromGet,
	fromWrite: apiSecretFromWrite,
	drift:     func(m *apiSecretModel) *types.Set { return &m.DriftDetected },
	secrets: []secretField[mysafe.APISecret, mysafe.APISecretUpdate]{{
		attr:      "client_secret",
		read:      func(a *mysafe.APISecret) string { return a.ClientSecret },
		setCreate: func(a *mysafe.APISecret, v string) { a.ClientSecret = v },
		setUpdate: func(u *mysafe.APISecretUpdate, v *string) { u.ClientSecret = v },
	}},
	sharing: func(a *mysafe.APISecret) (*[]mysafe.Share, *[]mysafe.Share, []string) {
		return &a.UsersAllowed, &a.GroupsAllowed, a.SharedErrors
	},
	service: func(c *mysafe.Client) itemService[mysafe.APISecret, mysafe.APISecretUpdate] { return c.APISecrets },
	// MySafe refuses a second identifier_code anyway; the plan says so first. API secret lists
	// carry no identifier_code (quirk Q11): the list filtered by it, and its candidates only, are
	// read.
	duplicates: &duplicateRule{
		what: "the same identifier_code",
		holders: func(ctx context.Context, c *mysafe.Client, plan configAttrs) ([]string, bool, error) {
			code, known := plan.str("identifier_code")
			if !known || code == "" {
				return nil, false, nil
			}
			ids, err := c.APISecrets.Holding(ctx, code)
			return ids, true, err
		},
	},
})

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

// apiSecretToUpdate maps plan and prior state to an update, as passwordToUpdate does.
func apiSecretToUpdate(plan, state apiSecretModel) mysafe.APISecretUpdate {
	return mysafe.APISecretUpdate{
		Name:           changeOf(plan.Name, state.Name),
		URL:            changeOf(plan.URL, state.URL),
		ClientID:       changeOf(plan.ClientID, state.ClientID),
		IdentifierCode: changeOf(plan.IdentifierCode, state.IdentifierCode),
		Method:         changeOf(plan.Method, state.Method),
		Notes:          changeOf(plan.Notes, state.Notes),
		Tags:           tagsChangeOf(plan.Tags, state.Tags),
		UsersAllowed:   sharesFromSet(plan.UsersAllowed, userKey),
		GroupsAllowed:  sharesFromSet(plan.GroupsAllowed, groupKey),
	}
}

// apiSecretState maps what every answer about an API secret carries; prior supplies what the
// answer cannot and the null-vs-empty shape of optional values.
func apiSecretState(a *mysafe.APISecret, prior apiSecretModel) apiSecretModel {
	return apiSecretModel{
		ClientSecretWO:        types.StringNull(),
		ClientSecretWOVersion: prior.ClientSecretWOVersion,
		ID:                    types.StringValue(a.ID),
		Name:                  types.StringValue(a.Name),
		URL:                   types.StringValue(a.URL),
		ClientID:              types.StringValue(a.ClientID),
		ClientSecret:          prior.ClientSecret,
		IdentifierCode:        optString(a.IdentifierCode, prior.IdentifierCode),
		Method:                optString(a.Method, prior.Method),
		Notes:                 optString(a.Notes, prior.Notes),
		Tags:                  tagsToSet(a.Tags, prior.Tags),
		UsersAllowed:          sharesOr(a.UsersAllowed, userKey, prior.UsersAllowed),
		GroupsAllowed:         sharesOr(a.GroupsAllowed, groupKey, prior.GroupsAllowed),
		DriftDetected:         prior.DriftDetected,
		Timeouts:              prior.Timeouts,
	}
}

// apiSecretFromGet maps MySafe's GET answer to state, the client secret included unless it
// is managed write-only.
func apiSecretFromGet(a *mysafe.APISecret, prior apiSecretModel, writeOnly map[string]bool) apiSecretModel {
	m := apiSecretState(a, prior)
	m.ClientSecret = optString(a.ClientSecret, prior.ClientSecret)
	return apiSecretSecretsHidden(m, writeOnly)
}

// apiSecretFromWrite maps the answer to a create or update: what it leaves out keeps the
// plan's value.
func apiSecretFromWrite(a *mysafe.APISecret, plan apiSecretModel, writeOnly map[string]bool) apiSecretModel {
	m := apiSecretState(a, plan)
	m.ID, m.Name, m.URL, m.ClientID = echoed(a.ID, plan.ID), echoed(a.Name, plan.Name), echoed(a.URL, plan.URL), echoed(a.ClientID, plan.ClientID)
	m.IdentifierCode, m.Method, m.Notes = echoed(a.IdentifierCode, plan.IdentifierCode), echoed(a.Method, plan.Method), echoed(a.Notes, plan.Notes)
	m.Tags = echoedTags(a.Tags, plan.Tags)
	return apiSecretSecretsHidden(m, writeOnly)
}

func apiSecretSecretsHidden(m apiSecretModel, writeOnly map[string]bool) apiSecretModel {
	if writeOnly["client_secret"] {
		m.ClientSecret = types.StringNull()
	}
	return m
}

// identifier and secretValues make apiSecretModel an itemModel.
func (m apiSecretModel) identifier() types.String { return m.ID }

func (m apiSecretModel) secretValues() []string { return []string{m.ClientSecret.ValueString()} }

func (m apiSecretModel) timeouts() timeouts.Value { return m.Timeouts }

func (m apiSecretModel) secret(string) (types.String, types.Int64) {
	return m.ClientSecret, m.ClientSecretWOVersion
}
