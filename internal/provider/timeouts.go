package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Default operation timeouts. Each bounds the whole operation, retries and their waits
// included; one HTTP attempt is bounded by the provider's request_timeout.
const (
	defaultCreateTimeout = 5 * time.Minute
	defaultReadTimeout   = 2 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 2 * time.Minute
)

// resourceTimeoutsBlock is the `timeouts` block of every item resource.
var resourceTimeoutsBlock = timeouts.Block(context.Background(), timeouts.Opts{
	Create: true, Read: true, Update: true, Delete: true,
	CreateDescription: "Time limit of a create (default `5m`).",
	ReadDescription:   "Time limit of a refresh or import read (default `2m`).",
	UpdateDescription: "Time limit of an update (default `5m`).",
	DeleteDescription: "Time limit of a delete, i.e. a deactivation (default `2m`).",
})

// operationDeadline is one operation's time limit: its name ("create", …), the configured or
// default duration.
type operationDeadline struct {
	op    string
	limit time.Duration
}

// resourceDeadline reads the operation's timeout from the resource's timeouts block in plan or
// state (a null block means the defaults) and returns ctx bounded by it.
func resourceDeadline(ctx context.Context, from interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, op string, diags *diag.Diagnostics) (context.Context, context.CancelFunc, operationDeadline) {
	var t timeouts.Value
	diags.Append(from.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	var d time.Duration
	var more diag.Diagnostics
	switch op {
	case "create":
		d, more = t.Create(ctx, defaultCreateTimeout)
	case "read":
		d, more = t.Read(ctx, defaultReadTimeout)
	case "update":
		d, more = t.Update(ctx, defaultUpdateTimeout)
	default:
		d, more = t.Delete(ctx, defaultDeleteTimeout)
	}
	diags.Append(more...)
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, operationDeadline{op: op, limit: d}
}

// timedOut adds the diagnostic for an operation whose time limit ran out and reports
// whether it did: it names the limit and how to raise it, and keeps the last error.
func (o operationDeadline) timedOut(ctx context.Context, diags *diag.Diagnostics, what string, err error) bool {
	if ctx.Err() == nil || !errors.Is(err, context.DeadlineExceeded) && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return false
	}
	diags.AddError("MySafe "+o.op+" timeout ran out",
		fmt.Sprintf("The %s of %s did not finish within its %s timeout of %s (retries included). Raise it with "+
			"`timeouts { %s = \"%s\" }` in the configuration, or check that MySafe answers (request_timeout bounds each "+
			"attempt). Last error: %s", o.op, what, o.op, o.limit, o.op, 2*o.limit, err))
	return true
}
