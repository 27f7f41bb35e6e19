package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// phaseSummary is a phase of a cell over its rounds: the median wall time of the rounds that
// succeeded (of all when none did) and that round's requests, the highest peak RSS, the most
// reads of unmanaged items of any round, and the first failure.
type phaseSummary struct {
	median    *vaultResult
	walls     []string // wall time of each round
	peaks     []string // peak RSS of each round
	peakRSSKB int64
	unmanaged map[string]int
	err       string
	errRound  int
}

func summarize(rs []*vaultResult) *phaseSummary {
	if len(rs) == 0 {
		return nil
	}
	s := &phaseSummary{unmanaged: map[string]int{}}
	var good []*vaultResult
	for i, r := range rs {
		s.walls = append(s.walls, wallText(&r.result))
		s.peaks = append(s.peaks, fmt.Sprintf("%.0f", float64(r.peakRSSKB)/1024))
		s.peakRSSKB = max(s.peakRSSKB, r.peakRSSKB)
		if total(r.unmanaged) > total(s.unmanaged) {
			s.unmanaged = r.unmanaged
		}
		if r.err == "" {
			good = append(good, r)
		} else if s.err == "" {
			s.err, s.errRound = r.err, i+1
		}
	}
	if len(good) == 0 {
		good = rs
	}
	good = slices.Clone(good)
	slices.SortFunc(good, func(a, b *vaultResult) int { return int(a.wall - b.wall) })
	s.median = good[len(good)/2]
	return s
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// vaultText is a cell's vault, as the table shows it.
func (c *cell) vaultText() string {
	if c.family == familyPAM {
		return fmt.Sprintf("%d credentials", c.vault)
	}
	return fmt.Sprintf("%d per kind", c.vault)
}

// label names a cell in a line of text.
func (c *cell) label() string {
	return fmt.Sprintf("%s of %s, configuration %d", c.family, c.vaultText(), c.config)
}

// shortRoute drops the family prefixes from a route name: "GET /mysafe/password/{id}" is
// "GET password/{id}".
func shortRoute(r string) string {
	for _, p := range []string{"/mysafe/", "/pam/", "/"} {
		if method, rest, ok := strings.Cut(r, " "+p); ok {
			return method + " " + strings.ReplaceAll(rest, "/pam/", " ")
		}
	}
	return r
}

// cellLine is the progress line of a finished cell.
func cellLine(c *cell) string {
	var parts []string
	for _, ph := range vaultPhases {
		s := summarize(c.all[ph])
		if s == nil {
			parts = append(parts, ph+" not run")
			continue
		}
		text := fmt.Sprintf("%s %s (%d requests, %d unmanaged GETs, %s)", ph, wallText(&s.median.result), total(s.median.routes), total(s.unmanaged), mbText(s.peakRSSKB))
		if s.err != "" {
			text = fmt.Sprintf("%s FAILED in round %d", ph, s.errRound)
		}
		parts = append(parts, text)
	}
	return c.label() + ": " + strings.Join(parts, "; ")
}

// vaultReport prints the table of every cell and phase and judges the targets; it says
// whether every target holds.
func vaultReport(out io.Writer, o options, cells []*cell) bool {
	printVaultTable(out, o, cells)
	printFailures(out, cells)
	c := &checker{out: out, ok: true}
	fmt.Fprintln(out, "targets:")
	unmanagedTargets(c, cells)
	planTarget(c, cells)
	pamMemoryTarget(c, cells)
	return c.ok
}

// printVaultTable is one row per cell and phase: wall time (median), peak RSS of the provider,
// requests, single-item GETs of unmanaged items and the requests by route.
func printVaultTable(out io.Writer, o options, cells []*cell) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	head := "family\tvault\tconfig\tphase\twall\tpeak RSS\tCPU provider\tCPU mock\trequests\tunmanaged GETs\trequests by route"
	if o.rounds > 1 {
		head += "\twall of each round\tpeak RSS (MB) of each round"
	}
	fmt.Fprintln(tw, head)
	for _, c := range cells {
		for _, ph := range vaultPhases {
			s := summarize(c.all[ph])
			if s == nil {
				continue
			}
			wall := wallText(&s.median.result)
			if s.err != "" {
				wall = "FAILED " + wall
			}
			unmanaged := fmt.Sprint(total(s.unmanaged))
			if len(s.unmanaged) > 0 {
				unmanaged += " (" + routeList(s.unmanaged, shortRoute) + ")"
			}
			line := fmt.Sprintf("%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s", c.family, c.vaultText(), c.config, ph, wall, mbText(s.peakRSSKB),
				cpuText(&s.median.result), s.median.mockCPU.Round(10*time.Millisecond), total(s.median.routes), unmanaged, routeList(s.median.routes, shortRoute))
			if o.rounds > 1 {
				line += "\t" + strings.Join(s.walls, " ") + "\t" + strings.Join(s.peaks, " ")
			}
			fmt.Fprintln(tw, line)
		}
	}
	_ = tw.Flush()
}

