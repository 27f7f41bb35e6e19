// Package provider is the Terraform layer of terraform-provider-senhasegura: schemas,
// models and the conversion between Terraform values and the MySafe API client's types. It
// knows nothing of HTTP; internal/mysafe does.
package provider

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// Environment variables read when the matching attribute is not set in the provider block.
const (
	EnvURL                   = "SENHASEGURA_URL"
	EnvClientID              = "SENHASEGURA_CLIENT_ID"
	EnvClientSecret          = "SENHASEGURA_CLIENT_SECRET"
	EnvTokenURL              = "SENHASEGURA_TOKEN_URL"
	EnvMaxRetries            = "SENHASEGURA_MAX_RETRIES"
	EnvRequestTimeout        = "SENHASEGURA_REQUEST_TIMEOUT"
	EnvMaxConcurrentRequests = "SENHASEGURA_MAX_CONCURRENT_REQUESTS"
	EnvCACertFile            = "SENHASEGURA_CA_CERT_FILE"
	EnvInsecureSkipVerify    = "SENHASEGURA_INSECURE_SKIP_VERIFY"
)

var (
	_ provider.Provider                       = (*senhaseguraProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*senhaseguraProvider)(nil)
)

type senhaseguraProvider struct {
	version string
	// retryWaitMin/Max shorten backoff in acceptance tests; zero means the client defaults.
	retryWaitMin, retryWaitMax time.Duration
}

// New returns a constructor of the provider for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &senhaseguraProvider{version: version} }
}

type providerModel struct {
	URL                   types.String `tfsdk:"url"`
	ClientID              types.String `tfsdk:"client_id"`
	ClientSecret          types.String `tfsdk:"client_secret"`
	TokenURL              types.String `tfsdk:"token_url"`
	APIPathPrefix         types.String `tfsdk:"api_path_prefix"`
	MaxRetries            types.Int64  `tfsdk:"max_retries"`
	RequestTimeout        types.String `tfsdk:"request_timeout"`
	MaxConcurrentRequests types.Int64  `tfsdk:"max_concurrent_requests"`
	CACertPEM             types.String `tfsdk:"ca_cert_pem"`
	CACertFile            types.String `tfsdk:"ca_cert_file"`
	InsecureSkipVerify    types.Bool   `tfsdk:"insecure_skip_verify"`
}

// providerData is what resources, data sources and ephemeral resources receive.
type providerData struct {
	client *mysafe.Client
	// secrets are masked in every log line of every RPC (provider client_secret).
	secrets []string
}

func (p *senhaseguraProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "senhasegura"
	resp.Version = p.version
}

func (p *senhaseguraProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The senhasegura provider manages secrets in **senhasegura MySafe** (Segura PAM): " +
			"passwords and API secrets, with their sharing to users and groups.",
		Attributes: map[string]schema.Attribute{
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
				MarkdownDescription: "OAuth2 token endpoint. Defaults to `<url>/iso/oauth2/token`, the path every " +
					"senhasegura SDK uses. May also be set with `" + EnvTokenURL + "`.",
			},
			"api_path_prefix": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path prefix of the MySafe API: `/api` (current versions, the default) or `/iso` " +
					"(older versions).",
				Validators: []validator.String{stringvalidator.OneOf("/api", "/iso")},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times an idempotent call (read, list, update, deactivate) is retried after a " +
					"connection error or an HTTP 429, 500, 502, 503 or 504, with jittered exponential backoff that honours " +
					"`Retry-After`. Creates are retried only after checking that the failed attempt stored nothing. " +
					"Default `5`; `0` disables retries. May also be set with `" + EnvMaxRetries + "`.",
				Validators: []validator.Int64{int64validator.Between(0, 50)},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Time limit of one HTTP attempt, as a Go duration (`30s`, `2m`). Default `30s`. " +
					"May also be set with `" + EnvRequestTimeout + "`.",
				Validators: []validator.String{durationValidator{}},
			},
			"max_concurrent_requests": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Upper bound of requests in flight to MySafe at once, whatever Terraform's " +
					"parallelism. Default `10`. May also be set with `" + EnvMaxConcurrentRequests + "`.",
				Validators: []validator.Int64{int64validator.Between(1, 256)},
			},
			"ca_cert_pem": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM-encoded CA certificate(s) to trust in addition to the system pool (a private CA).",
				Validators:          []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("ca_cert_file"))},
			},
			"ca_cert_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of a PEM file of CA certificate(s) to trust in addition to the system pool. " +
					"May also be set with `" + EnvCACertFile + "`.",
			},
			"insecure_skip_verify": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Skip TLS certificate verification. Only for tests against a throw-away instance: " +
					"it lets anyone on the network read your secrets. Emits a warning. May also be set with `" +
					EnvInsecureSkipVerify + "=true`.",
			},
		},
	}
}

