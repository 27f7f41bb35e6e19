package quietlog

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// testProvider is the smallest framework provider: the framework's protocol server around it
// behaves as around any other.
type testProvider struct{}

func (testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "test"
}
func (testProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (testProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (testProvider) Resources(context.Context) []func() resource.Resource       { return nil }
func (testProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func framework() tfprotov6.ProviderServer { return providerserver.NewProtocol6(testProvider{})() }

// The wrapper must not hide a method of the framework's server: tf6server finds list
// resources, actions and state stores by type assertion.
func TestServerKeepsEveryMethod(t *testing.T) {
	inner := framework()
	wrapped := Server(inner)
	if _, ok := wrapped.(detachedServer); !ok {
		t.Fatalf("Server(framework) = %T, want detachedServer (the framework's server no longer implements frameworkServer?)", wrapped)
	}
	wt := reflect.TypeOf(wrapped)
	it := reflect.TypeOf(inner)
	for i := range it.NumMethod() {
		name := it.Method(i).Name
		if _, ok := wt.MethodByName(name); !ok {
			t.Errorf("detachedServer hides the framework server's %s", name)
		}
	}
}

type ctxKey struct{}

// callsRetained makes calls ValidateResourceConfig calls, each with a context carrying a value
// of its own, and reports how many of those values are still reachable after collections for
// at most wait.
func callsRetained(t *testing.T, srv tfprotov6.ProviderServer, calls int, wait time.Duration) int {
	t.Helper()
	var collected atomic.Int64
	for range calls {
		v := new([64 << 10]byte)
		runtime.AddCleanup(v, func(c *atomic.Int64) { c.Add(1) }, &collected)
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, v))
		_, err := srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "test_thing"})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(wait); collected.Load() < int64(calls) && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(srv) // as the provider process keeps its server
	return calls - int(collected.Load())
}

// The framework keeps every call's context until StopProvider; detached, it keeps none of
// what the call's context carried.
func TestServerReleasesCallContexts(t *testing.T) {
	const calls = 50
	if kept := callsRetained(t, Server(framework()), calls, 5*time.Second); kept != 0 {
		t.Errorf("detached: %d of %d call contexts still reachable after the calls", kept, calls)
	}
	// The control: without the wrapper the framework keeps them (when this fails, the
	// framework no longer does, and detachedServer can go).
	if kept := callsRetained(t, framework(), calls, 300*time.Millisecond); kept < calls/2 {
		t.Errorf("framework server: only %d of %d call contexts kept; has terraform-plugin-framework stopped keeping them (proto6server registerContext)?", kept, calls)
	}
}

// blockingServer stands in for the framework: its apply waits for its context to end.
type blockingServer struct {
	frameworkServer
	sawValue chan bool
}

func (b blockingServer) ApplyResourceChange(ctx context.Context, _ *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	b.sawValue <- ctx.Value(ctxKey{}) != nil
	<-ctx.Done()
	return &tfprotov6.ApplyResourceChangeResponse{}, ctx.Err()
}

// A call in flight is cancelled when terraform-plugin-go cancels its context (StopProvider
// on Ctrl-C or SIGTERM), and keeps its deadline.
func TestServerPassesCancellation(t *testing.T) {
	b := blockingServer{sawValue: make(chan bool, 1)}
	srv := detachedServer{b}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "logger"))
	errc := make(chan error, 1)
	go func() {
		_, err := srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{})
		errc <- err
	}()
	if <-b.sawValue {
		t.Error("the framework saw the call's context values")
	}
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("apply ended with %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling the call's context did not reach the framework")
	}

	want := time.Now().Add(time.Hour)
	dctx, dcancel := context.WithDeadline(context.Background(), want)
	defer dcancel()
	d, done := detach(dctx)
	defer done()
	if got, ok := d.Deadline(); !ok || !got.Equal(want) {
		t.Errorf("detached deadline = %v, %v; want %v", got, ok, want)
	}
}
