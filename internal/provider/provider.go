// Package provider is the Terraform layer of terraform-provider-senhasegura: schemas,
// models and the conversion between Terraform values and the types of the API families'
// clients (internal/mysafe, internal/pam). It knows nothing of HTTP; the clients and their core
// (internal/senhasegura) do.
//
// The package has one wing per API family, its files named for it (mysafe_*, pam_*), and
// shared files named for what they do. A family's file never names what another family's files
// declare, and a shared file names a family only through that family's
// <family>_registration.go, which lists its registry types and builds its client: what two
// families need is a shared file (internal/repotest checks both rules).
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

var (
	_ provider.Provider                       = (*senhaseguraProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*senhaseguraProvider)(nil)
	_ provider.ProviderWithListResources      = (*senhaseguraProvider)(nil)
)

type senhaseguraProvider struct {
	version string
	// retryWaitMin/Max shorten backoff in acceptance tests; zero means the client defaults.
	retryWaitMin, retryWaitMax time.Duration
	// logsOff: the process writes no log line at all (main turned every logger off), so
	// nothing needs masking.
	logsOff bool
}

// Option tunes the provider New builds.
type Option func(*senhaseguraProvider)

// LogsOff tells the provider that its process writes no log line at all (main has turned the
// SDK's and the provider's loggers off, internal/quietlog): it then skips the per-call work of
// masking secrets in log lines that are never written.
func LogsOff() Option { return func(p *senhaseguraProvider) { p.logsOff = true } }

// New returns a constructor of the provider for providerserver.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &senhaseguraProvider{version: version}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

func (p *senhaseguraProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "senhasegura"
	resp.Version = p.version
}

