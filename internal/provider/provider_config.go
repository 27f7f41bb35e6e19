package provider

import (
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
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// Environment variables read when the matching attribute is not set in the provider block.
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
	EnvPAMClientID           = "SENHASEGURA_PAM_CLIENT_ID"
	EnvPAMClientSecret       = "SENHASEGURA_PAM_CLIENT_SECRET"
	EnvPAMPathPrefix         = "SENHASEGURA_PAM_PATH_PREFIX"
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
	PAMClientID           types.String         `tfsdk:"pam_client_id"`
	PAMClientSecret       types.String         `tfsdk:"pam_client_secret"`
	PAMPathPrefix         types.String         `tfsdk:"pam_path_prefix"`
	ConfigureTimeout      timetypes.GoDuration `tfsdk:"configure_timeout"`
	MaxRetryWait          timetypes.GoDuration `tfsdk:"max_retry_wait"`
	MaxResponseMB         types.Int64          `tfsdk:"max_response_mb"`
}

// setting is one provider attribute, its environment variable ("" when it has none) and its
// configured value. settings lists every attribute once: the unknown check and the
// environment rule both read this list.
type setting struct {
	name, env string
	value     attr.Value
}

func (m providerModel) settings() []setting {
	return []setting{
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
		{"pam_client_id", EnvPAMClientID, m.PAMClientID},
		{"pam_client_secret", EnvPAMClientSecret, m.PAMClientSecret},
		{"pam_path_prefix", EnvPAMPathPrefix, m.PAMPathPrefix},
		{"configure_timeout", EnvConfigureTimeout, m.ConfigureTimeout},
		{"max_retry_wait", EnvMaxRetryWait, m.MaxRetryWait},
		{"max_response_mb", EnvMaxResponseMB, m.MaxResponseMB},
	}
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
	// pamClientID and pamClientSecret are PAM Core's own client credentials (an A2A
	// authorization), "" when PAM Core uses client_id and client_secret; pamPrefix is where the
	// instance serves PAM Core ("" = the client's default).
	pamClientID, pamClientSecret, pamPrefix string
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
		if s.value.IsUnknown() {
			diags.AddAttributeError(path.Root(s.name), "Unknown senhasegura Provider Setting",
				fmt.Sprintf("The provider cannot connect to senhasegura while %q is unknown (it depends on a value known only after apply). "+
					"Set it to a literal or a variable, or use the environment variable instead.", s.name))
			continue
		}
		ci := configInput{name: s.name, env: s.env}
		if !s.value.IsNull() {
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
	c := &rc.client
	for _, req := range []struct{ name, what string }{
		{"url", "the root URL of the senhasegura instance"},
		{"client_id", "the client ID of a MySafe access key"},
		{"client_secret", "the client secret of a MySafe access key"},
	} {
		if strings.TrimSpace(in[req.name].text) == "" {
			diags.AddAttributeError(path.Root(req.name), "Missing senhasegura Provider Setting",
				fmt.Sprintf("The provider needs %s. Set %q in the provider block or the %s environment variable.", req.what, req.name, in[req.name].env))
		}
	}
	c.BaseURL, c.ClientID, c.ClientSecret = in["url"].text, in["client_id"].text, in["client_secret"].text
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
	rc.pamClientID, rc.pamClientSecret = strings.TrimSpace(in["pam_client_id"].text), in["pam_client_secret"].text
	if (rc.pamClientID == "") != (rc.pamClientSecret == "") {
		missing := "pam_client_secret"
		if rc.pamClientID == "" {
			missing = "pam_client_id"
		}
		diags.AddAttributeError(path.Root(missing), "Incomplete PAM Core Credentials",
			fmt.Sprintf("PAM Core's own credentials need both pam_client_id and pam_client_secret (or %s and %s), the client ID "+
				"and secret of an A2A authorization. Set both, or neither: PAM Core then uses client_id and client_secret.", EnvPAMClientID, EnvPAMClientSecret))
	}
	if v := in["pam_path_prefix"]; v.set {
		if v.text != "/api" && v.text != "/iso" {
			diags.AddAttributeError(path.Root(v.name), "Invalid PAM Path Prefix",
				fmt.Sprintf("%s is %q; it must be \"/iso\" (every version, the default) or \"/api\" (3.33 and later).", v.source(), v.text))
		}
		rc.pamPrefix = v.text
	}
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
