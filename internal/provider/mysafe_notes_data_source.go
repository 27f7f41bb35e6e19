package provider

import (
	"context"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

var _ datasource.DataSourceWithConfigure = (*mysafeNotesDataSource)(nil)

// NewMySafeNotesDataSource is the senhasegura_mysafe_notes data source.
func NewMySafeNotesDataSource() datasource.DataSource {
	return &mysafeNotesDataSource{}
}

// mysafeNotesDataSource lists notes. MySafe's list answer carries no content and no shares:
// the single-note data source reads those.
type mysafeNotesDataSource struct {
	data *providerData
}

type notesModel struct {
	Tag      types.String        `tfsdk:"tag"`
	Notes    []noteListItemModel `tfsdk:"notes"`
	Timeouts dstimeouts.Value    `tfsdk:"timeouts"`
}

type noteListItemModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Tags     types.Set    `tfsdk:"tags"`
	CanWrite types.Bool   `tfsdk:"can_write"`
}

func (d *mysafeNotesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mysafe_notes"
}

func (d *mysafeNotesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the active MySafe secure notes the access key's user can see, optionally filtered by tag. " +
			"The list carries no content: read one with the `senhasegura_mysafe_note` data source or ephemeral resource.",
		Attributes: map[string]schema.Attribute{
			"tag": schema.StringAttribute{Optional: true, MarkdownDescription: "Only notes with this tag."},
			"notes": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching active MySafe notes the access key's user can see, by identifier.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":        schema.StringAttribute{Computed: true, MarkdownDescription: listIDDescription},
						"name":      schema.StringAttribute{Computed: true, MarkdownDescription: listNameDescription},
						"tags":      schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: tagsDescription},
						"can_write": schema.BoolAttribute{Computed: true, MarkdownDescription: canWriteDescription},
					},
				},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *mysafeNotesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *mysafeNotesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state notesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !mysafeReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(ctx, state.Timeouts, &resp.Diagnostics)
	defer cancel()
	items, err := d.data.mysafe.Notes.List(d.data.withMasks(ctx), mysafe.NoteFilter{Tag: state.Tag.ValueString()})
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, lookupCall(mysafeAPI, "Error Listing MySafe Notes", "MySafe note").bounded(deadline, "the list of MySafe notes"), err)
		return
	}
	state.Notes = make([]noteListItemModel, 0, len(items))
	for _, it := range items {
		state.Notes = append(state.Notes, noteListItemModel{
			ID: types.StringValue(it.ID), Name: types.StringValue(it.Name), Tags: tagsSet(it.Tags), CanWrite: types.BoolValue(it.CanWrite),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
