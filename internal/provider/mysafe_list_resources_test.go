package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// Secrets seeded for the list tests: none may appear in any query result.
var listSecrets = []string{"List-Pw-1", "List-Pw-2", "JBSWY3DPEHPK3PXP", "List-Cs-1", "List-Note-1", "List-Note-2"}

func seedListItems(mock *senhaseguramock.Server) {
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{
		"name": "billing db", "username": "billing", "password": "List-Pw-1", "secret_key": "JBSWY3DPEHPK3PXP",
		"url": "db.example.com", "tags": "prod, db",
	}, UsersAllowed: []senhaseguramock.Share{{Name: "pduarte", CanEdit: true}}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{
		"name": "staging db", "username": "stage", "password": "List-Pw-2", "tags": "staging",
	}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "old db", "username": "old", "password": "x", "tags": "prod"}})
	mock.SetActive(senhaseguramock.KindPassword, "3", false)
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{
		"name": "GCP", "url": "https://gcp.com", "client_id": "cid", "client_secret": "List-Cs-1", "identifier_code": "hyga125", "tags": "prod",
	}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "Recovery codes", "note": "List-Note-1", "tags": "prod"},
		GroupsAllowed: []senhaseguramock.Share{{Name: "Test group"}}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "Licence", "note": "List-Note-2", "tags": "legal"}})
}

// noSecretInQuery fails when a seeded secret appears in any query result.
type noSecretInQuery struct{}

func (noSecretInQuery) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	b, err := json.Marshal(req.Query)
	if err != nil {
		resp.Error = err
		return
	}
	if len(req.Query) == 0 {
		resp.Error = fmt.Errorf("the query returned nothing: the secret scan proves nothing")
		return
	}
	if s, i := firstSecret(b, listSecrets); i >= 0 {
		resp.Error = fmt.Errorf("secret %q found in the query results", s)
	}
}

