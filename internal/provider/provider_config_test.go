package provider

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// nullModel is a provider block with nothing set.
func nullModel() providerModel {
	return providerModel{
		URL: types.StringNull(), ClientID: types.StringNull(), ClientSecret: types.StringNull(), TokenURL: types.StringNull(),
		APIPathPrefix: types.StringNull(), MaxRetries: types.Int64Null(), RequestTimeout: timetypes.NewGoDurationNull(),
		MaxConcurrentRequests: types.Int64Null(), CACertPEM: types.StringNull(), CACertFile: types.StringNull(),
		ClientCertPEM: types.StringNull(), ClientCertFile: types.StringNull(), ClientKeyPEM: types.StringNull(),
		ClientKeyFile: types.StringNull(), InsecureSkipVerify: types.BoolNull(),
	}
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func noFiles(name string) ([]byte, error) { return nil, errors.New("no such file: " + name) }

var minimalEnv = map[string]string{EnvURL: "https://vault.example.com", EnvClientID: "id", EnvClientSecret: "Cfg-Secret-1"}

func withEnv(extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range minimalEnv {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

func diagText(d diag.Diagnostics) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.Severity().String() + ": " + x.Summary() + ": " + x.Detail() + "\n")
	}
	return b.String()
}

func TestResolveConfigDefaultsAndPrecedence(t *testing.T) {
	m := nullModel()
	m.URL = types.StringValue("https://config.example.com")
	rc, d := resolveConfig(m, envOf(withEnv(nil)), noFiles)
	if d.HasError() {
		t.Fatal(diagText(d))
	}
	c := rc.client
	if c.BaseURL != "https://config.example.com" || c.ClientID != "id" || c.ClientSecret != "Cfg-Secret-1" {
		t.Fatalf("attribute wins over the environment, which fills the rest: %+v", c)
	}
	if c.MaxRetries != senhasegura.DefaultMaxRetries || c.MaxConcurrent != senhasegura.DefaultMaxConcurrent || c.Timeout != senhasegura.DefaultTimeout {
		t.Fatalf("defaults: %+v", c)
	}
	rc, d = resolveConfig(nullModel(), envOf(withEnv(map[string]string{
		EnvMaxRetries: "0", EnvMaxConcurrentRequests: "3", EnvRequestTimeout: "2s", EnvAPIPathPrefix: "/iso", EnvInsecureSkipVerify: "false",
	})), noFiles)
	if d.HasError() || rc.client.MaxRetries != senhasegura.NoRetries || rc.client.MaxConcurrent != 3 || rc.client.Timeout != 2*time.Second || rc.client.APIPrefix != "/iso" {
		t.Fatalf("environment values: %+v %s", rc.client, diagText(d))
	}
}

// Environment variables get the checks of their attributes: an invalid value is an error that
// names the variable, never a silent default.
func TestResolveConfigEnvValidation(t *testing.T) {
	for env, value := range map[string]string{
		EnvInsecureSkipVerify:    "yes",
		EnvMaxConcurrentRequests: "0",
		EnvMaxRetries:            "51",
		EnvRequestTimeout:        "soon",
		EnvAPIPathPrefix:         "/v2",
		EnvCACertFile:            "/nonexistent/ca.pem",
	} {
		_, d := resolveConfig(nullModel(), envOf(withEnv(map[string]string{env: value})), noFiles)
		if !d.HasError() || !strings.Contains(diagText(d), env) {
			t.Errorf("%s=%q: want an error naming the variable, got %s", env, value, diagText(d))
		}
	}
	_, d := resolveConfig(nullModel(), envOf(map[string]string{}), noFiles)
	for _, env := range []string{EnvURL, EnvClientID, EnvClientSecret} {
		if !strings.Contains(diagText(d), env) {
			t.Errorf("missing setting does not mention %s: %s", env, diagText(d))
		}
	}
}

func TestResolveConfigURLs(t *testing.T) {
	cases := []struct {
		url, severity, summary string
	}{
		{"http://vault.example.com", "Warning", "Plain HTTP To senhasegura"},
		{"http://127.0.0.1:8080", "", ""},
		{"http://localhost:8080", "", ""},
		{"http://[::1]:8080", "", ""},
		{"https://vault.example.com", "", ""},
		{"https://admin:Url-Secret-9@vault.example.com", "Error", "Credentials In senhasegura URL"},
		{"vault.example.com", "Error", "Malformed senhasegura URL"},
		{"https://vault.example.com/?tenant=acme", "Error", "Query Or Fragment In senhasegura URL"},
		{"https://vault.example.com/#top", "Error", "Query Or Fragment In senhasegura URL"},
	}
	for _, c := range cases {
		for _, name := range []string{"url", "token_url"} {
			m := nullModel()
			if name == "url" {
				m.URL = types.StringValue(c.url)
			} else {
				m.TokenURL = types.StringValue(c.url)
			}
			_, d := resolveConfig(m, envOf(withEnv(nil)), noFiles)
			text := diagText(d)
			if strings.Contains(text, "Url-Secret-9") || strings.Contains(text, "admin") {
				t.Errorf("%s %s: a diagnostic repeats the user information: %s", name, c.url, text)
			}
			if c.summary == "" {
				if len(d) != 0 {
					t.Errorf("%s %s: want nothing, got %s", name, c.url, text)
				}
				continue
			}
			if len(d) != 1 || d[0].Severity().String() != c.severity || d[0].Summary() != c.summary {
				t.Errorf("%s %s: want %s %q, got %s", name, c.url, c.severity, c.summary, text)
			}
		}
	}
}

