package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// Environment variables read when the matching attribute is not set in the provider block. Each
// family's own settings have theirs in its <family>_registration.go.
const (
	EnvURL                   = "SENHASEGURA_URL"
	EnvClientID              = "SENHASEGURA_CLIENT_ID"
	EnvClientSecret          = "SENHASEGURA_CLIENT_SECRET"
	EnvTokenURL              = "SENHASEGURA_TOKEN_URL"
	EnvAPIPathPrefix         = "SENHASEGURA_API_PATH_PREFIX"
	EnvMaxRetries            = "SENHASEGURA_MAX_RETRIES"
	EnvRequestTimeout        = "SENHASEGURA_REQUEST_TIMEOUT"
	EnvMaxConcurrentRequests = "SENHASEGURA_MAX_CONCURRENT_REQUESTS"
	EnvCACertPEM             = "SENHASEGURA_CA_CERT_PEM"
	EnvCACertFile            = "SENHASEGURA_CA_CERT_FILE"
	EnvClientCertPEM         = "SENHASEGURA_CLIENT_CERT_PEM"
	EnvClientCertFile        = "SENHASEGURA_CLIENT_CERT_FILE"
	EnvClientKeyPEM          = "SENHASEGURA_CLIENT_KEY_PEM"
	EnvClientKeyFile         = "SENHASEGURA_CLIENT_KEY_FILE"
	EnvInsecureSkipVerify    = "SENHASEGURA_INSECURE_SKIP_VERIFY"
	EnvWriteOnlyImport       = "SENHASEGURA_WRITE_ONLY_IMPORT"
	EnvDuplicateCheck        = "SENHASEGURA_DUPLICATE_CHECK"
	EnvConfigureTimeout      = "SENHASEGURA_CONFIGURE_TIMEOUT"
	EnvMaxRetryWait          = "SENHASEGURA_MAX_RETRY_WAIT"
	EnvMaxResponseMB         = "SENHASEGURA_MAX_RESPONSE_MB"
)

// Defaults of the settings that bound the provider's waits and reads.
const (
	// defaultConfigureTimeout bounds the provider's configuration: the token requests that
	// check each credential set, retries and waits included.
	defaultConfigureTimeout = time.Minute
	// defaultMaxResponseMB bounds one answer, in MiB (senhasegura.DefaultMaxResponseBytes).
	defaultMaxResponseMB = senhasegura.DefaultMaxResponseBytes >> 20
)

// The duplicate_check modes: what a plan does about a create of an item MySafe already holds.
const (
	duplicateWarn  = "warn"
	duplicateError = "error"
	duplicateOff   = "off"
)

// Bounds of the numeric settings, shared by the attribute validators and the environment
// checks so that both refuse the same values.
const (
	minRetries, maxRetries       = 0, 50
	minConcurrent, maxConcurrent = 1, 256
	minResponseMB, maxResponseMB = 1, 64 << 10
)

type providerModel struct {
	URL                   types.String         `tfsdk:"url"`
	ClientID              types.String         `tfsdk:"client_id"`
	ClientSecret          types.String         `tfsdk:"client_secret"`
	TokenURL              types.String         `tfsdk:"token_url"`
	APIPathPrefix         types.String         `tfsdk:"api_path_prefix"`
	MaxRetries            types.Int64          `tfsdk:"max_retries"`
	RequestTimeout        timetypes.GoDuration `tfsdk:"request_timeout"`
	MaxConcurrentRequests types.Int64          `tfsdk:"max_concurrent_requests"`
	CACertPEM             types.String         `tfsdk:"ca_cert_pem"`
	CACertFile            types.String         `tfsdk:"ca_cert_file"`
	ClientCertPEM         types.String         `tfsdk:"client_cert_pem"`
	ClientCertFile        types.String         `tfsdk:"client_cert_file"`
	ClientKeyPEM          types.String         `tfsdk:"client_key_pem"`
	ClientKeyFile         types.String         `tfsdk:"client_key_file"`
	InsecureSkipVerify    types.Bool           `tfsdk:"insecure_skip_verify"`
	WriteOnlyImport       types.Bool           `tfsdk:"write_only_import"`
	DuplicateCheck        types.String         `tfsdk:"duplicate_check"`
	ConfigureTimeout      timetypes.GoDuration `tfsdk:"configure_timeout"`
	MaxRetryWait          timetypes.GoDuration `tfsdk:"max_retry_wait"`
	MaxResponseMB         types.Int64          `tfsdk:"max_response_mb"`
	// families are the values of the families' own settings (familyRegistration.settings), by
	// name; a setting missing here is null.
	families map[string]attr.Value
}

