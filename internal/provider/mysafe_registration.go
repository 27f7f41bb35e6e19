package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// mysafeRegistration is MySafe in the provider: its passwords, API secrets and secure notes,
// and its client, which is the core's own (the provider's client_id and client_secret are a
// MySafe access key).
var mysafeRegistration = familyRegistration{
	resources: []func() resource.Resource{
		NewMySafePasswordResource, NewMySafeAPISecretResource, NewMySafeNoteResource,
	},
	dataSources: []func() datasource.DataSource{
		NewMySafePasswordDataSource, NewMySafeAPISecretDataSource,
		NewMySafePasswordsDataSource, NewMySafeAPISecretsDataSource,
		NewMySafeNoteDataSource, NewMySafeNotesDataSource,
	},
	ephemeralResources: []func() ephemeral.EphemeralResource{
		NewMySafePasswordEphemeralResource, NewMySafeAPISecretEphemeralResource, NewMySafeNoteEphemeralResource,
	},
	listResources: []func() list.ListResource{
		NewMySafePasswordListResource, NewMySafeAPISecretListResource, NewMySafeNoteListResource,
	},
	configure: configureMySafe,
}

// configureMySafe checks the provider's credentials, a MySafe access key, with a token request
// (wrong credentials or a wrong URL fail at plan time), and builds MySafe's client on core.
// Without client_id (a configuration of other families' credentials alone), MySafe has no
// client: its types say which settings they need.
func configureMySafe(ctx context.Context, core *senhasegura.Client, rc resolvedConfig, data *providerData, diags *diag.Diagnostics) {
	data.mysafeSettings.writeOnlyImport, data.mysafeSettings.duplicateCheck = rc.writeOnlyImport, rc.duplicateCheck
	if !rc.baseCredentials {
		return
	}
	tflog.Debug(ctx, "Authenticating to senhasegura", map[string]any{"url": core.BaseURL(), "client_id": rc.client.ClientID})
	if err := core.Authenticate(ctx); err != nil {
		addClientError(ctx, diags, clientCall{api: mysafeAPI, kind: callAuth, subject: core.BaseURL(), clientID: rc.client.ClientID}, err)
		return
	}
	data.mysafe = mysafe.On(core)
}
