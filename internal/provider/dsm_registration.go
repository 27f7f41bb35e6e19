package provider

import (
	"context"
	"errors"
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

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// Environment variables of DevOps Secret Manager's settings, and of the decryption key every
// family's encrypting authorizations share.
const (
	EnvDSMClientID           = "SENHASEGURA_DSM_CLIENT_ID"
	EnvDSMClientSecret       = "SENHASEGURA_DSM_CLIENT_SECRET"
	EnvDecryptionPrivateKey  = "SENHASEGURA_DECRYPTION_PRIVATE_KEY"
	EnvDecryptionHash        = "SENHASEGURA_DECRYPTION_HASH"
	dsmDecryptionKeySetting  = "decryption_private_key"
	dsmDecryptionHashSetting = "decryption_hash"
)

// dsmRegistration is DevOps Secret Manager in the provider: its secrets and applications, its
// credentials (a DSM application authorization, dsm_client_id), the decryption key of
// authorizations that encrypt values (shared with PAM Core's, through providerData.revealer),
// and its client.
var dsmRegistration = familyRegistration{
	resources:          []func() resource.Resource{NewDSMSecretResource, NewDSMApplicationResource},
	dataSources:        []func() datasource.DataSource{NewDSMSecretDataSource, NewDSMSecretsDataSource},
	ephemeralResources: []func() ephemeral.EphemeralResource{NewDSMSecretEphemeralResource, NewDSMApplicationCredentialsEphemeralResource},
	listResources:      []func() list.ListResource{NewDSMSecretListResource},
	settings: []familySetting{
		{"dsm_client_id", EnvDSMClientID, schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Client ID of a DevOps Secret Manager (DSM) application authorization (DSM → Applications → " +
				"Authorization by application → view), the credentials every DSM resource, data source and ephemeral resource " +
				"acts as; with *Enable creation of DSM applications* for `senhasegura_dsm_application`. A configuration that " +
				"uses DSM alone needs only `url`, `dsm_client_id` and `dsm_client_secret`. May also be set with `" + EnvDSMClientID + "`.",
		}},
		{"dsm_client_secret", EnvDSMClientSecret, schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "Client secret of that DSM authorization; set together with `dsm_client_id`. May also be set " +
				"with `" + EnvDSMClientSecret + "`, which keeps it out of the configuration.",
		}},
		{dsmDecryptionKeySetting, EnvDecryptionPrivateKey, schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "Private key (PEM, PKCS#8 or PKCS#1, unencrypted) of an authorization with *Enable encryption of " +
				"sensitive information* (DSM → Applications → Authorization by application → Download private key): its values " +
				"come back as RSA-OAEP ciphertext, which the provider decrypts with it (DSM secrets, and PAM Core passwords of " +
				"`senhasegura_pam_credential` when their A2A authorization encrypts). Without it, a value that looks encrypted " +
				"(the base64 of one 2048, 3072 or 4096-bit RSA block) is an error, never passed on as the value. May also be set " +
				"with `" + EnvDecryptionPrivateKey + "` (line breaks may be written `\\n`), which keeps it out of the configuration.",
		}},
		{dsmDecryptionHashSetting, EnvDecryptionHash, schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Hash of RSA-OAEP for `decryption_private_key`: `sha1`, `sha256` or `sha512`. Default `" +
				dsm.HashSHA1 + "`, the one senhasegura is seen to use. May also be set with `" + EnvDecryptionHash + "`.",
			Validators: []validator.String{stringvalidator.OneOf(dsm.HashSHA1, dsm.HashSHA256, dsm.HashSHA512)},
		}},
	},
	checkSettings:  checkDSMSettings,
	ownCredentials: &credentialSettings{id: "dsm_client_id", secret: "dsm_client_secret"},
	configure:      configureDSM,
}

