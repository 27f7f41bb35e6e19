// Command demo shows the provider's main job end to end, offline, in a few readable lines:
// it builds the provider, starts the senhasegura mock on a free 127.0.0.1 port, points terraform at
// the build with dev_overrides in a temporary CLI configuration (the user's ~/.terraformrc is
// never touched, and terraform init is neither needed nor run), then applies an example
// configuration, checks that the next plan is empty, changes a share behind Terraform's back
// and checks that the plan shows it, shows what DevOps Secret Manager holds of a secret whose
// values are write-only (and the plan that finds them changed outside Terraform), and destroys.
// The mock stops on exit, on failure and on Ctrl-C.
//
//	go run ./internal/cmd/demo   (make demo)
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

const demoConfig = `terraform {
  required_providers {
    senhasegura = { source = "senhasegura/senhasegura" }
  }
}

# url, client_id and client_secret (MySafe, and PAM Core), dsm_client_id and dsm_client_secret
# (DevOps Secret Manager) come from SENHASEGURA_* environment variables.
provider "senhasegura" {}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "senhasegura_mysafe_password" "db" {
  name     = "billing database"
  username = "billing_app"
  password = var.db_password
  url      = "postgres://db.internal:5432/billing"
  tags     = ["database", "billing"]

  users_allowed {
    username = "pduarte"
    can_edit = true
  }
  groups_allowed {
    name = "DBA"
  }
}

resource "senhasegura_mysafe_api_secret" "gcp" {
  name            = "GCP"
  url             = "https://gcp.com"
  client_id       = "gf455f7g8fb5dfg8fd545bffbv"
  client_secret   = "demo-client-secret"
  identifier_code = "hyga125"
  tags            = ["cloud"]

  groups_allowed {
    name     = "Test group"
    can_edit = true
  }
}

# PAM Core: the database server and its admin account. The password is write-only: sent
# once, never stored, never read back (the vault rotates it).
variable "dbadmin_password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_pam_device" "db" {
  hostname       = "db01.example.com"
  ip             = "10.0.0.5"
  type           = "Database"
  vendor         = "PostgreSQL"
  model          = "PostgreSQL 16"
  site           = "LAX"
  connectivities = ["SSH:22", "PostgreSQL:5432"]
}

resource "senhasegura_pam_credential" "dbadmin" {
  identifier         = "db01-dbadmin"
  hostname           = senhasegura_pam_device.db.hostname
  ip                 = senhasegura_pam_device.db.ip
  username           = "dbadmin"
  credential_type    = "Local administrator"
  automatic_change   = true
  content_wo         = var.dbadmin_password
  content_wo_version = 1
}

# DevOps Secret Manager: the billing service's secret, which dsmcli and External Secrets read
# by its identity. Its values are write-only: they reach DSM, never the plan or state.
variable "billing_db_password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_dsm_secret" "billing_db" {
  identity = "billing/production/db"
  values_wo = {
    DB_USER     = "billing_app"
    DB_PASSWORD = var.billing_db_password
  }
  values_wo_version = 1
  on_destroy        = "expire" # DSM has no delete: destroy expires the secret
}
`

func main() {
	root := flag.String("root", ".", "repository root (where main.go of the provider is)")
	keep := flag.Bool("keep", false, "keep the temporary directory for inspection")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *root, *keep, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "demo failed: %v\n", err)
		stop()
		os.Exit(1)
	}
}

type demo struct {
	ctx  context.Context
	dir  string
	env  []string
	tf   string
	out  io.Writer
	mock *senhaseguramock.Server
}

