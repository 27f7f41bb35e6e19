package main

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// stream renders events as `go test -json` lines.
func stream(t *testing.T, events ...event) io.Reader {
	t.Helper()
	var b strings.Builder
	for _, e := range events {
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return strings.NewReader(b.String())
}

func out(pkg, test, text string) event {
	return event{Action: "output", Package: pkg, Test: test, Output: text + "\n"}
}

func summarize(t *testing.T, maySkip string, events ...event) (string, []string) {
	t.Helper()
	s := newSummary()
	if err := s.read(stream(t, events...), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var w strings.Builder
	problems := s.report(&w, maySkip)
	return w.String(), problems
}

const (
	pkgP = "example.com/internal/provider"
	pkgR = "example.com/internal/repotest"
)

func TestVersionGatesAndNotCheckedGroups(t *testing.T) {
	report, problems := summarize(t, "",
		event{Action: "pass", Package: pkgP, Test: "TestAccPassword_basic"},
		out(pkgP, "TestAccIdentity_import", "    identity_test.go:60: Terraform CLI version 1.11.4 is below minimum version 1.12.0: skipping test"),
		event{Action: "skip", Package: pkgP, Test: "TestAccIdentity_import"},
		out(pkgR, "TestAccCLI_queryOnboarding", "    query_onboarding_test.go:27: Terraform CLI version 1.11.4 is below minimum version 1.14.0: skipping test"),
		event{Action: "skip", Package: pkgR, Test: "TestAccCLI_queryOnboarding"},
		out(pkgR, "TestExamples", "    repo_test.go:1: NOT CHECKED [examples]: a.tf needs Terraform 1.12+"),
		out(pkgR, "TestExamples/sub", "    repo_test.go:2: NOT CHECKED [examples]: b.tf needs Terraform 1.12+"),
		event{Action: "pass", Package: pkgR, Test: "TestExamples/sub"},
		event{Action: "pass", Package: pkgR, Test: "TestExamples"},
		out(pkgR, "TestReleaseSnapshot", "    release_test.go:3: NOT CHECKED [release snapshot]: dist/ is not there"),
		event{Action: "skip", Package: pkgR, Test: "TestReleaseSnapshot"},
	)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	for _, want := range []string{
		"acceptance tests passed: 1, skipped by version gates: 2 (TestAccCLI_queryOnboarding, TestAccIdentity_import)",
		"version-gated tests (the CLI under test is 1.11.4): need 1.12.0+: TestAccIdentity_import; need 1.14.0+: TestAccCLI_queryOnboarding",
		"examples: b.tf needs Terraform 1.12+; a.tf needs Terraform 1.12+",
		"release snapshot: dist/ is not there",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
}

func TestUnexplainedSkipFails(t *testing.T) {
	_, problems := summarize(t, "",
		event{Action: "pass", Package: pkgP, Test: "TestAccPassword_basic"},
		out(pkgP, "TestSomething", "    x_test.go:9: flaky on Tuesdays"),
		event{Action: "skip", Package: pkgP, Test: "TestSomething"},
	)
	if len(problems) != 1 || !strings.Contains(problems[0], "TestSomething") || !strings.Contains(problems[0], "flaky on Tuesdays") {
		t.Fatalf("problems: %v", problems)
	}
}

func TestNoAcceptanceTestFails(t *testing.T) {
	_, problems := summarize(t, "", event{Action: "pass", Package: pkgP, Test: "TestMapping"})
	if len(problems) != 1 || !strings.Contains(problems[0], "no acceptance test passed") {
		t.Fatalf("problems: %v", problems)
	}
}

func TestFailuresFail(t *testing.T) {
	_, problems := summarize(t, "",
		event{Action: "pass", Package: pkgP, Test: "TestAccPassword_basic"},
		event{Action: "fail", Package: pkgP, Test: "TestAccNote_basic"},
		event{Action: "fail", Package: pkgR, FailedBuild: pkgR},
	)
	if len(problems) != 2 {
		t.Fatalf("problems: %v", problems)
	}
}

func TestMaySkip(t *testing.T) {
	gated := []event{
		{Action: "pass", Package: pkgP, Test: "TestAccPassword_basic"},
		out(pkgP, "TestAccListResources_x", "Terraform CLI version 1.12.6 is below minimum version 1.14.0: skipping test"),
		{Action: "skip", Package: pkgP, Test: "TestAccListResources_x"},
		out(pkgP, "TestAccIdentity_y", "Terraform CLI version 1.12.6 is below minimum version 1.12.0: skipping test"),
		{Action: "skip", Package: pkgP, Test: "TestAccIdentity_y"},
	}
	if _, p := summarize(t, "2", gated...); len(p) != 0 {
		t.Errorf("2 allowed: %v", p)
	}
	if _, p := summarize(t, "0", gated...); len(p) != 1 {
		t.Errorf("0 allowed: %v", p)
	}
	if _, p := summarize(t, "^TestAccListResources", gated...); len(p) != 1 || !strings.Contains(p[0], "TestAccIdentity_y") {
		t.Errorf("only list tests allowed: %v", p)
	}
}
