// Command bench (`make bench`) measures the provider against two floors: the same Terraform
// configuration of N senhasegura_mysafe_password resources is applied, planned and destroyed
// with a do-nothing framework provider of the same schema shape (internal/cmd/benchfloor, which
// only sleeps the latency where a MySafe call would be), once with the SDK's default logging
// ("floor") and once with its logs off as the provider's are ("quiet floor", the honest one:
// Terraform core, the plugin protocol and the waits, nothing else), and with this provider
// against the senhasegura mock answering after the same latency. Per phase it prints the wall time
// of each, the ratios, the CPU time of each side's provider processes (and per resource), the
// mock's CPU (the bench process), the requests per route, tokens, new connections and provider
// processes, and peak RSS; then the targets, which apply to the quiet floor, and whether they
// hold. From N = 5000 on it runs one round of apply and plan, and leaves the logging floor out
// (it only adds the SDK's log lines, minutes of them).
//
//	go run ./internal/cmd/bench -n 1000 -latency 20ms -parallelism 10 [-profile dir]
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

type options struct {
	n           int
	latency     time.Duration
	parallelism int
	terraform   string
	rounds      int
	keep        bool
	enforce     bool
	profile     string // a directory: the provider is built with CPU profiling (benchprofile tag)
	phases      []string
	sides       []string
}

// curveN is where the bench becomes the curve's point: one round of apply and plan, no
// logging floor.
const curveN = 5000

