package repotest

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// The state a user of Mastercard/restapi has today, built from restapi's schema (v2.0.1:
// restapi/resource_api_object.go, SDKv2, commit da64092; v3.0.0:
// internal/provider/resource_api_object.go, plugin framework, commit 0b098b7) and from what its
// create writes with create_returns_object = true: `data` as configured, the POST answer in
// `api_response` and `create_response`, its top-level keys in `api_data`, the id that
// id_attribute points at. Every secret is there in plaintext.

// restapiInstance is one restapi_object's attributes as restapi version major (2 or 3) writes
// them after its create.
func restapiInstance(major int, path, idAttribute, id string, data map[string]string, entity string) map[string]any {
	body, _ := json.Marshal(data)
	answer := map[string]any{"code": 201, entity: map[string]any{"identifier": id}}
	for k, v := range data {
		answer[entity].(map[string]any)[k] = v
	}
	answerJSON, _ := json.Marshal(answer)
	attrs := map[string]any{
		"api_data":        map[string]string{"code": "201", entity: fmt.Sprintf("map[identifier:%s ...]", id)},
		"api_response":    string(answerJSON),
		"create_method":   nil,
		"create_path":     nil,
		"create_response": string(answerJSON),
		"data":            string(body),
		"debug":           nil,
		"destroy_data":    nil,
		"destroy_method":  nil,
		"destroy_path":    nil,
		"force_new":       nil,
		"id":              id,
		"id_attribute":    idAttribute,
		"object_id":       nil,
		"path":            path,
		"query_string":    nil,
		"read_data":       nil,
		"read_method":     nil,
		"read_path":       nil,
		"read_search":     nil,
		"update_data":     nil,
		"update_method":   nil,
		"update_path":     nil,
	}
	switch major {
	case 2:
		attrs["ignore_all_server_changes"] = false
		attrs["ignore_changes_to"] = nil
	case 3:
		attrs["ignore_all_server_changes"] = nil
		attrs["ignore_changes_to"] = nil
		attrs["ignore_server_additions"] = nil
	}
	return attrs
}

