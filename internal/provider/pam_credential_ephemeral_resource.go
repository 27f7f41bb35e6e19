package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	ephtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure = (*pamCredentialEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*pamCredentialEphemeralResource)(nil)
)

// NewPAMCredentialEphemeralResource is the senhasegura_pam_credential ephemeral resource.
func NewPAMCredentialEphemeralResource() ephemeral.EphemeralResource {
	return &pamCredentialEphemeralResource{}
}

type pamCredentialEphemeralResource struct{ data *providerData }

type pamCredentialEphemeralModel struct {
	ID         types.String      `tfsdk:"id"`
	Identifier types.String      `tfsdk:"identifier"`
	Username   types.String      `tfsdk:"username"`
	Hostname   types.String      `tfsdk:"hostname"`
	IP         types.String      `tfsdk:"ip"`
	Password   types.String      `tfsdk:"password"`
	Additional types.String      `tfsdk:"additional_info"`
	Domain     types.String      `tfsdk:"domain"`
	Expiration types.String      `tfsdk:"expiration_time"`
	Timeouts   ephtimeouts.Value `tfsdk:"timeouts"`
}

// privateCustodyKey keeps, between Open and Close, the id of the credential whose custody Open
// took.
const privateCustodyKey = "custody"

func (e *pamCredentialEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pam_credential"
}

func (e *pamCredentialEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Checks out the password of a PAM Core credential, by its id or its identifier, for a provider " +
			"block or a write-only attribute, without storing it (Terraform 1.10+).\n\n" +
			"**Side effects, as for any password view in PAM Core**: the view is audited; it **takes custody** of the " +
			"credential for the A2A authorization (under a policy without simultaneous viewing, nobody else can withdraw the " +
			"password meanwhile); and under a policy's *expiration time by view* senhasegura **rotates the password** some time " +
			"after it. The provider releases the custody when Terraform closes the ephemeral resource, at the end of the run, " +
			"failed runs included.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The PAM Core id of the credential. Exactly one of `id` and `identifier` must be set.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(identifierPattern, "must be a PAM Core id (digits)"),
					stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("identifier")),
				},
			},
			"identifier": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The credential's identifier (resolved through the credential list, which reads no password).",
				Validators:          []validator.String{stringvalidator.RegexMatches(credentialIdentifierPattern, "may hold only letters, digits, _, - and .")},
			},
			"username":        computed("The account's user name."),
			"hostname":        computed("Hostname of the credential's device."),
			"ip":              computed("IP of the credential's device."),
			"password":        schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The password, as PAM Core holds it now."},
			"additional_info": computed("Additional information."),
			"domain":          computed("Domain of the credential."),
			"expiration_time": computed("When the password expires (ISO 8601), as PAM Core says."),
		},
		Blocks: map[string]schema.Block{"timeouts": pamEphemeralTimeouts},
	}
}

func (e *pamCredentialEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Open views the password (GET /pam/credential/{id}), which takes custody, and keeps the id
// for Close. A failure after the view releases the custody at once.
func (e *pamCredentialEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config pamCredentialEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !pamReady(e.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := ephemeralDeadline(e.data.withMasks(ctx), config.Timeouts, &resp.Diagnostics)
	defer cancel()
	call := lookupCall(pamAPI, "Error Reading PAM Core Credential", pamCredentialLabel)
	id := config.ID.ValueString()
	if id == "" {
		it, err := e.data.pam.Credentials.FindByIdentifier(ctx, config.Identifier.ValueString())
		if err != nil {
			addClientError(ctx, &resp.Diagnostics, call.bounded(deadline, pamCredentialLabel+" "+config.Identifier.ValueString()), err)
			return
		}
		id = it.ID
	}
	v, err := e.data.pam.Credentials.View(ctx, id)
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, call.bounded(deadline, pamCredentialLabel+" "+id), err)
		// PAM Core may have granted custody with an answer that was lost or unreadable; an
		// answer with PAM Core's code (1007, 1008, 1009) says it granted none.
		if apiErr, ok := senhasegura.AsError(err); !ok || apiErr.Code == 0 {
			_ = e.release(ctx, id)
		}
		return
	}
	ctx = e.data.withMasks(ctx, v.Password)
	if e.data.revealer != nil {
		// An A2A authorization with encryption returns the password as RSA-OAEP ciphertext: the
		// provider's decryption key reveals it, and a value that looks encrypted without one is
		// refused, never passed on as the password.
		plain, err := e.data.revealer.Reveal(pamCredentialLabel+" "+id, "password", v.Password)
		if err != nil {
			resp.Diagnostics.AddError("Error Reading PAM Core Credential",
				fmt.Sprintf("The A2A authorization encrypts passwords, and the provider cannot decrypt this one: set "+
					"decryption_private_key to that authorization's private key. %s", capitalize(senhasegura.Redact(ctx, err.Error()))))
			_ = e.release(ctx, id)
			return
		}
		v.Password = plain
		ctx = e.data.withMasks(ctx, v.Password)
	}
	config.ID, config.Identifier = types.StringValue(v.ID), types.StringValue(v.Identifier)
	config.Username, config.Hostname, config.IP = types.StringValue(v.Username), types.StringValue(v.Hostname), types.StringValue(v.IP)
	config.Password, config.Additional = types.StringValue(v.Password), types.StringValue(v.Additional)
	config.Domain, config.Expiration = types.StringValue(v.Domain), types.StringValue(v.Expiration)
	held, _ := json.Marshal(id) // private state values are JSON
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateCustodyKey, held)...)
	resp.Diagnostics.Append(resp.Result.Set(ctx, config)...)
	if resp.Diagnostics.HasError() {
		if err := e.release(ctx, id); err != nil {
			addClientError(ctx, &resp.Diagnostics, itemCall(pamAPI, "Error Releasing PAM Core Custody", pamCredentialLabel+" "+id), err)
		}
	}
}

// Close releases the custody Open took (DELETE /pam/credential/custody/{id}).
func (e *pamCredentialEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, privateCustodyKey)
	resp.Diagnostics.Append(diags...)
	var id string
	if len(raw) == 0 || json.Unmarshal(raw, &id) != nil || e.data == nil || e.data.pam == nil {
		return
	}
	if err := e.release(ctx, id); err != nil {
		addClientError(ctx, &resp.Diagnostics, itemCall(pamAPI, "Error Releasing PAM Core Custody", pamCredentialLabel+" "+id), err)
	}
}

// release gives the custody of credential id back, on a context of its own: the run may be
// ending (a failure, an interrupt), and the custody must not outlive it.
func (e *pamCredentialEphemeralResource) release(ctx context.Context, id string) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(e.data.withMasks(ctx)), defaultLookupTimeout)
	defer cancel()
	err := e.data.pam.Credentials.ReleaseCustody(rctx, id)
	if errors.Is(err, pam.ErrNotInCustody) {
		tflog.Debug(ctx, "PAM Core custody was already released", map[string]any{"id": id})
		return nil
	}
	return err
}