// checkDSMSettings: DSM's credentials both or neither, a hash DSM's values may use (the
// environment variable gets the attribute's check), and a decryption key that can be used, so
// that a bad key fails the plan before any request.
func checkDSMSettings(in settingInputs, diags *diag.Diagnostics) {
	id, secret := strings.TrimSpace(in.text("dsm_client_id")), in.text("dsm_client_secret")
	if (id == "") != (secret == "") {
		missing := "dsm_client_secret"
		if id == "" {
			missing = "dsm_client_id"
		}
		diags.AddAttributeError(path.Root(missing), "Incomplete DSM Credentials",
			fmt.Sprintf("DevOps Secret Manager's credentials need both dsm_client_id and dsm_client_secret (or %s and %s), the "+
				"client ID and secret of a DSM application authorization. Set both, or neither (DSM is then not used).",
				EnvDSMClientID, EnvDSMClientSecret))
	}
	hash := in[dsmDecryptionHashSetting]
	switch h := strings.ToLower(strings.TrimSpace(hash.text)); {
	case !hash.set, h == dsm.HashSHA1, h == dsm.HashSHA256, h == dsm.HashSHA512:
		opts := dsmDecrypterOptions(in)
		if _, err := dsm.NewDecrypter(opts); err != nil {
			diags.AddAttributeError(path.Root(dsmDecryptionKeySetting), "Invalid Decryption Key",
				fmt.Sprintf("%s cannot be used to decrypt values: %s. Give the authorization's private key as senhasegura's "+
					"\"Download private key\" gives it (PEM, -----BEGIN PRIVATE KEY-----).", in[dsmDecryptionKeySetting].source(),
					strings.TrimPrefix(err.Error(), dsm.ErrBadKey.Error()+": "+opts.KeySetting+": ")))
		}
	default:
		diags.AddAttributeError(path.Root(dsmDecryptionHashSetting), "Invalid Decryption Hash",
			fmt.Sprintf("%s is %q; it must be %q (the default), %q or %q.", hash.source(), hash.text, dsm.HashSHA1, dsm.HashSHA256, dsm.HashSHA512))
	}
}

// dsmDecrypterOptions are the options of the decryption key's Decrypter.
func dsmDecrypterOptions(in settingInputs) dsm.Options {
	return dsm.Options{
		DecryptionKey: in.text(dsmDecryptionKeySetting), DecryptionHash: strings.TrimSpace(in.text(dsmDecryptionHashSetting)),
		KeySetting: dsmDecryptionKeySetting + " (or " + EnvDecryptionPrivateKey + ")",
	}
}

// configureDSM builds the Decrypter every family shares (providerData.revealer) and, when
// dsm_client_id is set, DSM's client on the same instance with those credentials, checked now
// with a token request (one token per process and credential set: the core holds them already
// when client_id is not set). Without them, DSM has no client: its types say which settings
// they need.
func configureDSM(ctx context.Context, core *senhasegura.Client, rc resolvedConfig, data *providerData, diags *diag.Diagnostics) {
	opts := dsmDecrypterOptions(rc.inputs)
	dec, err := dsm.NewDecrypter(opts)
	if err != nil {
		// (checkDSMSettings refused it already.)
		diags.AddAttributeError(path.Root(dsmDecryptionKeySetting), "Invalid Decryption Key", err.Error())
		return
	}
	data.revealer = dec
	id, secret := strings.TrimSpace(rc.inputs.text("dsm_client_id")), rc.inputs.text("dsm_client_secret")
	if id == "" {
		return
	}
	dsmCore := core
	if id != rc.client.ClientID || secret != rc.client.ClientSecret {
		if dsmCore, err = core.WithCredentials(id, secret, rc.client.TokenURL); err != nil {
			addClientError(ctx, diags, clientCall{api: dsmAPI, kind: callBuild}, err)
			return
		}
	}
	opts.TokenURL = rc.client.TokenURL
	client := dsm.On(dsmCore, opts)
	tflog.Debug(ctx, "Authenticating to DSM", map[string]any{"url": core.BaseURL(), "client_id": id})
	if err := client.Authenticate(ctx); err != nil {
		addClientError(ctx, diags, clientCall{api: dsmAPI, kind: callAuth, subject: core.BaseURL(), clientID: id,
			secretAttr: "dsm_client_secret"}, err)
		return
	}
	if errors.Is(client.Err(), dsm.ErrBadKey) {
		diags.AddAttributeError(path.Root(dsmDecryptionKeySetting), "Invalid Decryption Key", client.Err().Error())
		return
	}
	data.dsm = client
	data.dsmSettings.digestKey = newDigestKey(id, secret)
	data.dsmSettings.writeOnlyImport = rc.writeOnlyImport
}
