package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// providerData is what resources, data sources and ephemeral resources receive from
// Configure: the API families' clients, on one core (one instance, one bound on the requests
// in flight), and what every log line must mask. A family's client is nil when the provider
// has no credentials for it (addCredentialsNotSet).
type providerData struct {
	mysafe *mysafe.Client
	pam    *pam.Client
	dsm    *dsm.Client
	// dsmSettings are the provider settings only DSM's types read.
	dsmSettings struct {
		// digestKey keys the digests of write-only values DSM holds; derived from
		// dsm_client_secret (write_only.go).
		digestKey digestKey
		// writeOnlyImport is write_only_import: every import of a secret reads no value into
		// the state and records write-only mode, as the write-only:<identity> import ID does.
		writeOnlyImport bool
	}
	// revealer reveals the values an authorization that encrypts them returns (RSA-OAEP, with
	// decryption_private_key and decryption_hash), and refuses one that looks encrypted when it
	// cannot: every family whose authorizations may encrypt (DSM's secrets, PAM Core's
	// passwords) passes such values through it. Built once in Configure; never nil after it.
	revealer valueRevealer
	// mysafeSettings are the provider settings only MySafe's items read.
	mysafeSettings struct {
		// writeOnlyImport is write_only_import: every import reads no secret and records
		// write-only mode, as the `write-only:<id>` import ID does (imports by identity cannot
		// carry that prefix).
		writeOnlyImport bool
		// duplicateCheck is duplicate_check, duplicateWarn, duplicateError or duplicateOff: what
		// a plan does about a create of an item MySafe already holds (mysafe_duplicates.go).
		duplicateCheck string
	}
	// secrets are masked in every log line of every RPC (the provider's client secret and
	// client key).
	secrets []string
	// logsOff: no log line is ever written, so withMasks has nothing to do.
	logsOff bool
	// digestKey keys the digests of write-only values kept in private state (write_only.go).
	digestKey digestKey
	// planned are the keys (a PAM Core hostname, a credential identifier, an identifier_code)
	// the resources planned in this process have claimed: two resources of one configuration
	// never write one object (twins.go).
	planned *plannedKeys
}

// valueRevealer reveals a value that object (`DSM secret "team/app/db"`, "PAM Core credential
// 12") holds under key: its clear text, or an error naming the object, the key and the setting
// that would fix it, never the value (a *dsm.Decrypter).
type valueRevealer interface {
	Reveal(object, key, value string) (string, error)
}

// secretFieldKeys are log field names whose values are always masked.
var secretFieldKeys = []string{"password", "secret_key", "client_secret", "access_token", "token", "authorization"}

// providerDataFrom type-asserts the provider data handed to resources, data sources and
// ephemeral resources. A nil value (provider not configured yet) returns nil, no error.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return pd
}

// withMasks returns ctx with every secret of this RPC (and the provider's client secret)
// masked in log messages and field values, plus the well-known secret field names, and carried
// for the client (senhasegura.WithSecrets), which removes them from any server text an error
// holds: a server that echoes a write-only password never puts it in a diagnostic.
func (pd *providerData) withMasks(ctx context.Context, secrets ...string) context.Context {
	ctx = senhasegura.WithSecrets(ctx, secrets...)
	if pd.logsOff {
		return ctx
	}
	all := append(nonEmpty(secrets...), pd.secrets...)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	if len(all) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, all...)
		ctx = tflog.MaskMessageStrings(ctx, all...)
	}
	return ctx
}

// addNotConfigured is the error of a resource or list resource (what) used before Configure
// handed it the provider's data: Terraform configures the provider first, so this is a bug.
func addNotConfigured(diags *diag.Diagnostics, what string) {
	diags.AddError("Provider Not Configured",
		"The senhasegura provider was not configured before this "+what+" was used. Please report this issue to the provider developers.")
}

func nonEmpty(vals ...string) []string {
	out := []string{}
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
