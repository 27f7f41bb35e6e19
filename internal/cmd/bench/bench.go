package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// bench is what both modes run on: the terraform binary, the module root, a temporary
// working directory and the mock, serving on 127.0.0.1.
type bench struct {
	tf     string
	root   string
	tmp    string
	mock   *mockServer
	builds map[string]string // the binary built of each package and tags
	close  func()
}

// mockServer is the mock with the number of new connections it has accepted.
type mockServer struct {
	*senhaseguramock.Server
	url   string
	conns atomic.Int64
}

// setUp finds terraform and the module root, makes the working directory and starts the
// mock, answering every API call after o.latency; close undoes it.
func setUp(ctx context.Context, o options, out io.Writer) (*bench, error) {
	tf, err := findTerraform(o.terraform)
	if err != nil {
		return nil, err
	}
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "senhasegura-bench-")
	if err != nil {
		return nil, err
	}
	removeTmp := func() { _ = os.RemoveAll(tmp) }
	if o.keep {
		fmt.Fprintln(out, "working directory:", tmp)
		removeTmp = func() {}
	}
	mock, stopMock, err := startMock(ctx, o.latency)
	if err != nil {
		removeTmp()
		return nil, err
	}
	return &bench{tf: tf, root: root, tmp: tmp, mock: mock, builds: map[string]string{},
		close: func() { stopMock(); removeTmp() }}, nil
}

// findTerraform is the -terraform binary, else TF_ACC_TERRAFORM_PATH, else terraform on PATH.
func findTerraform(tf string) (string, error) {
	if tf == "" {
		tf = os.Getenv("TF_ACC_TERRAFORM_PATH")
	}
	if tf != "" {
		return tf, nil
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("terraform not found: set -terraform or TF_ACC_TERRAFORM_PATH")
	}
	return p, nil
}

// startMock serves a new mock on a free 127.0.0.1 port, counting new connections.
func startMock(ctx context.Context, latency time.Duration) (*mockServer, func(), error) {
	m := &mockServer{Server: senhaseguramock.New(senhaseguramock.Options{})}
	m.SetLatency(latency)
	m.AddUser("pduarte")
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	srv := &http.Server{Handler: m, ReadHeaderTimeout: 10 * time.Second, ConnState: func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			m.conns.Add(1)
		}
	}}
	go func() { _ = srv.Serve(ln) }()
	m.url = "http://" + ln.Addr().String()
	return m, func() { _ = srv.Close() }, nil
}

// build builds pkg with tags into dir/terraform-provider-senhasegura. A package built before
// with the same tags is copied, not built again: each side runs a binary of its own path (the
// RSS watcher finds its processes by it).
func (b *bench) build(ctx context.Context, pkg, tags, dir string) (string, error) {
	bin := filepath.Join(dir, "terraform-provider-senhasegura")
	if built, ok := b.builds[pkg+tags]; ok {
		return bin, copyFile(built, bin)
	}
	build := exec.CommandContext(ctx, "go", "build", "-tags="+tags, "-o", bin, pkg)
	build.Dir = b.root
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
	}
	b.builds[pkg+tags] = bin
	return bin, nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755) //nolint:gosec // an executable
}

// repoRoot is the module root (where go.mod is), from the working directory up.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}
