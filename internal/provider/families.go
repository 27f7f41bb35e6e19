package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// familyRegistration is what one API family brings to the provider, listed in its own
// <family>_registration.go: its registry types, its provider settings, and how its client is
// built on the core.
type familyRegistration struct {
	resources          []func() resource.Resource
	dataSources        []func() datasource.DataSource
	ephemeralResources []func() ephemeral.EphemeralResource
	listResources      []func() list.ListResource
	// settings are the provider attributes only this family reads (its own credentials, its
	// paths, its keys): the provider schema has them beside the shared ones, resolveConfig
	// reads each by the rule of every setting (the attribute, else its environment variable),
	// and the configuration's log lines mask those that are sensitive.
	settings []familySetting
	// checkSettings checks the family's settings once resolved (pairs that go together, allowed
	// values of an environment variable), with diagnostics on their attributes, so that a bad
	// setting fails the plan before any request; nil when there is nothing to check.
	checkSettings func(in settingInputs, diags *diag.Diagnostics)
	// ownCredentials names the family's own client ID and client secret settings, when it has
	// any (PAM Core's pam_client_id, DSM's dsm_client_id): with both set, the family needs
	// neither client_id nor client_secret, and a configuration of such families alone may
	// leave them out.
	ownCredentials *credentialSettings
	// configure builds the family's client on core and puts it, with the settings only the
	// family reads (rc.inputs), into data. core holds the provider's credentials: client_id's
	// when they are set (rc.baseCredentials), otherwise the first family's own (ownCredentials).
	// It checks the credentials it is the first to use with a token request (MySafe those of
	// client_id, a family its own when they are set), and adds a diagnostic when it cannot. A
	// family whose credentials are not set leaves its client nil: its types then say which
	// settings they need (addCredentialsNotSet).
	configure func(ctx context.Context, core *senhasegura.Client, rc resolvedConfig, data *providerData, diags *diag.Diagnostics)
}

// familySetting is one provider attribute a family brings: its name, its environment variable
// and its schema.
type familySetting struct {
	name, env string
	attribute schema.Attribute
}

// credentialSettings name a family's own client ID and client secret settings.
type credentialSettings struct {
	id, secret string
}

// own are the family's own credentials as configured ("" when not set).
func (c *credentialSettings) own(in settingInputs) (id, secret string) {
	if c == nil {
		return "", ""
	}
	return in.text(c.id), in.text(c.secret)
}
