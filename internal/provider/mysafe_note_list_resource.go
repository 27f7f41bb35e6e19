package provider

import (
	"context"

	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// The generic list resource and kind, as notes instantiate them.
type (
	noteList             = itemList[noteListConfig, noteModel, mysafe.Note, mysafe.NoteUpdate]
	noteListResourceKind = itemListKind[noteListConfig, noteModel, mysafe.Note, mysafe.NoteUpdate]
)

var _ list.ListResourceWithConfigure = (*noteList)(nil)

// NewMySafeNoteListResource is the senhasegura_mysafe_note list resource.
func NewMySafeNoteListResource() list.ListResource {
	return &noteList{kind: noteListKind}
}

type noteListConfig struct {
	Tag      types.String       `tfsdk:"tag"`
	Timeouts listtimeouts.Value `tfsdk:"timeouts"`
}

var noteListKind = &noteListResourceKind{
	item: noteKind,
	schema: listschema.Schema{
		MarkdownDescription: "Lists the active MySafe secure notes the access key's user can see, for `terraform query` " +
			"(Terraform 1.14+): each with its identity and its name as display name, and with `include_resource` the " +
			"resource object. **No content is listed**: `note` stays null, as in an import with `write_only_import`.",
		Attributes: map[string]listschema.Attribute{
			"tag": listschema.StringAttribute{Optional: true, MarkdownDescription: "Only notes with this tag."},
		},
		Blocks: map[string]listschema.Block{"timeouts": listTimeoutsBlock},
	},
	list: func(ctx context.Context, c *mysafe.Client, cfg noteListConfig) ([]mysafe.ListItem, error) {
		return c.Notes.List(ctx, mysafe.NoteFilter{Tag: cfg.Tag.ValueString()})
	},
	displayName: func(it mysafe.ListItem, _ *mysafe.Note, _ noteListConfig) string { return it.Name },
}
