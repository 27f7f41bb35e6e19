package quietlog

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Server wraps a framework protocol server (providerserver.NewProtocol6) for a process whose
// logs are off: its per-item calls reach the framework with their cancellation and deadline but
// none of their context values.
//
// Why: the framework's protocol server keeps the cancel function of every call it has served
// until StopProvider (terraform-plugin-framework internal/proto6server registerContext), and
// with it the call's whole context chain, which terraform-plugin-go fills with the SDK's
// per-call loggers and their options: about 13 KB per call, four calls per item in a plan
// (validate, upgrade, read, plan). A plan of 1 000 items ended holding 52 MB of them, and peak
// RSS grew with them. With logs off those values are loggers that do nothing, so the framework
// loses nothing by not seeing them; where a TF_LOG* setting asks for logs, do not wrap.
//
// Cancellation is unchanged: Ctrl-C or SIGTERM make Terraform call StopProvider, which cancels
// terraform-plugin-go's context of every call in flight, and that cancels the detached one the
// framework and the resource see (the framework's own StopProvider cancels its registered
// contexts as before). Streaming calls (ListResource) and per-process ones are not detached.
// A server that is not the framework's (one without its method set) is returned as it is.
func Server(inner tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	if fw, ok := inner.(frameworkServer); ok {
		return detachedServer{fw}
	}
	return inner
}

// frameworkServer is what the framework's protocol server implements, the optional interfaces
// terraform-plugin-go's tf6server looks for included: the wrapper must not hide one of them
// (TestServerKeepsEveryMethod checks it against the framework's method set).
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// detachedServer is the framework's protocol server with its per-item unary calls detached
// from their context values (Server).
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
