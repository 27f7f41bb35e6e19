package provider

import (
	"context"
	"fmt"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

var _ datasource.DataSourceWithConfigure = (*mysafeNoteDataSource)(nil)

// Texts shared with the senhasegura_mysafe_note ephemeral resource.
const (
	noteLookupDescription = "Reads one MySafe secure note, by its identifier or by its name (and tags), with its " +
		"content and sharing. A name that no active note has, or that several have (add `tags` to tell them apart), is " +
		"an error that names them."
	noteIDDescription   = "The MySafe identifier of the note (digits). Exactly one of `id` and `name` must be set."
	noteNameDescription = "Name of the note: set it instead of `id` to look the note up by its name (the lookup lists " +
		"the notes, which carry names and tags, and reads only the one that matches)."
	noteTagsDescription    = "Tags of the note; with `name`, only a note that has every one of these tags matches."
	noteContentDescription = "The protected content of the note."
	noteUsersDescription   = "Users the note is shared with."
	noteGroupsDescription  = "Groups the note is shared with."
)

// NewMySafeNoteDataSource is the senhasegura_mysafe_note data source.
func NewMySafeNoteDataSource() datasource.DataSource {
	return &mysafeNoteDataSource{}
}

type mysafeNoteDataSource struct {
	data *providerData
}

// noteLookupModel is the senhasegura_mysafe_note data source and ephemeral resource.
type noteLookupModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Note          types.String `tfsdk:"note"`
	Tags          types.Set    `tfsdk:"tags"`
	UsersAllowed  types.Set    `tfsdk:"users_allowed"`
	GroupsAllowed types.Set    `tfsdk:"groups_allowed"`
}

// noteDataSourceModel is the data source: the lookup and its timeouts.
type noteDataSourceModel struct {
	noteLookupModel
	Timeouts dstimeouts.Value `tfsdk:"timeouts"`
}

func (d *mysafeNoteDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mysafe_note"
}

func (d *mysafeNoteDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: noteLookupDescription + " **As a data source, it stores what it reads in the Terraform " +
			"state and plan, the note's content (`note`) included.** To use it without storing it, use the " +
			"`senhasegura_mysafe_note` ephemeral resource (Terraform 1.10+) instead.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: noteIDDescription,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("name"))},
			},
			"name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: noteNameDescription,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"note": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: noteContentDescription},
			"tags": schema.SetAttribute{
				Optional: true, Computed: true, ElementType: types.StringType, MarkdownDescription: noteTagsDescription,
				Validators: []validator.Set{setvalidator.ConflictsWith(path.MatchRoot("id"))},
			},
			"users_allowed":  dataSourceSharesAttribute(userKey, noteUsersDescription),
			"groups_allowed": dataSourceSharesAttribute(groupKey, noteGroupsDescription),
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *mysafeNoteDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *mysafeNoteDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config noteDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !mysafeReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(ctx, config.Timeouts, &resp.Diagnostics)
	defer cancel()
	if ctx, ok := noteLookup.read(ctx, d.data, deadline, &config.noteLookupModel, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, config)...)
	}
}

// noteLookup is the lookup the MySafe note data source and ephemeral resource share.
var noteLookup = itemLookup[noteLookupModel]{
	summary: "Error Reading MySafe Note", label: "MySafe note", lookup: lookupNote,
	what: func(m noteLookupModel) string {
		if m.ID.ValueString() != "" {
			return "MySafe note " + m.ID.ValueString()
		}
		return fmt.Sprintf("the MySafe note named %q", m.Name.ValueString())
	},
}

// lookupNote reads the note config names: by identifier, or by name (and tags).
func lookupNote(ctx context.Context, c *mysafe.Client, config noteLookupModel) (noteLookupModel, error) {
	var n *mysafe.Note
	var err error
	if id := config.ID.ValueString(); id != "" {
		n, err = c.Notes.Get(ctx, id)
	} else {
		n, err = c.Notes.FindByName(ctx, config.Name.ValueString(), tagsFromSet(config.Tags))
	}
	if err != nil {
		return config, err
	}
	return noteLookupFromAPI(n), nil
}

// noteLookupFromAPI maps a GET answer to the data source and ephemeral resource model.
func noteLookupFromAPI(n *mysafe.Note) noteLookupModel {
	return noteLookupModel{
		ID: types.StringValue(n.ID), Name: types.StringValue(n.Name), Note: types.StringValue(n.Content),
		Tags:          tagsSet(n.Tags),
		UsersAllowed:  sharesToSet(n.UsersAllowed, userKey),
		GroupsAllowed: sharesToSet(n.GroupsAllowed, groupKey),
	}
}

// secrets are the values masked in logs.
func (m noteLookupModel) secrets() []string { return []string{m.Note.ValueString()} }
