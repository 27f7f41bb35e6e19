package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
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
