package mysafe

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// Envelope variants of the vendor's examples (quirks Q1, Q2, Q12), each decoded as the client would.
var envelopeCases = []struct {
	name   string
	status int
	body   string
	want   error // sentinel, nil for success
	code   int
	msg    string
}{
	{"v3-32 error without code, detail empty", 400, `{"response":{"status":400,"message":"1001: Parameter 'username' was not informed!","error":true,"error_code":0,"detail":"","mensagem":"1001: Parameter 'username' was not informed!","erro":true,"cod_erro":0},"exception":{"code":1001,"message":"1001: Parameter 'username' was not informed!","detail":""}}`, ErrMissingParameter, 1001, "Parameter 'username' was not informed!"},
	{"capital Message", 400, `{"code":400,"response":{"status":400,"message":"1009: Inactive Api secret","error":true,"error_code":1,"Message":"1009: Inactive Api secret"},"exception":{"code":1009,"message":"1009: Inactive Api secret","detail":null}}`, senhasegura.ErrInactive, 1009, "Inactive Api secret"},
	{"code only in the message", 400, `{"code":400,"response":{"status":400,"message":"1006: User does not have access","error":true,"error_code":1}}`, senhasegura.ErrNoAccess, 1006, "User does not have access"},
	{"quoted Identifier on update", 400, `{"code":400,"response":{"status":400,"message":"1001: 'Identifier' already found in another API key of this user","error":true},"exception":{"code":"1001","message":"1001: 'Identifier' already found in another API key of this user"}}`, ErrDuplicateIdentifierCode, 1001, "'Identifier' already found in another API key of this user"},
	{"kong 401", 401, `{"message":"You are not authorized to access this resource."}`, senhasegura.ErrUnauthorized, 0, "You are not authorized to access this resource."},
	{"kong no route", 404, `{"message":"No route matched with those values."}`, senhasegura.ErrNoRoute, 0, "No route matched with those values."},
	{"kong 502", 502, `{"message":"An invalid response was received from the upstream server"}`, senhasegura.ErrGateway, 0, "An invalid response was received from the upstream server"},
	{"html 504", 504, `<html>gateway timeout</html>`, senhasegura.ErrGateway, 0, "Gateway Timeout; the answer is an HTML page, not JSON: a proxy or maintenance page is likely (something in front of senhasegura answered instead of it)"},
	{"html 200 with a title", 200, "<!DOCTYPE html><html><head><title>Down for\n maintenance</title></head></html>", senhasegura.ErrInvalidResponse, 0, `the answer is an HTML page titled "Down for maintenance", not JSON: a proxy or maintenance page is likely (something in front of senhasegura answered instead of it)`},
	{"escape sequences", 400, "{\"code\":400,\"response\":{\"status\":400,\"message\":\"1010: \\u001b[2J\\u001b[31mboom\\u202e\",\"error\":true}}", senhasegura.ErrBadInput, 1010, `\u001b[2J\u001b[31mboom\u202e`},
	{"oauth error", 401, `{"error":"invalid_client","error_description":"Client authentication failed"}`, senhasegura.ErrUnauthorized, 0, "invalid_client: Client authentication failed"},
	{"not JSON on 200", 200, `{"code":200,"response":{"status":200,"password_entity":{"password":"hunter2-secret"`, senhasegura.ErrInvalidResponse, 0, ""},
	{"empty 200", 200, ``, senhasegura.ErrInvalidResponse, 0, "the answer has an empty body"},
	{"success", 200, `{"code":200,"response":{"status":200,"message":"Success","error":false,"error_code":0},"password_entity":{"identifier":5}}`, nil, 0, ""},
	{"success without code", 200, `{"response":{"status":200,"message":"Password successfully deactivated","error":false}}`, nil, 0, ""},
}

func TestDecodeEnvelope(t *testing.T) {
	for _, tc := range envelopeCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeEnvelope("GET /api/mysafe/password/5", tc.status, []byte(tc.body))
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("want %v, got %v", tc.want, err)
			}
			e, _ := senhasegura.AsError(err)
			if e.Code != tc.code || (tc.msg != "" && e.Message != tc.msg) {
				t.Fatalf("got code %d message %q", e.Code, e.Message)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatal("an error must never quote the body")
			}
		})
	}
}

