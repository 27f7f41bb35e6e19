//go:build !windows

package repotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// The interrupt tests press Ctrl-C the way a terminal does: one signal to terraform's whole
// process group (terraform and the provider it started), while creates, updates or
// deactivations are in flight against a MySafe that answers in 600 ms and, like a real server,
// finishes a request it received even when the client goes away. SIGTERM to the group is what a
// CI runner sends to a cancelled job.

const interruptLatency = 600 * time.Millisecond

// interruptKinds are the three item kinds, their resource types and how many the
// configuration holds of each (40 in all).
var interruptKinds = []struct {
	kind     senhaseguramock.Kind
	resource string
	count    int
}{
	{senhaseguramock.KindPassword, "senhasegura_mysafe_password", 14},
	{senhaseguramock.KindAPISecret, "senhasegura_mysafe_api_secret", 13},
	{senhaseguramock.KindNote, "senhasegura_mysafe_note", 13},
}

// interruptConfig is the configuration of the 40 items; version changes every name and secret.
func interruptConfig(url, version string) string {
	return requiredProviders + acctest.ProviderConfig(url) + fmt.Sprintf(`
resource "senhasegura_mysafe_password" "p" {
  count    = %[2]d
  name     = "interrupt password ${count.index} %[1]s"
  username = "svc"
  password = "Interrupt-Pw-${count.index}-%[1]s"
}

resource "senhasegura_mysafe_api_secret" "a" {
  count         = %[3]d
  name          = "interrupt api ${count.index} %[1]s"
  url           = "https://api.example.com"
  client_id     = "client-${count.index}"
  client_secret = "Interrupt-Cs-${count.index}-%[1]s"
}

resource "senhasegura_mysafe_note" "n" {
  count = %[4]d
  name  = "interrupt note ${count.index} %[1]s"
  note  = "Interrupt-Note-${count.index}-%[1]s"
}
`, version, interruptKinds[0].count, interruptKinds[1].count, interruptKinds[2].count)
}

func TestAccCLI_interruptNeverOrphans(t *testing.T) {
	tf := terraformBinary(t)
	env := devOverrides(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			mock := senhaseguramock.New(senhaseguramock.Options{})
			srv := httptest.NewServer(mock)
			defer srv.Close()
			work := t.TempDir()
			write := func(version string) {
				if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(interruptConfig(srv.URL, version)), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			posts := func() int {
				return mock.RequestCount("POST /mysafe/password") + mock.RequestCount("POST /mysafe/secretapi") + mock.RequestCount("POST /mysafe/note")
			}
			mock.SetLatency(interruptLatency)

			// Create: interrupted once 10 items are stored and 10 more creates are on their way.
			write("v1")
			interrupted(t, mock, work, env, sig, func() bool { return stored(mock, false) >= 10 && posts() >= 20 },
				tf, "apply", "-auto-approve", "-no-color", "-parallelism=10")
			report(t, "create", mock, work)
			noOrphans(t, "after the interrupted create", mock, work)
			// The next apply creates the rest, and only the rest.
			apply(t, work, env, tf, "apply", "-auto-approve", "-no-color")
			if n := stored(mock, true); n != 40 {
				t.Errorf("MySafe holds %d items (active or not) for the 40 of the configuration: a create was sent twice", n)
			}
			if n := posts(); n != 40 {
				t.Errorf("%d creates sent for 40 items", n)
			}
			emptyPlan(t, work, env, tf)

			// Update: interrupted once 10 updates were answered and more are on their way.
			write("v2")
			before := puts(mock)
			interrupted(t, mock, work, env, sig, func() bool { return renamed(mock, "v2") >= 10 && puts(mock)-before >= 20 },
				tf, "apply", "-auto-approve", "-no-color", "-parallelism=10")
			report(t, "update", mock, work)
			apply(t, work, env, tf, "apply", "-auto-approve", "-no-color")
			if n := renamed(mock, "v2"); n != 40 {
				t.Errorf("%d of 40 items carry the updated name after the second apply", n)
			}
			emptyPlan(t, work, env, tf)

			// Destroy: interrupted once 10 items are deactivated; the next destroy completes.
			before = deactivations(mock)
			interrupted(t, mock, work, env, sig, func() bool { return 40-stored(mock, false) >= 10 && deactivations(mock)-before >= 20 },
				tf, "destroy", "-auto-approve", "-no-color", "-parallelism=10")
			report(t, "destroy", mock, work)
			apply(t, work, env, tf, "destroy", "-auto-approve", "-no-color")
			if n := stored(mock, false); n != 0 {
				t.Errorf("%d items still active after the second destroy", n)
			}
			if got := stateCounts(t, work); len(got) != 0 {
				t.Errorf("the state still holds %v after the second destroy", got)
			}
		})
	}
}

