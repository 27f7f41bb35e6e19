package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// What the PAM Core resources (devices, credentials) do alike in their lifecycle, as plain
// functions each resource calls with its own service calls, label and messages: the index of
// what PAM Core lists that a create would take over (quirk P4 of
// internal/pam); which listed objects are active; the activation of an object a create found
// deactivated; and the deactivation a destroy is.

// pamListed are the identifiers of what PAM Core lists of a kind that match, from the list the
// service shares (listed: once per provider process and kind, senhasegura.Shared). The list is
// scanned for each check rather than indexed: a map of 100,000 credentials' keys would cost tens
// of megabytes for the few creates a plan has.
func pamListed[T any](ctx context.Context, data *providerData, listed func(context.Context) ([]T, error), match func(T) (id string, ok bool)) ([]string, error) {
	items, err := listed(data.withMasks(ctx))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range items {
		if id, ok := match(it); ok {
			out = append(out, id)
		}
	}
	return out, nil
}

// pamActiveOf drops from ids the objects deactivated says are: on an instance whose lists show
// deactivated objects too (quirk P6), a listed object may be one Terraform destroyed, which is
// no takeover (the create reactivates it). Each is asked on a context of its own, detached from
// the plan's cancellation and bounded by defaultLookupTimeout.
func pamActiveOf(ctx context.Context, data *providerData, ids []string, deactivated func(ctx context.Context, id string) bool) []string {
	var out []string
	for _, id := range ids {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(data.withMasks(ctx)), defaultLookupTimeout)
		inactive := deactivated(lctx, id)
		cancel()
		if !inactive {
			out = append(out, id)
		}
	}
	return out
}

// pamActivateAdopted completes a create that PAM Core answered "updated" (quirk P4): the object
// was not listed (a deactivated one is not), yet PAM Core had it, and the upsert updated it,
// which left it deactivated. It is the resource's now: activate makes it active again (the
// resource then warns that it adopted it).
func pamActivateAdopted(ctx context.Context, diags *diag.Diagnostics, activate func(context.Context, string) error, label, id string,
	deadline operationDeadline) {
	if err := activate(ctx, id); err != nil && !errors.Is(err, pam.ErrAlreadyActive) {
		addClientError(ctx, diags, itemCall(pamAPI, "Error Activating "+titleLabel(label), label+" "+id).bounded(deadline, ""), err)
	}
}

// pamDeactivate is a PAM Core resource's Delete: PAM Core has no delete, so destroying
// deactivates (quirk P8); an object already deactivated or gone counts as done, unless the
// operation ran out of time first.
func pamDeactivate(ctx context.Context, data *providerData, t timeouts.Value, label, id string, deactivate func(context.Context, string) error,
	diags *diag.Diagnostics) {
	ctx, cancel, deadline := resourceDeadline(data.withMasks(ctx), t, "delete", diags)
	defer cancel()
	err := deactivate(ctx, id)
	if err != nil && (deadline.ranOut(ctx, err) || !errors.Is(err, senhasegura.ErrNotFound) && !errors.Is(err, senhasegura.ErrInactive)) {
		addClientError(ctx, diags, itemCall(pamAPI, "Error Deactivating "+titleLabel(label), label+" "+id).bounded(deadline, ""), err)
	}
}
