package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// The generic item resource and kind, as passwords instantiate them.
type (
	passwordResource = itemResource[passwordModel, mysafe.Password, mysafe.PasswordUpdate]
	passwordItemKind = itemKind[passwordModel, mysafe.Password, mysafe.PasswordUpdate]
)

var (
	_ resource.Resource                   = (*passwordResource)(nil)
	_ resource.ResourceWithConfigure      = (*passwordResource)(nil)
	_ resource.ResourceWithImportState    = (*passwordResource)(nil)
	_ resource.ResourceWithIdentity       = (*passwordResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*passwordResource)(nil)
	_ resource.ResourceWithValidateConfig = (*passwordResource)(nil)
)

// NewMySafePasswordResource is the senhasegura_mysafe_password resource.
func NewMySafePasswordResource() resource.Resource {
	return &passwordResource{kind: passwordKind}
}

type passwordModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	Username  types.String `tfsdk:"username"`
	Password  types.String `tfsdk:"password"`
	URL       types.String `tfsdk:"url"`
	Notes     types.String `tfsdk:"notes"`
	SecretKey types.String `tfsdk:"secret_key"`
	Tags      types.Set    `tfsdk:"tags"`

	PasswordWO         types.String   `tfsdk:"password_wo"`
	PasswordWOVersion  types.Int64    `tfsdk:"password_wo_version"`
	SecretKeyWO        types.String   `tfsdk:"secret_key_wo"`
	SecretKeyWOVersion types.Int64    `tfsdk:"secret_key_wo_version"`
	UsersAllowed       types.Set      `tfsdk:"users_allowed"`
	GroupsAllowed      types.Set      `tfsdk:"groups_allowed"`
	DriftDetected      types.Set      `tfsdk:"drift_detected"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

var (
	passwordWO, passwordWOVersion   = writeOnlyAttrs("password", "password", stringvalidator.LengthAtLeast(1))
	secretKeyWO, secretKeyWOVersion = writeOnlyAttrs("secret_key", "TOTP seed", base32SeedValidator{})
)

var passwordKind = newItemType(&passwordItemKind{
	typeName: "_mysafe_password",
	importBy: &importLookup{what: "name", find: func(ctx context.Context, c *mysafe.Client, name string) (string, error) {
		p, err := c.Passwords.FindByName(ctx, name, "")
		if err != nil {
			return "", err
		}
		return p.ID, nil
	}},
	label: "MySafe password",
	schema: schema.Schema{
		MarkdownDescription: "A password in senhasegura MySafe, with its sharing to users and groups.\n\n" +
			"MySafe has no delete: **destroying this resource deactivates the password** (it can be re-activated " +
			"in MySafe). A password deactivated or removed outside Terraform disappears from state, and the next " +
			"plan proposes to create it again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The MySafe identifier of the password, a digit string assigned by MySafe.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the password in MySafe.",
				Validators:          []validator.String{requiredText{api: "MySafe"}},
			},
			"username": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The account's user name.",
				Validators:          []validator.String{requiredText{api: "MySafe"}},
			},
			"password": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The password. It is read back from MySafe on refresh, so a change made outside " +
					"Terraform shows in the plan. It is stored in state: to keep it out, use `password_wo` instead. " +
					"Exactly one of `password` and `password_wo` must be set.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"password_wo":           passwordWO,
			"password_wo_version":   passwordWOVersion,
			"secret_key_wo":         secretKeyWO,
			"secret_key_wo_version": secretKeyWOVersion,
			"url": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "URL of the site where the password is used.",
			},
			"notes": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Free-text notes.",
			},
			"secret_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				// secret_key_wo declares the conflict.
				MarkdownDescription: "TOTP seed from which MySafe generates one-time codes: base32 (`A`–`Z`, `2`–`7`, " +
					"`=` padding), at least 10 characters.",
				Validators: []validator.String{base32SeedValidator{}},
			},
			"tags":           tagsSchema("password"),
			"drift_detected": driftDetectedAttr("password_wo"),
		},
		Blocks: map[string]schema.Block{
			"users_allowed":  shareBlock(userKey, "user", "password"),
			"groups_allowed": shareBlock(groupKey, "group", "password"),
			"timeouts":       resourceTimeoutsBlock,
		},
	},
	toCreate:  passwordToAPI,
	toUpdate:  passwordToUpdate,
	fromGet:   passwordFromGet,
	fromWrite: passwordFromWrite,
	drift:     func(m *passwordModel) *types.Set { return &m.DriftDetected },
	secrets: []secretField[mysafe.Password, mysafe.PasswordUpdate]{
		{
			attr:      "password",
			read:      func(p *mysafe.Password) string { return p.Password },
			setCreate: func(p *mysafe.Password, v string) { p.Password = v },
			setUpdate: func(u *mysafe.PasswordUpdate, v *string) { u.Password = v },
		},
		{
			attr:      "secret_key",
			read:      func(p *mysafe.Password) string { return p.SecretKey },
			setCreate: func(p *mysafe.Password, v string) { p.SecretKey = v },
			setUpdate: func(u *mysafe.PasswordUpdate, v *string) { u.SecretKey = v },
		},
	},
	sharing: func(p *mysafe.Password) (*[]mysafe.Share, *[]mysafe.Share, []string) {
		return &p.UsersAllowed, &p.GroupsAllowed, p.SharedErrors
	},
	validateConfig: validatePasswordConfig,
	service:        func(c *mysafe.Client) itemService[mysafe.Password, mysafe.PasswordUpdate] { return c.Passwords },
	duplicates: &duplicateRule{
		what: "the same name, username and URL",
		holders: func(ctx context.Context, c *mysafe.Client, plan configAttrs) ([]string, bool, error) {
			name, ok1 := plan.str("name")
			username, ok2 := plan.str("username")
			url, ok3 := plan.str("url")
			if !ok1 || !ok2 || !ok3 {
				return nil, false, nil
			}
			items, err := c.Passwords.Holding(ctx, name, username, url)
			return idsOf(items), true, err
		},
	},
})

// validatePasswordConfig requires the password, in one of its two forms. (Both at once is
// refused by password_wo's own validator.) Configuration generated by
// `terraform plan -generate-config-out` leaves both out, so the message says how to fill in.
func validatePasswordConfig(c configAttrs, diags *diag.Diagnostics) {
	if !c.set("password") && !c.set("password_wo") {
		diags.AddAttributeError(path.Root("password"), "Missing Password",
			"Set `password` or `password_wo` (with `password_wo_version`): MySafe requires a password. "+
				"Configuration generated by `terraform plan -generate-config-out` leaves both out because they are "+
				"sensitive; `password_wo` keeps the value out of the state.")
	}
}

// passwordToAPI maps a planned password to the object sent to MySafe.
func passwordToAPI(m passwordModel) mysafe.Password {
	return mysafe.Password{
		Name: m.Name.ValueString(), Username: m.Username.ValueString(), Password: m.Password.ValueString(),
		URL: m.URL.ValueString(), Notes: m.Notes.ValueString(), SecretKey: m.SecretKey.ValueString(),
		Tags:          joinTags(tagsFromSet(m.Tags)),
		UsersAllowed:  sharesFromSet(m.UsersAllowed, userKey),
		GroupsAllowed: sharesFromSet(m.GroupsAllowed, groupKey),
	}
}

// passwordToUpdate maps plan and prior state to an update: every non-empty field and both
// sharing lists; an empty field only to clear a value the state holds (MySafe keeps what is
// left out, and a strict server could refuse a bare ""). The secrets are left to secretUpdate.
func passwordToUpdate(plan, state passwordModel) mysafe.PasswordUpdate {
	return mysafe.PasswordUpdate{
		Name:          changeOf(plan.Name, state.Name),
		Username:      changeOf(plan.Username, state.Username),
		URL:           changeOf(plan.URL, state.URL),
		Notes:         changeOf(plan.Notes, state.Notes),
		Tags:          tagsChangeOf(plan.Tags, state.Tags),
		UsersAllowed:  sharesFromSet(plan.UsersAllowed, userKey),
		GroupsAllowed: sharesFromSet(plan.GroupsAllowed, groupKey),
	}
}

// passwordState maps what every answer about a password carries; prior supplies what the
// answer cannot (write-only versions, timeouts) and the null-vs-empty shape of optional values.
func passwordState(p *mysafe.Password, prior passwordModel) passwordModel {
	return passwordModel{
		ID:            types.StringValue(p.ID),
		Name:          types.StringValue(p.Name),
		Username:      types.StringValue(p.Username),
		URL:           optString(p.URL, prior.URL),
		Notes:         optString(p.Notes, prior.Notes),
		Tags:          tagsToSet(p.Tags, prior.Tags),
		UsersAllowed:  sharesOr(p.UsersAllowed, userKey, prior.UsersAllowed),
		GroupsAllowed: sharesOr(p.GroupsAllowed, groupKey, prior.GroupsAllowed),
		Password:      prior.Password,
		SecretKey:     prior.SecretKey,

		PasswordWO:         types.StringNull(),
		PasswordWOVersion:  prior.PasswordWOVersion,
		SecretKeyWO:        types.StringNull(),
		SecretKeyWOVersion: prior.SecretKeyWOVersion,
		DriftDetected:      prior.DriftDetected,
		Timeouts:           prior.Timeouts,
	}
}

// passwordFromGet maps MySafe's GET answer to state: the truth drift is measured against,
// secrets included. A secret in writeOnly is null whatever MySafe holds.
func passwordFromGet(p *mysafe.Password, prior passwordModel, writeOnly map[string]bool) passwordModel {
	m := passwordState(p, prior)
	m.Password = types.StringValue(p.Password)
	m.SecretKey = optString(p.SecretKey, prior.SecretKey)
	return passwordSecretsHidden(m, writeOnly)
}

// passwordFromWrite maps the answer to a create or update: it carries neither the password
// nor the secret_key, and what else it leaves out keeps the plan's value.
func passwordFromWrite(p *mysafe.Password, plan passwordModel, writeOnly map[string]bool) passwordModel {
	m := passwordState(p, plan)
	m.ID, m.Name, m.Username = echoed(p.ID, plan.ID), echoed(p.Name, plan.Name), echoed(p.Username, plan.Username)
	m.URL, m.Notes, m.Tags = echoed(p.URL, plan.URL), echoed(p.Notes, plan.Notes), echoedTags(p.Tags, plan.Tags)
	return passwordSecretsHidden(m, writeOnly)
}

func passwordSecretsHidden(m passwordModel, writeOnly map[string]bool) passwordModel {
	if writeOnly["password"] {
		m.Password = types.StringNull()
	}
	if writeOnly["secret_key"] {
		m.SecretKey = types.StringNull()
	}
	return m
}

// identifier and secretValues make passwordModel an itemModel.
func (m passwordModel) identifier() types.String { return m.ID }

func (m passwordModel) secretValues() []string {
	return []string{m.Password.ValueString(), m.SecretKey.ValueString()}
}

func (m passwordModel) timeouts() timeouts.Value { return m.Timeouts }

func (m passwordModel) secret(attr string) (types.String, types.Int64) {
	if attr == "secret_key" {
		return m.SecretKey, m.SecretKeyWOVersion
	}
	return m.Password, m.PasswordWOVersion
}