func run(ctx context.Context, root string, keep bool, out io.Writer) (err error) {
	start := time.Now()
	dir, err := os.MkdirTemp("", "senhasegura-demo-")
	if err != nil {
		return err
	}
	if keep {
		defer fmt.Fprintf(out, "kept %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}

	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		if tf, err = exec.LookPath("terraform"); err != nil {
			return errors.New("terraform is not on PATH (Terraform >= 1.11 is required)")
		}
	}

	// 1. Build the provider.
	bin := filepath.Join(dir, "plugins")
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(bin, "terraform-provider-senhasegura"), ".")
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the provider: %w\n%s", err, b)
	}
	fmt.Fprintf(out, "1. built the provider into %s\n", bin)

	// 2. Start the mock; it stops when run returns, whatever the reason.
	mock := senhaseguramock.New(senhaseguramock.Options{})
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
		fmt.Fprintln(out, "   mock stopped")
	}()
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "2. senhasegura mock (MySafe, PAM Core and DSM) listening on %s\n", url)

	// 3. A CLI configuration of our own with dev_overrides: no terraform init.
	rc := filepath.Join(dir, "terraformrc")
	rcText := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/senhasegura/senhasegura\" = %q\n  }\n  direct {}\n}\n", filepath.ToSlash(bin))
	if err := os.WriteFile(rc, []byte(rcText), 0o600); err != nil {
		return err
	}
	work := filepath.Join(dir, "config")
	if err := os.MkdirAll(work, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(demoConfig), 0o600); err != nil {
		return err
	}
	d := &demo{ctx: ctx, dir: work, tf: tf, out: out, mock: mock, env: []string{
		"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"SENHASEGURA_URL=" + url, "SENHASEGURA_CLIENT_ID=" + senhaseguramock.DefaultClientID,
		"SENHASEGURA_CLIENT_SECRET=" + senhaseguramock.DefaultClientSecret, "TF_VAR_db_password=demo-db-password",
		"TF_VAR_dbadmin_password=demo-dbadmin-password", "TF_VAR_billing_db_password=" + demoDSMPassword,
		"SENHASEGURA_DSM_CLIENT_ID=" + senhaseguramock.DefaultDSMClientID, "SENHASEGURA_DSM_CLIENT_SECRET=" + senhaseguramock.DefaultDSMClientSecret,
	}}
	fmt.Fprintf(out, "3. wrote %s and a CLI config with dev_overrides (your ~/.terraformrc is untouched)\n", filepath.Join(work, "main.tf"))

	// 4. Apply.
	o, err := d.terraform("apply", "-auto-approve")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "4. terraform apply: %s; MySafe now holds %d password(s) and %d API secret(s), PAM Core %d device(s) and %d credential(s), DSM %d secret(s)\n",
		summary(o, "Apply complete!"), len(mock.Items(senhaseguramock.KindPassword)), len(mock.Items(senhaseguramock.KindAPISecret)),
		len(mock.PAMDevices()), len(mock.PAMCredentials()), len(mock.DSMSecrets()))

	// 5. The vault rotates the PAM Core password, as automatic change does: nothing to do, and
	// no refresh viewed the password.
	if !mock.ModifyPAMCredential("1", func(c *senhaseguramock.PAMCredential) { c.Password = "rotated-by-the-vault" }) {
		return errors.New("the mock holds no PAM Core credential 1")
	}
	o, code, err := d.plan()
	if err != nil {
		return err
	}
	if code != 0 {
		return fmt.Errorf("the plan right after apply is not empty:\n%s", o)
	}
	if c, _ := mock.PAMCredential("1"); c.Password != "rotated-by-the-vault" || mock.CustodyGrants() != 0 || mock.PasswordViews() != 0 {
		return fmt.Errorf("PAM Core custody taken %d times, %d password views", mock.CustodyGrants(), mock.PasswordViews())
	}
	fmt.Fprintln(out, "5. PAM Core rotated the dbadmin password; terraform plan: no changes (refreshes viewed no password: custody taken 0 times)")

	// 6. Someone shares the password with mallory in the MySafe web UI.
	mock.Modify(senhaseguramock.KindPassword, "1", func(it *senhaseguramock.Item) {
		it.UsersAllowed = append(it.UsersAllowed, senhaseguramock.Share{Name: "mallory", CanEdit: true})
	})
	o, code, err = d.plan()
	if err != nil {
		return err
	}
	if code != 2 || !strings.Contains(o, "mallory") {
		return fmt.Errorf("the plan does not show the out-of-band share:\n%s", o)
	}
	fmt.Fprintf(out, "6. shared the password with \"mallory\" behind Terraform's back; terraform plan shows it:\n")
	diff := driftLines(o)
	if len(diff) == 0 {
		return fmt.Errorf("the plan has no users_allowed block to remove:\n%s", o)
	}
	for _, l := range diff {
		fmt.Fprintf(out, "     %s\n", l)
	}
	fmt.Fprintf(out, "     %s\n", summary(o, "Plan:"))

	// 7. DSM holds the secret as dsmcli and External Secrets read it; the state holds no value of
	// it; a change made in DSM's web interface shows in the plan.
	if err := d.dsmStep(); err != nil {
		return err
	}

	// 8. Destroy = deactivate (and expire, for the DSM secret).
	o, err = d.terraform("destroy", "-auto-approve")
	if err != nil {
		return err
	}
	active := 0
	for _, k := range []senhaseguramock.Kind{senhaseguramock.KindPassword, senhaseguramock.KindAPISecret} {
		for _, it := range mock.Items(k) {
			if it.Active {
				active++
			}
		}
	}
	for _, dv := range mock.PAMDevices() {
		if dv.Active {
			active++
		}
	}
	for _, c := range mock.PAMCredentials() {
		if c.Active {
			active++
		}
	}
	for _, sec := range mock.DSMSecrets() {
		if sec.Active {
			active++
		}
	}
	if active != 0 {
		return fmt.Errorf("%d object(s) still active after destroy", active)
	}
	fmt.Fprintf(out, "8. terraform destroy: %s; no API has a delete, so the four are deactivated and the DSM secret expired (on_destroy = \"expire\")\n", summary(o, "Destroy complete!"))
	fmt.Fprintf(out, "demo passed in %s\n", time.Since(start).Round(100*time.Millisecond))
	return nil
}

