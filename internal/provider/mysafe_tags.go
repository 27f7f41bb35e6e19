package provider

import (
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// MySafe keeps tags as one comma-separated string ("tag1, tag2"). Terraform keeps them as a
// set, so neither order nor spacing can cause a diff.

func tagsSchema(what string) schema.SetAttribute {
	return schema.SetAttribute{
		ElementType: types.StringType,
		Optional:    true,
		MarkdownDescription: "Tags of the " + what + ". MySafe stores them as one comma-separated string; the provider " +
			"sends them sorted and joined with `, ` and reads them back by splitting on commas and trimming spaces, so " +
			"order and spacing never show as a change. A tag cannot contain a comma or start or end with a space.",
		Validators: []validator.Set{
			setvalidator.ValueStringsAre(stringvalidator.RegexMatches(commaListValuePattern, commaListValueMessage)),
		},
	}
}

// joinTags is the inverse of splitCommaList for a set of valid tags: MySafe's tags string.
func joinTags(tags []string) string {
	sorted := append([]string{}, tags...)
	sort.Strings(sorted)
	return strings.Join(sorted, ", ")
}

// tagsFromSet reads the tags of a set value (null or unknown → none).
func tagsFromSet(set types.Set) []string {
	out := []string{}
	if set.IsNull() || set.IsUnknown() {
		return out
	}
	for _, e := range set.Elements() {
		if s, ok := e.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// tagsToSet maps MySafe's string back to a set (commaSet). No tags gives null, unless the
// prior value was an empty set (the user wrote `tags = []`), which is kept to avoid a diff.
func tagsToSet(s string, prior types.Set) types.Set { return commaSet(s, prior) }

// tagsSet is the set of tags of a data source, empty (not null) when there are none.
func tagsSet(s string) types.Set {
	return tagsToSet(s, types.SetValueMust(types.StringType, []attr.Value{}))
}

// echoedTags is echoed for tags.
func echoedTags(v string, plan types.Set) types.Set {
	if strings.TrimSpace(v) == "" && !plan.IsUnknown() {
		return plan
	}
	return tagsToSet(v, plan)
}

// tagsChangeOf is changeOf for tag sets, sent as MySafe's comma-separated string.
func tagsChangeOf(plan, state types.Set) *string {
	v := joinTags(tagsFromSet(plan))
	if v == "" && joinTags(tagsFromSet(state)) == "" {
		return nil
	}
	return &v
}