// TestAccListResources: `terraform query` lists the items of each kind with the data
// sources' filters, each with its identity and display name; include_resource gives the
// resource object, every secret null; a deactivated item is left out.
func TestAccListResources(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedListItems(mock)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.ProviderConfig(url)},
			{
				Query: true,
				// The query file sits beside the previous step's configuration, which holds the
				// provider block.
				Config: `
list "senhasegura_mysafe_password" "prod" {
  provider         = senhasegura
  include_resource = true
  config {
    tag = "prod"
  }
}

list "senhasegura_mysafe_password" "by_username" {
  provider = senhasegura
  config {
    username = "stage"
  }
}

list "senhasegura_mysafe_api_secret" "by_code" {
  provider         = senhasegura
  include_resource = true
  config {
    identifier_code = "hyga125"
  }
}

list "senhasegura_mysafe_note" "prod" {
  provider         = senhasegura
  include_resource = true
  config {
    tag = "prod"
  }
}

list "senhasegura_mysafe_note" "all" {
  provider = senhasegura
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					noSecretInQuery{},
					// The deactivated "old db" (tag prod) is left out.
					querycheck.ExpectLength("senhasegura_mysafe_password.prod", 1),
					querycheck.ExpectIdentity("senhasegura_mysafe_password.prod", map[string]knownvalue.Check{"id": knownvalue.StringExact("1")}),
					querycheck.ExpectResourceDisplayName("senhasegura_mysafe_password.prod", byID("1"), knownvalue.StringExact("billing db (billing)")),
					querycheck.ExpectResourceKnownValues("senhasegura_mysafe_password.prod", byID("1"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("billing db")},
						{Path: tfjsonpath.New("url"), KnownValue: knownvalue.StringExact("db.example.com")},
						{Path: tfjsonpath.New("tags"), KnownValue: stringSet("prod", "db")},
						{Path: tfjsonpath.New("users_allowed"), KnownValue: knownvalue.SetExact([]knownvalue.Check{shareValue("username", "pduarte", true)})},
						{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("secret_key"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectLength("senhasegura_mysafe_password.by_username", 1),
					querycheck.ExpectResourceDisplayName("senhasegura_mysafe_password.by_username", byID("2"), knownvalue.StringExact("staging db (stage)")),
					querycheck.ExpectLength("senhasegura_mysafe_api_secret.by_code", 1),
					querycheck.ExpectResourceDisplayName("senhasegura_mysafe_api_secret.by_code", byID("1"), knownvalue.StringExact("GCP (hyga125)")),
					querycheck.ExpectResourceKnownValues("senhasegura_mysafe_api_secret.by_code", byID("1"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("client_id"), KnownValue: knownvalue.StringExact("cid")},
						{Path: tfjsonpath.New("identifier_code"), KnownValue: knownvalue.StringExact("hyga125")},
						{Path: tfjsonpath.New("client_secret"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectLength("senhasegura_mysafe_note.prod", 1),
					querycheck.ExpectResourceDisplayName("senhasegura_mysafe_note.prod", byID("1"), knownvalue.StringExact("Recovery codes")),
					querycheck.ExpectResourceKnownValues("senhasegura_mysafe_note.prod", byID("1"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("groups_allowed"), KnownValue: knownvalue.SetExact([]knownvalue.Check{shareValue("name", "Test group", false)})},
						{Path: tfjsonpath.New("note"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectLength("senhasegura_mysafe_note.all", 2),
				},
			},
		},
	})
}

// A list call MySafe refuses gives a diagnostic naming the MySafe error.
func TestAccListResources_error(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.FailNextOn("GET /mysafe/note", 10, senhaseguramock.Fault{Status: 403})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.ProviderConfig(url)},
			{
				Query:       true,
				Config:      "list \"senhasegura_mysafe_note\" \"all\" {\n  provider = senhasegura\n}\n",
				ExpectError: regexp.MustCompile(`Error Listing MySafe Notes`),
			},
		},
	})
}

// TestAccListResources_limitAndTimeout: `limit` caps the results and the reads behind them; the list resource's own
// `timeouts { list }` bounds the whole listing, the list call and the reads of
// include_resource alike, and the error names it.
func TestAccListResources_limitAndTimeout(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedListItems(mock)
	query := func(includeResource bool) string {
		return fmt.Sprintf(`
list "senhasegura_mysafe_password" "first" {
  provider         = senhasegura
  limit            = 1
  include_resource = %t
  config {
    timeouts {
      list = "2s"
    }
  }
}
`, includeResource)
	}
	slow := &slowMySafe{t: t, mock: mock}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.ProviderConfig(url)},
			{
				Query:  true,
				Config: query(true),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("senhasegura_mysafe_password.first", 1),
					querycheck.ExpectIdentity("senhasegura_mysafe_password.first", map[string]knownvalue.Check{"id": knownvalue.StringExact("1")}),
				},
			},
			{
				PreConfig: func() {
					// limit stops the listing: no read of an item past it.
					if n := mock.RequestCount("GET /mysafe/password/{id}"); n != 1 {
						t.Errorf("a listing with limit = 1 read %d passwords, want 1", n)
					}
					slow.hold("GET /mysafe/password")()
				},
				Query:       true,
				Config:      query(false),
				ExpectError: regexp.MustCompile(`(?s)MySafe list timeout ran out.*list\s+of\s+MySafe\s+passwords.*list\s+timeout\s+of\s+2s.*timeouts\s+\{\s+list\s+=\s+"4s"\s+\}`),
			},
			{
				PreConfig:   slow.failedFast("the list call", slow.hold("GET /mysafe/password/{id}")),
				Query:       true,
				Config:      query(true),
				ExpectError: regexp.MustCompile(`(?s)MySafe list timeout ran out.*list\s+timeout\s+of\s+2s`),
			},
			{
				PreConfig: slow.failedFast("the reads of include_resource", mock.ClearFaults),
				Query:     true,
				Config:    query(true),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("senhasegura_mysafe_password.first", 1),
				},
			},
		},
	})
}
