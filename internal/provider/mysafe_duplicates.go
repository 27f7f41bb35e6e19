package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// A plan that creates an item MySafe already holds would, once applied, make a second copy of
// a secret: the usual way there is an item created by hand, by another configuration, or
// left outside the state by a killed apply. The plan says so first (duplicate_check):
// ModifyPlan of a create looks the planned item's key up among what MySafe holds, at a cost
// that follows the planned creates, not the vault: passwords by the list filtered by name,
// username and URL, notes by the list filtered by their first tag (the only filter notes have),
// API secrets by the list filtered by identifier_code and a GET of its few candidates (list
// items carry no identifier_code, quirk Q11) — never a GET of an item the configuration does not
// name. The client lists each key once per provider process (Holding), and the create of that
// item reuses the list as the baseline of its recovery. Items a resource of this process holds
// (refreshed, created) are never reported: a replacement's create is not a duplicate of the
// object it replaces.

// duplicateRule says, for one item kind, what makes a planned item the same as a stored one.
type duplicateRule struct {
	// what names the key in messages: "the same name, username and URL".
	what string
	// holders are the identifiers of the stored items the planned item would duplicate, from
	// the plan's top-level values (no pass of the framework's reflection over the whole plan:
	// this runs for every planned create); known is false when the plan leaves a part of the
	// key unknown, or the kind has no key for it (an API secret without identifier_code):
	// nothing to check.
	holders func(ctx context.Context, c *mysafe.Client, plan configAttrs) (ids []string, known bool, err error)
}

// duplicatesOf are the identifiers of the stored items the planned item would duplicate,
// ascending, without those a resource of this process holds (claimed); known as for holders.
func (d *duplicateRule) duplicatesOf(ctx context.Context, pd *providerData, plan configAttrs, claimed func(string) bool) ([]string, bool, error) {
	ids, known, err := d.holders(pd.withMasks(ctx), pd.mysafe, plan)
	if err != nil || !known {
		return nil, known, err
	}
	var out []string
	for _, id := range ids {
		if !claimed(id) {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) < len(out[j]) || len(out[i]) == len(out[j]) && out[i] < out[j] })
	return out, true, nil
}

// idsOf are the identifiers of listed items.
func idsOf(items []mysafe.ListItem) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// addDuplicateDiag adds what duplicate_check asks for: a warning or an error on the planned
// create of label that matches the stored items ids.
func addDuplicateDiag(diags *diag.Diagnostics, mode, label, what string, ids []string, writeOnly bool) {
	what0 := strings.TrimPrefix(label, "MySafe ")
	ref := what0 + " " + ids[0]
	if len(ids) > 1 {
		ref = fmt.Sprintf("%ss %s", what0, strings.Join(ids, ", "))
	}
	detail := fmt.Sprintf("MySafe already holds %s, with %s as this planned %s: applying this plan would store a "+
		"second copy of it. To adopt the existing one instead of creating another, add this import block and plan again:\n\n%s\n\n"+
		"(`%s` keeps its secrets out of the state, for a configuration that sets them through the `*_wo` attributes; "+
		"without it, the import reads them.) If a second copy is what you want, set duplicate_check = \"off\" in the provider block.",
		ref, what, what0, importBlock(ids[0], writeOnly), writeOnlyPrefix)
	summary := "MySafe Already Holds This " + titleLabel(strings.TrimPrefix(label, "MySafe "))
	if mode == duplicateError {
		diags.AddError(summary, detail+"\n\nThe provider setting duplicate_check = \"error\" refuses such a plan.")
		return
	}
	diags.AddWarning(summary, detail)
}
