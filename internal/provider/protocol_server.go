package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewProtocol6 returns the protocol server main serves: the framework's, and with logs off one
// that hands the framework each per-item call's cancellation and deadline but none of its
// context values.
//
// Why: the framework's protocol server keeps the cancel function of every call it has served
// until StopProvider (terraform-plugin-framework internal/proto6server registerContext), and
// with it the call's whole context chain, which terraform-plugin-go fills with the SDK's
// per-call loggers and their options: about 13 KB per call, four calls per item in a plan
// (validate, upgrade, read, plan). A plan of 1 000 items ended holding 52 MB of them, and the
// provider's peak RSS grows with it (the quiet floor of make bench still does). With logs off
// those values are loggers that do nothing, so the framework loses nothing by not seeing them;
// with a TF_LOG* setting the framework gets the context as it comes, loggers and all.
//
// Cancellation is unchanged: Ctrl-C or SIGTERM make Terraform call StopProvider, which cancels
// terraform-plugin-go's context of every call in flight, and that cancels the detached one the
// framework and the resource see (the framework's own StopProvider cancels its registered
// contexts as before). Streaming calls (ListResource) and per-process ones are not detached.
func NewProtocol6(version string, opts ...Option) func() tfprotov6.ProviderServer {
	newProvider := New(version, opts...)
	return func() tfprotov6.ProviderServer {
		p := newProvider()
		sp, ok := p.(*senhaseguraProvider)
		return protocol6Server(p, ok && sp.logsOff)
	}
}

// protocol6Server is the framework's protocol server for p, with its per-item calls detached
// from their context values when detachValues is set.
func protocol6Server(p provider.Provider, detachValues bool) tfprotov6.ProviderServer {
	inner := providerserver.NewProtocol6(p)()
	if !detachValues {
		return inner
	}
	if fw, ok := inner.(frameworkServer); ok {
		return detachedServer{fw}
	}
	return inner
}

// frameworkServer is what the framework's protocol server implements, the optional interfaces
// terraform-plugin-go's tf6server looks for included: the wrapper must not hide one of them
// (TestDetachedServerKeepsEveryMethod checks it against the framework's method set).
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// detachedServer is the framework's protocol server with its per-item unary calls detached
// from their context values (NewProtocol6).
type detachedServer struct{ frameworkServer }

// detach returns a context that is cancelled when ctx is (and has its deadline) but carries
// none of its values, and the function that releases it when the call has returned.
func detach(ctx context.Context) (context.Context, func()) {
	var d context.Context
	var cancel context.CancelFunc
	if dl, ok := ctx.Deadline(); ok {
		d, cancel = context.WithDeadline(context.Background(), dl)
	} else {
		d, cancel = context.WithCancel(context.Background())
	}
	stop := context.AfterFunc(ctx, cancel)
	return d, func() {
		stop()
		cancel()
	}
}

func (s detachedServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.ValidateResourceConfig(ctx, req)
}

func (s detachedServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.UpgradeResourceState(ctx, req)
}

func (s detachedServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.UpgradeResourceIdentity(ctx, req)
}

func (s detachedServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.ReadResource(ctx, req)
}

func (s detachedServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.PlanResourceChange(ctx, req)
}

func (s detachedServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.ApplyResourceChange(ctx, req)
}

func (s detachedServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.ImportResourceState(ctx, req)
}

func (s detachedServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.MoveResourceState(ctx, req)
}

func (s detachedServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.ValidateDataResourceConfig(ctx, req)
}

func (s detachedServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.ReadDataSource(ctx, req)
}

func (s detachedServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.ValidateEphemeralResourceConfig(ctx, req)
}

func (s detachedServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.OpenEphemeralResource(ctx, req)
}

func (s detachedServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	ctx, done := detach(ctx)
	defer done()
	return s.frameworkServer.CloseEphemeralResource(ctx, req)
}
