package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

func TestSplitAndJoinTags(t *testing.T) {
	cases := map[string][]string{
		"":                {},
		"tag1, tag2":      {"tag1", "tag2"},
		" tag2 ,tag1,":    {"tag1", "tag2"},
		"a,,a , b":        {"a", "b"},
		"gmail":           {"gmail"},
		"with space, x y": {"with space", "x y"},
	}
	for in, want := range cases {
		if got := splitCommaList(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitCommaList(%q) = %q, want %q", in, got, want)
		}
	}
	if got := joinTags([]string{"b", "a"}); got != "a, b" {
		t.Errorf("joinTags = %q", got)
	}
	for _, tags := range [][]string{{"x"}, {"b", "a", "c"}, {"with space"}} {
		if got := splitCommaList(joinTags(tags)); len(got) != len(tags) {
			t.Errorf("round trip of %q gave %q", tags, got)
		}
	}
}

func TestTagsToSet(t *testing.T) {
	if s := tagsToSet("", types.SetNull(types.StringType)); !s.IsNull() {
		t.Error("no tags and no prior: null")
	}
	empty := types.SetValueMust(types.StringType, []attr.Value{})
	if s := tagsToSet(" , ", empty); s.IsNull() || len(s.Elements()) != 0 {
		t.Error("no tags and prior []: keep []")
	}
	s := tagsToSet("b, a", types.SetNull(types.StringType))
	if !s.Equal(types.SetValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringValue("b")})) {
		t.Errorf("got %v", s)
	}
}

func stringsSet(vals ...string) types.Set {
	el := []attr.Value{}
	for _, v := range vals {
		el = append(el, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, el)
}

func TestPasswordMapping(t *testing.T) {
	plan := passwordModel{
		Name: types.StringValue("senseg account"), Username: types.StringValue("npass"), Password: types.StringValue("8jhfy@3789"),
		URL: types.StringNull(), Notes: types.StringValue(""), SecretKey: types.StringValue("JBSWY3DPEHPK3PXP"),
		Tags:          stringsSet("tag2", "tag1"),
		UsersAllowed:  sharesToSet([]mysafe.Share{{Name: "pduarte"}}, userKey),
		GroupsAllowed: types.SetNull(types.ObjectType{AttrTypes: shareAttrTypes(groupKey)}),
	}
	api := passwordToAPI(plan)
	want := mysafe.Password{
		Name: "senseg account", Username: "npass", Password: "8jhfy@3789", SecretKey: "JBSWY3DPEHPK3PXP", Tags: "tag1, tag2",
		UsersAllowed: []mysafe.Share{{Name: "pduarte"}}, GroupsAllowed: []mysafe.Share{},
	}
	if !reflect.DeepEqual(api, want) {
		t.Fatalf("toAPI:\n got %+v\nwant %+v", api, want)
	}

	// A create answer: no password, no secret_key; they come from the plan.
	answer := &mysafe.Password{ID: "312", Name: "senseg account", Username: "npass", Tags: "tag1, tag2", UsersAllowed: []mysafe.Share{{Name: "pduarte"}}}
	st := passwordFromWrite(answer, plan, nil)
	if st.ID.ValueString() != "312" || st.Password.ValueString() != "8jhfy@3789" || st.SecretKey.ValueString() != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("fromWrite (create): %+v", st)
	}
	if !st.URL.IsNull() || st.Notes.IsNull() || st.Notes.ValueString() != "" {
		t.Fatalf("null stays null and \"\" stays \"\": url %v notes %v", st.URL, st.Notes)
	}
	if !st.Tags.Equal(plan.Tags) || !st.UsersAllowed.Equal(plan.UsersAllowed) || st.GroupsAllowed.IsNull() {
		t.Fatalf("sets: %+v", st)
	}

	// A GET answer: secrets come from the server (drift shows).
	got := *answer
	got.Password, got.SecretKey = "changed", ""
	st = passwordFromGet(&got, plan, nil)
	if st.Password.ValueString() != "changed" || st.SecretKey.ValueString() != "" || st.SecretKey.IsNull() {
		t.Fatalf("fromGet (GET): %+v", st)
	}
	if st = passwordFromGet(&got, passwordModel{}, nil); !st.SecretKey.IsNull() || !st.Tags.Equal(stringsSet("tag1", "tag2")) {
		t.Fatalf("fromGet (import): %+v", st)
	}
}

