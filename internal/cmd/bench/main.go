// Command bench (`make bench`) measures the provider. It has two modes.
//
// # The floor (default)
//
// The same Terraform configuration of N senhasegura_mysafe_password resources is applied,
// planned and destroyed with a do-nothing framework provider of the same schema shape
// (internal/cmd/benchfloor, which only sleeps the latency where a MySafe call would be), once
// with the SDK's default logging ("floor") and once with its logs off as the provider's are
// ("quiet floor", the honest one: Terraform core, the plugin protocol and the waits, nothing
// else), and with this provider against the MySafe mock answering after the same latency. Per
// phase it prints the wall time of each, the ratios, the CPU time of each side's provider
// processes (and per resource), the mock's CPU (the bench process), the requests per route,
// tokens, new connections and provider processes, and peak RSS; then the targets, which apply
// to the quiet floor, and whether they hold. From N = 5000 on it runs one round of apply and
// plan, and leaves the logging floor out (it only adds the SDK's log lines, minutes of them).
//
//	go run ./internal/cmd/bench -n 1000 -latency 20ms -parallelism 10 [-profile dir]
//
// With -profile dir every provider process (built with the benchprofile tag,
// main_benchprofile.go) and every quiet-floor process writes a CPU and a heap profile into dir
// (the floor's into dir/floor), the bench process its own (the mock's share) into dir/mock, and
// the report ends with the account: the provider's and the quiet floor's CPU per resource by
// category (account.go). -account dir prints the account of such a directory again, dividing by
// -n, without running anything.
//
// # A real-sized vault (-vault)
//
// Real vaults hold thousands of items no configuration manages. With -vault the bench seeds the
// mock through its API (concurrent POSTs with the mock's latency at 0; the measured runs then
// meet -latency) and measures the provider alone, cell by cell: a family (MySafe or PAM Core), a
// vault size and a configuration size. Seeding is cumulative, smallest vault first. In a MySafe
// vault of V every kind holds V items: passwords (url, tags, notes), API secrets (identifier_code,
// client_secret) and notes. A PAM Core vault of V holds V credentials (identifier, tags,
// criticality) on V/10 devices. A configuration of size C manages, in a MySafe cell, C passwords,
// C API secrets with an identifier_code and C notes (so C = 1 is "three creates, one of each
// kind"), and in a PAM Core cell C credentials on ceil(C/10) devices, ten to a device. Each cell
// runs, every round, the plan of the creates, the apply, the refresh (`terraform plan` after the
// apply, which must find nothing to change) and the destroy, and reports per phase the requests
// by route, the single-item GETs of seeded items (from the mock's recorded calls, by route and
// path id: the reads of unmanaged items), wall time, the provider's CPU time and peak RSS, and the
// mock's CPU time (the bench process's, as above). The targets:
// the plan of the three creates in a MySafe of 10,000 items per kind within 1.5x of the same plan
// in an empty MySafe; apply and refresh of 100 credentials in a PAM Core of 100,000 credentials
// with peak provider RSS <= 300 MB; no read of an unmanaged item in any phase of any cell.
//
//	go run ./internal/cmd/bench -vault matrix [-mysafe-sizes 0,1000,10000] [-pam-sizes 0,10000,100000] [-config-sizes 1,10,100]
//	go run ./internal/cmd/bench -vault targets    # only the cells the targets judge
//
// -vault matrix crosses every MySafe size and every PAM Core size with every configuration size
// (each family on its own: a cell's configuration holds one family's resources); "none" as a
// family's sizes leaves it out. -vault targets runs MySafe 0 and 10000 at configuration 1 and PAM
// Core 100000 at configuration 100. -rounds, -latency, -parallelism, -keep, -enforce and -profile
// (into dir/<cell>, with an account per cell) apply; -n is ignored, -sides and -phases refused.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"
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

	// vault is "" (the floor comparison), "matrix" or "targets" (vault.go).
	vault       string
	mysafeSizes []int // items of each MySafe kind in the vault
	pamSizes    []int // PAM Core credentials in the vault
	configSizes []int // managed items of each kind in a cell's configuration
	// vaultProbe, a test's hook, runs after each measured terraform run of the vault mode and
	// before its calls are counted, as if the provider had made its requests.
	vaultProbe func(ctx context.Context, s *seeder, c *cell, phase string)
}

