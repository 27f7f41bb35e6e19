package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// familyRegistration is what one API family brings to the provider, listed in its own
// <family>_registration.go: its registry types, and how its client is built on the core.
type familyRegistration struct {
	resources          []func() resource.Resource
	dataSources        []func() datasource.DataSource
	ephemeralResources []func() ephemeral.EphemeralResource
	listResources      []func() list.ListResource
	// configure builds the family's client on core (the client of the provider's credentials,
	// client_id) and puts it, with the settings only the family reads, into data. It checks the
	// credentials it is the first to use with a token request (MySafe those of client_id, PAM
	// Core its own when pam_client_id is set), and adds a diagnostic when it cannot.
	configure func(ctx context.Context, core *senhasegura.Client, rc resolvedConfig, data *providerData, diags *diag.Diagnostics)
}
