package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// A plan that creates an item MySafe already holds would, once applied, make a second copy of
// a secret: the usual way there is an item created by hand, by another configuration, or
// left outside the state by a killed apply. The plan says so first (duplicate_check):
// ModifyPlan of a create looks the planned item's key up among what MySafe holds, which each
// provider process lists once per item kind, and only when it plans a create of that kind.

// duplicateRule says, for one item kind, what makes a planned item the same as a stored one.
type duplicateRule[M any, A any] struct {
	// what names the key in messages: "the same name, username and URL".
	what string
	// planKey is the planned item's key, from the plan's top-level values (no pass of the
	// framework's reflection over the whole plan: this runs for every planned create); false
	// when the plan leaves a part of it unknown, or the kind has no key for it (an API secret
	// without identifier_code): nothing to check.
	planKey func(plan configAttrs) (string, bool)
	// list lists what MySafe holds of the kind; listKey reads the key of a listed item, or is
	// nil when the list does not carry it (API secret lists have no identifier_code, quirk
	// Q11): then fullKey reads it from each listed item's GET.
	list    func(ctx context.Context, c *mysafe.Client) ([]mysafe.ListItem, error)
	listKey func(it mysafe.ListItem) string
	fullKey func(a *A) string
	// holder finds the item that holds key, after MySafe refused a create as a duplicate
	// ("" when the access key cannot see it); nil when MySafe refuses no duplicate of the kind.
	holder func(ctx context.Context, c *mysafe.Client, key string) (string, error)
}

// index lists what MySafe holds of the kind and keys it by the rule.
func (d *duplicateRule[M, A]) index(ctx context.Context, c *mysafe.Client, get func(context.Context, string) (*A, error)) (map[string][]string, error) {
	items, err := d.list(ctx, c)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	if d.listKey != nil {
		for _, it := range items {
			out[d.listKey(it)] = append(out[d.listKey(it)], it.ID)
		}
		return out, nil
	}
	// The list does not carry the key: read each listed item (the client bounds how many at
	// once). An item gone, deactivated or not visible meanwhile is passed over.
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	for _, it := range items {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			a, err := get(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				if k := d.fullKey(a); k != "" {
					out[k] = append(out[k], id)
				}
			case errors.Is(err, senhasegura.ErrNotFound), errors.Is(err, senhasegura.ErrInactive), errors.Is(err, senhasegura.ErrNoAccess):
			case firstErr == nil:
				firstErr = err
			}
		}(it.ID)
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	for k := range out {
		sort.Slice(out[k], func(i, j int) bool {
			return len(out[k][i]) < len(out[k][j]) || len(out[k][i]) == len(out[k][j]) && out[k][i] < out[k][j]
		})
	}
	return out, nil
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
