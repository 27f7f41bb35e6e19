// Command testsummary reads `go test -json` on standard input and is the judge of `make
// test` and `make testacc-matrix`: it writes the verbose text log (-log), shows the lines worth
// seeing while the tests run, and at the end says in one line per group what could not be
// checked on this machine and why, and fails the run when:
//
//   - a test or a build failed;
//   - no acceptance test (TestAcc*) passed: TF_ACC was not set, or nothing ran;
//   - a test was skipped for a reason that is neither a version gate (the words
//     tfversion.SkipBelow uses: "is below minimum version") nor an absent optional tool named
//     with acctest.SkipNotChecked ("NOT CHECKED [group]: ...");
//   - more acceptance tests were version-gated than -acc-may-skip allows: a number is the most
//     there may be (0 on the newest Terraform), anything else a regular expression every skipped
//     acceptance test's name must match (on OpenTofu: the tests of what it lacks).
//
// Usage: go test -json ./... | go run ./internal/cmd/testsummary [-log FILE] [-acc-may-skip SPEC]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func main() {
	logPath := flag.String("log", "", "write the verbose text log (what go test -v prints) to this file")
	maySkip := flag.String("acc-may-skip", "", "version-gated acceptance tests allowed: a number, or a regular expression of test names; empty = any")
	quiet := flag.Bool("quiet", false, "show only the summary, not the lines of the run")
	flag.Parse()
	log := io.Discard
	if *logPath != "" {
		f, err := os.Create(*logPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "testsummary:", err)
			os.Exit(2)
		}
		defer f.Close()
		log = f
	}
	show := io.Writer(os.Stdout)
	if *quiet {
		show = io.Discard
	}
	s := newSummary()
	if err := s.read(os.Stdin, log, show); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	problems := s.report(os.Stdout, *maySkip)
	if *logPath != "" {
		fmt.Printf("verbose log: %s\n", *logPath)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "testsummary:", p)
		}
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string
	FailedBuild string
}

var (
	// shown are the lines of the verbose log worth seeing during the run.
	shown = regexp.MustCompile(`^(ok|FAIL|---|panic:|\s+--- FAIL)|_test\.go:[0-9]+:`)
	// versionGate is what tfversion.SkipBelow (and the CLI tests' skipBelow) say.
	versionGate = regexp.MustCompile(`(?:Terraform CLI version|CLI version) (\S+) is below minimum version (\S+): skipping test`)
	// notChecked is acctest.NotChecked's line.
	notChecked = regexp.MustCompile(`NOT CHECKED \[([^\]]+)\]: (.*)`)
)

type testKey struct{ pkg, test string }

// testRecord keeps, for one test, only what the verdict needs: its gate, its not-checked
// lines and its last output lines (to show why an unexplained skip happened).
type testRecord struct {
	gateCLI, gateMin string
	notChecked       []string
	last             []string
}

type summary struct {
	tests map[testKey]*testRecord

	accPassed  []string
	accSkipped []string            // version-gated acceptance tests
	gatedBy    map[string][]string // minimum version → skipped tests (any package)
	gateCLI    string
	groups     map[string][]string // not-checked group → messages
	groupOrder []string
	failures   []string
	unexplain  []string
}

func newSummary() *summary {
	return &summary{tests: map[testKey]*testRecord{}, gatedBy: map[string][]string{}, groups: map[string][]string{}}
}

func (s *summary) record(k testKey) *testRecord {
	r := s.tests[k]
	if r == nil {
		r = &testRecord{}
		s.tests[k] = r
	}
	return r
}

func (s *summary) read(in io.Reader, log, show io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			// Not an event (e.g. a message of the go command on stderr): pass it on.
			fmt.Fprintln(log, string(line))
			fmt.Fprintln(show, string(line))
			continue
		}
		s.event(e, log, show)
	}
	return sc.Err()
}

