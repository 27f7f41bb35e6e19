package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// itemLookup is what an item kind's data source and ephemeral resource share: the lookup
// call, the summary of its diagnostics and how it names what it looked for.
type itemLookup[L interface{ secrets() []string }] struct {
	summary string // e.g. "Error Reading MySafe Password"
	label   string // e.g. "MySafe password"
	what    func(L) string
	lookup  func(context.Context, *mysafe.Client, L) (L, error)
}

// read runs the lookup the configuration m names, within ctx's deadline, and replaces *m by
// what it found. It returns the context to write the result with (its secrets masked), or
// false after adding the diagnostic: the timeout's when it ran out, the client error's
// otherwise.
func (k itemLookup[L]) read(ctx context.Context, data *providerData, deadline operationDeadline, m *L, diags *diag.Diagnostics) (context.Context, bool) {
	found, err := k.lookup(data.withMasks(ctx), data.mysafe, *m)
	if err != nil {
		addClientError(ctx, diags, lookupCall(mysafeAPI, k.summary, k.label).bounded(deadline, k.what(*m)), err)
		return ctx, false
	}
	*m = found
	return data.withMasks(ctx, found.secrets()...), true
}
