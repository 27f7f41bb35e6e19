package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// The vault mode's -vault values.
const (
	vaultMatrix  = "matrix"
	vaultTargets = "targets"
)

// The families a vault cell measures.
const (
	familyMySafe = "MySafe"
	familyPAM    = "PAM Core"
)

// The phases of a vault cell, in the order they run each round.
var vaultPhases = []string{"plan", "apply", "refresh", "destroy"}

// The target cells (issue 32): the plan of three creates in a MySafe of 10,000 items per kind
// against an empty one, and 100 credentials in a PAM Core of 100,000.
const (
	targetMySafeVault  = 10000
	targetMySafeConfig = 1
	targetPAMVault     = 100000
	targetPAMConfig    = 100
	targetPlanRatio    = 1.5
	targetPAMPeakRSSMB = 300
)

// cell is one measurement of the vault mode: a family's configuration of config items of each
// kind against a vault of vault items (of each kind for MySafe, credentials for PAM Core).
type cell struct {
	family string
	vault  int
	config int
	work   string
	env    []string
	all    map[string][]*vaultResult // per phase: every round
}

// vaultResult is one phase of one round of a cell.
type vaultResult struct {
	result
	calls     int            // API calls the mock recorded
	unmanaged map[string]int // single-item GETs of seeded items, by route
	err       string         // why terraform failed, "" when it did not
}

// name is the cell's short name, for directories and names in its configuration.
func (c *cell) name() string {
	f := "m"
	if c.family == familyPAM {
		f = "p"
	}
	return fmt.Sprintf("%s%dc%d", f, c.vault, c.config)
}

// resources is how many resources the cell's configuration declares.
func (c *cell) resources() int {
	if c.family == familyPAM {
		return c.config + pamDevices(c.config)
	}
	return 3 * c.config
}

// vaultCells are the cells to run, in order: MySafe's, then PAM Core's, each by vault size
// (seeding only grows) and then configuration size.
func vaultCells(o options) []*cell {
	var cells []*cell
	add := func(family string, vaults, configs []int) {
		vaults, configs = slices.Clone(vaults), slices.Clone(configs)
		slices.Sort(vaults)
		slices.Sort(configs)
		for _, v := range slices.Compact(vaults) {
			for _, n := range slices.Compact(configs) {
				cells = append(cells, &cell{family: family, vault: v, config: n, all: map[string][]*vaultResult{}})
			}
		}
	}
	if o.vault == vaultTargets {
		add(familyMySafe, []int{0, targetMySafeVault}, []int{targetMySafeConfig})
		add(familyPAM, []int{targetPAMVault}, []int{targetPAMConfig})
		return cells
	}
	add(familyMySafe, o.mysafeSizes, o.configSizes)
	add(familyPAM, o.pamSizes, o.configSizes)
	return cells
}

