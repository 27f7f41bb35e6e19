package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

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
