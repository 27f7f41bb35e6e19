package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// The generic item resource and kind, as notes instantiate them.
type (
	noteResource = itemResource[noteModel, mysafe.Note, mysafe.NoteUpdate]
	noteItemKind = itemKind[noteModel, mysafe.Note, mysafe.NoteUpdate]
)

var (
	_ resource.ResourceWithConfigure      = (*noteResource)(nil)
	_ resource.ResourceWithImportState    = (*noteResource)(nil)
	_ resource.ResourceWithIdentity       = (*noteResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*noteResource)(nil)
	_ resource.ResourceWithValidateConfig = (*noteResource)(nil)
)

// NewMySafeNoteResource is the senhasegura_mysafe_note resource.
func NewMySafeNoteResource() resource.Resource {
	return &noteResource{kind: noteKind}
}

type noteModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	Note types.String `tfsdk:"note"`
	Tags types.Set    `tfsdk:"tags"`

	NoteWO        types.String   `tfsdk:"note_wo"`
	NoteWOVersion types.Int64    `tfsdk:"note_wo_version"`
	UsersAllowed  types.Set      `tfsdk:"users_allowed"`
	GroupsAllowed types.Set      `tfsdk:"groups_allowed"`
	DriftDetected types.Set      `tfsdk:"drift_detected"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

var noteWO, noteWOVersion = writeOnlyAttrs("note", "note content", stringvalidator.LengthAtLeast(1))

var noteKind = newItemType(&noteItemKind{
	typeName: "_mysafe_note",
	importBy: &importLookup{what: "name", find: func(ctx context.Context, c *mysafe.Client, name string) (string, error) {
		n, err := c.Notes.FindByName(ctx, name, nil)
		if err != nil {
			return "", err
		}
		return n.ID, nil
	}},
	label: "MySafe note",
	schema: schema.Schema{
		MarkdownDescription: "A secure note in senhasegura MySafe (a certificate, recovery codes, an SSH key, a licence " +
			"text), with its sharing to users and groups.\n\n" +
			"MySafe has no delete: **destroying this resource deactivates the note**. A note deactivated or removed " +
			"outside Terraform disappears from state, and the next plan proposes to create it again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The MySafe identifier of the note, a digit string assigned by MySafe.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the note in MySafe.",
				Validators:          []validator.String{requiredText{api: "MySafe"}},
			},
			"note": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The protected content of the note. It is read back from MySafe on refresh, so a change " +
					"made outside Terraform shows in the plan. It is stored in state: to keep it out, use `note_wo` instead. " +
					"Exactly one of `note` and `note_wo` must be set.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"note_wo":         noteWO,
			"note_wo_version": noteWOVersion,
			"tags":            tagsSchema("note"),
			"drift_detected":  driftDetectedAttr("note_wo"),
		},
		Blocks: map[string]schema.Block{
			"users_allowed":  shareBlock(userKey, "user", "note"),
			"groups_allowed": shareBlock(groupKey, "group", "note"),
			"timeouts":       resourceTimeoutsBlock,
		},
	},
	toCreate:  noteToAPI,
	toUpdate:  noteToUpdate,
	fromGet:   noteFromGet,
	fromWrite: noteFromWrite,
	drift:     func(m *noteModel) *types.Set { return &m.DriftDetected },
	secrets: []secretField[mysafe.Note, mysafe.NoteUpdate]{{
		attr:      "note",
		read:      func(n *mysafe.Note) string { return n.Content },
		setCreate: func(n *mysafe.Note, v string) { n.Content = v },
		setUpdate: func(u *mysafe.NoteUpdate, v *string) { u.Content = v },
	}},
	sharing: func(n *mysafe.Note) (*[]mysafe.Share, *[]mysafe.Share, []string) {
		return &n.UsersAllowed, &n.GroupsAllowed, n.SharedErrors
	},
	validateConfig: validateNoteConfig,
	service:        func(c *mysafe.Client) itemService[mysafe.Note, mysafe.NoteUpdate] { return c.Notes },
	duplicates: &duplicateRule{
		what: "the same name and tags",
		holders: func(ctx context.Context, c *mysafe.Client, plan configAttrs) ([]string, bool, error) {
			name, ok1 := plan.str("name")
			tags, ok2 := plan.strs("tags")
			if !ok1 || !ok2 {
				return nil, false, nil
			}
			items, err := c.Notes.Holding(ctx, name, splitCommaList(strings.Join(tags, ",")))
			return idsOf(items), true, err
		},
	},
})

// validateNoteConfig requires the content, in one of its two forms (both at once is refused
// by note_wo's own validator). Configuration generated by `-generate-config-out` leaves both
// out, so the message says how to fill in.
func validateNoteConfig(c configAttrs, diags *diag.Diagnostics) {
	if !c.set("note") && !c.set("note_wo") {
		diags.AddAttributeError(path.Root("note"), "Missing Note Content",
			"Set `note` or `note_wo` (with `note_wo_version`): MySafe requires the content of a note. "+
				"Configuration generated by `terraform plan -generate-config-out` leaves both out because they are "+
				"sensitive; `note_wo` keeps the content out of the state.")
	}
}

// noteToAPI maps a planned note to the object sent to MySafe.
func noteToAPI(m noteModel) mysafe.Note {
	return mysafe.Note{
		Name: m.Name.ValueString(), Content: m.Note.ValueString(), Tags: joinTags(tagsFromSet(m.Tags)),
		UsersAllowed:  sharesFromSet(m.UsersAllowed, userKey),
		GroupsAllowed: sharesFromSet(m.GroupsAllowed, groupKey),
	}
}

// noteToUpdate maps plan and prior state to an update, as passwordToUpdate does; the content
// is left to secretUpdate.
func noteToUpdate(plan, state noteModel) mysafe.NoteUpdate {
	return mysafe.NoteUpdate{
		Name:          changeOf(plan.Name, state.Name),
		Tags:          tagsChangeOf(plan.Tags, state.Tags),
		UsersAllowed:  sharesFromSet(plan.UsersAllowed, userKey),
		GroupsAllowed: sharesFromSet(plan.GroupsAllowed, groupKey),
	}
}

// noteState maps what every answer about a note carries; prior supplies what the answer
// cannot and the null-vs-empty shape of optional values.
func noteState(n *mysafe.Note, prior noteModel) noteModel {
	return noteModel{
		ID:            types.StringValue(n.ID),
		Name:          types.StringValue(n.Name),
		Note:          prior.Note,
		Tags:          tagsToSet(n.Tags, prior.Tags),
		NoteWO:        types.StringNull(),
		NoteWOVersion: prior.NoteWOVersion,
		UsersAllowed:  sharesOr(n.UsersAllowed, userKey, prior.UsersAllowed),
		GroupsAllowed: sharesOr(n.GroupsAllowed, groupKey, prior.GroupsAllowed),
		DriftDetected: prior.DriftDetected,
		Timeouts:      prior.Timeouts,
	}
}

// noteFromGet maps MySafe's GET answer, the only one with the content (quirk Q8), to state.
func noteFromGet(n *mysafe.Note, prior noteModel, writeOnly map[string]bool) noteModel {
	m := noteState(n, prior)
	m.Note = optString(n.Content, prior.Note)
	return noteSecretsHidden(m, writeOnly)
}

// noteFromWrite maps the answer to a create or update, which does not echo the content.
func noteFromWrite(n *mysafe.Note, plan noteModel, writeOnly map[string]bool) noteModel {
	m := noteState(n, plan)
	m.ID, m.Name, m.Tags = echoed(n.ID, plan.ID), echoed(n.Name, plan.Name), echoedTags(n.Tags, plan.Tags)
	return noteSecretsHidden(m, writeOnly)
}

func noteSecretsHidden(m noteModel, writeOnly map[string]bool) noteModel {
	if writeOnly["note"] {
		m.Note = types.StringNull()
	}
	return m
}

// identifier and secretValues make noteModel an itemModel.
func (m noteModel) identifier() types.String { return m.ID }

func (m noteModel) secretValues() []string { return []string{m.Note.ValueString()} }

func (m noteModel) timeouts() timeouts.Value { return m.Timeouts }

func (m noteModel) secret(string) (types.String, types.Int64) { return m.Note, m.NoteWOVersion }
