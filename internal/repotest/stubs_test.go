package repotest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withRandomStub builds the stand-in for hashicorp/random (testdata/random-stub) and adds it to
// the dev_overrides of env, the environment devOverrides returned, as withRestapiStub does for
// restapi: the write-only guide feeds password_wo from the ephemeral random_password, and
// terraform validate wants every provider a configuration names installed, offline.
func withRandomStub(t *testing.T, env []string) {
	t.Helper()
	stub := buildPlugin(t, "random", "./internal/repotest/testdata/random-stub")
	rc := strings.TrimPrefix(env[0], "TF_CLI_CONFIG_FILE=")
	b, err := os.ReadFile(rc)
	if err != nil {
		t.Fatal(err)
	}
	overrides := fmt.Sprintf("    \"registry.terraform.io/hashicorp/random\" = %q\n    \"registry.opentofu.org/hashicorp/random\" = %q\n",
		filepath.ToSlash(stub), filepath.ToSlash(stub))
	cfg := strings.Replace(string(b), "  dev_overrides {\n", "  dev_overrides {\n"+overrides, 1)
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
}

// withKubernetesStub builds the stand-in for hashicorp/kubernetes (testdata/kubernetes-stub) and
// adds it to the dev_overrides of env, as withRandomStub does for random: the DSM guide hands an
// application's credentials to External Secrets through kubernetes_secret_v1 and
// kubernetes_manifest, and terraform validate wants every provider a configuration names
// installed, offline.
func withKubernetesStub(t *testing.T, env []string) {
	t.Helper()
	stub := buildPlugin(t, "kubernetes", "./internal/repotest/testdata/kubernetes-stub")
	rc := strings.TrimPrefix(env[0], "TF_CLI_CONFIG_FILE=")
	b, err := os.ReadFile(rc)
	if err != nil {
		t.Fatal(err)
	}
	overrides := fmt.Sprintf("    \"registry.terraform.io/hashicorp/kubernetes\" = %q\n    \"registry.opentofu.org/hashicorp/kubernetes\" = %q\n",
		filepath.ToSlash(stub), filepath.ToSlash(stub))
	cfg := strings.Replace(string(b), "  dev_overrides {\n", "  dev_overrides {\n"+overrides, 1)
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
}
