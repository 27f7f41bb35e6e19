// Package quietlog decides, from the environment, whether a framework provider process should
// write no log lines at all: when the user asked for no logs (no TF_LOG, TF_LOG_PATH,
// TF_LOG_PROVIDER*, TF_LOG_SDK*; TF_LOG_CORE, which concerns Terraform itself, does not count).
// Without a setting the plugin SDK logs at TRACE to stderr, and Terraform parses every line only
// to discard it (hashicorp/terraform-plugin-framework#1269). The provider's main and the bench's
// quiet floor use it alike.
package quietlog

import "strings"

// Environment returns the variables that turn the SDK's and the provider's log lines off, or
// nil when environ asks for logs (then nothing changes).
func Environment(environ []string) map[string]string {
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
