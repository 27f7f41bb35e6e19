package provider

import (
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Comma lists: an API field that holds several values as one comma-separated string, which
// Terraform keeps as a set of strings, so that neither order nor spacing can cause a diff.

// commaListValuePattern is what one value of a comma list may be: not empty, no comma, and no
// white space at either end — any Unicode white space (a no-break space, a vertical tab), which
// the read-back trims (strings.TrimSpace), not only ASCII's: a value the validation accepts
// reads back unchanged.
var commaListValuePattern = regexp.MustCompile(`^[^,\s\v\x{85}\p{Z}](?:[^,]*[^,\s\v\x{85}\p{Z}])?$`)

// commaListValueMessage is the validation message of commaListValuePattern.
const commaListValueMessage = "must be non-empty, contain no comma, and not start or end with white space"

// splitCommaList splits s on commas: trimmed, empty pieces dropped, duplicates removed, sorted.
func splitCommaList(s string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, t := range strings.Split(s, ",") {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// commaListOf joins the values of a set (null or unknown: none) with ",", sorted.
func commaListOf(set types.Set) string {
	var vals []string
	if !set.IsNull() && !set.IsUnknown() {
		for _, e := range set.Elements() {
			if s, ok := e.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
				vals = append(vals, s.ValueString())
			}
		}
	}
	sort.Strings(vals)
	return strings.Join(vals, ",")
}

// commaSet maps a comma list back to a set: null when empty, unless the prior value was an
// empty set (the configuration says `= []`), which is kept to avoid a diff.
func commaSet(s string, prior types.Set) types.Set {
	vals := splitCommaList(s)
	if len(vals) == 0 {
		if !prior.IsNull() && !prior.IsUnknown() && len(prior.Elements()) == 0 {
			return prior
		}
		return types.SetNull(types.StringType)
	}
	return stringSetOf(vals)
}

// stringSetOf is the set of vals (empty, not null, when there are none).
func stringSetOf(vals []string) types.Set {
	elems := make([]attr.Value, 0, len(vals))
	for _, v := range vals {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}
