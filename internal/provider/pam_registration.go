package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// pamRegistration is PAM Core in the provider: its devices and credentials, and its client,
// on the core or on credentials of its own (pam_client_id).
var pamRegistration = familyRegistration{
	resources:          []func() resource.Resource{NewPAMDeviceResource, NewPAMCredentialResource},
	dataSources:        []func() datasource.DataSource{NewPAMDeviceDataSource, NewPAMCredentialDataSource},
	ephemeralResources: []func() ephemeral.EphemeralResource{NewPAMCredentialEphemeralResource},
	listResources:      []func() list.ListResource{NewPAMDeviceListResource, NewPAMCredentialListResource},
	configure:          configurePAM,
}

// configurePAM builds PAM Core's client on the same instance: with its own credentials when
// they are set (an A2A authorization, quirk P16 of internal/pam), checked now with a token
// request, otherwise on core, whose credentials are client_id's; either way with one bound on
// the requests in flight to the instance.
func configurePAM(ctx context.Context, core *senhasegura.Client, rc resolvedConfig, data *providerData, diags *diag.Diagnostics) {
	pamCore := core
	if rc.pamClientID != "" {
		var err error
		if pamCore, err = core.WithCredentials(rc.pamClientID, rc.pamClientSecret, rc.client.TokenURL); err != nil {
			addClientError(ctx, diags, clientCall{api: pamAPI, kind: callBuild}, err)
			return
		}
		tflog.Debug(ctx, "Authenticating to PAM Core", map[string]any{"url": core.BaseURL(), "client_id": rc.pamClientID})
		if err := pamCore.Authenticate(ctx); err != nil {
			addClientError(ctx, diags, clientCall{api: pamAPI, kind: callAuth, subject: core.BaseURL(), clientID: rc.pamClientID,
				secretAttr: "pam_client_secret"}, err)
			return
		}
	}
	data.pam = pam.On(pamCore, rc.pamPrefix)
}
