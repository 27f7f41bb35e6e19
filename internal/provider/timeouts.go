package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	ephtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// Default operation timeouts. Each bounds the whole operation, retries and their waits
// included; one HTTP attempt is bounded by the provider's request_timeout.
const (
	defaultCreateTimeout = 5 * time.Minute
	defaultReadTimeout   = 2 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 2 * time.Minute
	// defaultLookupTimeout bounds a data source read, an ephemeral open and a list.
	defaultLookupTimeout = 2 * time.Minute
)

// resourceTimeoutsBlock is the `timeouts` block of every resource.
var resourceTimeoutsBlock = timeouts.Block(context.Background(), timeouts.Opts{
	Create: true, Read: true, Update: true, Delete: true,
	CreateDescription: "Time limit of a create (default `" + durationText(defaultCreateTimeout) + "`), retries and their waits " +
		"included. It bounds what the provider sends, not what it does to keep track of what it sent: when it runs out (or " +
		"Terraform is interrupted) after the request left and before its answer came, the provider still looks up what " +
		"the request stored, for at least " + durationText(senhasegura.RecoveryGrace) + ", so that a stored secret is " +
		"adopted into the state or named in the error, never left untracked.",
	ReadDescription:   "Time limit of a refresh or import read (default `" + durationText(defaultReadTimeout) + "`).",
	UpdateDescription: "Time limit of an update (default `" + durationText(defaultUpdateTimeout) + "`).",
	DeleteDescription: "Time limit of a delete, i.e. a deactivation (default `" + durationText(defaultDeleteTimeout) + "`).",
})

// dataSourceTimeoutsBlock, ephemeralTimeoutsBlock and listTimeoutsBlock are the `timeouts`
// blocks of the data sources, ephemeral resources and list resources.
var (
	dataSourceTimeoutsBlock = dstimeouts.BlockWithOpts(context.Background(), dstimeouts.Opts{
		ReadDescription: "Time limit of the read, retries included, as a duration such as `30s` or `5m` (default `" + durationText(defaultLookupTimeout) + "`).",
	})
	listTimeoutsBlock = listtimeouts.BlockWithOpts(context.Background(), listtimeouts.Opts{
		ListDescription: "Time limit of the whole listing, the reads of `include_resource` and retries included, as a duration such as `30s` or `5m` (default `" + durationText(defaultLookupTimeout) + "`).",
	})
)

// durationText writes a default duration the way the docs do: "15s", "2m", "1h30m".
func durationText(d time.Duration) string {
	t := d.String()
	for _, zero := range []string{"m0s", "h0m"} {
		if strings.HasSuffix(t, zero) {
			t = strings.TrimSuffix(t, zero[1:])
		}
	}
	return t
}

// operationDeadline is one operation's time limit: its name ("create", …), the configured or
// default duration.
type operationDeadline struct {
	op    string
	limit time.Duration
}

// resourceDeadline bounds ctx by the operation's timeout from the resource's timeouts block,
// as decoded with the plan or state (a null block means the defaults).
func resourceDeadline(ctx context.Context, t timeouts.Value, op string, diags *diag.Diagnostics) (context.Context, context.CancelFunc, operationDeadline) {
	var d time.Duration
	var more diag.Diagnostics
	def := defaultDeleteTimeout
	switch op {
	case "create":
		def = defaultCreateTimeout
	case "read":
		def = defaultReadTimeout
	case "update":
		def = defaultUpdateTimeout
	}
	switch {
	case !timeoutSet(t, op):
		// The common case, answered without the library, whose default costs an Info log call
		// (field maps built even with logs off) per operation.
		d = def
	case op == "create":
		d, more = t.Create(ctx, def)
	case op == "read":
		d, more = t.Read(ctx, def)
	case op == "update":
		d, more = t.Update(ctx, def)
	default:
		d, more = t.Delete(ctx, def)
	}
	return withDeadline(ctx, op, d, more, diags)
}

// timeoutSet reports whether the timeouts block sets op's timeout.
func timeoutSet(t timeouts.Value, op string) bool {
	if t.IsNull() || t.IsUnknown() {
		return false
	}
	v, ok := t.Attributes()[op]
	return ok && !v.IsNull() && !v.IsUnknown()
}

// ranOut reports whether the operation's time limit (ctx's deadline) ended the call that
// failed with err.
func (o operationDeadline) ranOut(ctx context.Context, err error) bool {
	return ctx.Err() != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded))
}

// timedOut adds the diagnostic for an operation (of what, on the API api) whose time limit ran
// out and reports whether it did: it names the limit and how to raise it, and keeps the last
// error.
func (o operationDeadline) timedOut(ctx context.Context, diags *diag.Diagnostics, api, what string, err error) bool {
	if !o.ranOut(ctx, err) {
		return false
	}
	diags.AddError(api+" "+o.op+" timeout ran out",
		fmt.Sprintf("The %s of %s did not finish within its %s timeout of %s (retries included). Raise it with "+
			"`timeouts { %s = \"%s\" }` in the configuration, or check that %s answers (request_timeout bounds each "+
			"attempt). Last error: %s", o.op, what, o.op, o.limit, o.op, 2*o.limit, api, senhasegura.Redact(ctx, err.Error())))
	return true
}

// ephemeralTimeoutsBlock is the `timeouts` block of an ephemeral resource that reads from the
// API api.
func ephemeralTimeoutsBlock(api string) ephschema.Block {
	return ephtimeouts.BlockWithOpts(context.Background(), ephtimeouts.Opts{
		OpenDescription: "Time limit of the open (the read from " + api + "), retries included, as a duration such as `30s` or `5m` (default `" + durationText(defaultLookupTimeout) + "`).",
	})
}

// dataSourceDeadline, ephemeralDeadline and listDeadline bound ctx by the configured `timeouts`
// read, open or list value (a null block means the default).
func dataSourceDeadline(ctx context.Context, t dstimeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc, operationDeadline) {
	d, more := t.Read(ctx, defaultLookupTimeout)
	return withDeadline(ctx, "read", d, more, diags)
}

func ephemeralDeadline(ctx context.Context, t ephtimeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc, operationDeadline) {
	d, more := t.Open(ctx, defaultLookupTimeout)
	return withDeadline(ctx, "open", d, more, diags)
}

func listDeadline(ctx context.Context, t listtimeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc, operationDeadline) {
	d, more := t.List(ctx, defaultLookupTimeout)
	return withDeadline(ctx, "list", d, more, diags)
}

func withDeadline(ctx context.Context, op string, d time.Duration, more diag.Diagnostics, diags *diag.Diagnostics) (context.Context, context.CancelFunc, operationDeadline) {
	diags.Append(more...)
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, operationDeadline{op: op, limit: d}
}
