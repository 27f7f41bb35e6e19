//go:build unix

package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// repoRoot is the repository's root, where the GNUmakefile is.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "GNUmakefile")); err != nil {
		t.Fatalf("no GNUmakefile at %s: %v", root, err)
	}
	return root
}

// makeCommand is make with args in the repository's root, or a skip when there is no make.
func makeCommand(ctx context.Context, t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	cmd := exec.CommandContext(ctx, "make", append([]string{"--no-print-directory", "-C", repoRoot(t)}, args...)...)
	cmd.Env = append(os.Environ(), "MAKEFLAGS=")
	return cmd
}

// TestMakeMockPassesAddrAndFlags: make mock runs the command with -seed, ADDR as -addr and
// MOCK_FLAGS as they are; without them, as it always did.
func TestMakeMockPassesAddrAndFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "go run ./internal/cmd/senhasegura-mock -seed"},
		{[]string{"ADDR=127.0.0.1:8080"}, "go run ./internal/cmd/senhasegura-mock -seed -addr '127.0.0.1:8080'"},
		{[]string{"ADDR=127.0.0.1:8080", "MOCK_FLAGS=-strict-shares -users alice"}, "go run ./internal/cmd/senhasegura-mock -seed -addr '127.0.0.1:8080' -strict-shares -users alice"},
		{[]string{"MOCK_FLAGS=-html -status 503"}, "go run ./internal/cmd/senhasegura-mock -seed -html -status 503"},
	} {
		out, err := makeCommand(context.Background(), t, append([]string{"-n", "mock"}, tc.args...)...).CombinedOutput()
		if got := strings.Join(strings.Fields(string(out)), " "); err != nil || got != tc.want {
			t.Errorf("make -n mock %q: %v\n got %q\nwant %q", tc.args, err, got, tc.want)
		}
	}
}

// TestMakeMockListensOnAddr: make mock ADDR=... MOCK_FLAGS=... serves the mock on ADDR, with
// the flags applied (here strict sharing: an unknown user goes to shared_error).
func TestMakeMockListensOnAddr(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command through make: not with -short")
	}
	addr := freeAddr(t)
	cmd := makeCommand(context.Background(), t, "mock", "ADDR="+addr, "MOCK_FLAGS=-strict-shares -users alice")
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// make, go run and the command in a process group of their own, stopped together.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		select {
		case err := <-exited:
			t.Logf("make mock: %v", err)
		case <-time.After(15 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Logf("make mock, killed: %v", <-exited)
		}
	}()
	base := "http://" + addr
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("make mock stopped: %v\n%s", err, out.String())
		default:
		}
		if status, _ := send(t, http.MethodGet, base+"/_mock/counters", "", ""); status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing answers on %s:\n%s", addr, out.String())
		}
	}
	if s := out.String(); !strings.Contains(s, "listening on "+base+"\n") || !strings.Contains(s, "Sharing: strict (known users: alice") {
		t.Fatalf("output:\n%s", s)
	}
	_, body := send(t, http.MethodPost, base+"/iso/oauth2/token", "", "grant_type=client_credentials&client_id="+
		senhaseguramock.DefaultClientID+"&client_secret="+senhaseguramock.DefaultClientSecret)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(body), &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %s", body)
	}
	status, body := send(t, http.MethodPost, base+"/api/mysafe/password", tok.AccessToken,
		`{"name":"n","username":"u","password":"p","users_allowed":[{"username":"alice"},{"username":"zed"}]}`)
	if status != http.StatusCreated || !strings.Contains(body, `"shared_error":["zed"]`) {
		t.Fatalf("create: %d %s", status, body)
	}
}

// send makes one request (a form without a token, JSON with one); 0 when nothing answers.
func send(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if token != "" {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPrintedDSMLinesWork: the DSM lines the command prints run as they are in a shell: the
// token request, the POST of a secret (its data document base64-encoded by the shell) and the
// list that shows it.
func TestPrintedDSMLinesWork(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "base64", "tr", "sed"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-seed", "-addr", addr}, &out, io.Discard) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	waitForCounters(t, addr, 10*time.Second)
	var tokenLine string
	var calls []string
	for _, line := range strings.Split(out.String(), "\n") {
		switch {
		case strings.HasPrefix(line, "DSM:     curl "):
			tokenLine, _, _ = strings.Cut(strings.TrimPrefix(line, "DSM:     "), "   (")
		case tokenLine != "" && len(calls) < 2 && strings.HasPrefix(line, "         curl "):
			call, _, _ := strings.Cut(strings.TrimSpace(line), "   (")
			calls = append(calls, call)
		}
	}
	if tokenLine == "" || len(calls) != 2 {
		t.Fatalf("no DSM lines in:\n%s", out.String())
	}
	script := "set -e\nDSM_TOKEN=$(" + tokenLine + ` | sed -E 's/.*"access_token":"([^"]+)".*/\1/')` + "\n" + calls[0] + "\necho\n" + calls[1] + "\n"
	cmd := exec.CommandContext(ctx, "bash", "-c", script)
	got, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(got), "Secret created successfully.") ||
		!strings.Contains(string(got), `"identity":"team/app/db"`) || !strings.Contains(string(got), `"data":[{"DB_USER":"app"}]`) {
		t.Fatalf("%v\n%s\n%s", err, script, got)
	}
}
