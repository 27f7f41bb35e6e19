package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// noValueInFiles scans every state file terraform wrote under dir for values.
func noValueInFiles(dir string, values []string) error {
	scanned := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, string(filepath.Separator)+".terraform"+string(filepath.Separator)) {
			return err
		}
		name := d.Name()
		if !strings.HasPrefix(name, "terraform.tfstate") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		scanned++
		for _, s := range values {
			if strings.Contains(string(b), s) {
				return fmt.Errorf("write-only value %q found in %s", s, p)
			}
		}
		return nil
	})
	if err == nil && scanned == 0 {
		return fmt.Errorf("no state file found under %s: the scan proves nothing", dir)
	}
	return err
}

// noSecretInPlan is a plan check on the saved plan's JSON (terraform show -json tfplan): none
// of values may appear in it, prior state included.
type noSecretInPlan struct{ values []string }

func (c noSecretInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	if len(c.values) == 0 {
		resp.Error = fmt.Errorf("noSecretInPlan has no values to look for: the check proves nothing")
		return
	}
	if s, i := firstSecret(b, c.values); i >= 0 {
		resp.Error = fmt.Errorf("secret %q found in the saved plan's JSON: ...%s...", s, string(b)[max(0, i-300):i])
	}
}

// firstSecret returns the first of values found in b and where (-1 when none is).
func firstSecret(b []byte, values []string) (string, int) {
	for _, s := range values {
		if i := strings.Index(string(b), s); i >= 0 {
			return s, i
		}
	}
	return "", -1
}

// fakePrivate is a private state that counts its writes.
type fakePrivate struct {
	keys   map[string][]byte
	writes int
}

func (p *fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p.keys[key], nil
}

func (p *fakePrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p.writes++
	if len(value) == 0 {
		delete(p.keys, key)
	} else {
		p.keys[key] = value
	}
	return nil
}

// The write-only record is written only when it carries something and changed: a plain item
// keeps no private state (no {"secrets":{}}), an unchanged refresh writes nothing, and the
// record goes when the last write-only secret goes plain.
func TestWriteOnlyStateSavesOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	p := &fakePrivate{keys: map[string][]byte{}}
	plain := writeOnlyState{Secrets: map[string]writeOnlyDigest{}, known: true}
	if plain.save(ctx, p); p.writes != 0 || len(p.keys) != 0 {
		t.Fatalf("a plain item wrote its private state: %d writes, %q", p.writes, p.keys)
	}
	wo := writeOnlyState{Secrets: map[string]writeOnlyDigest{"password": {Digest: "d", KeyID: "k"}}, known: true}
	if wo.save(ctx, p); p.writes != 1 || len(p.keys[privateWriteOnlyKey]) == 0 {
		t.Fatalf("a write-only item was not recorded: %d writes", p.writes)
	}
	again, _ := readWriteOnlyState(ctx, p)
	if again.save(ctx, p); p.writes != 1 {
		t.Fatalf("an unchanged record was written again: %d writes", p.writes)
	}
	wentPlain := writeOnlyState{Secrets: map[string]writeOnlyDigest{}, known: true, raw: again.raw}
	if wentPlain.save(ctx, p); p.writes != 2 || p.keys[privateWriteOnlyKey] != nil {
		t.Fatalf("the record outlived the last write-only secret: %d writes, %q", p.writes, p.keys)
	}
}

// A state written before the mode was recorded in private state (a `_wo_version` and no
// record) still counts as write-only.
func TestWriteOnlyStateLegacy(t *testing.T) {
	st := writeOnlyState{Secrets: map[string]writeOnlyDigest{}}
	if !st.isWriteOnly("password", types.Int64Value(1)) || st.isWriteOnly("password", types.Int64Null()) {
		t.Fatal("legacy state: the version decides")
	}
	st.known = true
	if st.isWriteOnly("password", types.Int64Value(1)) {
		t.Fatal("a recorded state decides alone")
	}
	st.Secrets["password"] = writeOnlyDigest{}
	if !st.isWriteOnly("password", types.Int64Null()) {
		t.Fatal("recorded write-only mode outlives the version")
	}
}
