package provider

import (
	"testing"
)

// TestModelCodecMatchesTheFramework: for every MySafe item resource, the codec reads a plan or a
// state into the same model as tfsdk.Plan.Get, and writes a model into the same value as
// tfsdk.State.Set, for values with nulls, unknowns, empty and full sets and timeouts.
func TestModelCodecMatchesTheFramework(t *testing.T) {
	codecMatches(t, "password", passwordKind.schema, passwordKind.model())
	codecMatches(t, "api secret", apiSecretKind.schema, apiSecretKind.model())
	codecMatches(t, "note", noteKind.schema, noteKind.model())
}