func TestResolveConfigTLS(t *testing.T) {
	files := map[string]string{"/ca.pem": "CA", "/cert.pem": "CERT", "/key.pem": "KEY"}
	read := func(name string) ([]byte, error) {
		if v, ok := files[name]; ok {
			return []byte(v), nil
		}
		return nil, errors.New("missing")
	}
	m := nullModel()
	m.CACertFile = types.StringValue("/ca.pem")
	m.ClientCertPEM = types.StringValue("CERT-ATTR")
	rc, d := resolveConfig(m, envOf(withEnv(map[string]string{EnvClientKeyFile: "/key.pem", EnvClientCertFile: "/cert.pem"})), read)
	if d.HasError() {
		t.Fatal(diagText(d))
	}
	if string(rc.client.TLS.CACertPEM) != "CA" || string(rc.client.TLS.ClientCertPEM) != "CERT-ATTR" || string(rc.client.TLS.ClientKeyPEM) != "KEY" {
		t.Fatalf("PEM attribute > file attribute > PEM variable > file variable: %+v", rc.client.TLS)
	}
	m = nullModel()
	m.ClientCertPEM = types.StringValue("CERT")
	if _, d := resolveConfig(m, envOf(withEnv(nil)), read); !strings.Contains(diagText(d), "Incomplete Client Certificate") {
		t.Fatalf("a certificate without a key: %s", diagText(d))
	}
}

func TestResolveConfigUnknown(t *testing.T) {
	m := nullModel()
	m.URL = types.StringUnknown()
	m.MaxRetries = types.Int64Unknown()
	_, d := resolveConfig(m, envOf(withEnv(nil)), noFiles)
	if d.ErrorsCount() != 2 || !strings.Contains(diagText(d), `"url" is unknown`) || !strings.Contains(diagText(d), `"max_retries" is unknown`) {
		t.Fatalf("unknown values: %s", diagText(d))
	}
}

// The families' own settings come through their registrations, with the rule of every setting
// (the attribute, else the environment variable); client_id and client_secret may be left out
// together only when a family's own credentials are complete, and the core then holds those.
func TestResolveConfigFamilySettings(t *testing.T) {
	m := nullModel()
	m.families = map[string]attr.Value{"dsm_client_id": types.StringValue("dsm-from-block")}
	rc, d := resolveConfig(m, envOf(map[string]string{EnvURL: "https://vault.example.com", EnvDSMClientID: "dsm-from-env",
		EnvDSMClientSecret: "Dsm-Secret-1", EnvPAMPathPrefix: "/api"}), noFiles)
	if d.HasError() {
		t.Fatal(diagText(d))
	}
	if rc.baseCredentials || rc.client.ClientID != "dsm-from-block" || rc.client.ClientSecret != "Dsm-Secret-1" {
		t.Fatalf("DSM alone: the core holds DSM's credentials, the attribute winning: %+v (base %v)", rc.client, rc.baseCredentials)
	}
	if rc.inputs.text("pam_path_prefix") != "/api" || !rc.inputs["pam_path_prefix"].fromEnv {
		t.Fatalf("a family's setting from its environment variable: %+v", rc.inputs["pam_path_prefix"])
	}
	rc, d = resolveConfig(nullModel(), envOf(withEnv(map[string]string{EnvDSMClientID: "d", EnvDSMClientSecret: "s"})), noFiles)
	if d.HasError() || !rc.baseCredentials || rc.client.ClientID != "id" {
		t.Fatalf("both: the core holds client_id's: %+v %s", rc.client, diagText(d))
	}
	for name, env := range map[string]map[string]string{
		"nothing":          {EnvURL: "https://vault.example.com"},
		"incomplete DSM":   {EnvURL: "https://vault.example.com", EnvDSMClientID: "d"},
		"only a client_id": {EnvURL: "https://vault.example.com", EnvClientID: "id", EnvDSMClientID: "d", EnvDSMClientSecret: "s"},
	} {
		if _, d := resolveConfig(nullModel(), envOf(env), noFiles); !d.HasError() {
			t.Errorf("%s: accepted", name)
		} else if name == "nothing" && !strings.Contains(diagText(d), "dsm_client_id and dsm_client_secret") {
			t.Errorf("%s: the error does not name the families' own credentials: %s", name, diagText(d))
		}
	}
	if _, d := resolveConfig(nullModel(), envOf(withEnv(map[string]string{EnvDecryptionHash: "md5"})), noFiles); !strings.Contains(diagText(d), EnvDecryptionHash) {
		t.Errorf("a bad decryption hash from the environment names the variable: %s", diagText(d))
	}
}
