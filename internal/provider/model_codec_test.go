package provider

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// codecMatches checks the codec c of schema s against the framework's reflection on 200 random
// values of the schema's type.
func codecMatches[M any](t *testing.T, name string, s schema.Schema, c *modelCodec[M]) {
	ctx := context.Background()
	typ, ok := s.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatalf("%s: not an object type", name)
	}
	for seed := range 200 {
		rng := rand.New(rand.NewPCG(uint64(seed), 7))
		raw := randomValue(rng, typ, seed%5 == 0, true)
		var want M
		if diags := (tfsdk.Plan{Schema: s, Raw: raw}).Get(ctx, &want); diags.HasError() {
			t.Fatalf("%s seed %d: the framework cannot read %s: %v", name, seed, raw, diags)
		}
		var d diag.Diagnostics
		got, gotOK := c.decode(ctx, raw, &d)
		if !gotOK || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s seed %d: decode %v\n got %+v\nwant %+v", name, seed, d, got, want)
		}
		st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(typ, nil)}
		if diags := st.Set(ctx, want); diags.HasError() {
			t.Fatalf("%s seed %d: the framework cannot write: %v", name, seed, diags)
		}
		enc, encOK := c.encode(ctx, want, &d)
		if !encOK || !enc.Equal(st.Raw) || !enc.Equal(raw) {
			t.Fatalf("%s seed %d: encode\n got %s\nwant %s\n  in %s", name, seed, enc, st.Raw, raw)
		}
	}
}

// randomValue is a value of typ: at the top level every attribute is set (an object), below it
// each may be null or (when unknowns) unknown.
func randomValue(rng *rand.Rand, typ tftypes.Type, unknowns, top bool) tftypes.Value {
	if !top {
		switch rng.IntN(6) {
		case 0:
			return tftypes.NewValue(typ, nil)
		case 1:
			if unknowns {
				return tftypes.NewValue(typ, tftypes.UnknownValue)
			}
		}
	}
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, fmt.Sprintf("v%d", rng.IntN(1000)))
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, rng.IntN(2) == 0)
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, big.NewFloat(float64(rng.IntN(100))))
	case typ.Is(tftypes.Set{}):
		elem := typ.(tftypes.Set).ElementType
		var elems []tftypes.Value
		for i := range rng.IntN(3) {
			e := randomValue(rng, elem, false, true)
			if elem.Is(tftypes.String) {
				e = tftypes.NewValue(elem, fmt.Sprintf("e%d", i))
			}
			if !slices.ContainsFunc(elems, e.Equal) { // a set holds no duplicates
				elems = append(elems, e)
			}
		}
		return tftypes.NewValue(typ, elems)
	case typ.Is(tftypes.Object{}):
		vals := map[string]tftypes.Value{}
		for name, at := range typ.(tftypes.Object).AttributeTypes {
			vals[name] = randomValue(rng, at, unknowns, false)
		}
		return tftypes.NewValue(typ, vals)
	}
	panic("no generator for " + typ.String())
}