// setting is one provider attribute, its environment variable ("" when it has none) and its
// configured value (nil: null). settings lists every attribute once, the shared ones and each
// family's: the unknown check and the environment rule both read this list.
type setting struct {
	name, env string
	value     attr.Value
}

func (m providerModel) settings() []setting {
	out := []setting{
		{"url", EnvURL, m.URL},
		{"client_id", EnvClientID, m.ClientID},
		{"client_secret", EnvClientSecret, m.ClientSecret},
		{"token_url", EnvTokenURL, m.TokenURL},
		{"api_path_prefix", EnvAPIPathPrefix, m.APIPathPrefix},
		{"max_retries", EnvMaxRetries, m.MaxRetries},
		{"request_timeout", EnvRequestTimeout, m.RequestTimeout},
		{"max_concurrent_requests", EnvMaxConcurrentRequests, m.MaxConcurrentRequests},
		{"ca_cert_pem", EnvCACertPEM, m.CACertPEM},
		{"ca_cert_file", EnvCACertFile, m.CACertFile},
		{"client_cert_pem", EnvClientCertPEM, m.ClientCertPEM},
		{"client_cert_file", EnvClientCertFile, m.ClientCertFile},
		{"client_key_pem", EnvClientKeyPEM, m.ClientKeyPEM},
		{"client_key_file", EnvClientKeyFile, m.ClientKeyFile},
		{"insecure_skip_verify", EnvInsecureSkipVerify, m.InsecureSkipVerify},
		{"write_only_import", EnvWriteOnlyImport, m.WriteOnlyImport},
		{"duplicate_check", EnvDuplicateCheck, m.DuplicateCheck},
		{"configure_timeout", EnvConfigureTimeout, m.ConfigureTimeout},
		{"max_retry_wait", EnvMaxRetryWait, m.MaxRetryWait},
		{"max_response_mb", EnvMaxResponseMB, m.MaxResponseMB},
	}
	for _, f := range families {
		for _, fs := range f.settings {
			out = append(out, setting{fs.name, fs.env, m.families[fs.name]})
		}
	}
	return out
}

// readProviderModel reads the provider block: the shared settings into the model's fields (the
// framework's decoding, on the block without the families' attributes) and each family's
// setting into families, by its attribute's type.
func readProviderModel(ctx context.Context, cfg tfsdk.Config) (providerModel, diag.Diagnostics) {
	var m providerModel
	var diags diag.Diagnostics
	given := topLevel(cfg.Raw) // nil: no provider block values at all
	shared := schema.Schema{Attributes: sharedProviderAttributes()}
	typ, ok := shared.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		diags.AddError("Unexpected Provider Schema", "The provider schema is not an object. Please report this issue to the provider developers.")
		return m, diags
	}
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		if v, ok := given[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(t, nil)
		}
	}
	diags.Append(tfsdk.Config{Schema: shared, Raw: tftypes.NewValue(typ, vals)}.Get(ctx, &m)...)
	m.families = map[string]attr.Value{}
	for _, f := range families {
		for _, fs := range f.settings {
			v, ok := given[fs.name]
			if !ok {
				continue // null
			}
			value, err := fs.attribute.GetType().ValueFromTerraform(ctx, v)
			if err != nil {
				diags.AddAttributeError(path.Root(fs.name), "Invalid Provider Setting",
					fmt.Sprintf("The value of %q cannot be read: %s. Please report this issue to the provider developers.", fs.name, err))
				continue
			}
			m.families[fs.name] = value
		}
	}
	return m, diags
}

// resolvedConfig is the provider configuration after the environment rule, parsing and
// validation: everything senhasegura.New needs except the logger and the user agent, and what
// the families read.
type resolvedConfig struct {
	client senhasegura.Config
	// writeOnlyImport makes every import read no secret and record write-only mode, as the
	// `write-only:<id>` import ID does (imports by identity cannot carry that prefix).
	writeOnlyImport bool
	// duplicateCheck is duplicateWarn, duplicateError or duplicateOff.
	duplicateCheck string
	// baseCredentials: client_id and client_secret are set, and client holds them. When they
	// are not (a configuration of families with their own credentials alone), client holds the
	// first such family's, and the families that need client_id have no client.
	baseCredentials bool
	// inputs are every setting after the environment rule, by name: the families read theirs
	// (familyRegistration.settings) here.
	inputs settingInputs
	// configureTimeout bounds Configure (configure_timeout).
	configureTimeout time.Duration
}