func main() {
	var o options
	flag.IntVar(&o.n, "n", 1000, "number of passwords")
	flag.DurationVar(&o.latency, "latency", 20*time.Millisecond, "latency of every MySafe answer (and of the floor's waits)")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.StringVar(&o.terraform, "terraform", "", "terraform binary (default: TF_ACC_TERRAFORM_PATH, then PATH)")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds of apply, plan and destroy; the report shows the medians")
	flag.BoolVar(&o.keep, "keep", false, "keep the working directory")
	flag.BoolVar(&o.enforce, "enforce", true, "exit 1 when a target does not hold")
	flag.StringVar(&o.profile, "profile", "", "write a CPU profile of every provider process into this directory (the quiet floor's into its floor/)")
	sidesFlag := flag.String("sides", "", "comma-separated sides to run (floor, quiet floor, provider; default all, at N >= 5000 the last two)")
	phasesFlag := flag.String("phases", "", "comma-separated phases (apply, plan, destroy; default all, at N >= 5000 apply and plan)")
	flag.Parse()
	if *sidesFlag != "" {
		o.sides = strings.Split(*sidesFlag, ",")
	}
	if *phasesFlag != "" {
		o.phases = strings.Split(*phasesFlag, ",")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ok, err := run(ctx, o, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if !ok && o.enforce {
		os.Exit(1)
	}
}

// side is one provider under measurement.
type side struct {
	name    string
	bin     string // the provider binary
	work    string // terraform working directory
	env     []string
	results map[string]*result   // per phase: the medians of the rounds
	all     map[string][]*result // per phase: every round
}

type result struct {
	wall      time.Duration
	cpu       time.Duration // the provider processes' user + system CPU time
	mockCPU   time.Duration // the bench process's CPU time during the phase, less the watcher's: the mock's
	watchCPU  time.Duration // the /proc watcher's own CPU time (its thread's)
	peakRSSKB int64
	processes int
	routes    map[string]int
	tokens    int
	conns     int64
}

// The sides, in the order they run (alternating per round) and are reported.
const (
	sideFloor    = "floor"
	sideQuiet    = "quiet floor"
	sideProvider = "provider"
)

func run(ctx context.Context, o options, out io.Writer) (bool, error) {
	tf := o.terraform
	if tf == "" {
		tf = os.Getenv("TF_ACC_TERRAFORM_PATH")
	}
	if tf == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			return false, errors.New("terraform not found: set -terraform or TF_ACC_TERRAFORM_PATH")
		}
		tf = p
	}
	root, err := repoRoot()
	if err != nil {
		return false, err
	}
	tmp, err := os.MkdirTemp("", "senhasegura-bench-")
	if err != nil {
		return false, err
	}
	if o.keep {
		fmt.Fprintln(out, "working directory:", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	// The mock, answering every API call after the latency, counting new connections.
	mock := senhaseguramock.New(senhaseguramock.Options{})
	mock.SetLatency(o.latency)
	mock.AddUser("pduarte")
	var conns atomic.Int64
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return false, err
	}
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second, ConnState: func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	url := "http://" + ln.Addr().String()

	if len(o.phases) == 0 {
		o.phases = []string{"apply", "plan", "destroy"}
		if o.n >= curveN {
			o.phases = []string{"apply", "plan"}
		}
	}
	if len(o.sides) == 0 {
		o.sides = []string{sideFloor, sideQuiet, sideProvider}
		if o.n >= curveN {
			o.sides = []string{sideQuiet, sideProvider}
		}
	}
	if !slices.Contains(o.sides, sideProvider) {
		return false, fmt.Errorf("-sides %q leaves out the provider, which every figure of the report is about", strings.Join(o.sides, ","))
	}
	if o.n >= curveN {
		o.rounds = 1
	}
	var sides []*side
	builds := map[string]string{}
	for _, name := range o.sides {
		pkg, quiet, tags := "./internal/cmd/benchfloor", false, ""
		switch name {
		case sideQuiet:
			quiet = true
		case sideProvider:
			pkg = "."
			if o.profile != "" {
				tags = "benchprofile"
			}
		}
		dir := filepath.Join(tmp, strings.ReplaceAll(name, " ", "-"))
		bin := filepath.Join(dir, "bin", "terraform-provider-senhasegura")
		// Each side runs a binary of its own path (the RSS watcher finds its processes by
		// it); the two floors are one build, copied.
		if built, ok := builds[pkg+tags]; ok {
			if err := copyFile(built, bin); err != nil {
				return false, err
			}
		} else {
			build := exec.CommandContext(ctx, "go", "build", "-tags="+tags, "-o", bin, pkg)
			build.Dir = root
			if b, err := build.CombinedOutput(); err != nil {
				return false, fmt.Errorf("go build %s: %w\n%s", pkg, err, b)
			}
			builds[pkg+tags] = bin
		}
		sd := &side{name: name, bin: bin, work: filepath.Join(dir, "work"), results: map[string]*result{}, all: map[string][]*result{}}
		if err := writeConfig(sd, url, o.n); err != nil {
			return false, err
		}
		sd.env = environment(filepath.Dir(bin), dir, o.latency)
		if quiet {
			sd.env = append(sd.env, "BENCH_FLOOR_QUIET=1")
		}
		if o.profile != "" && name != sideFloor {
			abs, _ := filepath.Abs(o.profile)
			variable := "SENHASEGURA_BENCH_PROFILE_DIR"
			if name == sideQuiet {
				abs, variable = filepath.Join(abs, "floor"), "BENCH_FLOOR_PROFILE_DIR"
			}
			if err := os.MkdirAll(abs, 0o755); err != nil {
				return false, err
			}
			sd.env = append(sd.env, variable+"="+abs)
		}
		sides = append(sides, sd)
	}
	fmt.Fprintf(out, "bench: %d passwords, latency %s, -parallelism=%d, %d round(s), medians shown, phases %s, %s, %s\n", o.n, o.latency, o.parallelism,
		max(o.rounds, 1), strings.Join(o.phases, ", "), tfVersion(ctx, tf), time.Now().Format(time.RFC3339))

	if o.rounds < 1 {
		o.rounds = 1
	}
	if o.profile != "" {
		// The bench process is the mock (and the RSS watcher): its profile is the mock's share.
		stop, err := profileSelf(filepath.Join(o.profile, "mock", "cpu.pprof"))
		if err != nil {
			return false, err
		}
		defer stop()
	}
	for round := 0; round < o.rounds; round++ {
		order := append([]*side{}, sides...)
		if round%2 == 1 { // alternate who goes first, so no side always meets a warmer machine
			for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
				order[i], order[j] = order[j], order[i]
			}
		}
		for _, phase := range o.phases {
			for _, sd := range order {
				before := mock.Counts()
				tokens, c0 := mock.TokenRequests(), conns.Load()
				m0 := selfCPU()
				r, err := runPhase(ctx, tf, sd, phase, o.parallelism)
				if err != nil {
					return false, err
				}
				// The bench process's CPU less its /proc watcher's: the mock's share alone.
				r.mockCPU = max(selfCPU()-m0-r.watchCPU, 0)
				if sd.name == sideProvider {
					r.routes = diff(before, mock.Counts())
					r.tokens = mock.TokenRequests() - tokens
					r.conns = conns.Load() - c0
				}
				sd.all[phase] = append(sd.all[phase], r)
			}
			if len(o.phases) < 3 && phase == o.phases[len(o.phases)-1] && round < o.rounds-1 {
				// No destroy phase: clean up between rounds, unmeasured.
				for _, sd := range order {
					if _, err := runPhase(ctx, tf, sd, "destroy", o.parallelism); err != nil {
						return false, err
					}
				}
			}
		}
	}
	for _, sd := range sides {
		for _, phase := range o.phases {
			sd.results[phase] = median(sd.all[phase])
		}
	}
	bySide := map[string]*side{}
	for _, sd := range sides {
		bySide[sd.name] = sd
	}
	return report(out, o, bySide), nil
}

