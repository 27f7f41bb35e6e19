package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	epschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// The sharing blocks of both resources: users_allowed { username, can_edit } and
// groups_allowed { name, can_edit }, as sets (MySafe may return them in any order),
// authoritative (what is not in the configuration is removed on apply) and read back on
// every refresh, which is how out-of-band sharing changes show up in a plan.

const (
	userKey  = "username"
	groupKey = "name"
)

func shareAttrTypes(key string) map[string]attr.Type {
	return map[string]attr.Type{key: types.StringType, "can_edit": types.BoolType}
}

func shareBlock(key, who, what string) schema.SetNestedBlock {
	return schema.SetNestedBlock{
		MarkdownDescription: fmt.Sprintf("A %s this %s is shared with. The set is authoritative: on apply, MySafe's "+
			"sharing list becomes exactly these blocks, so removing every block removes all sharing, and a share added "+
			"outside Terraform shows as a change in the next plan. A name may appear only once.", who, what),
		NestedObject: schema.NestedBlockObject{
			Attributes: map[string]schema.Attribute{
				key: schema.StringAttribute{
					Required:            true,
					MarkdownDescription: fmt.Sprintf("The MySafe %s %s.", who, key),
					Validators:          []validator.String{shareName{block: block(key), who: who}},
				},
				"can_edit": schema.BoolAttribute{
					Optional: true,
					Computed: true,
					Default:  booldefault.StaticBool(false),
					MarkdownDescription: fmt.Sprintf("Whether the %s may edit (and deactivate) the %s. Default `false`: view only.",
						who, what),
				},
			},
		},
		Validators: []validator.Set{uniqueShareNames{key: key}},
	}
}

// dataSourceSharesAttribute is a sharing list as a data source reads it.
func dataSourceSharesAttribute(key, description string) dsschema.SetNestedAttribute {
	return dsschema.SetNestedAttribute{
		Computed:            true,
		MarkdownDescription: description,
		NestedObject: dsschema.NestedAttributeObject{
			Attributes: map[string]dsschema.Attribute{
				key:        dsschema.StringAttribute{Computed: true, MarkdownDescription: "The " + key + " shared with."},
				"can_edit": dsschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it may edit."},
			},
		},
	}
}

// ephemeralSharesAttribute is a sharing list as an ephemeral resource reads it.
func ephemeralSharesAttribute(key, description string) epschema.SetNestedAttribute {
	return epschema.SetNestedAttribute{
		Computed:            true,
		MarkdownDescription: description,
		NestedObject: epschema.NestedAttributeObject{
			Attributes: map[string]epschema.Attribute{
				key:        epschema.StringAttribute{Computed: true, MarkdownDescription: "The " + key + " shared with."},
				"can_edit": epschema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it may edit."},
			},
		},
	}
}

// sharesFromSet reads a sharing set (null or unknown → no shares).
func sharesFromSet(set types.Set, key string) []mysafe.Share {
	out := []mysafe.Share{}
	if set.IsNull() || set.IsUnknown() {
		return out
	}
	for _, e := range set.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		attrs := obj.Attributes()
		name, _ := attrs[key].(types.String)
		canEdit, _ := attrs["can_edit"].(types.Bool)
		out = append(out, mysafe.Share{Name: name.ValueString(), CanEdit: canEdit.ValueBool()})
	}
	return out
}

// sharesOr maps a list MySafe reported, or keeps prior when the answer did not report one.
func sharesOr(list []mysafe.Share, key string, prior types.Set) types.Set {
	if list == nil && !prior.IsNull() && !prior.IsUnknown() {
		return prior
	}
	return sharesToSet(list, key)
}

// mergeShares returns list with one entry per name (in first-seen order; can_edit is true if
// any entry of that name has it) and the names MySafe listed more than once. MySafe's UI or
// another tool may store duplicates, which a Terraform set cannot hold.
func mergeShares(list []mysafe.Share) ([]mysafe.Share, []string) {
	if list == nil {
		return nil, nil
	}
	out := make([]mysafe.Share, 0, len(list))
	index := map[string]int{}
	var dups []string
	for _, s := range list {
		i, seen := index[s.Name]
		if !seen {
			index[s.Name] = len(out)
			out = append(out, s)
			continue
		}
		if !slices.Contains(dups, s.Name) {
			dups = append(dups, s.Name)
		}
		out[i].CanEdit = out[i].CanEdit || s.CanEdit
	}
	return out, dups
}

// sharesToSet maps MySafe's list to a set value (duplicates merged, see mergeShares); it is
// never null, as Terraform represents a set of blocks with no block as an empty set.
func sharesToSet(list []mysafe.Share, key string) types.Set {
	list, _ = mergeShares(list)
	objType := types.ObjectType{AttrTypes: shareAttrTypes(key)}
	elems := make([]attr.Value, 0, len(list))
	for _, s := range list {
		elems = append(elems, types.ObjectValueMust(shareAttrTypes(key), map[string]attr.Value{
			key: types.StringValue(s.Name), "can_edit": types.BoolValue(s.CanEdit),
		}))
	}
	return types.SetValueMust(objType, elems)
}

// block is the sharing block whose entries name a share by key.
func block(key string) string {
	if key == userKey {
		return "users_allowed"
	}
	return "groups_allowed"
}

// shareName refuses an empty or blank share name with a message that names the block, instead
// of the framework's, which prints the set element's raw path.
type shareName struct{ block, who string }

func (v shareName) Description(context.Context) string {
	return "must name a " + v.who + " (not empty, not only white space)"
}
func (v shareName) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (v shareName) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || strings.TrimSpace(req.ConfigValue.ValueString()) != "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Empty Share",
		fmt.Sprintf("A %s block has an empty %s name: each block shares the item with one MySafe %s, named exactly as in "+
			"senhasegura. Set the name, or remove the block.", v.block, v.who, v.who))
}

// uniqueShareNames rejects the same username (or group) twice in one resource, which a set
// would otherwise accept when can_edit differs.
type uniqueShareNames struct{ key string }

func (v uniqueShareNames) Description(context.Context) string {
	return fmt.Sprintf("each %s may appear only once", v.key)
}
func (v uniqueShareNames) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (v uniqueShareNames) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]bool{}
	for _, e := range req.ConfigValue.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsUnknown() || obj.IsNull() {
			continue
		}
		name, _ := obj.Attributes()[v.key].(types.String)
		if name.IsUnknown() || name.IsNull() {
			continue
		}
		if seen[name.ValueString()] {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate Share",
				fmt.Sprintf("%s %q appears in more than one block. MySafe keeps one entry per %s: write one block and set can_edit there.",
					v.key, name.ValueString(), v.key))
		}
		seen[name.ValueString()] = true
	}
}

// quoteAll quotes share names for messages.
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