// configInput is one setting's raw text and where it came from, for messages.
type configInput struct {
	name, env string
	text      string
	fromEnv   bool
	set       bool
}

// settingInputs are the settings after the environment rule, by attribute name.
type settingInputs map[string]configInput

// text is the setting's value ("" when it is not set).
func (in settingInputs) text(name string) string { return in[name].text }

// source says where a value came from: the attribute, or the environment variable.
func (in configInput) source() string {
	if in.fromEnv {
		return "the " + in.env + " environment variable"
	}
	return fmt.Sprintf("%q", in.name)
}

// resolveConfig applies one rule to every setting (the attribute when it is set, otherwise its
// environment variable, otherwise the default), then parses and validates the values, giving
// an environment variable exactly the checks of its attribute. It reads files (CA and client
// certificates) through readFile and the environment through getenv, and is otherwise pure.
// Every diagnostic points at the attribute, names the environment variable when the value came
// from there, and never repeats a secret or a URL's user information.
func resolveConfig(m providerModel, getenv func(string) string, readFile func(string) ([]byte, error)) (resolvedConfig, diag.Diagnostics) {
	var diags diag.Diagnostics
	in := map[string]configInput{}
	for _, s := range m.settings() {
		if s.value != nil && s.value.IsUnknown() {
			diags.AddAttributeError(path.Root(s.name), "Unknown senhasegura Provider Setting",
				fmt.Sprintf("The provider cannot connect to senhasegura while %q is unknown (it depends on a value known only after apply). "+
					"Set it to a literal or a variable, or use the environment variable instead.", s.name))
			continue
		}
		ci := configInput{name: s.name, env: s.env}
		if s.value != nil && !s.value.IsNull() {
			ci.text, ci.set = attrText(s.value), true
		} else if s.env != "" {
			if v := getenv(s.env); v != "" {
				ci.text, ci.set, ci.fromEnv = v, true, true
			}
		}
		in[s.name] = ci
	}
	if diags.HasError() {
		return resolvedConfig{}, diags
	}

	var rc resolvedConfig
	rc.inputs = in
	c := &rc.client
	// client_id and client_secret may be left out together when a family's own credentials are
	// set (a configuration of DSM alone needs only url, dsm_client_id and dsm_client_secret):
	// the core is then built on those, and the families that need client_id say so when used.
	var ownID, ownSecret string
	var alternatives []string
	for _, f := range families {
		if f.ownCredentials == nil {
			continue
		}
		alternatives = append(alternatives, f.ownCredentials.id+" and "+f.ownCredentials.secret)
		if id, secret := f.ownCredentials.own(in); ownID == "" && strings.TrimSpace(id) != "" && secret != "" {
			ownID, ownSecret = strings.TrimSpace(id), secret
		}
	}
	noBase := strings.TrimSpace(in["client_id"].text) == "" && in["client_secret"].text == ""
	required := []struct{ name, what string }{{"url", "the root URL of the senhasegura instance"}}
	if !noBase || ownID == "" {
		required = append(required,
			struct{ name, what string }{"client_id", "the client ID of a MySafe access key"},
			struct{ name, what string }{"client_secret", "the client secret of a MySafe access key"})
	}
	for _, req := range required {
		if strings.TrimSpace(in[req.name].text) == "" {
			more := ""
			if req.name != "url" && len(alternatives) > 0 {
				more = fmt.Sprintf(" A configuration that uses only the families with credentials of their own may leave "+
					"client_id and client_secret out and set those instead (%s).", strings.Join(alternatives, "; "))
			}
			diags.AddAttributeError(path.Root(req.name), "Missing senhasegura Provider Setting",
				fmt.Sprintf("The provider needs %s. Set %q in the provider block or the %s environment variable.%s", req.what, req.name, in[req.name].env, more))
		}
	}
	c.BaseURL, c.ClientID, c.ClientSecret = in["url"].text, in["client_id"].text, in["client_secret"].text
	rc.baseCredentials = !noBase
	if noBase {
		c.ClientID, c.ClientSecret = ownID, ownSecret
	}
	for _, f := range families {
		if f.checkSettings != nil {
			f.checkSettings(in, &diags)
		}
	}
	c.TokenURL = in["token_url"].text
	for _, name := range []string{"url", "token_url"} {
		checkURLSetting(in[name], &diags)
	}

	if v := in["api_path_prefix"]; v.set {
		if v.text != "/api" && v.text != "/iso" {
			diags.AddAttributeError(path.Root(v.name), "Invalid API Path Prefix",
				fmt.Sprintf("%s is %q; it must be \"/api\" (current versions) or \"/iso\" (older versions).", v.source(), v.text))
		}
		c.APIPrefix = v.text
	}
	c.MaxRetries = senhasegura.DefaultMaxRetries
	if n, ok := intInRange(in["max_retries"], minRetries, maxRetries, &diags); ok {
		c.MaxRetries = n
		if n == 0 {
			c.MaxRetries = senhasegura.NoRetries
		}
	}
	c.MaxConcurrent = senhasegura.DefaultMaxConcurrent
	if n, ok := intInRange(in["max_concurrent_requests"], minConcurrent, maxConcurrent, &diags); ok {
		c.MaxConcurrent = n
	}
	c.Timeout = durationSetting(in["request_timeout"], senhasegura.DefaultTimeout, &diags)
	rc.configureTimeout = durationSetting(in["configure_timeout"], defaultConfigureTimeout, &diags)
	c.MaxRetryAfter = durationSetting(in["max_retry_wait"], senhasegura.DefaultMaxRetryAfter, &diags)
	c.MaxResponseBytes = senhasegura.DefaultMaxResponseBytes
	if n, ok := intInRange(in["max_response_mb"], minResponseMB, maxResponseMB, &diags); ok {
		c.MaxResponseBytes = int64(n) << 20
	}
	rc.writeOnlyImport = boolSetting(in["write_only_import"], &diags)
	rc.duplicateCheck = duplicateWarn
	if v := in["duplicate_check"]; v.set {
		switch strings.TrimSpace(v.text) {
		case duplicateWarn, duplicateError, duplicateOff:
			rc.duplicateCheck = strings.TrimSpace(v.text)
		default:
			diags.AddAttributeError(path.Root(v.name), "Invalid duplicate_check",
				fmt.Sprintf("%s is %q; it must be %q (the default: a plan warns before it creates an item MySafe already holds), "+
					"%q (such a plan fails) or %q (no check).", v.source(), v.text, duplicateWarn, duplicateError, duplicateOff))
		}
	}
	c.TLS.InsecureSkipVerify = boolSetting(in["insecure_skip_verify"], &diags)
	if c.TLS.InsecureSkipVerify {
		diags.AddAttributeWarning(path.Root("insecure_skip_verify"), "TLS Certificate Verification Is Off",
			"insecure_skip_verify is set: the provider accepts any certificate, so anyone on the network path can read "+
				"and change your secrets. Use ca_cert_pem or ca_cert_file for a private CA instead.")
	}
	c.TLS.CACertPEM = pemSetting(in["ca_cert_pem"], in["ca_cert_file"], readFile, &diags)
	c.TLS.ClientCertPEM = pemSetting(in["client_cert_pem"], in["client_cert_file"], readFile, &diags)
	c.TLS.ClientKeyPEM = pemSetting(in["client_key_pem"], in["client_key_file"], readFile, &diags)
	if (len(c.TLS.ClientCertPEM) == 0) != (len(c.TLS.ClientKeyPEM) == 0) {
		missing := "client_key_pem"
		if len(c.TLS.ClientCertPEM) == 0 {
			missing = "client_cert_pem"
		}
		diags.AddAttributeError(path.Root(missing), "Incomplete Client Certificate",
			"Mutual TLS needs both the client certificate and its private key: set client_cert_pem (or client_cert_file) "+
				"and client_key_pem (or client_key_file).")
	}
	return rc, diags
}

