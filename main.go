package main

import (
	"flag"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/provider"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/quietlog"
)

// version is set at build time (-X main.version=...): by goreleaser to the release's version,
// by the GNUmakefile to the next version with "-dev" (scripts/version).
var version = "dev"

// stopProfile ends a CPU profile the benchprofile build started (main_profile.go).
var stopProfile = func() {}

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []provider.Option
	if quiet := quietlog.Environment(os.Environ()); quiet != nil {
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
	// What providerserver.Serve does, with the provider's own protocol server (NewProtocol6:
	// with logs off, the framework does not keep every call's loggers until the end).
	// Keep the address in step with tfplugindocs -provider-name senhasegura (GNUmakefile).
	err := tf6server.Serve("registry.terraform.io/senhasegura/senhasegura", provider.NewProtocol6(version, opts...), serveOpts...)
	if err != nil {
		stopProfile()
		log.Fatal(err)
	}
}
