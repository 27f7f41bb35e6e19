package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

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

// run is the floor comparison: it builds the sides, runs the rounds and prints the report;
// it says whether every target holds.
func run(ctx context.Context, o options, out io.Writer) (bool, error) {
	o, err := o.floorDefaults()
	if err != nil {
		return false, err
	}
	b, err := setUp(ctx, o, out)
	if err != nil {
		return false, err
	}
	defer b.close()
	sides, err := b.floorSides(ctx, o)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(out, "bench: %d passwords, latency %s, -parallelism=%d, %d round(s), medians shown, phases %s, %s, %s\n", o.n, o.latency, o.parallelism,
		o.rounds, strings.Join(o.phases, ", "), tfVersion(ctx, b.tf), time.Now().Format(time.RFC3339))
	if o.profile != "" {
		// The bench process is the mock (and the RSS watcher): its profile is the mock's share.
		stop, err := profileSelf(filepath.Join(o.profile, "mock", "cpu.pprof"))
		if err != nil {
			return false, err
		}
		defer stop()
	}
	for round := 0; round < o.rounds; round++ {
		if err := b.floorRound(ctx, o, sides, round); err != nil {
			return false, err
		}
	}
	bySide := map[string]*side{}
	for _, sd := range sides {
		for _, phase := range o.phases {
			sd.results[phase] = median(sd.all[phase])
		}
		bySide[sd.name] = sd
	}
	ok := report(out, o, bySide)
	if o.profile != "" {
		if err := printAccount(ctx, out, o.profile, o.n); err != nil {
			return false, err
		}
	}
	return ok, nil
}

// floorDefaults fills in the phases, sides and rounds the floor comparison runs by default
// and checks that the provider is among the sides.
func (o options) floorDefaults() (options, error) {
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
		return o, fmt.Errorf("-sides %q leaves out the provider, which every figure of the report is about", strings.Join(o.sides, ","))
	}
	if o.n >= curveN {
		o.rounds = 1
	}
	o.rounds = max(o.rounds, 1)
	return o, nil
}

// floorSides builds each side's binary and writes its configuration and environment.
func (b *bench) floorSides(ctx context.Context, o options) ([]*side, error) {
	var sides []*side
	for _, name := range o.sides {
		pkg, tags := "./internal/cmd/benchfloor", ""
		if name == sideProvider {
			pkg = "."
			if o.profile != "" {
				tags = "benchprofile"
			}
		}
		dir := filepath.Join(b.tmp, strings.ReplaceAll(name, " ", "-"))
		// Each side runs a binary of its own path (the RSS watcher finds its processes by
		// it); the two floors are one build, copied.
		bin, err := b.build(ctx, pkg, tags, filepath.Join(dir, "bin"))
		if err != nil {
			return nil, err
		}
		sd := &side{name: name, bin: bin, work: filepath.Join(dir, "work"), results: map[string]*result{}, all: map[string][]*result{}}
		if err := writeConfig(sd.work, passwordsConfig(b.mock.url, o.n)); err != nil {
			return nil, err
		}
		sd.env = environment(filepath.Dir(bin), dir, o.latency)
		if name == sideQuiet {
			sd.env = append(sd.env, "BENCH_FLOOR_QUIET=1")
		}
		if sd.env, err = profileEnv(sd.env, o.profile, name); err != nil {
			return nil, err
		}
		sides = append(sides, sd)
	}
	return sides, nil
}

// profileEnv adds the variable that makes a side's processes write their profiles, when
// -profile asks for them: the provider's into the directory, the quiet floor's into its
// floor/; the logging floor is never profiled.
func profileEnv(env []string, profile, name string) ([]string, error) {
	if profile == "" || name == sideFloor {
		return env, nil
	}
	abs, err := filepath.Abs(profile)
	if err != nil {
		return nil, err
	}
	variable := "SENHASEGURA_BENCH_PROFILE_DIR"
	if name == sideQuiet {
		abs, variable = filepath.Join(abs, "floor"), "BENCH_FLOOR_PROFILE_DIR"
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	return append(env, variable+"="+abs), nil
}

// floorRound runs every phase once on every side, the sides' order alternating by round so
// that no side always meets a warmer machine.
func (b *bench) floorRound(ctx context.Context, o options, sides []*side, round int) error {
	order := append([]*side{}, sides...)
	if round%2 == 1 {
		slices.Reverse(order)
	}
	for _, phase := range o.phases {
		for _, sd := range order {
			r, err := b.measure(ctx, o, sd, phase)
			if err != nil {
				return err
			}
			sd.all[phase] = append(sd.all[phase], r)
		}
		if len(o.phases) < 3 && phase == o.phases[len(o.phases)-1] && round < o.rounds-1 {
			// No destroy phase: clean up between rounds, unmeasured.
			for _, sd := range order {
				if _, err := runPhase(ctx, b.tf, sd, "destroy", o.parallelism); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// measure runs one phase on one side, with the mock's CPU, and for the provider its requests,
// tokens and new connections.
func (b *bench) measure(ctx context.Context, o options, sd *side, phase string) (*result, error) {
	before := b.mock.Counts()
	tokens, c0 := b.mock.TokenRequests(), b.mock.conns.Load()
	m0 := selfCPU()
	r, err := runPhase(ctx, b.tf, sd, phase, o.parallelism)
	if err != nil {
		return nil, err
	}
	// The bench process's CPU less its /proc watcher's: the mock's share alone.
	r.mockCPU = max(selfCPU()-m0-r.watchCPU, 0)
	if sd.name == sideProvider {
		r.routes = diff(before, b.mock.Counts())
		r.tokens = b.mock.TokenRequests() - tokens
		r.conns = b.mock.conns.Load() - c0
	}
	return r, nil
}

// median is the round with the median wall time, with the median CPU time and the highest
// peak RSS of all rounds; its requests, tokens and connections are the largest of any round.
func median(rs []*result) *result {
	byWall := append([]*result{}, rs...)
	sort.Slice(byWall, func(i, j int) bool { return byWall[i].wall < byWall[j].wall })
	m := *byWall[len(byWall)/2]
	for _, r := range rs {
		m.peakRSSKB = max(m.peakRSSKB, r.peakRSSKB)
		m.tokens = max(m.tokens, r.tokens)
		m.conns = max(m.conns, r.conns)
		m.processes = max(m.processes, r.processes)
	}
	m.cpu = medianOf(rs, func(r *result) time.Duration { return r.cpu })
	m.mockCPU = medianOf(rs, func(r *result) time.Duration { return r.mockCPU })
	return &m
}

// medianOf is the median of one duration of the rounds.
func medianOf(rs []*result, of func(*result) time.Duration) time.Duration {
	ds := make([]time.Duration, len(rs))
	for i, r := range rs {
		ds[i] = of(r)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
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