func TestAPISecretMapping(t *testing.T) {
	plan := apiSecretModel{
		Name: types.StringValue("GCP"), URL: types.StringValue("https://gcp.com"), ClientID: types.StringValue("id"),
		ClientSecret: types.StringNull(), IdentifierCode: types.StringValue("hyga125"), Method: types.StringNull(),
		Notes: types.StringNull(), Tags: types.SetNull(types.StringType),
		UsersAllowed:  sharesToSet(nil, userKey),
		GroupsAllowed: sharesToSet([]mysafe.Share{{Name: "Test group", CanEdit: true}}, groupKey),
	}
	api := apiSecretToAPI(plan)
	if api.IdentifierCode != "hyga125" || api.ClientSecret != "" || api.Tags != "" || len(api.GroupsAllowed) != 1 || !api.GroupsAllowed[0].CanEdit {
		t.Fatalf("toAPI: %+v", api)
	}
	st := apiSecretFromWrite(&mysafe.APISecret{ID: "43", Name: "GCP", URL: "https://gcp.com", ClientID: "id", IdentifierCode: "hyga125", GroupsAllowed: api.GroupsAllowed}, plan, nil)
	if st.ID.ValueString() != "43" || !st.ClientSecret.IsNull() || !st.Method.IsNull() || !st.Tags.IsNull() || !st.GroupsAllowed.Equal(plan.GroupsAllowed) {
		t.Fatalf("fromWrite: %+v", st)
	}
}

func TestSharesRoundTrip(t *testing.T) {
	in := []mysafe.Share{{Name: "a", CanEdit: true}, {Name: "b"}}
	set := sharesToSet(in, userKey)
	out := sharesFromSet(set, userKey)
	if len(out) != 2 {
		t.Fatalf("%+v", out)
	}
	if s := sharesToSet(nil, groupKey); s.IsNull() || len(s.Elements()) != 0 {
		t.Fatal("no shares is an empty set, as Terraform represents absent blocks")
	}
}

func TestBase32SeedValidator(t *testing.T) {
	for seed, ok := range map[string]bool{
		"JBSWY3DPEHPK3PXP":         true,
		"JBSWY3DPEHPK3PXP==":       false, // padding must complete a block of 8
		"JBSWY3DPEHPK3PXPGE======": true,
		"GEZDGNBVGY3TQOJQ":         true,
		"jbswy3dpehpk3pxp":         false,
		"JBSWY3DPE1":               false, // 1 is not base32
		"ABC":                      false,
		"JBSWY3DPEHPK3P":           false, // 14 characters do not form whole bytes
		"JBSW Y3DP EHPK 3PXP":      false,
	} {
		resp := &validator.StringResponse{}
		base32SeedValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("secret_key"), ConfigValue: types.StringValue(seed)}, resp)
		if resp.Diagnostics.HasError() == ok {
			t.Errorf("%q: valid=%v, diagnostics %v", seed, ok, resp.Diagnostics)
		}
		for _, d := range resp.Diagnostics {
			if strings.Contains(d.Detail(), seed) {
				t.Errorf("the diagnostic quotes the secret %q", seed)
			}
		}
	}
}

func TestUniqueShareNamesValidator(t *testing.T) {
	objType := types.ObjectType{AttrTypes: shareAttrTypes(userKey)}
	dup := types.SetValueMust(objType, []attr.Value{
		types.ObjectValueMust(objType.AttrTypes, map[string]attr.Value{userKey: types.StringValue("alices"), "can_edit": types.BoolValue(false)}),
		types.ObjectValueMust(objType.AttrTypes, map[string]attr.Value{userKey: types.StringValue("alices"), "can_edit": types.BoolValue(true)}),
	})
	resp := &validator.SetResponse{}
	uniqueShareNames{key: userKey}.ValidateSet(context.Background(), validator.SetRequest{Path: path.Root("users_allowed"), ConfigValue: dup}, resp)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), `"alices"`) {
		t.Fatalf("duplicate username not reported: %v", resp.Diagnostics)
	}
	resp = &validator.SetResponse{}
	ok := sharesToSet([]mysafe.Share{{Name: "alices"}, {Name: "bob", CanEdit: true}}, userKey)
	uniqueShareNames{key: userKey}.ValidateSet(context.Background(), validator.SetRequest{Path: path.Root("users_allowed"), ConfigValue: ok}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
}