// restapiStateFile is a terraform.tfstate (format 4) holding restapi_objects by name.
func restapiStateFile(t *testing.T, major int, objects map[string]map[string]any) []byte {
	t.Helper()
	var resources []any
	names := make([]string, 0, len(objects))
	for name := range objects {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		inst := map[string]any{"schema_version": 0, "attributes": objects[name], "sensitive_attributes": []any{}}
		if major == 2 {
			inst["private"] = "eyJzY2hlbWFfdmVyc2lvbiI6IjAifQ==" // SDKv2's {"schema_version":"0"}
		}
		resources = append(resources, map[string]any{
			"mode": "managed", "type": "restapi_object", "name": name,
			"provider":  `provider["registry.terraform.io/mastercard/restapi"]`,
			"instances": []any{inst},
		})
	}
	b, err := json.MarshalIndent(map[string]any{
		"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "7b1b8f4e-6a0c-4f7e-9a55-3c2d1e0f9a8b",
		"outputs": map[string]any{}, "resources": resources, "check_results": nil,
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAccCLI_movedFromRestapi: a state written by restapi v2 or v3 for a MySafe password, API
// secret and note, and a configuration that moves each to this provider with a moved block.
// The plan says "has moved to" for all three and creates nothing; one apply later the state
// holds no plaintext the configuration keeps write-only (the password and the note's content),
// MySafe got no create, and the next plan is empty. The API secret keeps its client_secret
// plain, as its configuration says.
func TestAccCLI_movedFromRestapi(t *testing.T) {
	tf := terraformBinary(t)
	env := devOverrides(t)
	withRestapiStub(t, env)

	for _, major := range []int{2, 3} {
		t.Run(fmt.Sprintf("restapi v%d", major), func(t *testing.T) {
			mock := senhaseguramock.New(senhaseguramock.Options{})
			srv := httptest.NewServer(mock)
			defer srv.Close()
			mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "seed", "username": "u", "password": "p"}})
			pw := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{
				"name": "billing database", "username": "billing_app", "url": "https://db.example.com", "password": "Legacy-Pw-1"}})
			as := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{
				"name": "gcp", "url": "https://gcp.example.com", "client_id": "billing-sa", "client_secret": "Legacy-Cs-1", "identifier_code": "gcp-billing"}})
			note := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{
				"name": "recovery codes", "note": "Legacy-Note-1", "tags": "mfa"}})
			// An API secret without a client secret: nothing to send, so its move changes nothing.
			hook := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{
				"name": "webhook", "url": "https://hooks.example.com", "client_id": "hook"}})

			work := t.TempDir()
			state := restapiStateFile(t, major, map[string]map[string]any{
				"db_password": restapiInstance(major, "/api/mysafe/password", "password_entity/identifier", pw,
					map[string]string{"name": "billing database", "username": "billing_app", "url": "https://db.example.com", "password": "Legacy-Pw-1"}, "password_entity"),
				"gcp_secret": restapiInstance(major, "/api/mysafe/secretapi", "api_entity/identifier", as,
					map[string]string{"name": "gcp", "url": "https://gcp.example.com", "client_id": "billing-sa", "client_secret": "Legacy-Cs-1", "identifier_code": "gcp-billing"}, "api_entity"),
				"recovery_note": restapiInstance(major, "/iso/mysafe/note", "note_entity/identifier", note,
					map[string]string{"name": "recovery codes", "note": "Legacy-Note-1", "tags": "mfa"}, "note_entity"),
				"webhook": restapiInstance(major, "/api/mysafe/secretapi", "api_entity/identifier", hook,
					map[string]string{"name": "webhook", "url": "https://hooks.example.com", "client_id": "hook"}, "api_entity"),
			})
			if err := os.WriteFile(filepath.Join(work, "terraform.tfstate"), state, 0o600); err != nil {
				t.Fatal(err)
			}
			main := requiredProviders + acctest.ProviderConfig(srv.URL) + `
moved {
  from = restapi_object.db_password
  to   = senhasegura_mysafe_password.db
}

moved {
  from = restapi_object.gcp_secret
  to   = senhasegura_mysafe_api_secret.gcp
}

moved {
  from = restapi_object.recovery_note
  to   = senhasegura_mysafe_note.recovery
}

resource "senhasegura_mysafe_password" "db" {
  name                = "billing database"
  username            = "billing_app"
  url                 = "https://db.example.com"
  password_wo         = "Legacy-Pw-1"
  password_wo_version = 1
}

resource "senhasegura_mysafe_api_secret" "gcp" {
  name            = "gcp"
  url             = "https://gcp.example.com"
  client_id       = "billing-sa"
  client_secret   = "Legacy-Cs-1"
  identifier_code = "gcp-billing"
}

moved {
  from = restapi_object.webhook
  to   = senhasegura_mysafe_api_secret.webhook
}

resource "senhasegura_mysafe_api_secret" "webhook" {
  name      = "webhook"
  url       = "https://hooks.example.com"
  client_id = "hook"
}

resource "senhasegura_mysafe_note" "recovery" {
  name            = "recovery codes"
  tags            = ["mfa"]
  note_wo         = "Legacy-Note-1"
  note_wo_version = 1
}
`
			if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(main), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := run(t, work, env, tf, "plan", "-no-color")
			if err != nil {
				t.Fatalf("plan: %v\n%s", err, out)
			}
			// A moved item whose configuration sets a secret gets that value sent once in the
			// same apply (write-only: the first value, which starts drift detection; plain: the
			// value the refresh then reads back); one with nothing to send just moves.
			for _, m := range []string{
				"senhasegura_mysafe_password.db will be updated in-place\n  # (moved from restapi_object.db_password)",
				"senhasegura_mysafe_api_secret.gcp will be updated in-place\n  # (moved from restapi_object.gcp_secret)",
				"senhasegura_mysafe_note.recovery will be updated in-place\n  # (moved from restapi_object.recovery_note)",
				"restapi_object.webhook has moved to senhasegura_mysafe_api_secret.webhook",
			} {
				if !strings.Contains(out, m) {
					t.Errorf("the plan does not say %q", m)
				}
			}
			if !regexp.MustCompile(`Plan: 0 to add, \d+ to change, 0 to destroy`).MatchString(out) || strings.Contains(out, "Already Holds") {
				t.Errorf("the move must create nothing:\n%s", out)
			}
			t.Logf("plan of the move (restapi v%d):\n%s", major, planLines(out))
			if out, err := run(t, work, env, tf, "apply", "-auto-approve", "-no-color"); err != nil {
				t.Fatalf("apply: %v\n%s", err, out)
			}
			if n := mock.RequestCount("POST /mysafe/password") + mock.RequestCount("POST /mysafe/secretapi") + mock.RequestCount("POST /mysafe/note"); n != 0 {
				t.Errorf("the move sent %d creates to MySafe", n)
			}
			// The state (not its backup, which is the old restapi state: the guide says to
			// delete it) holds no secret the configuration keeps write-only, and nothing of
			// restapi.
			st := mustReadFile(t, filepath.Join(work, "terraform.tfstate"))
			for _, secret := range []string{"Legacy-Pw-1", "Legacy-Note-1", "restapi"} {
				if strings.Contains(st, secret) {
					t.Errorf("the state after the move holds %q", secret)
				}
			}
			if !strings.Contains(st, "Legacy-Cs-1") {
				t.Errorf("the API secret, plain in its configuration, lost its client_secret")
			}
			for _, id := range []string{pw, as, note, hook} {
				if !strings.Contains(st, `"id": "`+id+`"`) {
					t.Errorf("the state does not hold identifier %s", id)
				}
			}
			if out, err := run(t, work, env, tf, "plan", "-no-color", "-detailed-exitcode"); err != nil {
				t.Fatalf("the plan after the move is not empty: %v\n%s", err, out)
			}
		})
	}
}

func mustReadFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// planLines keeps the lines of a plan that say what happens to each resource.
func planLines(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "Plan:") {
			keep = append(keep, "  "+t)
		}
	}
	return strings.Join(keep, "\n")
}
