package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// The account: where a provider's CPU goes per resource, from the profiles of a -profile run
// (the provider's cpu-*.pprof in the directory, the quiet floor's in its floor/). Every sampled
// stack of each side's profiles, merged (`go tool pprof -traces`, whose text is parsed here:
// github.com/google/pprof is not in the module graph, and -top's flat and cumulative sums
// cannot file a sample under one category), is filed under the first category, in the order
// of accountCategories, that a frame of its stack names. The categories of the provider's own
// code only match stacks that pass through internal/provider, internal/mysafe, internal/pam or
// internal/senhasegura; the rest is what the quiet floor pays too.

// ownCode names a frame of the provider's own code.
var ownCode = regexp.MustCompile(`senhasegura/terraform-provider-senhasegura/internal/(provider|mysafe|pam|senhasegura)\.`)

// accountCategory is one line of the account: a sample is filed under it when a frame of its
// stack matches frame, and the stack passes through the provider's own code exactly when own.
type accountCategory struct {
	name  string
	frame *regexp.Regexp
	own   bool
}

var accountCategories = []accountCategory{
	{"our logging calls (masking context, tflog)", regexp.MustCompile(`terraform-plugin-log|provider\.\(\*providerData\)\.withMasks`), true},
	{"HTTP client (retryablehttp, transport, token)", regexp.MustCompile(`net/http|retryablehttp|golang\.org/x/oauth2|internal/senhasegura\.\(\*API\)\.Do`), true},
	{"JSON (request bodies, envelope decoding)", regexp.MustCompile(`encoding/json`), true},
	{"private state and HMAC digests", regexp.MustCompile(`writeOnlyState|readWriteOnlyState|crypto/hmac|crypto/sha256|digestKey`), true},
	// Not "Validate" alone: the framework validates every value it converts (SetType.Validate,
	// tftypes.ValidateValue), and those are conversions.
	{"validation (ValidateConfig, attribute validators)", regexp.MustCompile(`ValidateResourceConfig|ValidateConfig|validateWriteOnly|terraform-plugin-framework-validators|fwschemadata\.\(\*Data\)\.Valid|Validate(String|Set|Object|Bool|Int64)`), true},
	{"plan modification (ModifyPlan, drift plan modifier)", regexp.MustCompile(`ModifyPlan|checkDuplicate|emptyDriftPlan|PlanModifySet`), true},
	{"model conversions (codec, tfsdk Get/Set, identity)", regexp.MustCompile(`modelCodec|tfsdk\.|setIdentity|sameState|fwschemadata|terraform-plugin-framework/internal/reflect`), true},
	{"other own code (mapping, deadlines, diagnostics)", regexp.MustCompile(`.`), true},
	{"garbage collection (both sides)", regexp.MustCompile(`runtime\.gcBgMarkWorker|runtime\.gcAssist|runtime\.bgsweep|runtime\.bgscavenge`), false},
	{"plugin startup (go-plugin TLS certificate, schemas)", regexp.MustCompile(`go-plugin\.Serve|GetProviderSchema|GetResourceIdentitySchemas|GetMetadata`), false},
	{"framework, gRPC and runtime (both sides)", regexp.MustCompile(`.`), false},
}

// sample is one sampled stack: its CPU time in milliseconds and its frames, leaf first.
type sample struct {
	ms    float64
	stack []string
}

// traceValue is the first line of a sample in -traces output: its value and the leaf frame.
var traceValue = regexp.MustCompile(`^\s+([0-9.]+)(ms|s|us|µs)\s+(\S.*)$`)

// parseTraces reads the text of `go tool pprof -traces`: samples separated by lines of
// "-----------+----", each a value with its leaf frame on the first line and the callers on
// the lines below; what comes before the first separator is the header.
func parseTraces(r io.Reader) ([]sample, error) {
	scale := map[string]float64{"s": 1000, "ms": 1, "us": 0.001, "µs": 0.001}
	var out []sample
	var cur *sample
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "-----------+") {
			if cur != nil {
				out = append(out, *cur)
			}
			cur = nil
			continue
		}
		if m := traceValue.FindStringSubmatch(line); m != nil && cur == nil {
			v, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				return nil, fmt.Errorf("pprof -traces: %q: %w", line, err)
			}
			cur = &sample{ms: v * scale[m[2]], stack: []string{m[3]}}
		} else if cur != nil && strings.TrimSpace(line) != "" {
			cur.stack = append(cur.stack, strings.TrimSpace(line))
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out, sc.Err()
}

// accountOf files every sample under its category: milliseconds by category, in the order of
// accountCategories.
func accountOf(samples []sample) []float64 {
	out := make([]float64, len(accountCategories))
	for _, s := range samples {
		own := false
		for _, f := range s.stack {
			if ownCode.MatchString(f) {
				own = true
				break
			}
		}
		for i, c := range accountCategories {
			if c.own == own && anyMatch(c.frame, s.stack) {
				out[i] += s.ms
				break
			}
		}
	}
	return out
}

func anyMatch(rx *regexp.Regexp, frames []string) bool {
	for _, f := range frames {
		if rx.MatchString(f) {
			return true
		}
	}
	return false
}

// profileAccount is the account of the CPU profiles matching pattern, merged; nil when
// there are none.
func profileAccount(ctx context.Context, pattern string) ([]float64, error) {
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "go", append([]string{"tool", "pprof", "-traces"}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	text, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go tool pprof -traces %s: %w\n%s", pattern, err, stderr.String())
	}
	samples, err := parseTraces(bytes.NewReader(text))
	if err != nil {
		return nil, err
	}
	return accountOf(samples), nil
}

// printAccount prints the milliseconds of CPU per resource (n of them) by category of the
// provider's profiles in dir and of the quiet floor's in dir/floor.
func printAccount(ctx context.Context, out io.Writer, dir string, n int) error {
	prov, err := profileAccount(ctx, filepath.Join(dir, "cpu-*.pprof"))
	if err != nil {
		return err
	}
	if prov == nil {
		return fmt.Errorf("account: no provider CPU profile (cpu-*.pprof) in %s", dir)
	}
	floor, err := profileAccount(ctx, filepath.Join(dir, "floor", "cpu-*.pprof"))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "account of %s (N = %d):\n", dir, n)
	writeAccount(out, prov, floor, n)
	return nil
}

// writeAccount is the account's table; floor may be nil (no quiet floor profiled).
func writeAccount(out io.Writer, prov, floor []float64, n int) {
	n = max(n, 1)
	cell := func(ms []float64, i int) string {
		if ms == nil {
			return "-"
		}
		if i == len(ms) { // the total
			t := 0.0
			for _, v := range ms {
				t += v
			}
			return fmt.Sprintf("%.2f", t/float64(n))
		}
		return fmt.Sprintf("%.2f", ms[i]/float64(n))
	}
	fmt.Fprintf(out, "%-56s %9s %12s\n", "ms of CPU per resource", "provider", "quiet floor")
	for i, c := range accountCategories {
		fmt.Fprintf(out, "%-56s %9s %12s\n", c.name, cell(prov, i), cell(floor, i))
	}
	fmt.Fprintf(out, "%-56s %9s %12s\n", "total", cell(prov, len(prov)), cell(floor, len(accountCategories)))
}