func (p *senhaseguraProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attrs := sharedProviderAttributes()
	for _, f := range families {
		for _, s := range f.settings {
			attrs[s.name] = s.attribute
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The senhasegura provider manages secrets in **senhasegura** (Segura PAM): in **MySafe**, " +
			"passwords, API secrets and secure notes, with their sharing to users and groups; in **PAM Core**, the devices " +
			"and the privileged credentials on them; in **DevOps Secret Manager** (DSM), the secrets applications and " +
			"pipelines read, and the applications' credentials.",
		Attributes: attrs,
	}
}

// sharedProviderAttributes are the provider attributes every family shares (the instance, the
// provider's own credentials, transport and limits) and MySafe's; each family brings its own
// through its registration (familyRegistration.settings).
func sharedProviderAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"url": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Root URL of the senhasegura instance, e.g. `https://vault.example.com`. " +
				"May also be set with the `" + EnvURL + "` environment variable.",
		},
		"client_id": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Client ID of a MySafe access key (MySafe → Integrations → Access keys). " +
				"May also be set with `" + EnvClientID + "`.",
		},
		"client_secret": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "Client secret of the MySafe access key. May also be set with `" + EnvClientSecret +
				"`, which keeps it out of the configuration.",
		},
		"token_url": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "OAuth2 token endpoint. Default `<url>" + senhasegura.DefaultTokenPath + "`, the path every " +
				"senhasegura SDK uses. May also be set with `" + EnvTokenURL + "`.",
		},
		"api_path_prefix": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path prefix of the MySafe API: `/api` (current versions) or `/iso` " +
				"(older versions). Default `" + senhasegura.DefaultAPIPrefix + "`. May also be set with `" + EnvAPIPathPrefix + "`.",
			Validators: []validator.String{stringvalidator.OneOf("/api", "/iso")},
		},
		"max_retries": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "How many times an idempotent call (read, list, update, deactivate) is retried after a " +
				"connection error or an HTTP 429, 500, 502, 503 or 504, with jittered exponential backoff that honours " +
				"`Retry-After`. Creates are retried only after checking that the failed attempt stored nothing. " +
				"Default `" + strconv.Itoa(senhasegura.DefaultMaxRetries) + "`; `0` disables retries. May also be set with `" + EnvMaxRetries + "`.",
			Validators: []validator.Int64{int64validator.Between(minRetries, maxRetries)},
		},
		"request_timeout": schema.StringAttribute{
			Optional:   true,
			CustomType: timetypes.GoDurationType{},
			MarkdownDescription: "Time limit of one HTTP attempt, as a Go duration (`30s`, `2m`). Default `" + durationText(senhasegura.DefaultTimeout) + "`. " +
				"May also be set with `" + EnvRequestTimeout + "`.",
			Validators: []validator.String{positiveDuration{}},
		},
		"max_concurrent_requests": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Upper bound of requests in flight to the senhasegura instance at once (every API family), whatever Terraform's " +
				"parallelism. Default `" + strconv.Itoa(senhasegura.DefaultMaxConcurrent) + "`. May also be set with `" + EnvMaxConcurrentRequests + "`.",
			Validators: []validator.Int64{int64validator.Between(minConcurrent, maxConcurrent)},
		},
		"ca_cert_pem": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "PEM-encoded CA certificate(s) to trust in addition to the system pool (a private CA). " +
				"May also be set with `" + EnvCACertPEM + "`.",
			Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("ca_cert_file"))},
		},
		"ca_cert_file": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path of a PEM file of CA certificate(s) to trust in addition to the system pool. " +
				"May also be set with `" + EnvCACertFile + "`.",
		},
		"client_cert_pem": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "PEM-encoded client certificate (chain) for mutual TLS, for MySafe access keys and " +
				"gateways that require one; needs `client_key_pem` or `client_key_file`. May also be set with `" +
				EnvClientCertPEM + "`.",
			Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("client_cert_file"))},
		},
		"client_cert_file": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path of a PEM file holding the client certificate for mutual TLS. May also be set " +
				"with `" + EnvClientCertFile + "`.",
		},
		"client_key_pem": schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: "PEM-encoded private key of the client certificate. Prefer `client_key_file` or the `" +
				EnvClientKeyPEM + "` environment variable, which keep it out of the configuration.",
			Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("client_key_file"))},
		},
		"client_key_file": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path of a PEM file holding the private key of the client certificate. May also be " +
				"set with `" + EnvClientKeyFile + "`.",
		},
		"insecure_skip_verify": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Skip TLS certificate verification. Only for tests against a throw-away instance: " +
				"it lets anyone on the network read your secrets. Emits a warning. May also be set with `" +
				EnvInsecureSkipVerify + "=true`.",
		},
		"write_only_import": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Import every item in write-only mode: the import reads no secret (password, DSM secret `values`, " +
				"`secret_key`, `client_secret`, note content) into the state and records that the configuration manages " +
				"them through the `*_wo` attributes, exactly like the `write-only:<id>` import ID. Use it for imports " +
				"that cannot carry that prefix: `import` blocks with `identity`, and the import blocks `terraform query " +
				"-generate-config-out` writes. Default `false`. May also be set with `" + EnvWriteOnlyImport + "=true`.",
		},
		"configure_timeout": schema.StringAttribute{
			Optional:   true,
			CustomType: timetypes.GoDurationType{},
			MarkdownDescription: "Time limit of the provider's configuration, as a Go duration (`30s`, `2m`): the token " +
				"requests that check the credentials (and those of PAM Core and DSM, when `pam_client_id` or `dsm_client_id` is set), retries and their " +
				"waits included. A token endpoint that does not answer, or keeps failing, fails the plan when it runs out, " +
				"naming the last failure. Default `" + durationText(defaultConfigureTimeout) + "`. May also be set with `" +
				EnvConfigureTimeout + "`.",
			Validators: []validator.String{positiveDuration{}},
		},
		"max_retry_wait": schema.StringAttribute{
			Optional:   true,
			CustomType: timetypes.GoDurationType{},
			MarkdownDescription: "The longest the provider waits before retrying a call, as a Go duration. A server that " +
				"answers 429 or 503 with a `Retry-After` longer than this (or longer than what is left of the operation's " +
				"`timeouts`, or of `configure_timeout`) fails the call at once, naming its `Retry-After`, instead of waiting; " +
				"the exponential backoff between retries never grows past it either. Default `" +
				durationText(senhasegura.DefaultMaxRetryAfter) + "`. May also be set with `" + EnvMaxRetryWait + "`.",
			Validators: []validator.String{positiveDuration{}},
		},
		"max_response_mb": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "The most the provider reads of one answer, in MiB: a guard against a runaway server, far " +
				"above any real answer (a list of 100,000 PAM Core credentials is about 40 MiB). A longer answer fails the " +
				"call with an error that names this setting. Default `" + strconv.Itoa(defaultMaxResponseMB) + "`. May also be set " +
				"with `" + EnvMaxResponseMB + "`.",
			Validators: []validator.Int64{int64validator.Between(minResponseMB, maxResponseMB)},
		},
		"duplicate_check": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "What a plan does when it would create an item MySafe already holds (a password with the " +
				"same name, username and URL; an API secret with the same `identifier_code`; a note with the same name and " +
				"tags): `warn` shows a warning on that resource naming the existing identifier and the `import` block that " +
				"adopts it, `error` fails the plan (for pipelines that must never duplicate a secret), `off` does not look. " +
				"The check costs one filtered list request per planned create (passwords by name, username and URL; API " +
				"secrets by `identifier_code`, and a read of its few candidates; notes by their first tag), whatever the " +
				"vault holds; it never reads an item the configuration does not name. Default `" + duplicateWarn + "`. May also be set with `" + EnvDuplicateCheck + "`.",
			Validators: []validator.String{stringvalidator.OneOf(duplicateWarn, duplicateError, duplicateOff)},
		},
	}
}