// runVault is the vault mode: it builds the provider, then for every cell seeds the mock up to
// the cell's vault (its latency at 0), runs the rounds of the cell's phases (at -latency) and
// prints a line; at the end the table and the targets. It says whether every target holds.
func runVault(ctx context.Context, o options, out io.Writer) (bool, []*cell, error) {
	cells := vaultCells(o)
	if len(cells) == 0 {
		return false, nil, errors.New("-vault: no cell to run (-mysafe-sizes and -pam-sizes are both none, or -config-sizes is empty)")
	}
	for _, c := range cells {
		if c.config < 1 {
			return false, nil, errors.New("-config-sizes: a configuration manages at least one item of each kind")
		}
	}
	if err := checkItemGETs(); err != nil {
		return false, nil, err
	}
	o.rounds = max(o.rounds, 1)
	b, err := setUp(ctx, o, out)
	if err != nil {
		return false, nil, err
	}
	defer b.close()
	tags := ""
	if o.profile != "" {
		tags = "benchprofile"
	}
	bin, err := b.build(ctx, ".", tags, filepath.Join(b.tmp, "provider", "bin"))
	if err != nil {
		return false, nil, err
	}
	fmt.Fprintf(out, "bench -vault %s: %d cell(s), latency %s, -parallelism=%d, %d round(s), medians shown, %s, %s\n", o.vault, len(cells), o.latency,
		o.parallelism, o.rounds, tfVersion(ctx, b.tf), time.Now().Format(time.RFC3339))
	fmt.Fprintf(out, "a configuration of C: MySafe, C passwords + C API secrets (identifier_code) + C notes; PAM Core, C credentials on ceil(C/%d) devices\n", credentialsPerDevice)
	s := newSeeder(b.mock)
	for _, c := range cells {
		if err := b.seedFor(ctx, o, out, s, c); err != nil {
			return false, cells, err
		}
		if err := b.runCell(ctx, o, s, c, bin); err != nil {
			return false, cells, err
		}
		fmt.Fprintln(out, cellLine(c))
	}
	ok := vaultReport(out, o, cells)
	if o.profile != "" {
		for _, c := range cells {
			if err := printAccount(ctx, out, filepath.Join(o.profile, c.name()), c.resources()); err != nil {
				fmt.Fprintln(out, "account:", err)
			}
		}
	}
	return ok, cells, nil
}

// seedFor grows the vault of the cell's family to the cell's size, with the mock answering at
// once, and sets the latency back for the measured runs.
func (b *bench) seedFor(ctx context.Context, o options, out io.Writer, s *seeder, c *cell) error {
	have := s.mysafe
	if c.family == familyPAM {
		have = s.creds
	}
	if c.vault <= have {
		return nil
	}
	b.mock.SetLatency(0)
	defer b.mock.SetLatency(o.latency)
	start := time.Now()
	if c.family == familyPAM {
		if err := s.seedPAM(ctx, c.vault); err != nil {
			return err
		}
		fmt.Fprintf(out, "seeded PAM Core to %d credentials on %d devices through the API in %s\n", c.vault, len(s.devices), time.Since(start).Round(10*time.Millisecond))
		return nil
	}
	if err := s.seedMySafe(ctx, c.vault); err != nil {
		return err
	}
	fmt.Fprintf(out, "seeded MySafe to %d items of each kind (passwords, API secrets, notes) through the API in %s\n", c.vault, time.Since(start).Round(10*time.Millisecond))
	return nil
}

// runCell runs the cell's rounds. A round whose phase fails records the failure, destroys
// what it created (unmeasured) and ends; the next round starts afresh, unless that destroy
// failed too: then the cell's remaining rounds are left out.
func (b *bench) runCell(ctx context.Context, o options, s *seeder, c *cell, bin string) error {
	c.work = filepath.Join(b.tmp, "vault", c.name(), "work")
	c.env = environment(filepath.Dir(bin), filepath.Dir(filepath.Dir(bin)), o.latency)
	var err error
	if o.profile != "" {
		if c.env, err = profileEnv(c.env, filepath.Join(o.profile, c.name()), sideProvider); err != nil {
			return err
		}
	}
	for round := range o.rounds {
		// Names of their own each round: a destroyed item stays in the vault, inactive.
		tag := fmt.Sprintf("%sr%d", c.name(), round)
		cfg := mysafeConfig(b.mock.url, c.config, tag)
		if c.family == familyPAM {
			cfg = pamConfig(b.mock.url, c.config, tag)
		}
		if err := writeConfig(c.work, cfg); err != nil {
			return err
		}
		failed, err := b.vaultRound(ctx, o, s, c, bin)
		if err != nil || ctx.Err() != nil {
			return errors.Join(err, ctx.Err())
		}
		if failed == nil {
			continue
		}
		if why := b.cleanUp(ctx, o, c, bin); why != "" {
			failed.err += "; the destroy after it failed too (" + why + "), so the cell's remaining rounds are left out"
			return ctx.Err()
		}
	}
	return nil
}