func (p *senhaseguraProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// 1. Unknown values (e.g. from a resource not yet created) cannot configure a client.
	unknown := map[string]bool{
		"url": cfg.URL.IsUnknown(), "client_id": cfg.ClientID.IsUnknown(), "client_secret": cfg.ClientSecret.IsUnknown(),
		"token_url": cfg.TokenURL.IsUnknown(), "api_path_prefix": cfg.APIPathPrefix.IsUnknown(), "max_retries": cfg.MaxRetries.IsUnknown(),
		"request_timeout": cfg.RequestTimeout.IsUnknown(), "max_concurrent_requests": cfg.MaxConcurrentRequests.IsUnknown(),
		"ca_cert_pem": cfg.CACertPEM.IsUnknown(), "ca_cert_file": cfg.CACertFile.IsUnknown(), "insecure_skip_verify": cfg.InsecureSkipVerify.IsUnknown(),
	}
	for _, name := range sortedKeys(unknown) {
		if unknown[name] {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown MySafe Provider Setting",
				fmt.Sprintf("The provider cannot connect to MySafe while %q is unknown (it depends on a value known only after apply). "+
					"Set it to a literal or a variable, or use the environment variable instead.", name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	// 2. Configuration wins over the environment.
	ms := func(v types.String, env string) string {
		if !v.IsNull() {
			return v.ValueString()
		}
		return os.Getenv(env)
	}
	baseURL := ms(cfg.URL, EnvURL)
	clientID := ms(cfg.ClientID, EnvClientID)
	clientSecret := ms(cfg.ClientSecret, EnvClientSecret)
	tokenURL := ms(cfg.TokenURL, EnvTokenURL)
	caFile := ms(cfg.CACertFile, EnvCACertFile)
	timeoutText := ms(cfg.RequestTimeout, EnvRequestTimeout)
	ctx = tflog.MaskAllFieldValuesStrings(ctx, nonEmpty(clientSecret)...)
	ctx = tflog.MaskMessageStrings(ctx, nonEmpty(clientSecret)...)

	// 3. Missing and malformed values are attribute errors.
	for _, m := range []struct{ name, value, env, what string }{
		{"url", baseURL, EnvURL, "the root URL of the senhasegura instance"},
		{"client_id", clientID, EnvClientID, "the client ID of a MySafe access key"},
		{"client_secret", clientSecret, EnvClientSecret, "the client secret of a MySafe access key"},
	} {
		if strings.TrimSpace(m.value) == "" {
			resp.Diagnostics.AddAttributeError(path.Root(m.name), "Missing MySafe Provider Setting",
				fmt.Sprintf("The provider needs %s. Set %q in the provider block or the %s environment variable.", m.what, m.name, m.env))
		}
	}
	for name, raw := range map[string]string{"url": baseURL, "token_url": tokenURL} {
		if raw == "" {
			continue
		}
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Malformed MySafe URL",
				fmt.Sprintf("%q is not a URL of the form https://host[:port][/path].", raw))
		}
	}
	maxRetries, d := intSetting(cfg.MaxRetries, EnvMaxRetries, "max_retries", mysafe.DefaultMaxRetries)
	resp.Diagnostics.Append(d...)
	maxConc, d := intSetting(cfg.MaxConcurrentRequests, EnvMaxConcurrentRequests, "max_concurrent_requests", mysafe.DefaultMaxConcurrent)
	resp.Diagnostics.Append(d...)
	timeout := mysafe.DefaultTimeout
	if timeoutText != "" {
		t, err := time.ParseDuration(timeoutText)
		if err != nil || t <= 0 {
			resp.Diagnostics.AddAttributeError(path.Root("request_timeout"), "Invalid Request Timeout",
				fmt.Sprintf("%q is not a positive Go duration such as 30s or 2m.", timeoutText))
		}
		timeout = t
	}
	tlsCfg, d := p.tlsConfig(cfg, caFile)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if maxRetries == 0 {
		maxRetries = -1 // the client reads 0 as "default"
	}

	client, err := mysafe.New(mysafe.Config{
		BaseURL: baseURL, ClientID: clientID, ClientSecret: clientSecret, TokenURL: tokenURL,
		APIPrefix: cfg.APIPathPrefix.ValueString(), Timeout: timeout, MaxRetries: maxRetries,
		MaxConcurrent: maxConc, TLSConfig: tlsCfg, UserAgent: "terraform-provider-senhasegura/" + p.version,
		RetryWaitMin: p.retryWaitMin, RetryWaitMax: p.retryWaitMax,
		Logger: func(ctx context.Context, msg string, fields map[string]any) { tflog.Debug(ctx, msg, fields) },
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot Build The MySafe Client", err.Error())
		return
	}

	// 4. One token now: wrong credentials or a wrong URL fail at plan time, saying which.
	tflog.Debug(ctx, "Authenticating to MySafe", map[string]any{"url": baseURL, "client_id": clientID})
	if err := client.Authenticate(ctx); err != nil {
		addAuthError(&resp.Diagnostics, baseURL, clientID, err)
		return
	}

	data := &providerData{client: client, secrets: nonEmpty(clientSecret)}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
}

func addAuthError(diags interface {
	AddAttributeError(path.Path, string, string)
	AddError(string, string)
}, baseURL, clientID string, err error) {
	switch {
	case errors.Is(err, mysafe.ErrUnauthorized):
		diags.AddAttributeError(path.Root("client_secret"), "MySafe Credentials Rejected",
			fmt.Sprintf("The senhasegura token endpoint at %s rejected client ID %q: the client ID or client secret is wrong, "+
				"or the access key was revoked or has expired. Check it under MySafe → Integrations → Access keys.\n\n%s", baseURL, clientID, err))
	case errors.Is(err, mysafe.ErrNoRoute), errors.Is(err, mysafe.ErrInvalidResponse):
		diags.AddAttributeError(path.Root("url"), "No MySafe API At That URL",
			fmt.Sprintf("%s answered, but not as a senhasegura instance: its token endpoint was not found or did not issue a token. "+
				"Check \"url\" (the instance root, e.g. https://vault.example.com) and \"token_url\".\n\n%s", baseURL, err))
	case errors.Is(err, mysafe.ErrConnection):
		diags.AddAttributeError(path.Root("url"), "Cannot Connect To MySafe",
			fmt.Sprintf("No answer from %s: check the URL, the network path and, for HTTPS, the CA settings.\n\n%s", baseURL, err))
	default:
		diags.AddError("MySafe Authentication Failed", err.Error())
	}
}

func (p *senhaseguraProvider) tlsConfig(cfg providerModel, caFile string) (*tls.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	insecure := cfg.InsecureSkipVerify.ValueBool()
	if cfg.InsecureSkipVerify.IsNull() {
		insecure, _ = strconv.ParseBool(os.Getenv(EnvInsecureSkipVerify))
	}
	pem := []byte(cfg.CACertPEM.ValueString())
	attr := "ca_cert_pem"
	if caFile != "" && cfg.CACertPEM.IsNull() {
		attr = "ca_cert_file"
		b, err := os.ReadFile(caFile) //nolint:gosec // the user names the file on purpose
		if err != nil {
			diags.AddAttributeError(path.Root(attr), "Cannot Read CA Certificate File", err.Error())
			return nil, diags
		}
		pem = b
	}
	if len(pem) == 0 && !insecure {
		return nil, diags
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(pem) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			diags.AddAttributeError(path.Root(attr), "Invalid CA Certificate", "No PEM-encoded certificate could be read from it.")
			return nil, diags
		}
		tc.RootCAs = pool
	}
	if insecure {
		tc.InsecureSkipVerify = true //nolint:gosec // explicit opt-in, warned about
		diags.AddAttributeWarning(path.Root("insecure_skip_verify"), "TLS Certificate Verification Is Off",
			"insecure_skip_verify is set: the provider accepts any certificate, so anyone on the network path can read "+
				"and change your secrets. Use ca_cert_pem or ca_cert_file for a private CA instead.")
	}
	return tc, diags
}

func intSetting(v types.Int64, env, name string, def int) (int, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !v.IsNull() {
		return int(v.ValueInt64()), diags
	}
	raw := os.Getenv(env)
	if raw == "" {
		return def, diags
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		diags.AddAttributeError(path.Root(name), "Invalid "+env, fmt.Sprintf("%s=%q is not a non-negative whole number.", env, raw))
	}
	return n, diags
}

func (p *senhaseguraProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewMySafePasswordResource, NewMySafeAPISecretResource}
}

func (p *senhaseguraProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewMySafePasswordDataSource, NewMySafeAPISecretDataSource,
		NewMySafePasswordsDataSource, NewMySafeAPISecretsDataSource,
	}
}

func (p *senhaseguraProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewMySafePasswordEphemeralResource, NewMySafeAPISecretEphemeralResource}
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
