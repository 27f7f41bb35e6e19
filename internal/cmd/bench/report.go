package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// report prints the table and the targets; it says whether every target holds. The time and
// memory targets are the quiet floor's.
func report(out io.Writer, o options, sides map[string]*side) bool {
	printTimes(out, o, sides)
	printRequests(out, o, sides[sideProvider])
	if o.rounds > 1 {
		printRounds(out, o, sides)
	}
	if sides[sideFloor] == nil {
		fmt.Fprintf(out, "the logging floor was left out at N = %d (it only adds the SDK's log lines)\n", o.n)
	}
	if sides[sideQuiet] == nil {
		fmt.Fprintln(out, "the quiet floor was left out (-sides): no time or memory target is judged")
	}
	c := &checker{out: out, ok: true}
	fmt.Fprintln(out, "targets (against the quiet floor):")
	timeTargets(c, o, sides)
	requestTargets(c, o, sides[sideProvider])
	processTargets(c, o, sides)
	return c.ok
}

// printTimes is the table of wall times, ratios, CPU and peak RSS by phase.
func printTimes(out io.Writer, o options, sides map[string]*side) {
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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ph, wallText(f), wallText(q), wallText(p),
			ratioText(p, f), ratioText(p, q), cpuText(f), cpuText(q), cpuText(p), perResource(q.cpu, o.n), perResource(p.cpu, o.n),
			p.mockCPU.Round(10*time.Millisecond), mbText(q.peakRSSKB), mbText(p.peakRSSKB))
	}
	_ = tw.Flush()
}

// printRequests is the table of the provider's requests, tokens, connections and processes.
func printRequests(out io.Writer, o options, prov *side) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "phase\trequests (provider)\ttokens\tnew conns\tprocesses")
	for _, ph := range o.phases {
		p := prov.results[ph]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\n", ph, routes(p.routes), p.tokens, p.conns, p.processes)
	}
	_ = tw.Flush()
}

// printRounds shows every round, so that the noise a median hides shows.
func printRounds(out io.Writer, o options, sides map[string]*side) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
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

// checker prints one line per target and remembers whether all held.
type checker struct {
	out io.Writer
	ok  bool
}

func (c *checker) check(holds bool, format string, args ...any) {
	mark := "ok  "
	if !holds {
		mark, c.ok = "FAIL", false
	}
	fmt.Fprintf(c.out, "  %s %s\n", mark, fmt.Sprintf(format, args...))
}

func (c *checker) info(format string, args ...any) {
	fmt.Fprintf(c.out, "  info %s\n", fmt.Sprintf(format, args...))
}

// timeTargets: each phase within 1.05x of the quiet floor at N = 200 to 4999, reported
// otherwise.
func timeTargets(c *checker, o options, sides map[string]*side) {
	quiet := sides[sideQuiet]
	if quiet == nil {
		return
	}
	limit := 0.0
	if o.n >= 200 && o.n < curveN {
		limit = 1.05
	}
	for _, ph := range o.phases {
		r := ratio(sides[sideProvider].results[ph], quiet.results[ph])
		if limit > 0 {
			c.check(r <= limit, "%s within %.2fx of the quiet floor at N = %d: %.2fx", ph, limit, o.n, r)
		} else {
			c.info("%s: %.2fx of the quiet floor (the time target is for N = 200 and 1000)", ph, r)
		}
	}
}

// requestTargets: every round makes exactly the requests N items need.
func requestTargets(c *checker, o options, prov *side) {
	count := func(phase, route string) []int {
		var n []int
		for _, r := range prov.all[phase] {
			n = append(n, r.routes[route])
		}
		return n
	}
	if prov.all["apply"] != nil {
		posts, reads := count("apply", "POST /mysafe/password"), count("apply", "GET /mysafe/password/{id}")
		c.check(allEqual(posts, o.n), "apply: exactly N = %d POSTs (%v)", o.n, posts)
		c.check(allEqual(reads, 0), "apply: no read-after-write GET (%v)", reads)
	}
	if prov.all["plan"] != nil {
		refresh, tokens := count("plan", "GET /mysafe/password/{id}"), count("plan", "POST /oauth2/token")
		c.check(allEqual(refresh, o.n), "plan: exactly N = %d refresh GETs (%v)", o.n, refresh)
		c.check(allEqual(tokens, 1), "plan: exactly one token request (%v)", tokens)
	}
	if prov.all["destroy"] != nil {
		deact := count("destroy", "POST /mysafe/password/inactive/{id}")
		c.check(allEqual(deact, o.n), "destroy: exactly N = %d deactivations (%v)", o.n, deact)
	}
}

func allEqual(ns []int, want int) bool {
	for _, n := range ns {
		if n != want {
			return false
		}
	}
	return true
}

// processTargets: tokens and connections per provider process, and the peak RSS against the
// quiet floor's from N = 200 on.
func processTargets(c *checker, o options, sides map[string]*side) {
	quiet := sides[sideQuiet]
	for _, ph := range o.phases {
		r := sides[sideProvider].results[ph]
		c.check(r.tokens <= r.processes, "%s: at most one token per provider process (%d tokens, %d processes)", ph, r.tokens, r.processes)
		// Keep-alive cannot outlive a process: Terraform starts a provider process per graph
		// walk, and each one that is configured (the ones with a token) opens its own.
		c.check(r.conns <= int64(r.tokens*(o.parallelism+2)), "%s: new connections <= parallelism + 2 = %d per configured provider process (%d for %d)",
			ph, o.parallelism+2, r.conns, r.tokens)
		if quiet == nil {
			continue
		}
		q := quiet.results[ph]
		// Below N = 200 the peak RSS is the two binaries' start-up size (the provider's is a
		// few MB larger), not what the resources cost: reported, not judged.
		if o.n >= 200 {
			c.check(float64(r.peakRSSKB) <= 1.1*float64(q.peakRSSKB), "%s: peak RSS within 1.1x of the quiet floor's (%s vs %s)", ph,
				mbText(r.peakRSSKB), mbText(q.peakRSSKB))
		} else {
			c.info("%s: peak RSS %s vs the quiet floor's %s (no memory target below N = 200)", ph, mbText(r.peakRSSKB), mbText(q.peakRSSKB))
		}
	}
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

// mbText is a size in KB as MB with one decimal.
func mbText(kb int64) string {
	return fmt.Sprintf("%.1f MB", float64(kb)/1024)
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

// routes is the requests by route, the MySafe password prefix dropped.
func routes(m map[string]int) string {
	return routeList(m, func(k string) string { return strings.Replace(k, "/mysafe/password", "", 1) })
}

// routeList is "route n, route n" sorted by route, each route shortened by short; "none" when
// m is empty.
func routeList(m map[string]int, short func(string) string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", short(k), m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
