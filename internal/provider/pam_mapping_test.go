package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
)

func TestSplitCommaList(t *testing.T) {
	for in, want := range map[string][]string{
		"":                   {},
		" , ,":               {},
		"prod, db":           {"db", "prod"},
		"db,prod,db":         {"db", "prod"},
		" SSH:22 ,HTTPS:443": {"HTTPS:443", "SSH:22"},
	} {
		if got := splitCommaList(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitCommaList(%q) = %q, want %q", in, got, want)
		}
	}
}

// A comma list and its set, both ways: order and spacing are no change; nothing is null,
// unless the configuration said [].
func TestCommaSet(t *testing.T) {
	empty := stringSetOf(nil)
	if got := commaSet("", types.SetNull(types.StringType)); !got.IsNull() {
		t.Errorf("empty list with a null prior: %v", got)
	}
	if got := commaSet("", empty); !got.Equal(empty) {
		t.Errorf("empty list with [] configured: %v", got)
	}
	if got, want := commaSet("prod , db", types.SetNull(types.StringType)), stringSetOf([]string{"db", "prod"}); !got.Equal(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := commaListOf(stringSetOf([]string{"prod", "db"})); got != "db,prod" {
		t.Errorf("commaListOf = %q", got)
	}
	if got := commaListOf(types.SetUnknown(types.StringType)); got != "" {
		t.Errorf("commaListOf(unknown) = %q", got)
	}
}

func TestPAMDeviceMapping(t *testing.T) {
	prior := pamDeviceModel{Tags: stringSetOf(nil), Domains: types.SetNull(types.StringType), Connectivities: types.SetNull(types.StringType),
		LoginExpression: types.StringNull()}
	d := pam.Device{ID: "17", Hostname: "db01", IP: "10.0.0.5", Type: "Database", Vendor: "Oracle", Model: "MySQL 8", Site: "LAX",
		Connectivities: "SSH:22, MySQL:3306"}
	m := pamDeviceFromAPI(&d, prior)
	if m.ID.ValueString() != "17" || !m.Tags.Equal(prior.Tags) || !m.Domains.IsNull() || !m.LoginExpression.IsNull() ||
		!m.Connectivities.Equal(stringSetOf([]string{"MySQL:3306", "SSH:22"})) {
		t.Fatalf("from API: %+v", m)
	}
	back := pamDeviceToAPI(m)
	d.ID, d.Connectivities = "", "MySQL:3306,SSH:22"
	if back != d {
		t.Fatalf("to API: %+v, want %+v", back, d)
	}
}

// What a refresh makes of a credential: the list's fields always; the v2 read's when there is
// one (criticality "medium", PAM Core's default, matches an unset criticality); otherwise the
// prior values stay; never a password.
func TestPAMCredentialFromRead(t *testing.T) {
	prior := pamCredentialModel{
		ID: types.StringValue("5"), Identifier: types.StringValue("old"), Username: types.StringValue("old"),
		Tags: stringSetOf([]string{"prod"}), Criticality: types.StringNull(), AdditionalInfo: types.StringValue("kept"),
		Domain: types.StringNull(), ParentID: types.StringNull(), Owner: types.StringNull(),
		ChangePlugin: types.StringValue("SSH"), ContentWO: types.StringValue("never kept"), ContentWOVersion: types.Int64Value(3),
	}
	listed := &pam.CredentialListItem{ID: "5", Identifier: "db01-app", Username: "app", Hostname: "db01", IP: "10.0.0.5", Type: "Local User", AutomaticChange: true}
	m := pamCredentialFromRead(pamCredentialRead{listed: listed}, prior)
	if m.Identifier.ValueString() != "db01-app" || m.Username.ValueString() != "app" || m.CredentialType.ValueString() != "Local User" ||
		!m.AutomaticChange.ValueBool() || !m.Tags.Equal(prior.Tags) || m.AdditionalInfo.ValueString() != "kept" ||
		m.ChangePlugin.ValueString() != "SSH" || !m.ContentWO.IsNull() || m.ContentWOVersion.ValueInt64() != 3 {
		t.Fatalf("list only: %+v", m)
	}
	details := &pam.CredentialDetails{Tags: []string{"ui"}, Additional: "", Criticality: "medium", ParentID: "2", Owner: "alice"}
	m = pamCredentialFromRead(pamCredentialRead{listed: listed, details: details}, prior)
	if !m.Tags.Equal(stringSetOf([]string{"ui"})) || m.AdditionalInfo.ValueString() != "" || !m.Criticality.IsNull() ||
		m.ParentID.ValueString() != "2" || m.Owner.ValueString() != "alice" {
		t.Fatalf("with v2: %+v", m)
	}
	prior.Criticality = types.StringValue("high")
	if m = pamCredentialFromRead(pamCredentialRead{listed: listed, details: details}, prior); m.Criticality.ValueString() != "medium" {
		t.Fatalf("a criticality changed to medium must show: %v", m.Criticality)
	}
}

// The upsert of a planned credential: the identifier and username that find it, the settings
// with automatic_change only when known, never a password (the caller adds it).
func TestPAMCredentialToAPI(t *testing.T) {
	m := pamCredentialModel{
		Hostname: types.StringValue("db01"), IP: types.StringValue("10.0.0.5"), Username: types.StringValue("new"),
		CredentialType: types.StringValue("Local User"), Tags: stringSetOf([]string{"prod", "db"}), AutomaticChange: types.BoolValue(false),
		Criticality: types.StringValue("low"), ContentWO: types.StringValue("not from the plan"),
	}
	c := pamCredentialToAPI(m, "kept-identifier", "old")
	if c.Identifier != "kept-identifier" || c.Username != "old" || c.Tags != "db,prod" || c.Content != "" ||
		c.Settings.AutomaticChange == nil || *c.Settings.AutomaticChange || c.Settings.Criticality != "low" {
		t.Fatalf("%+v", c)
	}
	m.AutomaticChange = types.BoolUnknown()
	if c := pamCredentialToAPI(m, "", "new"); c.Settings.AutomaticChange != nil {
		t.Fatal("an unknown automatic_change was sent")
	}
}

func TestAccountKeys(t *testing.T) {
	if got := accountKeys("", "db01", "app"); len(got) != 1 {
		t.Fatalf("%q", got)
	}
	if got := accountKeys("db01-app", "db01", "app"); len(got) != 2 || got[0] == got[1] {
		t.Fatalf("%q", got)
	}
	// A hostname and username cannot run into each other.
	if accountKeys("", "a", "b c")[0] == accountKeys("", "a b", "c")[0] {
		t.Fatal("keys collide")
	}
}