// A create/update answer that leaves keys out keeps the plan's values; a GET is the truth.
func TestWriteAnswerOmissionsKeepPlan(t *testing.T) {
	plan := passwordModel{
		ID: types.StringUnknown(), Name: types.StringValue("n"), Username: types.StringValue("u"), Password: types.StringValue("p"),
		URL: types.StringValue("https://x"), Notes: types.StringValue("note"), SecretKey: types.StringNull(),
		Tags:          stringsSet("a"),
		UsersAllowed:  sharesToSet([]mysafe.Share{{Name: "pduarte", CanEdit: true}}, userKey),
		GroupsAllowed: sharesToSet(nil, groupKey),
	}
	st := passwordFromWrite(&mysafe.Password{ID: "9"}, plan, nil)
	if st.ID.ValueString() != "9" || st.Name.ValueString() != "n" || st.URL.ValueString() != "https://x" || st.Notes.ValueString() != "note" ||
		!st.Tags.Equal(plan.Tags) || !st.UsersAllowed.Equal(plan.UsersAllowed) {
		t.Fatalf("sparse answer: %+v", st)
	}
	// The same sparse object as a GET answer means the values are gone: drift shows.
	prior := st
	st = passwordFromGet(&mysafe.Password{ID: "9", Name: "n", Username: "u", Password: "p", UsersAllowed: []mysafe.Share{}}, prior, nil)
	if st.Notes.ValueString() != "" || len(st.UsersAllowed.Elements()) != 0 || !st.Tags.IsNull() {
		t.Fatalf("GET answer: %+v", st)
	}

	aplan := apiSecretModel{
		ID: types.StringUnknown(), Name: types.StringValue("GCP"), URL: types.StringValue("https://gcp.com"), ClientID: types.StringValue("c"),
		ClientSecret: types.StringValue("s"), IdentifierCode: types.StringValue("code"), Method: types.StringNull(), Notes: types.StringNull(),
		Tags: types.SetNull(types.StringType), UsersAllowed: sharesToSet(nil, userKey), GroupsAllowed: sharesToSet(nil, groupKey),
	}
	ast := apiSecretFromWrite(&mysafe.APISecret{ID: "3"}, aplan, nil)
	if ast.ID.ValueString() != "3" || ast.ClientSecret.ValueString() != "s" || ast.IdentifierCode.ValueString() != "code" || !ast.Method.IsNull() {
		t.Fatalf("sparse API secret answer: %+v", ast)
	}
}

// TestSameState: a refresh that finds an item unchanged writes nothing, so sameState must say
// "same" for what the framework encodes alike (a set's order, an empty sharing block and a null
// one) and "changed" for anything Terraform would show.
func TestSameState(t *testing.T) {
	blocks := passwordKind.collectionBlocks()
	if !blocks["users_allowed"] || !blocks["groups_allowed"] || blocks["timeouts"] || blocks["tags"] {
		t.Fatalf("collection blocks: %v", blocks)
	}
	// The prior state as the framework decodes it: empty sharing blocks arrive null.
	prior := passwordModel{
		ID: types.StringValue("312"), Name: types.StringValue("db"), Username: types.StringValue("root"),
		Password: types.StringValue("s3cr3t"), URL: types.StringNull(), Notes: types.StringNull(), SecretKey: types.StringNull(),
		Tags:          stringsSet("b", "a"),
		UsersAllowed:  types.SetNull(types.ObjectType{AttrTypes: shareAttrTypes(userKey)}),
		GroupsAllowed: types.SetNull(types.ObjectType{AttrTypes: shareAttrTypes(groupKey)}),
		DriftDetected: driftSet(nil),
	}
	got := &mysafe.Password{ID: "312", Name: "db", Username: "root", Password: "s3cr3t", Tags: "a, b",
		UsersAllowed: []mysafe.Share{}, GroupsAllowed: []mysafe.Share{}}
	refreshed := passwordFromGet(got, prior, nil)
	refreshed.DriftDetected = driftSet(nil)
	if refreshed.UsersAllowed.IsNull() {
		t.Fatal("the test needs fromGet to map an empty list to an empty set")
	}
	if !sameState(refreshed, prior, blocks) {
		t.Fatalf("an unchanged item is reported changed:\n%+v\n%+v", refreshed, prior)
	}
	for name, change := range map[string]func(m *passwordModel){
		"password":           func(m *passwordModel) { m.Password = types.StringValue("other") },
		"tags null vs empty": func(m *passwordModel) { m.Tags = stringsSet() },
		"drift null":         func(m *passwordModel) { m.DriftDetected = types.SetNull(types.StringType) },
		"drift found":        func(m *passwordModel) { m.DriftDetected = driftSet([]string{"password_wo"}) },
		"a share":            func(m *passwordModel) { m.UsersAllowed = sharesToSet([]mysafe.Share{{Name: "ana"}}, userKey) },
	} {
		changed := refreshed
		change(&changed)
		if sameState(changed, prior, blocks) {
			t.Errorf("%s: a change is reported the same", name)
		}
	}
}
