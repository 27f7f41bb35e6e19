package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// Open question 1, its second part: an instance whose update keeps the name and the engine a
// create set (DSMQuirks.KeepNameEngine). The apply that changes them fails naming what DSM
// holds, the state records it, and the next plan shows the difference again: never silent.
func TestAccDSMSecret_updateKeepsNameAndEngine(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{Quirks: senhaseguramock.DSMQuirks{KeepNameEngine: true}}})
	cfg := func(name, engine string) string {
		return testAccDSMProvider(url) + dsmSecretHCL("app", `identity = "team/app/names"`, fmt.Sprintf("name = %q", name),
			fmt.Sprintf("engine = %q", engine), `values = { A = "1" }`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("first", "Generic"), ConfigPlanChecks: emptyPlanAfterApply()},
			{
				Config:      cfg("second", "Kubernetes"),
				ExpectError: regexp.MustCompile(`(?s)DSM holds name "first" \(not "second"\).*engine "Generic" \(not "Kubernetes"\)`),
			},
			{
				Config:             cfg("second", "Kubernetes"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
		CheckDestroy: func(*terraform.State) error {
			return checkDSMSecret(mock, "team/app/names", func(s senhaseguramock.DSMSecret) error {
				if s.Name != "first" || s.Engine != "Generic" {
					return fmt.Errorf("name %q, engine %q: the mock did not keep them", s.Name, s.Engine)
				}
				return nil
			})(nil)
		},
	})
}

// Open question 4: an instance whose registration without description and tags clears them
// (DSMQuirks.OmittedFieldsClear). dsmcli's running belt registers the application with the
// three fields on every pipeline run (and so does the ephemeral
// senhasegura_dsm_application_credentials): the refresh then shows the cleared description and
// tags in the plan, and the apply sends them again.
func TestAccDSMApplication_registrationClearsDescription(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{Quirks: senhaseguramock.DSMQuirks{OmittedFieldsClear: true}}})
	const addr = "senhasegura_dsm_application.billing"
	cfg := testAccDSMProvider(url) + dsmApplicationHCL("  description = \"billing service\"\n  tags        = [\"payments\"]\n")
	pipelineRun := func() {
		c, err := dsm.New(senhasegura.Config{BaseURL: url, ClientID: senhaseguramock.DefaultDSMClientID,
			ClientSecret: senhaseguramock.DefaultDSMClientSecret}, dsm.Options{})
		if err == nil {
			_, err = c.Applications.Register(context.Background(), dsm.Application{Name: "billing", System: "ci", Environment: "production"})
		}
		if err != nil {
			t.Fatalf("a registration of the three: %v", err)
		}
	}
	described := func(want bool) resource.TestCheckFunc {
		return func(*terraform.State) error {
			for _, app := range mock.DSMApplications() {
				if app.Name == "billing" && (app.Description != nil && *app.Description == "billing service") != want {
					return fmt.Errorf("application billing: description %v, want it set: %v", app.Description, want)
				}
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigPlanChecks: emptyPlanAfterApply(), Check: described(true)},
			{PreConfig: pipelineRun, Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true},
			{
				Config:           cfg,
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)),
				Check:            described(true),
			},
		},
	})
}