func printFailures(out io.Writer, cells []*cell) {
	for _, c := range cells {
		for _, ph := range vaultPhases {
			for i, r := range c.all[ph] {
				if r.err != "" {
					fmt.Fprintf(out, "FAILED %s, %s, round %d: %s\n", c.label(), ph, i+1, r.err)
				}
			}
		}
	}
}

// unmanagedTargets: no phase of any cell reads one item no configuration manages, and every
// phase ran.
func unmanagedTargets(c *checker, cells []*cell) {
	for _, cl := range cells {
		var parts []string
		n := 0
		for _, ph := range vaultPhases {
			s := summarize(cl.all[ph])
			if s == nil {
				continue
			}
			n += total(s.unmanaged)
			parts = append(parts, fmt.Sprintf("%s %d", ph, total(s.unmanaged)))
		}
		c.check(n == 0, "%s: no read of an unmanaged item (%s)", cl.label(), strings.Join(parts, ", "))
		for _, ph := range vaultPhases {
			if s := summarize(cl.all[ph]); s != nil && s.err != "" {
				c.check(false, "%s: %s ran (round %d: %s)", cl.label(), ph, s.errRound, s.err)
			}
		}
	}
}

// findCell is the cell of family, vault and config, nil when the run has none.
func findCell(cells []*cell, family string, vault, config int) *cell {
	for _, c := range cells {
		if c.family == family && c.vault == vault && c.config == config {
			return c
		}
	}
	return nil
}

// planTarget: the plan of the three creates in a MySafe of 10,000 items per kind within 1.5x of
// the same plan in an empty MySafe; the other MySafe sizes are reported against the empty one.
func planTarget(c *checker, cells []*cell) {
	empty := findCell(cells, familyMySafe, 0, targetMySafeConfig)
	if empty == nil || summarize(empty.all["plan"]) == nil {
		c.info("the plan target needs the MySafe cell of vault 0 at configuration %d: not judged", targetMySafeConfig)
		return
	}
	base := summarize(empty.all["plan"])
	judged := false
	for _, cl := range cells {
		if cl.family != familyMySafe || cl.config != targetMySafeConfig || cl.vault == 0 {
			continue
		}
		s := summarize(cl.all["plan"])
		if s == nil {
			continue
		}
		r := ratio(&s.median.result, &base.median.result)
		text := fmt.Sprintf("plan of the three creates in a MySafe of %d per kind: %s, %.2fx of the empty MySafe's %s (%d requests vs %d)",
			cl.vault, wallText(&s.median.result), r, wallText(&base.median.result), total(s.median.routes), total(base.median.routes))
		if cl.vault == targetMySafeVault {
			judged = true
			c.check(s.err == "" && base.err == "" && r <= targetPlanRatio, "%s; target %.1fx", text, targetPlanRatio)
		} else {
			c.info("%s", text)
		}
	}
	if !judged {
		c.info("the plan target is for a MySafe of %d per kind at configuration %d, which this run has not: not judged", targetMySafeVault, targetMySafeConfig)
	}
}

// pamMemoryTarget: the apply and the refresh of 100 credentials in a PAM Core of 100,000
// credentials with the provider's peak RSS at most 300 MB; the other PAM Core cells of the
// largest configuration are reported.
func pamMemoryTarget(c *checker, cells []*cell) {
	judged := false
	for _, cl := range cells {
		if cl.family != familyPAM || cl.config != targetPAMConfig {
			continue
		}
		for _, ph := range []string{"apply", "refresh"} {
			s := summarize(cl.all[ph])
			if s == nil {
				continue
			}
			text := fmt.Sprintf("%s of %d credentials in a PAM Core of %d: peak provider RSS %s", ph, cl.config, cl.vault, mbText(s.peakRSSKB))
			if s.err != "" {
				text += " (it failed: " + s.err + ")"
			}
			if cl.vault == targetPAMVault {
				judged = true
				c.check(s.err == "" && s.peakRSSKB <= targetPAMPeakRSSMB*1024, "%s; target <= %d MB", text, targetPAMPeakRSSMB)
			} else {
				c.info("%s", text)
			}
		}
	}
	if !judged {
		c.info("the memory target is for %d credentials in a PAM Core of %d, which this run has not: not judged", targetPAMConfig, targetPAMVault)
	}
}
