package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
)

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
	m := pamCredentialFromRead(&pam.CredentialRead{Listed: listed}, prior)
	if m.Identifier.ValueString() != "db01-app" || m.Username.ValueString() != "app" || m.CredentialType.ValueString() != "Local User" ||
		!m.AutomaticChange.ValueBool() || !m.Tags.Equal(prior.Tags) || m.AdditionalInfo.ValueString() != "kept" ||
		m.ChangePlugin.ValueString() != "SSH" || !m.ContentWO.IsNull() || m.ContentWOVersion.ValueInt64() != 3 {
		t.Fatalf("list only: %+v", m)
	}
	details := &pam.CredentialDetails{Tags: []string{"ui"}, Additional: "", Criticality: "medium", ParentID: "2", Owner: "alice"}
	m = pamCredentialFromRead(&pam.CredentialRead{Listed: listed, Details: details}, prior)
	if !m.Tags.Equal(stringSetOf([]string{"ui"})) || m.AdditionalInfo.ValueString() != "" || !m.Criticality.IsNull() ||
		m.ParentID.ValueString() != "2" || m.Owner.ValueString() != "alice" {
		t.Fatalf("with v2: %+v", m)
	}
	prior.Criticality = types.StringValue("high")
	if m = pamCredentialFromRead(&pam.CredentialRead{Listed: listed, Details: details}, prior); m.Criticality.ValueString() != "medium" {
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