// cleanUp destroys what a failed round left (unmeasured); it says why it could not, "" when it
// could.
func (b *bench) cleanUp(ctx context.Context, o options, c *cell, bin string) string {
	_, text, err := terraform(ctx, b.tf, c.work, c.env, bin, phaseArgs("destroy", o.parallelism))
	if err == nil {
		return ""
	}
	return firstError(text, "Error:")
}

// vaultRound runs the phases of one round until one fails; it returns the failed phase's
// result, nil when every phase ran.
func (b *bench) vaultRound(ctx context.Context, o options, s *seeder, c *cell, bin string) (*vaultResult, error) {
	for _, phase := range vaultPhases {
		r, err := b.vaultPhase(ctx, o, s, c, bin, phase)
		if err != nil {
			return nil, err
		}
		c.all[phase] = append(c.all[phase], r)
		if r.err != "" {
			return r, nil
		}
	}
	return nil, nil
}

// vaultPhase runs one phase of a cell and measures it: wall time, peak RSS, requests by route
// and the single-item GETs of seeded items. A plan of the creates must find changes
// (terraform plan -detailed-exitcode exits 2), a refresh must find none (it exits 0).
func (b *bench) vaultPhase(ctx context.Context, o options, s *seeder, c *cell, bin, phase string) (*vaultResult, error) {
	args := phaseArgs(phase, o.parallelism)
	want := 0
	switch phase {
	case "plan":
		want = 2
	case "refresh":
		args = phaseArgs("plan", o.parallelism)
	}
	before, calls0 := b.mock.Counts(), len(b.mock.Calls())
	m0 := selfCPU()
	r, text, err := terraform(ctx, b.tf, c.work, c.env, bin, args)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	// The bench process's CPU less its /proc watcher's: the mock's share alone.
	r.mockCPU = max(selfCPU()-m0-r.watchCPU, 0)
	if o.vaultProbe != nil {
		o.vaultProbe(ctx, s, c, phase)
	}
	calls := b.mock.Calls()[calls0:]
	vr := &vaultResult{result: *r, calls: len(calls), unmanaged: unmanagedGETs(calls, s.seeded)}
	vr.routes = diff(before, b.mock.Counts())
	if code := exitCode(err); code != want {
		vr.err = terraformError(phase, code, want, text)
	}
	return vr, nil
}

// terraformError is what went wrong in a phase, in a line: terraform's first error, or the
// exit status that was not the phase's.
func terraformError(phase string, code, want int, text string) string {
	if phase == "plan" && code == 0 {
		return "the plan of the creates found nothing to create"
	}
	if phase == "refresh" && code == 2 {
		return "the refresh after the apply plans changes: " + firstError(text, "Plan:")
	}
	return fmt.Sprintf("exit %d (want %d): %s", code, want, firstError(text, "Error:"))
}

// sourceLine is a line of terraform's error that tells where, not what.
var sourceLine = regexp.MustCompile(`^(with |on |\d+:)`)

// firstError is the line of text that starts with prefix and the first line of its detail
// (terraform's "with ..." and "on ..." lines and the source line left out), or the last line.
func firstError(text, prefix string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), prefix) {
			continue
		}
		msg := strings.TrimSpace(l)
		for _, next := range lines[i+1:] {
			if next = strings.TrimSpace(next); next != "" && !sourceLine.MatchString(next) {
				return msg + ": " + next
			}
		}
		return msg
	}
	return strings.TrimSpace(lines[len(lines)-1])
}

// unmanagedGETs counts, by route, the calls that read one seeded item: a single-item GET whose
// path id names an item the seeder created (seeded, by route), which no configuration manages.
func unmanagedGETs(calls []senhaseguramock.Call, seeded map[string]map[string]bool) map[string]int {
	n := map[string]int{}
	for _, c := range calls {
		if seeded[c.Route][c.ID] {
			n[c.Route]++
		}
	}
	return n
}