// interrupted runs terraform in its own process group, sends sig to the whole group once ready
// says so, and waits for terraform to exit. It fails the test when terraform is not done
// within a few latencies of the signal: the in-flight calls end, nothing new starts.
func interrupted(t *testing.T, mock *senhaseguramock.Server, work string, env []string, sig syscall.Signal, ready func() bool, tf string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(acctest.Context(t), tf, args...)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(2 * time.Minute)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
wait:
	for {
		select {
		case err := <-done:
			t.Fatalf("terraform %s ended before the interrupt: %v\n%s", args[0], err, out.String())
		case <-deadline:
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Fatalf("terraform %s: the moment to interrupt never came\n%s", args[0], out.String())
		case <-tick.C:
			if ready() {
				break wait
			}
		}
	}
	sent := time.Now()
	if err := syscall.Kill(-cmd.Process.Pid, sig); err != nil {
		t.Fatal(err)
	}
	// Whatever terraform does, MySafe finishes the calls it received before anything is counted.
	defer func() {
		for end := time.Now().Add(time.Minute); mock.InFlight() > 0 && time.Now().Before(end); {
			time.Sleep(20 * time.Millisecond)
		}
	}()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Errorf("terraform %s after %s: want a failing exit, got %v", args[0], sig, err)
		}
		took := time.Since(sent)
		t.Logf("terraform %s exited %s after %s", args[0], took.Round(10*time.Millisecond), sig)
		if took > 10*interruptLatency {
			t.Errorf("terraform %s took %s to exit after %s: it should end with the calls in flight", args[0], took, sig)
		}
		if !strings.Contains(out.String(), "Interrupt received") {
			t.Errorf("terraform %s did not report the interrupt:\n%s", args[0], tail(out.String(), 30))
		}
		if strings.Contains(out.String(), "plugin crashed") || strings.Contains(out.String(), "Plugin did not respond") {
			t.Errorf("the provider did not survive %s:\n%s", sig, tail(out.String(), 30))
		}
	case <-time.After(time.Minute):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatalf("terraform %s still runs a minute after %s\n%s", args[0], sig, out.String())
	}
}

func apply(t *testing.T, work string, env []string, tf string, args ...string) {
	t.Helper()
	if out, err := run(t, work, env, tf, args...); err != nil {
		t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
	}
}

func emptyPlan(t *testing.T, work string, env []string, tf string) {
	t.Helper()
	if out, err := run(t, work, env, tf, "plan", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after converging is not empty: %v\n%s", err, out)
	}
}

// stored counts the items MySafe holds, of every kind: active ones, or all when inactive too.
func stored(m *senhaseguramock.Server, inactive bool) int {
	n := 0
	for _, k := range interruptKinds {
		for _, it := range m.Items(k.kind) {
			if it.Active || inactive {
				n++
			}
		}
	}
	return n
}

func renamed(m *senhaseguramock.Server, version string) int {
	n := 0
	for _, k := range interruptKinds {
		for _, it := range m.Items(k.kind) {
			if strings.HasSuffix(it.Fields["name"], " "+version) {
				n++
			}
		}
	}
	return n
}

func puts(m *senhaseguramock.Server) int {
	return m.RequestCount("PUT /mysafe/password/update/{id}") + m.RequestCount("PUT /mysafe/secretapi/update/{id}") +
		m.RequestCount("PUT /mysafe/note/update/{id}")
}

func deactivations(m *senhaseguramock.Server) int {
	return m.RequestCount("POST /mysafe/password/inactive/{id}") + m.RequestCount("POST /mysafe/secretapi/inactive/{id}") +
		m.RequestCount("POST /mysafe/note/inactive/{id}")
}

// stateCounts counts the resource instances of each type in terraform.tfstate; a tainted one
// counts under "<type> (tainted)".
func stateCounts(t *testing.T, work string) map[string]int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(work, "terraform.tfstate"))
	if err != nil {
		t.Fatalf("no state: %v", err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Status string `json:"status"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range st.Resources {
		for _, in := range r.Instances {
			key := r.Type
			if in.Status == "tainted" {
				key += " (tainted)"
			}
			out[key]++
		}
	}
	return out
}

// report logs, per kind, what MySafe holds (active) and what the state holds.
func report(t *testing.T, phase string, m *senhaseguramock.Server, work string) {
	t.Helper()
	st := stateCounts(t, work)
	var parts []string
	for _, k := range interruptKinds {
		active := 0
		for _, it := range m.Items(k.kind) {
			if it.Active {
				active++
			}
		}
		parts = append(parts, fmt.Sprintf("%s: MySafe %d active, state %d (+%d tainted)", k.kind, active, st[k.resource], st[k.resource+" (tainted)"]))
	}
	t.Logf("after the interrupted %s: %s", phase, strings.Join(parts, "; "))
}

// noOrphans fails when MySafe holds an active item the state does not.
func noOrphans(t *testing.T, when string, m *senhaseguramock.Server, work string) {
	t.Helper()
	st := stateCounts(t, work)
	for _, k := range interruptKinds {
		active := 0
		for _, it := range m.Items(k.kind) {
			if it.Active {
				active++
			}
		}
		if inState := st[k.resource] + st[k.resource+" (tainted)"]; active != inState {
			t.Errorf("%s: MySafe holds %d active %s items, the state %d: %d orphaned", when, active, k.kind, inState, active-inState)
		}
	}
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