// profileSelf writes a CPU profile of this process into path until stop is called.
func profileSelf(path string) (stop func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(path) //nolint:gosec // the PROFILE directory the user named
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
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

// selfCPU is the bench process's user + system CPU time so far: the mock's work and the /proc
// polling of the RSS watcher (measured apart, threadCPU), nothing else.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// threadCPU is the calling OS thread's user + system CPU time (RUSAGE_THREAD).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// median is the round with the median wall time, with the median CPU time and the highest
// peak RSS of all rounds; its requests, tokens and connections are the largest of any round.
func median(rs []*result) *result {
	byWall := append([]*result{}, rs...)
	sort.Slice(byWall, func(i, j int) bool { return byWall[i].wall < byWall[j].wall })
	m := *byWall[len(byWall)/2]
	cpus := make([]time.Duration, len(rs))
	for i, r := range rs {
		cpus[i] = r.cpu
		m.peakRSSKB = max(m.peakRSSKB, r.peakRSSKB)
		m.tokens = max(m.tokens, r.tokens)
		m.conns = max(m.conns, r.conns)
		m.processes = max(m.processes, r.processes)
	}
	sort.Slice(cpus, func(i, j int) bool { return cpus[i] < cpus[j] })
	m.cpu = cpus[len(cpus)/2]
	mocks := make([]time.Duration, len(rs))
	for i, r := range rs {
		mocks[i] = r.mockCPU
	}
	sort.Slice(mocks, func(i, j int) bool { return mocks[i] < mocks[j] })
	m.mockCPU = mocks[len(mocks)/2]
	return &m
}

func writeConfig(sd *side, url string, n int) error {
	if err := os.MkdirAll(sd.work, 0o755); err != nil {
		return err
	}
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    senhasegura = { source = "senhasegura/senhasegura" }
  }
}

provider "senhasegura" {
  url           = %q
  client_id     = %q
  client_secret = %q
}

