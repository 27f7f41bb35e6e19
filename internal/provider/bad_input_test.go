package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafemock"
)

// breakingProxy serves the mock, except that while broken is set, answers to the calls that
// match are replaced: "html" answers 200 with an HTML page, "truncate" cuts the mock's real
// answer in half (after the mock did the work).
type breakingProxy struct {
	mock   *mysafemock.Server
	mode   string
	match  func(*http.Request) bool
	broken atomic.Bool
}

func (p *breakingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !p.broken.Load() || !p.match(r) {
		p.mock.ServeHTTP(w, r)
		return
	}
	switch p.mode {
	case "sparse":
		// An answer that carries only the identifier of the entity.
		rec := httptest.NewRecorder()
		p.mock.ServeHTTP(rec, r)
		var env map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &env)
		for k, v := range env {
			if ent, ok := v.(map[string]any); ok && k != "response" && k != "exception" {
				env[k] = map[string]any{"identifier": ent["identifier"]}
			}
		}
		b, _ := json.Marshal(env)
		w.WriteHeader(rec.Code)
		_, _ = w.Write(b)
	case "html":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<html><body>maintenance</body></html>"))
	case "truncate":
		rec := httptest.NewRecorder()
		p.mock.ServeHTTP(rec, r)
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes()[:rec.Body.Len()/2])
	}
}

const badInputPassword = `
resource "senhasegura_mysafe_password" "test" {
  name     = "db"
  username = "root"
  password = "Secret-Pw-991"
}
`

// TestAccBadInput lists what users get wrong, and what the provider answers: each case is a
// configuration and the message the user sees. Nothing may panic, and a failed apply must
// leave the state true to what MySafe holds.
func TestAccBadInput(t *testing.T) {
	mock, url := testAccMock(t, mysafemock.Options{})
	mock.Seed(mysafemock.Item{Kind: mysafemock.KindAPISecret, Fields: map[string]string{"name": "x", "url": "u", "client_id": "c", "identifier_code": "taken"}})
	deadSrv := httptest.NewServer(http.NotFoundHandler())
	dead := deadSrv.URL
	deadSrv.Close()

	pw := func(body string) string {
		return testAccProviderConfig(url) + "resource \"senhasegura_mysafe_password\" \"test\" {\n" + body + "\n}\n"
	}
	cases := []struct {
		name   string
		config string
		err    string
	}{
		{"wrong credentials", fmt.Sprintf("provider \"senhasegura\" {\n url = %q\n client_id = \"nobody\"\n client_secret = \"Wrong-Secret-123\"\n}\n", url) + badInputPassword,
			`(?s)MySafe Credentials Rejected.*rejected client ID\s+"nobody".*invalid_client`},
		{"URL without MySafe (No route matched)", testAccProviderConfig(url+"/not-mysafe") + badInputPassword,
			`(?s)No MySafe API At That URL.*No route matched with those values`},
		{"server down", testAccProviderConfigWith(dead, "max_retries = 2") + badInputPassword,
			`(?s)Cannot Connect To MySafe.*No answer from ` + regexp.QuoteMeta(dead) + `.*connection refused.*gave up after 3\s+attempts`},
		{"invalid base32 secret_key", pw(`name = "n"
  username = "u"
  password = "p"
  secret_key = "JBSWY3DP-HPK3PXP"`), `(?s)Invalid TOTP Secret Key.*not base32`},
		{"duplicate username in users_allowed", pw(`name = "n"
  username = "u"
  password = "p"
  users_allowed {
    username = "pduarte"
  }
  users_allowed {
    username = "pduarte"
    can_edit = true
  }`), `(?s)Duplicate Share.*username "pduarte" appears in more than one block`},
		{"empty required string", pw(`name = "n"
  username = ""
  password = "p"`), `(?s)Attribute username string length must be at least 1, got: 0`},
		{"duplicate identifier_code", testAccProviderConfig(url) + `
resource "senhasegura_mysafe_api_secret" "test" {
  name            = "n"
  url             = "https://api.example.com"
  client_id       = "c"
  identifier_code = "taken"
}`, `(?s)Duplicate identifier_code.*identifier_code = "taken".*MySafe error 1001`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: c.config, ExpectError: regexp.MustCompile(c.err)}},
			})
		})
	}

	t.Run("identifier that is not digits on import", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: pw(`name = "n"
  username = "u"
  password = "p"`),
				ResourceName: "senhasegura_mysafe_password.test", ImportState: true, ImportStateId: "db-password",
				ExpectError: regexp.MustCompile(`(?s)Invalid Import Identifier.*"db-password" is not a MySafe identifier`),
			}},
		})
	})

	// A refresh answered with HTML: a precise error, and the state keeps the password (the
	// next plan, once MySafe answers properly, is empty rather than a re-create).
	t.Run("answer that is not JSON", func(t *testing.T) {
		m := mysafemock.New(mysafemock.Options{})
		proxy := &breakingProxy{mock: m, mode: "html", match: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/mysafe/password/")
		}}
		srv := httptest.NewServer(proxy)
		defer srv.Close()
		cfg := testAccProviderConfig(srv.URL) + badInputPassword
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: cfg},
				{
					PreConfig:   func() { proxy.broken.Store(true) },
					Config:      cfg,
					ExpectError: regexp.MustCompile(`(?s)Error Reading MySafe Password.*the answer is not a JSON\s+object`),
				},
				{
					PreConfig:        func() { proxy.broken.Store(false) },
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
		if n := len(m.Items(mysafemock.KindPassword)); n != 1 {
			t.Fatalf("%d passwords stored, want 1", n)
		}
	})

	// A create answered with a truncated body: the provider finds the stored password and
	// adopts it, so state and MySafe agree and nothing is duplicated.
	t.Run("truncated answer to a create", func(t *testing.T) {
		m := mysafemock.New(mysafemock.Options{})
		proxy := &breakingProxy{mock: m, mode: "truncate", match: func(r *http.Request) bool {
			return r.Method == http.MethodPost && r.URL.Path == "/api/mysafe/password"
		}}
		proxy.broken.Store(true)
		srv := httptest.NewServer(proxy)
		defer srv.Close()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:           testAccProviderConfig(srv.URL) + badInputPassword,
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: func(*terraformState) error {
					if n := len(m.Items(mysafemock.KindPassword)); n != 1 {
						return fmt.Errorf("%d passwords stored, want exactly 1", n)
					}
					return nil
				},
			}},
		})
	})
}

// An independent MySafe may answer creates and updates with less than the reference shows:
// what the answer leaves out keeps the planned value, so apply succeeds and the next plan,
// made from full GET answers, is empty.
func TestAccSparseWriteAnswers(t *testing.T) {
	m := mysafemock.New(mysafemock.Options{})
	proxy := &breakingProxy{mock: m, mode: "sparse", match: func(r *http.Request) bool {
		return r.Method == http.MethodPost && !strings.Contains(r.URL.Path, "/inactive/") && !strings.Contains(r.URL.Path, "oauth2") || r.Method == http.MethodPut
	}}
	proxy.broken.Store(true)
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	empty := emptyPlanAfterApply()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccPasswordConfig(srv.URL, testAccPasswordSeed), ConfigPlanChecks: empty},
			{Config: testAccPasswordConfig(srv.URL, testAccPasswordUpdated), ConfigPlanChecks: empty},
			{Config: testAccAPISecretConfig(srv.URL, testAccAPISecretSeed), ConfigPlanChecks: empty},
		},
	})
}