func TestEntityQuirks(t *testing.T) {
	// GET password: numbers for identifier, null secret_key/token, notes.
	env, err := decodeEnvelope("op", 200, []byte(`{"password_entity":{"identifier":5,"name":"gmail corporate","password":"x","secret_key":null,"token":null,"notes":"my gmail password","tags":"gmail","users_allowed":[],"groups_allowed":[]}}`))
	if err != nil {
		t.Fatal(err)
	}
	var p wirePassword
	if err := env.Entity("op", 200, &p, "password_entity"); err != nil {
		t.Fatal(err)
	}
	if got := p.toPassword(); got.ID != "5" || got.SecretKey != "" || got.Notes != "my gmail password" {
		t.Fatalf("%+v", got)
	}
	// Create/update answer `note`.
	env, _ = decodeEnvelope("op", 201, []byte(`{"password_entity":{"identifier":"312","note":"Access details","users_allowed":[{"username":"pduarte","can_edit":"1"}]}}`))
	p = wirePassword{}
	_ = env.Entity("op", 201, &p, "password_entity")
	if got := p.toPassword(); got.Notes != "Access details" || !got.UsersAllowed[0].CanEdit {
		t.Fatalf("%+v", got)
	}
	// GET API secret: api_secret_entity with users_allowed[].name.
	env, _ = decodeEnvelope("op", 200, []byte(`{"api_secret_entity":{"identifier":"3","users_allowed":[{"name":"alices","can_edit":true}],"groups_allowed":[{"name":"Test group","can_edit":false}]}}`))
	var a wireAPISecret
	if err := env.Entity("op", 200, &a, "api_secret_entity", "api_entity"); err != nil {
		t.Fatal(err)
	}
	if got := a.toAPISecret(); got.UsersAllowed[0] != (Share{Name: "alices", CanEdit: true}) || got.GroupsAllowed[0].Name != "Test group" {
		t.Fatalf("%+v", got)
	}
	// A missing entity key is an invalid response, not a panic.
	if err := env.Entity("op", 200, &a, "api_entity"); !errors.Is(err, senhasegura.ErrInvalidResponse) {
		t.Fatalf("missing key: %v", err)
	}
}

// FuzzDecodeEnvelope feeds arbitrary bodies through the decoder and the entity mappers. The
// seed corpus (the cases above plus the mock's fixtures) runs in every `go test`.
func FuzzDecodeEnvelope(f *testing.F) {
	for _, tc := range envelopeCases {
		f.Add(tc.status, []byte(tc.body))
	}
	files, _ := filepath.Glob("../senhaseguramock/testdata/*.json")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(200, b)
			f.Add(400, b)
		}
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		env, err := decodeEnvelope("GET /api/mysafe/password/1", status, body)
		if err != nil {
			if _, ok := senhasegura.AsError(err); !ok {
				t.Fatalf("decoder returned a non-*Error: %v", err)
			}
			_ = err.Error()
			return
		}
		var p wirePassword
		if env.Entity("op", status, &p, "password_entity") == nil {
			_ = p.toPassword()
		}
		var a wireAPISecret
		if env.Entity("op", status, &a, "api_secret_entity", "api_entity") == nil {
			_ = a.toAPISecret()
		}
		var l []wireListItem
		_ = env.Entity("op", status, &l, "password_on_list", "api_secret_on_list")
	})
}

// BenchmarkDecodePasswordEntity measures decoding a GET password answer into the client type.
func BenchmarkDecodePasswordEntity(b *testing.B) {
	body := []byte(`{"code":200,"response":{"status":200,"message":"Success","error":false,"error_code":0,"detail":"","mensagem":"Success","erro":false,"cod_erro":0},"password_entity":{"identifier":"5","name":"gmail corporate","url":"www.gmail.com","username":"u@x","password":"7yha&thisismycorporatepassword78%h","secret_key":null,"token":null,"notes":"my gmail password","tags":"gmail","users_allowed":[{"username":"pduarte","can_edit":true}],"groups_allowed":[]}}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		env, err := decodeEnvelope("op", 200, body)
		if err != nil {
			b.Fatal(err)
		}
		var w wirePassword
		if err := env.Entity("op", 200, &w, "password_entity"); err != nil {
			b.Fatal(err)
		}
		_ = w.toPassword()
	}
}