// families are the API families the provider serves, in the order Configure builds their
// clients (MySafe's checks the provider's credentials first).
var families = []familyRegistration{
	mysafeRegistration,
	pamRegistration,
	dsmRegistration,
}

// Configure resolves the configuration (resolveConfig), builds the core every family's client
// shares, and lets each family build its client on it, checking the credentials with a token
// request so that wrong credentials or a wrong URL fail at plan time.
func (p *senhaseguraProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	cfg, diags := readProviderModel(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	rc, diags := resolveConfig(cfg, os.Getenv, osReadFile)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	mc := rc.client
	secrets := nonEmpty(mc.ClientSecret, string(mc.TLS.ClientKeyPEM))
	for _, f := range families {
		for _, s := range f.settings {
			if s.attribute.IsSensitive() {
				secrets = append(secrets, nonEmpty(rc.inputs.text(s.name))...)
			}
		}
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	ctx = tflog.MaskMessageStrings(ctx, secrets...)
	ctx = senhasegura.WithSecrets(ctx, secrets...)
	// Configuration has a time limit of its own (configure_timeout): the token requests, their
	// retries and their waits all end with it.
	ctx, cancel := context.WithTimeout(ctx, rc.configureTimeout)
	defer cancel()

	mc.UserAgent = userAgent(p.version, req.TerraformVersion)
	mc.RetryWaitMin, mc.RetryWaitMax = p.retryWaitMin, p.retryWaitMax
	mc.Logger = func(ctx context.Context, msg string, fields map[string]any) { tflog.Debug(ctx, msg, fields) }
	core, err := senhasegura.New(mc)
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, clientCall{api: coreAPI, kind: callBuild}, err)
		return
	}
	began := time.Now()
	stopWaiting := sayStillWaiting(ctx, core.BaseURL(), rc.configureTimeout)
	defer stopWaiting()
	defer warnSlowConfiguration(&resp.Diagnostics, core.BaseURL(), began)
	data := &providerData{
		secrets: secrets, logsOff: p.logsOff, digestKey: newDigestKey(mc.ClientID, mc.ClientSecret),
		planned: &plannedKeys{},
	}
	for _, f := range families {
		if f.configure(ctx, core, rc, data, &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
}

func (p *senhaseguraProvider) Resources(_ context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, f := range families {
		out = append(out, f.resources...)
	}
	return out
}

func (p *senhaseguraProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	for _, f := range families {
		out = append(out, f.dataSources...)
	}
	return out
}

func (p *senhaseguraProvider) ListResources(_ context.Context) []func() list.ListResource {
	var out []func() list.ListResource
	for _, f := range families {
		out = append(out, f.listResources...)
	}
	return out
}

func (p *senhaseguraProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	var out []func() ephemeral.EphemeralResource
	for _, f := range families {
		out = append(out, f.ephemeralResources...)
	}
	return out
}

// stillWaitingAfter is when a configuration that still waits for a token says so in the log.
const stillWaitingAfter = 5 * time.Second

// sayStillWaiting logs, every stillWaitingAfter while the configuration waits for its tokens,
// that it is still waiting and how long it may (Terraform shows no provider output while it
// waits; the log does, at the default WARN level of TF_LOG_PROVIDER).
func sayStillWaiting(ctx context.Context, url string, limit time.Duration) func() {
	done := make(chan struct{})
	began := time.Now()
	go func() {
		t := time.NewTicker(stillWaitingAfter)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				tflog.Warn(ctx, "Still waiting for the senhasegura token endpoint: it does not answer, or keeps failing and is retried", map[string]any{
					"url": url, "waited": time.Since(began).Round(time.Second).String(), "configure_timeout": limit.String()})
			}
		}
	}()
	return func() { close(done) }
}

// slowConfiguration is how long a configuration may take before the plan shows a warning.
const slowConfiguration = 10 * time.Second

// warnSlowConfiguration warns, on screen, about a configuration that took long (the token
// endpoint retried or slow) but succeeded.
func warnSlowConfiguration(diags *diag.Diagnostics, url string, began time.Time) {
	if took := time.Since(began); took >= slowConfiguration && !diags.HasError() {
		diags.AddWarning("Slow senhasegura Token Endpoint",
			fmt.Sprintf("Getting a token from %s took %s: the token endpoint was slow or failed and was retried. The plan "+
				"went on; if this lasts, check the instance's health (configure_timeout bounds the wait).", url, took.Round(time.Second)))
	}
}

// userAgent is the User-Agent of every request to senhasegura: the provider and its version, where
// it comes from, and the Terraform (or OpenTofu) version that runs it when it says.
func userAgent(providerVersion, terraformVersion string) string {
	ua := "terraform-provider-senhasegura/" + providerVersion + " (+https://registry.terraform.io/providers/senhasegura/senhasegura)"
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}
