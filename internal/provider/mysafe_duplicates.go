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
// that follows the planned creates, not the vault: passwords and notes by the one list of the
// kind a provider process shares (list items carry name, username, URL and tags), API secrets
// by the list's identifier_code filter and a GET of its few candidates only (list items carry no
// identifier_code, quirk Q11) — never a GET of an item the configuration does not name. Items a
// resource of this process holds (refreshed, created) are never reported: a replacement's
// create is not a duplicate of the object it replaces.

// duplicateRule says, for one item kind, what makes a planned item the same as a stored one.
type duplicateRule struct {
	// what names the key in messages: "the same name, username and URL".
	what string
	// planKey is the planned item's key, from the plan's top-level values (no pass of the
	// framework's reflection over the whole plan: this runs for every planned create); false
	// when the plan leaves a part of it unknown, or the kind has no key for it (an API secret
	// without identifier_code): nothing to check.
	planKey func(plan configAttrs) (string, bool)
	// index keys what MySafe holds of the kind, from the kind's shared list (passwords,
	// notes); nil when the list does not carry the key.
	index func(ctx context.Context, c *mysafe.Client) (map[string][]string, error)
	// lookup finds the items that hold one key through the API's filter (API secrets), when
	// index is nil.
	lookup func(ctx context.Context, c *mysafe.Client, key string) ([]string, error)
}

// holders are the identifiers of the stored items that hold key, ascending, without those a
// resource of this process holds (claimed). One list per kind (or one lookup per key) serves
// the whole provider process.
func (d *duplicateRule) holders(ctx context.Context, pd *providerData, kind string, key string, claimed func(string) bool) ([]string, error) {
	// One listing serves every create of the kind this process plans, whichever asked first: it
	// must not end with that one's request.
	lctx := pd.withMasks(ctx)
	var ids []string
	if d.index != nil {
		index, err := pd.existing.of(kind, func() (map[string][]string, error) { return d.index(lctx, pd.mysafe) })
		if err != nil {
			return nil, err
		}
		ids = index[key]
	} else {
		found, err := pd.existing.of(kind+"\x00"+key, func() (map[string][]string, error) {
			ids, err := d.lookup(lctx, pd.mysafe, key)
			return map[string][]string{key: ids}, err
		})
		if err != nil {
			return nil, err
		}
		ids = found[key]
	}
	var out []string
	for _, id := range ids {
		if !claimed(id) {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) < len(out[j]) || len(out[i]) == len(out[j]) && out[i] < out[j] })
	return out, nil
}

// indexBy keys a kind's listed items.
func indexBy(items []mysafe.ListItem, key func(mysafe.ListItem) string) map[string][]string {
	out := map[string][]string{}
	for _, it := range items {
		out[key(it)] = append(out[key(it)], it.ID)
	}
	return out
}

// importBlock is the import block that adopts the MySafe item id, for a message.
func importBlock(id string, writeOnly bool) string {
	if writeOnly {
		id = writeOnlyPrefix + id
	}
	return fmt.Sprintf("  import {\n    to = <this resource's address, shown above>\n    id = %q\n  }", id)
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

// passwordKey, noteKey and apiSecretKey are the keys of duplicateRule, from plans and from
// MySafe's answers alike.
func passwordKey(name, username, url string) string {
	return name + "\x00" + username + "\x00" + url
}

func noteKey(name string, tags []string) string {
	return name + "\x00" + joinTags(tags)
}
