package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// runPhase runs terraform's phase (apply, plan or destroy) in the side's working directory and
// measures it.
func runPhase(ctx context.Context, tf string, sd *side, phase string, parallelism int) (*result, error) {
	r, out, err := terraform(ctx, tf, sd.work, sd.env, sd.bin, phaseArgs(phase, parallelism))
	if err != nil {
		return nil, fmt.Errorf("%s: terraform %s: %w\n%s", sd.name, phase, err, tail(out, 40))
	}
	return r, nil
}

// phaseArgs are terraform's arguments for a phase. A plan must find nothing to change
// (-detailed-exitcode exits 2 otherwise).
func phaseArgs(phase string, parallelism int) []string {
	par := "-parallelism=" + strconv.Itoa(parallelism)
	switch phase {
	case "apply":
		return []string{"apply", "-auto-approve", "-input=false", "-no-color", par}
	case "plan":
		return []string{"plan", "-input=false", "-no-color", "-detailed-exitcode", par}
	default:
		return []string{"destroy", "-auto-approve", "-input=false", "-no-color", par}
	}
}

// terraform runs terraform with args in dir and measures the wall time and, by the RSS
// watcher, the peak RSS, processes and CPU time of the processes running bin. It returns
// terraform's output too, and an *exec.ExitError when terraform exits non-zero.
func terraform(ctx context.Context, tf, dir string, env []string, bin string, args []string) (*result, string, error) {
	cmd := exec.CommandContext(ctx, tf, args...)
	cmd.Dir, cmd.Env = dir, env
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	watch := newRSSWatcher(bin)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	peak, procs, cpu := watch.stop()
	return &result{wall: wall, cpu: cpu, watchCPU: watch.ownCPU, peakRSSKB: peak, processes: procs}, b.String(), err
}

// exitCode is terraform's exit status in err, -1 when it did not exit.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err == nil {
		return 0
	}
	return -1
}

// environment is the process environment without any log setting (a user who asked for no
// logs), with a CLI configuration whose dev_overrides point at the side's binary.
func environment(binDir, dir string, latency time.Duration) []string {
	rc := filepath.Join(dir, "terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/senhasegura/senhasegura\" = %q\n    \"registry.opentofu.org/senhasegura/senhasegura\" = %q\n  }\n  direct {}\n}\n", binDir, binDir)
	_ = os.WriteFile(rc, []byte(cfg), 0o600)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_LOG") && !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			env = append(env, kv)
		}
	}
	return append(env, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"BENCH_FLOOR_LATENCY="+latency.String())
}

func tfVersion(ctx context.Context, tf string) string {
	b, _ := exec.CommandContext(ctx, tf, "version").Output()
	return strings.SplitN(strings.TrimSpace(string(b)), "\n", 2)[0]
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
