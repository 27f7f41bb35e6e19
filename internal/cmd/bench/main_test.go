package main

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestBenchSmoke runs `make bench` small (5 passwords, 1 ms): both providers apply, plan and
// destroy, and every target without a time limit holds (exact requests, tokens, connections,
// peak RSS), so the bench itself cannot rot.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two providers and runs terraform six times")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	// Bounded by the test binary's deadline only: a fresh machine builds the providers cold.
	ctx := acctest.Context(t)
	var out bytes.Buffer
	ok, err := run(ctx, options{n: 5, latency: time.Millisecond, parallelism: 4, rounds: 2}, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatal("a target does not hold")
	}
	for _, want := range []string{"apply: exactly N = 5 POSTs ([5 5])", "plan: exactly N = 5 refresh GETs ([5 5])", "destroy: exactly N = 5 deactivations ([5 5])", "peak RSS", "wall time of each round"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// TestBenchVaultSmoke runs the vault mode small (MySafe and PAM Core vaults of 50, configurations
// of 1 and 3): it seeds, runs every phase of every cell and prints the table and the targets.
// A probe reads one seeded note (an item no configuration manages) during one refresh, as a
// provider that reads the vault would: the bench must count exactly that read, in that cell and
// phase, and fail the target.
func TestBenchVaultSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider and runs terraform sixteen times")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	ctx := acctest.Context(t)
	probed := &cell{family: familyPAM, vault: 50, config: 1}
	probe := func(ctx context.Context, s *seeder, c *cell, phase string) {
		if c.name() != probed.name() || phase != "refresh" {
			return
		}
		// A note the seeder made, found in the mock's store, not in the seeder's bookkeeping.
		for _, it := range s.mock.Items(senhaseguramock.KindNote) {
			if strings.HasPrefix(it.Fields["name"], "vault note ") {
				if err := s.get(ctx, "/mysafe/note/"+it.ID); err != nil {
					t.Errorf("probe: %v", err)
				}
				return
			}
		}
		t.Error("probe: no seeded note in the mock")
	}
	var out bytes.Buffer
	ok, cells, err := runVault(ctx, options{vault: vaultMatrix, mysafeSizes: []int{50}, pamSizes: []int{50}, configSizes: []int{3, 1},
		latency: time.Millisecond, parallelism: 4, rounds: 1, vaultProbe: probe}, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		t.Error("the bench holds its targets with a read of an unmanaged item")
	}
	if len(cells) != 4 {
		t.Fatalf("%d cells, want 4 (MySafe and PAM Core of 50, configurations 1 and 3)", len(cells))
	}
	for _, c := range cells {
		for _, ph := range vaultPhases {
			if len(c.all[ph]) != 1 {
				t.Fatalf("%s %s: %d rounds, want 1", c.label(), ph, len(c.all[ph]))
			}
			r := c.all[ph][0]
			if r.err != "" {
				t.Errorf("%s %s: %s", c.label(), ph, r.err)
			}
			if c.name() == probed.name() && ph == "refresh" && r.unmanaged[getNote] != 1 {
				t.Errorf("%s refresh: %d GETs of seeded notes counted, want the probe's 1 (%v)", c.label(), r.unmanaged[getNote], r.unmanaged)
			}
			if total(r.routes) == 0 || r.calls == 0 || r.peakRSSKB == 0 {
				t.Errorf("%s %s: nothing measured (%d requests, %d calls, %d KB)", c.label(), ph, total(r.routes), r.calls, r.peakRSSKB)
			}
		}
	}
	for _, want := range []string{
		"seeded MySafe to 50 items of each kind", "seeded PAM Core to 50 credentials on 5 devices",
		"family    vault", "unmanaged GETs", "requests by route",
		"GET note/{id} 1)", "FAIL PAM Core of 50 credentials, configuration 1: no read of an unmanaged item (",
		"info the plan target needs the MySafe cell of vault 0",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// TestUnmanagedGETs: only a single-item GET whose path id names a seeded item of its own route
// counts; lists, writes and the managed items' GETs do not.
func TestUnmanagedGETs(t *testing.T) {
	seeded := map[string]map[string]bool{
		getPassword: {"1": true, "2": true}, getNote: {"7": true},
		getCredential: {"10": true, "vault-cred-0000001": true, "svc-account-1@vault-000000.corp.example.com": true}, getDetails: {"10": true},
	}
	calls := []senhaseguramock.Call{
		{Route: getPassword, ID: "1"},                                             // seeded
		{Route: getPassword, ID: "3"},                                             // managed
		{Route: getNote, ID: "1"},                                                 // a managed note with a seeded password's id
		{Route: "GET /mysafe/password"},                                           // a list
		{Route: "POST /mysafe/password/inactive/{id}", ID: "2"},                   // a write
		{Route: getCredential, ID: "svc-account-1@vault-000000.corp.example.com"}, // by username@hostname
		{Route: getDetails, ID: "10"},
		{Route: getNote, ID: "7"},
	}
	got := unmanagedGETs(calls, seeded)
	want := map[string]int{getPassword: 1, getCredential: 1, getDetails: 1, getNote: 1}
	if len(got) != len(want) {
		t.Fatalf("unmanagedGETs = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("unmanagedGETs = %v, want %v", got, want)
		}
	}
	if err := checkItemGETs(); err != nil {
		t.Error(err)
	}
}

// TestAccount files the samples of a -traces text as scripts/bench-account did: the first
// category, in order, that a frame names, the provider's own categories only for stacks through
// its own packages.
func TestAccount(t *testing.T) {
	text := `File: terraform-provider-senhasegura
Type: cpu
Duration: 1s, Total samples = 40ms ( 4.00%)
-----------+-------------------------------------------------------
     10ms   encoding/json.(*decodeState).object
            github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe.(*Client).List
            net/http.(*Client).Do
-----------+-------------------------------------------------------
     1.5s   runtime.gcBgMarkWorker
-----------+-------------------------------------------------------
     250us  runtime.mallocgc
            github.com/senhasegura/terraform-provider-senhasegura/internal/pam.(*CredentialsService).List
-----------+-------------------------------------------------------
     20ms   google.golang.org/grpc.(*Server).handleStream
-----------+-------------------------------------------------------
`
	samples, err := parseTraces(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 4 || samples[0].ms != 10 || len(samples[0].stack) != 3 || samples[1].ms != 1500 || samples[2].ms != 0.25 {
		t.Fatalf("parseTraces = %+v", samples)
	}
	got := map[string]float64{}
	for i, ms := range accountOf(samples) {
		if ms != 0 {
			got[accountCategories[i].name] = ms
		}
	}
	want := map[string]float64{
		"HTTP client (retryablehttp, transport, token)":    10, // net/http comes before encoding/json
		"garbage collection (both sides)":                  1500,
		"other own code (mapping, deadlines, diagnostics)": 0.25,
		"framework, gRPC and runtime (both sides)":         20,
	}
	if len(got) != len(want) {
		t.Fatalf("accountOf = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("accountOf = %v, want %v", got, want)
		}
	}
	var out bytes.Buffer
	writeAccount(&out, accountOf(samples), nil, 1)
	if !strings.Contains(out.String(), "total") || !strings.Contains(out.String(), "1530.25") {
		t.Errorf("the account's table:\n%s", out.String())
	}
}

// TestParseFlags: the floor comparison's flags are as before; -vault takes its sizes.
func TestParseFlags(t *testing.T) {
	o, account, err := parseFlags([]string{"-n", "200", "-rounds", "1", "-sides", "quiet floor,provider"})
	if err != nil || account != "" || o.n != 200 || o.rounds != 1 || len(o.sides) != 2 || o.vault != "" || o.latency != 20*time.Millisecond {
		t.Errorf("parseFlags = %+v, %q, %v", o, account, err)
	}
	o, _, err = parseFlags([]string{"-vault", "1", "-mysafe-sizes", "0,1000", "-pam-sizes", "none", "-config-sizes", "1"})
	if err != nil || o.vault != vaultMatrix || len(o.mysafeSizes) != 2 || o.pamSizes != nil || len(vaultCells(o)) != 2 {
		t.Errorf("parseFlags -vault = %+v, %v", o, err)
	}
	o, _, err = parseFlags([]string{"-vault", "targets"})
	if err != nil || len(vaultCells(o)) != 3 {
		t.Errorf("parseFlags -vault targets = %+v, %v", o, err)
	}
	for _, bad := range [][]string{{"-vault", "huge"}, {"-vault", "1", "-phases", "plan"}, {"-config-sizes", "x"}} {
		if _, _, err := parseFlags(bad); err == nil {
			t.Errorf("parseFlags(%q) took it", bad)
		}
	}
}

// TestFirstError: a failed phase is told by terraform's error and the first line of its detail.
func TestFirstError(t *testing.T) {
	text := "senhasegura_mysafe_note.n[0]: Creating...\n\nError: Error Creating MySafe Note\n\n  with senhasegura_mysafe_note.n[0],\n" +
		"  on main.tf line 35, in resource \"senhasegura_mysafe_note\" \"n\":\n  35: resource \"senhasegura_mysafe_note\" \"n\" {\n\nMySafe refused it: 1001.\n"
	if got, want := firstError(text, "Error:"), "Error: Error Creating MySafe Note: MySafe refused it: 1001."; got != want {
		t.Errorf("firstError = %q, want %q", got, want)
	}
	if got := firstError("no error here\nlast line\n", "Error:"); got != "last line" {
		t.Errorf("firstError without an error = %q", got)
	}
}