// durationSetting parses a positive Go duration setting (def when unset).
func durationSetting(v configInput, def time.Duration, diags *diag.Diagnostics) time.Duration {
	if !v.set {
		return def
	}
	d, parseDiags := timetypes.GoDuration{StringValue: types.StringValue(strings.TrimSpace(v.text))}.ValueGoDuration()
	if parseDiags.HasError() || d <= 0 {
		diags.AddAttributeError(path.Root(v.name), "Invalid Duration",
			fmt.Sprintf("%s is %q, which is not a positive Go duration such as 30s or 2m.", v.source(), v.text))
		return def
	}
	return d
}

// boolSetting parses a boolean setting (false when unset).
func boolSetting(v configInput, diags *diag.Diagnostics) bool {
	if !v.set {
		return false
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v.text))
	if err != nil {
		diags.AddAttributeError(path.Root(v.name), "Invalid Boolean",
			fmt.Sprintf("%s is %q; use true or false.", v.source(), v.text))
	}
	return b
}

func attrText(v attr.Value) string {
	switch t := v.(type) {
	case types.String:
		return t.ValueString()
	case types.Int64:
		return strconv.FormatInt(t.ValueInt64(), 10)
	case types.Bool:
		return strconv.FormatBool(t.ValueBool())
	case timetypes.GoDuration:
		return t.ValueString()
	}
	return v.String()
}