// demoDSMPassword is the DSM secret's write-only value: it must reach DSM, and never the state.
const demoDSMPassword = "demo-billing-db-password"

// dsmStep shows what DSM holds of the secret (its keys and version, the authorization that
// posted it: what dsmcli and External Secrets read), that the state holds no value of it, and
// that a change made in DSM outside Terraform shows in the plan (drift_detected).
func (d *demo) dsmStep() error {
	sec, ok := d.mock.DSMSecret("billing/production/db")
	if !ok || sec.Values["DB_PASSWORD"] != demoDSMPassword {
		return fmt.Errorf("DSM does not hold the configured secret: %+v", sec)
	}
	state, err := os.ReadFile(filepath.Join(d.dir, "terraform.tfstate"))
	if err != nil {
		return err
	}
	if strings.Contains(string(state), demoDSMPassword) {
		return errors.New("the DSM secret's write-only value is in the state")
	}
	keys := make([]string, 0, len(sec.Values))
	for k := range sec.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(d.out, "7. DSM holds %s (version %d, keys %s), posted by the provider's DSM authorization, which dsmcli and External Secrets read as any secret; the state holds none of its values\n",
		sec.Identity, sec.Version, strings.Join(keys, ", "))
	d.mock.ModifyDSMSecret(sec.Identity, func(s *senhaseguramock.DSMSecret) {
		s.Values["DB_PASSWORD"] = "changed-in-the-web-interface"
		s.Version++
	})
	o, code, err := d.plan()
	if err != nil {
		return err
	}
	if code != 2 || !strings.Contains(o, "Write-Only Value Changed Outside Terraform") {
		return fmt.Errorf("the plan does not show the DSM secret changed outside Terraform:\n%s", o)
	}
	fmt.Fprintln(d.out, "   changed DB_PASSWORD in DSM's web interface; terraform plan warns \"Write-Only Value Changed Outside Terraform\":")
	inList := false
	for _, l := range strings.Split(o, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "# senhasegura_dsm_secret.billing_db"):
		case strings.HasPrefix(t, "~ drift_detected"):
			inList = true
		case inList:
			inList = !strings.HasPrefix(t, "]")
		default:
			continue
		}
		fmt.Fprintf(d.out, "     %s\n", strings.TrimRight(l, " "))
	}
	return nil
}

func (d *demo) command(args ...string) *exec.Cmd {
	cmd := exec.CommandContext(d.ctx, d.tf, append(args, "-no-color")...)
	cmd.Dir = d.dir
	cmd.Env = append(os.Environ(), d.env...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // let terraform stop cleanly
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

func (d *demo) terraform(args ...string) (string, error) {
	var b bytes.Buffer
	cmd := d.command(args...)
	cmd.Stdout, cmd.Stderr = &b, &b
	if err := cmd.Run(); err != nil {
		return b.String(), fmt.Errorf("terraform %s: %w\n%s", args[0], err, b.String())
	}
	return b.String(), nil
}

// plan runs terraform plan -detailed-exitcode: 0 no changes, 2 changes.
func (d *demo) plan() (string, int, error) {
	var b bytes.Buffer
	cmd := d.command("plan", "-detailed-exitcode")
	cmd.Stdout, cmd.Stderr = &b, &b
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return b.String(), 0, nil
	case errors.As(err, &ee) && ee.ExitCode() == 2:
		return b.String(), 2, nil
	default:
		return b.String(), 1, fmt.Errorf("terraform plan: %w\n%s", err, b.String())
	}
}

// summary returns the line of terraform's output that starts with prefix.
func summary(out, prefix string) string {
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, prefix) {
			return strings.TrimSuffix(l, ".")
		}
	}
	return "done"
}

// driftLines picks from a plan's output the lines that show the out-of-band share: the
// resource's "will be updated in-place" line and each removed users_allowed block, as
// Terraform prints them.
func driftLines(plan string) []string {
	var out []string
	inBlock := false
	for _, l := range strings.Split(plan, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "# ") && strings.HasSuffix(t, "will be updated in-place"):
			out = append(out, strings.TrimRight(l, " "))
		case strings.HasPrefix(t, "- users_allowed {"):
			inBlock = true
			out = append(out, strings.TrimRight(l, " "))
		case inBlock:
			out = append(out, strings.TrimRight(l, " "))
			if t == "}" {
				inBlock = false
			}
		}
	}
	return out
}
