package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/provider"
)

// version is set at build time (-X main.version=...): by goreleaser to the release's version,
// by the GNUmakefile to the next version with "-dev" (scripts/version).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	for k, v := range quietLogging(os.Environ()) {
		_ = os.Setenv(k, v)
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
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		// Keep in step with tfplugindocs -provider-name senhasegura (GNUmakefile).
		Address: "registry.terraform.io/senhasegura/senhasegura",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}

// quietLogging returns the environment that turns the SDK's and the provider's own log lines
// off when the user asked for no logs: no TF_LOG, TF_LOG_PATH, TF_LOG_PROVIDER*, TF_LOG_SDK*
// (TF_LOG_CORE, which only concerns Terraform itself, does not count). Without a setting the
// SDK logs at TRACE to stderr, and Terraform parses every line only to discard it
// (hashicorp/terraform-plugin-framework#1269). With any of them set, nothing changes.
func quietLogging(environ []string) map[string]string {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if value != "" && strings.HasPrefix(name, "TF_LOG") && name != "TF_LOG_CORE" {
			return nil
		}
	}
	return map[string]string{
		"TF_LOG_SDK":                  "OFF",
		"TF_LOG_SDK_PROTO":            "OFF",
		"TF_LOG_SDK_FRAMEWORK":        "OFF",
		"TF_LOG_PROVIDER":             "OFF",
		"TF_LOG_PROVIDER_SENHASEGURA": "OFF",
	}
}
