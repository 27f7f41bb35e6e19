package provider

import (
	"context"
	"errors"
	"fmt"

	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// itemListKind is what differs between the list resources of the item kinds (`list` blocks of
// `terraform query`, Terraform 1.14+): the filters (config model C), the list call and the
// display name. Listing, identities, the resource objects and the no-secret rule are written
// once in itemList.
type itemListKind[C any, M itemModel, A any, U any] struct {
	item   *itemType[M, A, U]
	schema listschema.Schema
	// list runs the kind's list call with the configured filters.
	list func(ctx context.Context, c *mysafe.Client, cfg C) ([]mysafe.ListItem, error)
	// getForName says whether the display name needs the full item (a GET) even when
	// include_resource is false.
	getForName bool
	// displayName names a listed item for people: from the list entry, or the full item when
	// it was read (nil otherwise).
	displayName func(it mysafe.ListItem, full *A, cfg C) string
}

type itemList[C any, M itemModel, A any, U any] struct {
	kind *itemListKind[C, M, A, U]
	data *providerData
}

func (l *itemList[C, M, A, U]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + l.kind.item.typeName
}

func (l *itemList[C, M, A, U]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.kind.schema
}

func (l *itemList[C, M, A, U]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// List streams the active items that match the filters, each with its identity {id}, a display
// name and, with include_resource, the resource object as an import by identity would read it
// in write-only mode: every secret (password, secret_key, client_secret, note content) null.
// A listed item that a GET then finds deactivated or gone is left out.
func (l *itemList[C, M, A, U]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg C
	diags := req.Config.Get(ctx, &cfg)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if l.data == nil {
		addNotConfigured(&diags, "list resource")
	}
	if l.data == nil || !mysafeReady(l.data, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var t listtimeouts.Value
	diags.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	ctx, cancel, deadline := listDeadline(l.data.withMasks(ctx), t, &diags)
	label := l.kind.item.label
	if diags.HasError() {
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	items, err := l.kind.list(ctx, l.data.mysafe, cfg)
	if err != nil {
		addClientError(ctx, &diags, lookupCall(mysafeAPI, "Error Listing "+titleLabel(label)+"s", label).bounded(deadline, label+"s"), err)
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	service := l.kind.item.service(l.data.mysafe)
	// The deadline bounds the whole listing: the list call above and the reads as results are
	// pulled.
	stream.Results = func(push func(list.ListResult) bool) {
		defer cancel()
		pushed := int64(0)
		for _, it := range items {
			if req.Limit > 0 && pushed >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			var full *A
			if req.IncludeResource || l.kind.getForName {
				got, err := service.Get(ctx, it.ID)
				switch {
				case errors.Is(err, senhasegura.ErrNotFound) || errors.Is(err, senhasegura.ErrInactive):
					tflog.Debug(ctx, "Listed "+label+" is not active; left out", map[string]any{"id": it.ID})
					continue
				case err != nil:
					what := fmt.Sprintf("%s %s", label, it.ID)
					addClientError(ctx, &result.Diagnostics, itemCall(mysafeAPI, "Error Reading "+titleLabel(label), what).bounded(deadline, label+"s"), err)
					push(result)
					return
				}
				full = got
			}
			result.DisplayName = l.kind.displayName(it, full, cfg)
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("id"), it.ID)...)
			if req.IncludeResource {
				result.Diagnostics.Append(l.resourceObject(ctx, full, result.Resource)...)
			}
			pushed++
			if !push(result) {
				return
			}
		}
	}
}

// resourceObject fills the listed item's resource object, with every secret left null.
func (l *itemList[C, M, A, U]) resourceObject(ctx context.Context, a *A, out *tfsdk.Resource) diag.Diagnostics {
	prior, diags := allNullModel[M](ctx, l.kind.item.schema)
	if diags.HasError() {
		return diags
	}
	noSecrets := map[string]bool{}
	for _, s := range l.kind.item.secrets {
		noSecrets[s.attr] = true
	}
	diags.Append(out.Set(ctx, l.kind.item.fromGet(a, prior, noSecrets))...)
	diags.Append(out.SetAttribute(ctx, path.Root("drift_detected"), driftSet(nil))...)
	return diags
}