resource "senhasegura_mysafe_password" "p" {
  count    = %d
  name     = "bench ${count.index}"
  username = "svc-${count.index}"
  password = "Bench-Pw-${count.index}"
  url      = "db${count.index}.example.com"
  tags     = ["bench", "load"]

  users_allowed {
    username = "pduarte"
  }
}
`, url, senhaseguramock.DefaultClientID, senhaseguramock.DefaultClientSecret, n)
	return os.WriteFile(filepath.Join(sd.work, "main.tf"), []byte(cfg), 0o600)
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

func runPhase(ctx context.Context, tf string, sd *side, phase string, parallelism int) (*result, error) {
	par := "-parallelism=" + strconv.Itoa(parallelism)
	var args []string
	switch phase {
	case "apply":
		args = []string{"apply", "-auto-approve", "-input=false", "-no-color", par}
	case "plan":
		args = []string{"plan", "-input=false", "-no-color", "-detailed-exitcode", par}
	default:
		args = []string{"destroy", "-auto-approve", "-input=false", "-no-color", par}
	}
	cmd := exec.CommandContext(ctx, tf, args...)
	cmd.Dir, cmd.Env = sd.work, sd.env
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	watch := newRSSWatcher(sd.bin)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	peak, procs, cpu := watch.stop()
	if err != nil {
		return nil, fmt.Errorf("%s: terraform %s: %w\n%s", sd.name, phase, err, tail(b.String(), 40))
	}
	return &result{wall: wall, cpu: cpu, watchCPU: watch.ownCPU, peakRSSKB: peak, processes: procs}, nil
}

// rssWatcher polls /proc for processes running bin and keeps their peak RSS (VmHWM) and the
// CPU time each had used when last seen (a process that lives less than a poll is missed).
type rssWatcher struct {
	bin   string
	done  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	peak  int64
	procs map[string]int64 // CPU clock ticks by /proc/<pid>
	// exes and others are the poll's own (one goroutine): the executable each other pid ran at
	// the last poll, and the pids known never to run bin.
	exes   map[string]string
	others map[string]bool
	// ownCPU is the CPU time of the watcher's own thread (it is locked to one), set by stop:
	// the bench subtracts it so that the mock's share is the mock's alone.
	ownCPU time.Duration
}

func newRSSWatcher(bin string) *rssWatcher {
	w := &rssWatcher{bin: bin, done: make(chan struct{}), procs: map[string]int64{}, exes: map[string]string{}, others: map[string]bool{}}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		start := threadCPU()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			w.poll()
			select {
			case <-w.done:
				w.ownCPU = threadCPU() - start
				return
			case <-t.C:
			}
		}
	}()
	return w
}

func (w *rssWatcher) poll() {
	f, err := os.Open("/proc")
	if err != nil {
		return
	}
	names, _ := f.Readdirnames(-1)
	_ = f.Close()
	alive := make(map[string]bool, len(names))
	for _, name := range names {
		if name == "" || name[0] < '0' || name[0] > '9' {
			continue
		}
		alive[name] = true
		if w.others[name] {
			continue
		}
		d := "/proc/" + name
		exe, _ := os.Readlink(d + "/exe")
		if exe != w.bin {
			// A process becomes the provider only by exec, right after terraform forks it: one
			// seen running something else twice in a row, 20 ms apart, never will. Remembering
			// those spares a readlink of every process on every poll (most of the watcher's CPU).
			if last, ok := w.exes[name]; ok && last == exe {
				w.others[name] = true
			}
			w.exes[name] = exe
			continue
		}
		b, err := os.ReadFile(d + "/status")
		if err != nil {
			continue
		}
		ticks := cpuTicks(d + "/stat")
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				w.mu.Lock()
				if ticks > w.procs[d] || ticks == 0 {
					w.procs[d] = max(ticks, w.procs[d])
				}
				if kb > w.peak {
					w.peak = kb
				}
				w.mu.Unlock()
			}
		}
	}
	for name := range w.exes { // a pid that is gone may come back as another process
		if !alive[name] {
			delete(w.exes, name)
			delete(w.others, name)
		}
	}
}

func (w *rssWatcher) stop() (int64, int, time.Duration) {
	close(w.done)
	w.wg.Wait()
	var ticks int64
	for _, t := range w.procs {
		ticks += t
	}
	// Linux reports CPU time in USER_HZ, 100 per second.
	return w.peak, len(w.procs), time.Duration(ticks) * 10 * time.Millisecond
}

// cpuTicks is utime + stime of /proc/<pid>/stat.
func cpuTicks(stat string) int64 {
	b, err := os.ReadFile(stat)
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return u + k
}

func diff(before, after map[string]int) map[string]int {
	d := map[string]int{}
	for k, v := range after {
		if n := v - before[k]; n > 0 {
			d[k] = n
		}
	}
	return d
}

// report prints the table and the targets; it says whether every target holds. The time and
// memory targets are the quiet floor's.
func report(out io.Writer, o options, sides map[string]*side) bool {
	prov, quiet, floor := sides[sideProvider], sides[sideQuiet], sides[sideFloor]
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "phase\tfloor\tquiet floor\tprovider\tvs floor\tvs quiet\tCPU floor\tCPU quiet\tCPU provider\tCPU/resource quiet\tCPU/resource provider\tCPU mock\tpeak RSS quiet\tpeak RSS provider")
	for _, ph := range o.phases {
		p := prov.results[ph]
		q, f := &result{}, &result{}
		if quiet != nil {
			q = quiet.results[ph]
		}
		if floor != nil {
			f = floor.results[ph]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f MB\t%.1f MB\n", ph, wallText(f), wallText(q), wallText(p),
			ratioText(p, f), ratioText(p, q), cpuText(f), cpuText(q), cpuText(p), perResource(q.cpu, o.n), perResource(p.cpu, o.n),
			p.mockCPU.Round(10*time.Millisecond), float64(q.peakRSSKB)/1024, float64(p.peakRSSKB)/1024)
	}
	_ = tw.Flush()
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "phase\trequests (provider)\ttokens\tnew conns\tprocesses")
	for _, ph := range o.phases {
		p := prov.results[ph]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\n", ph, routes(p.routes), p.tokens, p.conns, p.processes)
	}
	_ = tw.Flush()
	if o.rounds > 1 {
		// Every round, so that the noise a median hides shows.
		tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "phase\tside\twall time of each round\tCPU/resource of each round")
		for _, ph := range o.phases {
			for _, name := range []string{sideFloor, sideQuiet, sideProvider} {
				sd := sides[name]
				if sd == nil {
					continue
				}
				var walls, cpus []string
				for _, r := range sd.all[ph] {
					walls = append(walls, wallText(r))
					cpus = append(cpus, perResource(r.cpu, o.n))
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ph, name, strings.Join(walls, " "), strings.Join(cpus, ", "))
			}
		}
		_ = tw.Flush()
	}
	if floor == nil {
		fmt.Fprintf(out, "the logging floor was left out at N = %d (it only adds the SDK's log lines)\n", o.n)
	}
	if quiet == nil {
		fmt.Fprintln(out, "the quiet floor was left out (-sides): no time or memory target is judged")
	}

	ok := true
	check := func(holds bool, format string, args ...any) {
		mark := "ok  "
		if !holds {
			mark, ok = "FAIL", false
		}
		fmt.Fprintf(out, "  %s %s\n", mark, fmt.Sprintf(format, args...))
	}
	fmt.Fprintln(out, "targets (against the quiet floor):")
	limit := 0.0
	if o.n >= 200 && o.n < curveN {
		limit = 1.05
	}
	for _, ph := range o.phases {
		if quiet == nil {
			break
		}
		r := ratio(prov.results[ph], quiet.results[ph])
		if limit > 0 {
			check(r <= limit, "%s within %.2fx of the quiet floor at N = %d: %.2fx", ph, limit, o.n, r)
		} else {
			fmt.Fprintf(out, "  info %s: %.2fx of the quiet floor (the time target is for N = 200 and 1000)\n", ph, r)
		}
	}
	// Every round must make exactly these requests.
	count := func(phase, route string) []int {
		var n []int
		for _, r := range prov.all[phase] {
			n = append(n, r.routes[route])
		}
		return n
	}
	all := func(ns []int, want int) bool {
		for _, n := range ns {
			if n != want {
				return false
			}
		}
		return true
	}
	has := func(phase string) bool { return prov.all[phase] != nil }
	if has("apply") {
		posts, reads := count("apply", "POST /mysafe/password"), count("apply", "GET /mysafe/password/{id}")
		check(all(posts, o.n), "apply: exactly N = %d POSTs (%v)", o.n, posts)
		check(all(reads, 0), "apply: no read-after-write GET (%v)", reads)
	}
	if has("plan") {
		refresh := count("plan", "GET /mysafe/password/{id}")
		check(all(refresh, o.n), "plan: exactly N = %d refresh GETs (%v)", o.n, refresh)
		check(all(count("plan", "POST /oauth2/token"), 1), "plan: exactly one token request (%v)", count("plan", "POST /oauth2/token"))
	}
	if has("destroy") {
		deact := count("destroy", "POST /mysafe/password/inactive/{id}")
		check(all(deact, o.n), "destroy: exactly N = %d deactivations (%v)", o.n, deact)
	}
	for _, ph := range o.phases {
		r := prov.results[ph]
		check(r.tokens <= r.processes, "%s: at most one token per provider process (%d tokens, %d processes)", ph, r.tokens, r.processes)
		// Keep-alive cannot outlive a process: Terraform starts a provider process per graph
		// walk, and each one that is configured (the ones with a token) opens its own.
		check(r.conns <= int64(r.tokens*(o.parallelism+2)), "%s: new connections <= parallelism + 2 = %d per configured provider process (%d for %d)",
			ph, o.parallelism+2, r.conns, r.tokens)
		if quiet == nil {
			continue
		}
		q := quiet.results[ph]
		// Below N = 200 the peak RSS is the two binaries' start-up size (the provider's is a
		// few MB larger), not what the resources cost: reported, not judged.
		if o.n >= 200 {
			check(float64(r.peakRSSKB) <= 1.1*float64(q.peakRSSKB), "%s: peak RSS within 1.1x of the quiet floor's (%.1f MB vs %.1f MB)", ph,
				float64(r.peakRSSKB)/1024, float64(q.peakRSSKB)/1024)
		} else {
			fmt.Fprintf(out, "  info %s: peak RSS %.1f MB vs the quiet floor's %.1f MB (no memory target below N = 200)\n", ph,
				float64(r.peakRSSKB)/1024, float64(q.peakRSSKB)/1024)
		}
	}
	return ok
}

func wallText(r *result) string {
	if r.wall == 0 {
		return "-"
	}
	return r.wall.Round(10 * time.Millisecond).String()
}

func cpuText(r *result) string {
	if r.wall == 0 {
		return "-"
	}
	return r.cpu.Round(10 * time.Millisecond).String()
}

func ratioText(p, f *result) string {
	if f.wall == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", ratio(p, f))
}

// perResource is a CPU time divided by n, in milliseconds.
func perResource(cpu time.Duration, n int) string {
	if n == 0 || cpu == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f ms", float64(cpu)/float64(n)/float64(time.Millisecond))
}

func ratio(p, f *result) float64 {
	if f.wall <= 0 {
		return 0
	}
	return float64(p.wall) / float64(f.wall)
}

func routes(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", strings.Replace(k, "/mysafe/password", "", 1), m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
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
