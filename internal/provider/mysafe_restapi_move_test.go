package provider

import (
	"strings"
	"testing"
)

// restapiState is a restapi_object state's attributes in the shape restapi v2 (SDKv2) writes;
// v3 (plugin framework) adds ignore_server_additions and leaves ignore_all_server_changes null.
func restapiState(path, id, objectID, createPath string) []byte {
	q := func(s string) string {
		if s == "" {
			return "null"
		}
		return `"` + s + `"`
	}
	return []byte(`{"api_data":{"name":"db","password_entity":"map[identifier:` + id + `]"},` +
		`"api_response":"{\"password_entity\":{\"identifier\":\"` + id + `\",\"password\":\"Legacy-Pw-1\"}}",` +
		`"create_method":null,"create_path":` + q(createPath) + `,"create_response":null,` +
		`"data":"{\"name\":\"db\",\"password\":\"Legacy-Pw-1\",\"username\":\"app\"}","debug":null,` +
		`"destroy_data":null,"destroy_method":null,"destroy_path":null,"force_new":null,"id":` + q(id) + `,` +
		`"id_attribute":"password_entity/identifier","ignore_all_server_changes":false,"ignore_changes_to":null,` +
		`"object_id":` + q(objectID) + `,"path":` + q(path) + `,"query_string":null,"read_data":null,"read_method":null,` +
		`"read_path":null,"read_search":null,"update_data":null,"update_method":null,"update_path":null}`)
}

func TestRestapiMove(t *testing.T) {
	const (
		tfAddr   = "registry.terraform.io/mastercard/restapi"
		tofuAddr = "registry.opentofu.org/mastercard/restapi"
		password = "senhasegura_mysafe_password"
		secret   = "senhasegura_mysafe_api_secret"
		note     = "senhasegura_mysafe_note"
	)
	for _, c := range []struct {
		name, address, typeName, target string
		raw                             []byte
		wantID, wantErr                 string // wantID "" and wantErr "": declined
	}{
		{"password /api", tfAddr, "restapi_object", password, restapiState("/api/mysafe/password", "312", "", ""), "312", ""},
		{"password /iso", tfAddr, "restapi_object", password, restapiState("/iso/mysafe/password", "7", "", ""), "7", ""},
		{"OpenTofu host", tofuAddr, "restapi_object", password, restapiState("/api/mysafe/password", "12", "", ""), "12", ""},
		{"OpenTofu before 1.12.4: bare name", "restapi", "restapi_object", password, restapiState("/api/mysafe/password", "12", "", ""), "12", ""},
		{"address case", "registry.terraform.io/Mastercard/RestAPI", "restapi_object", password, restapiState("/api/mysafe/password", "12", "", ""), "12", ""},
		{"trailing slash and query", tfAddr, "restapi_object", password, restapiState("/api/mysafe/password/?x=1", "12", "", ""), "12", ""},
		{"path without the prefix (restapi uri ends in /api)", tfAddr, "restapi_object", password, restapiState("/mysafe/password", "12", "", ""), "12", ""},
		{"create_path names the kind", tfAddr, "restapi_object", password, restapiState("/api/items", "12", "", "/api/mysafe/password"), "12", ""},
		{"object_id when id is not digits", tfAddr, "restapi_object", password, restapiState("/api/mysafe/password", "db", "44", ""), "44", ""},
		{"API secret", tfAddr, "restapi_object", secret, restapiState("/api/mysafe/secretapi", "3", "", ""), "3", ""},
		{"note", tfAddr, "restapi_object", note, restapiState("/api/mysafe/note", "177", "", ""), "177", ""},
		{"v3 state", tfAddr, "restapi_object", password, []byte(`{"id":"9","object_id":null,"path":"/api/mysafe/password","ignore_server_additions":null,"read_search":{"search_key":"name","search_value":"db"}}`), "9", ""},

		{"another kind: API secret", tfAddr, "restapi_object", password, restapiState("/api/mysafe/secretapi", "3", "", ""), "", "move it to senhasegura_mysafe_api_secret instead"},
		{"another kind: note", tfAddr, "restapi_object", secret, restapiState("/iso/mysafe/note", "3", "", ""), "", "move it to senhasegura_mysafe_note instead"},
		{"another kind: password", tfAddr, "restapi_object", note, restapiState("/api/mysafe/password", "3", "", ""), "", "move it to senhasegura_mysafe_password instead"},
		{"no MySafe identifier", tfAddr, "restapi_object", password, restapiState("/api/mysafe/password", "db", "", ""), "", `the id "db"`},
		{"no id at all", tfAddr, "restapi_object", password, restapiState("/api/mysafe/password", "", "", ""), "", "has no id"},
		{"unreadable state", tfAddr, "restapi_object", password, []byte(`[1]`), "", "cannot be read"},

		{"not MySafe's path: PAM", tfAddr, "restapi_object", password, restapiState("/iso/pam/device", "3", "", ""), "", ""},
		{"not MySafe's path: other API", tfAddr, "restapi_object", password, restapiState("/v1/users", "3", "", ""), "", ""},
		{"unknown MySafe kind", tfAddr, "restapi_object", password, restapiState("/api/mysafe/wallet", "3", "", ""), "", ""},
		{"another provider", "registry.terraform.io/hashicorp/http", "restapi_object", password, restapiState("/api/mysafe/password", "3", "", ""), "", ""},
		{"a fork of restapi", "registry.terraform.io/someone/restapi", "restapi_object", password, restapiState("/api/mysafe/password", "3", "", ""), "", ""},
		{"another type", tfAddr, "restapi_data", password, restapiState("/api/mysafe/password", "3", "", ""), "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			id, err := restapiMove(c.address, c.typeName, c.raw, c.target)
			switch {
			case c.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("want an error with %q, got id %q, err %v", c.wantErr, id, err)
				}
				if strings.Contains(err.Error(), "Legacy-Pw-1") {
					t.Fatalf("the error quotes the old state's secret: %v", err)
				}
			case err != nil:
				t.Fatalf("unexpected error: %v", err)
			case id != c.wantID:
				t.Fatalf("id %q, want %q", id, c.wantID)
			}
		})
	}
}