func intInRange(v configInput, lo, hi int, diags *diag.Diagnostics) (int, bool) {
	if !v.set {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v.text))
	if err != nil || n < lo || n > hi {
		diags.AddAttributeError(path.Root(v.name), "Invalid "+v.name,
			fmt.Sprintf("%s is %q; it must be a whole number between %d and %d.", v.source(), v.text, lo, hi))
		return 0, false
	}
	return n, true
}

// checkURLSetting refuses what is not an http(s) URL with a host, refuses user information
// (never repeating it), and warns about http:// to a host that is not loopback.
func checkURLSetting(v configInput, diags *diag.Diagnostics) {
	if !v.set || v.text == "" {
		return
	}
	shown := senhasegura.RedactURL(v.text)
	u, err := senhasegura.ParseBaseURL(v.text)
	switch {
	case errors.Is(err, senhasegura.ErrURLQuery):
		diags.AddAttributeError(path.Root(v.name), "Query Or Fragment In senhasegura URL",
			fmt.Sprintf("%s is %q: it carries a query (?…) or a fragment (#…), and the provider appends API paths to it, so "+
				"every call would go astray. Use the root of the senhasegura instance, e.g. https://vault.example.com "+
				"(with a path prefix if the instance is served under one).", v.source(), shown))
	case errors.Is(err, senhasegura.ErrURLUserinfo):
		diags.AddAttributeError(path.Root(v.name), "Credentials In senhasegura URL",
			fmt.Sprintf("%s is %q: it carries user information (user:password@), which the provider never sends and "+
				"never shows. Remove it: senhasegura authenticates with client_id and client_secret.", v.source(), shown))
	case err != nil:
		diags.AddAttributeError(path.Root(v.name), "Malformed senhasegura URL",
			fmt.Sprintf("%s is %q, which is not a URL of the form https://host[:port][/path].", v.source(), shown))
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		diags.AddAttributeWarning(path.Root(v.name), "Plain HTTP To senhasegura",
			fmt.Sprintf("%s is %q: with http://, the client secret, the access token and every secret value travel "+
				"in clear text to %s. Use https:// (http:// is only fine for a local test instance on loopback).", v.source(), shown, u.Host))
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pemSetting returns the PEM text of a setting that has a PEM form and a file form: the PEM
// attribute, else the file attribute, else the PEM variable, else the file variable.
func pemSetting(pem, file configInput, readFile func(string) ([]byte, error), diags *diag.Diagnostics) []byte {
	switch {
	case pem.set && !pem.fromEnv:
		return []byte(pem.text)
	case file.set && !file.fromEnv:
	case pem.set:
		return []byte(pem.text)
	case !file.set:
		return nil
	}
	b, err := readFile(file.text)
	if err != nil {
		diags.AddAttributeError(path.Root(file.name), "Cannot Read File",
			fmt.Sprintf("%s names %q, which cannot be read: %s", file.source(), file.text, err))
		return nil
	}
	return b
}

// osReadFile reads a file the user named on purpose (a CA or client certificate).
func osReadFile(name string) ([]byte, error) {
	return os.ReadFile(name) //nolint:gosec // the user names the file on purpose
}
