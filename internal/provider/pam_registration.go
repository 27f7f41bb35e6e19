package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// Environment variables of PAM Core's own settings.
const (
	EnvPAMClientID     = "SENHASEGURA_PAM_CLIENT_ID"
	EnvPAMClientSecret = "SENHASEGURA_PAM_CLIENT_SECRET"
	EnvPAMPathPrefix   = "SENHASEGURA_PAM_PATH_PREFIX"
)

// pamRegistration is PAM Core in the provider: its devices and credentials, its settings, and
// its client, on the core or on credentials of its own (pam_client_id).
var pamRegistration = familyRegistration{
	resources:          []func() resource.Resource{NewPAMDeviceResource, NewPAMCredentialResource},
	dataSources:        []func() datasource.DataSource{NewPAMDeviceDataSource, NewPAMCredentialDataSource},
	ephemeralResources: []func() ephemeral.EphemeralResource{NewPAMCredentialEphemeralResource},
	listResources:      []func() list.ListResource{NewPAMDeviceListResource, NewPAMCredentialListResource},
	settings: []familySetting{
		{"pam_client_id", EnvPAMClientID, schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Client ID of an A2A authorization for PAM Core (A2A → Applications → Authorizations; the " +
				"authorization needs PAM Core with *Read and write*), when PAM Core is reached with other credentials than " +
				"`client_id`. Without it, PAM Core uses `client_id` and `client_secret`; with it (and `pam_client_secret`), a " +
				"configuration without MySafe may leave `client_id` out. May also be set with `" + EnvPAMClientID + "`.",
		}},
		{"pam_client_secret", EnvPAMClientSecret, schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "Client secret of that A2A authorization; set together with `pam_client_id`. May also be " +
				"set with `" + EnvPAMClientSecret + "`, which keeps it out of the configuration.",
		}},
		{"pam_path_prefix", EnvPAMPathPrefix, schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path prefix of the PAM Core API: `/iso` (every version) or `/api` (3.33 and later). " +
				"Default `" + pam.DefaultPathPrefix + "`. May also be set with `" + EnvPAMPathPrefix + "`.",
			Validators: []validator.String{stringvalidator.OneOf("/api", "/iso")},
		}},
	},
	checkSettings:  checkPAMSettings,
	ownCredentials: &credentialSettings{id: "pam_client_id", secret: "pam_client_secret"},
	configure:      configurePAM,
}

// checkPAMSettings: PAM Core's own credentials both or neither, and a path prefix PAM Core
// serves (the environment variable gets the attribute's check).
func checkPAMSettings(in settingInputs, diags *diag.Diagnostics) {
	id, secret := strings.TrimSpace(in.text("pam_client_id")), in.text("pam_client_secret")
	if (id == "") != (secret == "") {
		missing := "pam_client_secret"
		if id == "" {
			missing = "pam_client_id"
		}
		diags.AddAttributeError(path.Root(missing), "Incomplete PAM Core Credentials",
			fmt.Sprintf("PAM Core's own credentials need both pam_client_id and pam_client_secret (or %s and %s), the client ID "+
				"and secret of an A2A authorization. Set both, or neither: PAM Core then uses client_id and client_secret.", EnvPAMClientID, EnvPAMClientSecret))
	}
	if v := in["pam_path_prefix"]; v.set && v.text != "/api" && v.text != "/iso" {
		diags.AddAttributeError(path.Root(v.name), "Invalid PAM Path Prefix",
			fmt.Sprintf("%s is %q; it must be \"/iso\" (every version, the default) or \"/api\" (3.33 and later).", v.source(), v.text))
	}
}

// configurePAM builds PAM Core's client on the same instance: with its own credentials when
// they are set (an A2A authorization, quirk P16 of internal/pam), checked now with a token
// request, otherwise on core, whose credentials are client_id's; either way with one bound on
// the requests in flight to the instance. Without either, PAM Core has no client: its types say
// which settings they need.
func configurePAM(ctx context.Context, core *senhasegura.Client, rc resolvedConfig, data *providerData, diags *diag.Diagnostics) {
	id, secret := strings.TrimSpace(rc.inputs.text("pam_client_id")), rc.inputs.text("pam_client_secret")
	pamCore := core
	switch {
	case id == "" && !rc.baseCredentials:
		return
	case id != "":
		if id != rc.client.ClientID || secret != rc.client.ClientSecret {
			// (The core holds these very credentials when client_id is not set: one token.)
			var err error
			if pamCore, err = core.WithCredentials(id, secret, rc.client.TokenURL); err != nil {
				addClientError(ctx, diags, clientCall{api: pamAPI, kind: callBuild}, err)
				return
			}
		}
		tflog.Debug(ctx, "Authenticating to PAM Core", map[string]any{"url": core.BaseURL(), "client_id": id})
		if err := pamCore.Authenticate(ctx); err != nil {
			addClientError(ctx, diags, clientCall{api: pamAPI, kind: callAuth, subject: core.BaseURL(), clientID: id,
				secretAttr: "pam_client_secret"}, err)
			return
		}
	}
	data.pam = pam.On(pamCore, rc.inputs.text("pam_path_prefix"))
}
