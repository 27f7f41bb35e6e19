package main

import (
	"flag"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/provider"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/quietlog"
)

// version is set at build time (-X main.version=...): by goreleaser to the release's version,
// by the GNUmakefile to the next version with "-dev" (scripts/version).
var version = "dev"

// stopProfile ends a CPU profile the benchprofile build started (main_benchprofile.go).
var stopProfile = func() {}

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []provider.Option
	quiet := quietlog.Environment(os.Environ())
	if quiet != nil {
		for k, v := range quiet {
			_ = os.Setenv(k, v)
		}
		opts = append(opts, provider.LogsOff())
	}
	if !debug {
		// A CI runner that cancels a job sends SIGTERM to the whole process group, terraform
		// and this provider alike. Terraform treats SIGTERM as its first interrupt: it asks
		// the provider to stop (StopProvider), waits for the calls in flight and saves their
		// results (hashicorp/terraform signal_unix.go forwardSignals, internal/command
		// Meta.RunOperation). Dying on that same signal would lose every create in flight, so
		// the provider ignores it as go-plugin already ignores SIGINT, and ends when
		// Terraform ends it (go-plugin Client.Kill).
		signal.Ignore(syscall.SIGTERM)
	}
	defer stopProfile()
	var serveOpts []tf6server.ServeOpt
	if debug {
		serveOpts = append(serveOpts, tf6server.WithManagedDebug())
	}
	newProvider := provider.New(version, opts...)
	// What providerserver.Serve does, and with logs off the framework's server does not keep
	// every call's loggers to the end (quietlog.Server).
	// Keep the address in step with tfplugindocs -provider-name senhasegura (GNUmakefile).
	err := tf6server.Serve("registry.terraform.io/senhasegura/senhasegura", func() tfprotov6.ProviderServer {
		server := providerserver.NewProtocol6(newProvider())()
		if quiet != nil {
			server = quietlog.Server(server)
		}
		return server
	}, serveOpts...)
	if err != nil {
		stopProfile()
		log.Fatal(err)
	}
}
