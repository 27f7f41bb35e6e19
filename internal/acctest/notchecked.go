package acctest

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// NotCheckedMarker starts the log line of NotChecked; the test summary of `make test`
// (internal/cmd/testsummary) collects these lines, one line per group, and counts a skip that
// carries one as a named absent optional tool rather than an unexplained skip.
const NotCheckedMarker = "NOT CHECKED ["

// NotChecked records that part of a test could not be checked on this machine and why: a
// version gate or an optional tool that is absent. group names what it belongs to
// ("examples", "docs", "release snapshot"), the message says what was left out and how to
// check it anyway.
func NotChecked(t testing.TB, group, format string, args ...any) {
	t.Helper()
	t.Logf("%s%s]: %s", NotCheckedMarker, group, fmt.Sprintf(format, args...))
}

// SkipNotChecked is NotChecked for a test that can check nothing here: it records why and
// skips the test.
func SkipNotChecked(t testing.TB, group, format string, args ...any) {
	t.Helper()
	NotChecked(t, group, format, args...)
	t.SkipNow()
}

// Context is a context for the commands a test runs, bounded only by the test binary's own
// deadline (go test -timeout) less a minute to report, never by a shorter fixed bound: on a
// fresh machine a command may first build tools or download modules through the proxy.
func Context(t testing.TB) context.Context {
	t.Helper()
	ctx := context.Background()
	dl, ok := t.(interface{ Deadline() (time.Time, bool) })
	if !ok {
		return ctx
	}
	if d, ok := dl.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-time.Minute))
		t.Cleanup(cancel)
	}
	return ctx
}