// curveN is where the bench becomes the curve's point: one round of apply and plan, no
// logging floor.
const curveN = 5000

func main() {
	o, account, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var ok bool
	switch {
	case account != "":
		ok, err = true, printAccount(ctx, os.Stdout, account, o.n)
	case o.vault != "":
		ok, _, err = runVault(ctx, o, os.Stdout)
	default:
		ok, err = run(ctx, o, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		stop()
		os.Exit(1)
	}
	if !ok && o.enforce {
		stop()
		os.Exit(1)
	}
}

// parseFlags reads the command line: the options and the -account directory.
func parseFlags(args []string) (options, string, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.IntVar(&o.n, "n", 1000, "number of passwords (with -account: the run's N, to divide by)")
	fs.DurationVar(&o.latency, "latency", 20*time.Millisecond, "latency of every MySafe answer (and of the floor's waits)")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	fs.StringVar(&o.terraform, "terraform", "", "terraform binary (default: TF_ACC_TERRAFORM_PATH, then PATH)")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds of apply, plan and destroy; the report shows the medians")
	fs.BoolVar(&o.keep, "keep", false, "keep the working directory")
	fs.BoolVar(&o.enforce, "enforce", true, "exit 1 when a target does not hold")
	fs.StringVar(&o.profile, "profile", "", "write a CPU profile of every provider process into this directory (the quiet floor's into its floor/) and print the account")
	account := fs.String("account", "", "print the CPU account of this -profile directory of an earlier run (with -n of that run) and exit")
	sidesFlag := fs.String("sides", "", "comma-separated sides to run (floor, quiet floor, provider; default all, at N >= 5000 the last two)")
	phasesFlag := fs.String("phases", "", "comma-separated phases (apply, plan, destroy; default all, at N >= 5000 apply and plan)")
	fs.StringVar(&o.vault, "vault", "", `measure against a seeded vault: "matrix" (or 1) for every size below, "targets" for the cells the targets judge`)
	mysafeSizes := fs.String("mysafe-sizes", "0,1000,10000", `-vault: items of each MySafe kind in the vault, comma-separated ("none": no MySafe cell)`)
	pamSizes := fs.String("pam-sizes", "0,10000,100000", `-vault: PAM Core credentials in the vault (on a tenth as many devices; "none": no PAM Core cell)`)
	configSizes := fs.String("config-sizes", "1,10,100", "-vault: managed items of each kind in a configuration")
	if err := fs.Parse(args); err != nil {
		return o, "", err
	}
	if *sidesFlag != "" {
		o.sides = strings.Split(*sidesFlag, ",")
	}
	if *phasesFlag != "" {
		o.phases = strings.Split(*phasesFlag, ",")
	}
	var err error
	if o.vault, err = vaultMode(o.vault); err != nil {
		return o, "", err
	}
	if o.vault != "" && (o.sides != nil || o.phases != nil) {
		return o, "", errors.New("-sides and -phases are the floor comparison's; -vault runs the provider alone, every phase")
	}
	if o.mysafeSizes, err = sizes("-mysafe-sizes", *mysafeSizes); err != nil {
		return o, "", err
	}
	if o.pamSizes, err = sizes("-pam-sizes", *pamSizes); err != nil {
		return o, "", err
	}
	if o.configSizes, err = sizes("-config-sizes", *configSizes); err != nil {
		return o, "", err
	}
	return o, *account, nil
}

// vaultMode is the -vault value, normalized: "", "matrix" or "targets".
func vaultMode(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false", "no":
		return "", nil
	case "1", "true", "yes", "matrix", "all":
		return vaultMatrix, nil
	case "targets":
		return vaultTargets, nil
	}
	return "", fmt.Errorf(`-vault %q: want "matrix" (or 1) or "targets"`, v)
}

// sizes reads a comma-separated list of sizes; "none" is the empty list.
func sizes(name, s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return nil, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%s: %q is not a size", name, f)
		}
		out = append(out, n)
	}
	return out, nil
}