func (s *summary) event(e event, log, show io.Writer) {
	switch e.Action {
	case "output", "build-output":
		_, _ = io.WriteString(log, e.Output)
		text := strings.TrimRight(e.Output, "\n")
		if shown.MatchString(text) || e.Action == "build-output" {
			fmt.Fprintln(show, text)
		}
		if e.Test == "" {
			return
		}
		r := s.record(testKey{e.Package, e.Test})
		if m := versionGate.FindStringSubmatch(text); m != nil {
			r.gateCLI, r.gateMin = m[1], m[2]
		}
		if m := notChecked.FindStringSubmatch(text); m != nil {
			r.notChecked = append(r.notChecked, m[1]+"\x00"+strings.TrimSpace(m[2]))
		}
		if t := strings.TrimSpace(text); t != "" && !strings.HasPrefix(t, "===") && !strings.HasPrefix(t, "---") {
			r.last = append(r.last, t)
			if len(r.last) > 3 {
				r.last = r.last[1:]
			}
		}
	case "build-fail":
		s.failures = append(s.failures, "build failed: "+e.ImportPath)
	case "fail":
		switch {
		case e.Test != "":
			s.failures = append(s.failures, "FAIL "+e.Test+" ("+e.Package+")")
		case e.FailedBuild != "":
			s.failures = append(s.failures, "FAIL "+e.Package+" (build of "+e.FailedBuild+" failed)")
		default:
			s.failures = append(s.failures, "FAIL "+e.Package)
		}
	case "pass", "skip":
		if e.Test == "" {
			return
		}
		r := s.record(testKey{e.Package, e.Test})
		for _, nc := range r.notChecked {
			group, msg, _ := strings.Cut(nc, "\x00")
			s.addGroup(group, msg)
		}
		topAcc := strings.HasPrefix(e.Test, "TestAcc") && !strings.Contains(e.Test, "/")
		if e.Action == "pass" {
			if topAcc {
				s.accPassed = append(s.accPassed, e.Test)
			}
			return
		}
		switch {
		case r.gateMin != "":
			s.gateCLI = r.gateCLI
			s.gatedBy[r.gateMin] = append(s.gatedBy[r.gateMin], e.Test)
			if topAcc {
				s.accSkipped = append(s.accSkipped, e.Test)
			}
		case len(r.notChecked) > 0:
			// An absent optional tool, already named in its group.
		default:
			why := strings.Join(r.last, " / ")
			if why == "" {
				why = "no reason given"
			}
			s.unexplain = append(s.unexplain, fmt.Sprintf("%s (%s) was skipped, and the reason is neither a version gate nor a named optional tool: %s", e.Test, e.Package, why))
		}
	}
}

func (s *summary) addGroup(group, msg string) {
	if _, ok := s.groups[group]; !ok {
		s.groupOrder = append(s.groupOrder, group)
	}
	for _, m := range s.groups[group] {
		if m == msg {
			return
		}
	}
	s.groups[group] = append(s.groups[group], msg)
}

// report prints the acceptance count and the not-checked lines, and returns what fails the run.
func (s *summary) report(w io.Writer, maySkip string) []string {
	problems := append([]string{}, s.failures...)
	problems = append(problems, s.unexplain...)
	sort.Strings(s.accSkipped)
	skipped := ""
	if len(s.accSkipped) > 0 {
		skipped = " (" + strings.Join(s.accSkipped, ", ") + ")"
	}
	fmt.Fprintf(w, "acceptance tests passed: %d, skipped by version gates: %d%s\n", len(s.accPassed), len(s.accSkipped), skipped)
	if len(s.accPassed) == 0 {
		problems = append(problems, "no acceptance test passed (is TF_ACC=1 set, and is terraform on PATH or in TF_ACC_TERRAFORM_PATH?)")
	}
	if n, err := strconv.Atoi(maySkip); err == nil {
		if len(s.accSkipped) > n {
			problems = append(problems, fmt.Sprintf("%d version-gated acceptance tests skipped, at most %d allowed on this CLI", len(s.accSkipped), n))
		}
	} else if maySkip != "" {
		rx, err := regexp.Compile(maySkip)
		if err != nil {
			problems = append(problems, fmt.Sprintf("-acc-may-skip %q: %v", maySkip, err))
		} else {
			for _, name := range s.accSkipped {
				if !rx.MatchString(name) {
					problems = append(problems, fmt.Sprintf("%s was skipped on this CLI; only tests matching /%s/ may be", name, maySkip))
				}
			}
		}
	}
	lines := s.notCheckedLines()
	if len(lines) == 0 {
		fmt.Fprintln(w, "not checked here: nothing, every check ran")
		return problems
	}
	fmt.Fprintln(w, "not checked here (each a version gate or an absent optional tool):")
	for _, l := range lines {
		fmt.Fprintln(w, "  "+l)
	}
	return problems
}

// notCheckedLines is one line per group: the version-gated tests first, then every group a
// test named with acctest.NotChecked.
func (s *summary) notCheckedLines() []string {
	var out []string
	if len(s.gatedBy) > 0 {
		mins := make([]string, 0, len(s.gatedBy))
		for m := range s.gatedBy {
			mins = append(mins, m)
		}
		sort.Strings(mins)
		var parts []string
		for _, m := range mins {
			names := s.gatedBy[m]
			sort.Strings(names)
			parts = append(parts, fmt.Sprintf("need %s+: %s", m, strings.Join(names, ", ")))
		}
		out = append(out, fmt.Sprintf("version-gated tests (the CLI under test is %s): %s", s.gateCLI, strings.Join(parts, "; ")))
	}
	for _, g := range s.groupOrder {
		out = append(out, g+": "+strings.Join(s.groups[g], "; "))
	}
	return out
}
