package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/provider"
)

// version is set by the release build (goreleaser ldflags: -X main.version=...).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		// Keep in step with tfplugindocs -provider-name senhasegura (GNUmakefile).
		Address: "registry.terraform.io/senhasegura/senhasegura",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
