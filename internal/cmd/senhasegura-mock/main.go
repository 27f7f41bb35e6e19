// Command senhasegura-mock runs the in-memory senhasegura mock (MySafe, PAM Core and DevOps
// Secret Manager) on 127.0.0.1 until interrupted, optionally as a misbehaving server: the faults the troubleshooting guide
// describes (a maintenance page, a redirect, a slow or failing gateway, a failing token
// endpoint) and strict sharing. `make mock` runs it with -seed; `-h` lists every flag and the
// /_mock/ hooks that drive it over HTTP.
//
//	go run ./internal/cmd/senhasegura-mock [-addr 127.0.0.1:0] [-seed] [-latency 200ms] [-html] [-token-status 503 -token-retry-after 120] ...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "senhasegura-mock:", err)
		os.Exit(1)
	}
}

// errUsage is a command line the flag set refused (it printed why, and the usage).
var errUsage = errors.New("usage")

// config is what the command line asks for.
type config struct {
	addr, clientID, clientSecret, user string
	tokenTTL, latency                  time.Duration
	seed                               bool

	// Faults of API calls.
	html, echo                   bool
	htmlTitle, redirect, message string
	status, count                int
	retryAfter, route            string
	delay                        time.Duration
	// Faults of the token endpoint.
	tokenHTML, tokenEcho                         bool
	tokenStatus, tokenCount                      int
	tokenRetryAfter, tokenRedirect, tokenMessage string
	tokenDelay                                   time.Duration

	// Sharing and lists.
	strictShares           bool
	users, groups, filters string
	listOnly               string

	// DevOps Secret Manager.
	dsmClientID, dsmClientSecret, dsmQuirks string
	dsmEncrypt                              bool
}

// newFlags is the command's flag set, writing its usage (the flags, then the /_mock/ hooks)
// to out.
func newFlags(out io.Writer) (*flag.FlagSet, *config) {
	c := &config{}
	fs := flag.NewFlagSet("senhasegura-mock", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "listen address (loopback only; port 0 picks a free port; make mock ADDR=127.0.0.1:8080 sets it)")
	fs.StringVar(&c.clientID, "client-id", senhaseguramock.DefaultClientID, "client ID of the access key (also an A2A authorization for PAM Core)")
	fs.StringVar(&c.clientSecret, "client-secret", senhaseguramock.DefaultClientSecret, "client secret of the access key")
	fs.StringVar(&c.user, "user", senhaseguramock.DefaultUser, "MySafe user the access key acts as")
	fs.DurationVar(&c.tokenTTL, "token-ttl", time.Hour, "lifetime of issued tokens")
	fs.BoolVar(&c.seed, "seed", false, "start with a PAM Core device and a credential on it, and a DSM secret (make mock sets it)")
	fs.DurationVar(&c.latency, "latency", 0, "delay every API call this long, as a distant or busy server (e.g. 200ms)")

	fs.BoolVar(&c.html, "html", false, "answer API calls with an HTML maintenance page (status -status, default 200; title -html-title), as nginx in front of a server under maintenance")
	fs.StringVar(&c.htmlTitle, "html-title", "", "<title> of the -html and -token-html pages (default \""+senhaseguramock.DefaultHTMLTitle+"\")")
	fs.StringVar(&c.redirect, "redirect", "", "answer API calls with a redirect to this URL (status -status, default 307), as a single sign-on front or a WAF")
	fs.DurationVar(&c.delay, "delay", 0, "hold every faulted API answer back this long (alone: a slow answer the client may give up on)")
	fs.IntVar(&c.status, "status", 0, "answer API calls with this HTTP status: 429, 500, 502, 503, 504... (with -retry-after); the status of -html, -redirect, -echo and -message")
	fs.StringVar(&c.retryAfter, "retry-after", "", "Retry-After header of faulted API answers: seconds (120) or an HTTP date")
	fs.BoolVar(&c.echo, "echo", false, "answer API calls with an application error (400) that echoes the request's body")
	fs.StringVar(&c.message, "message", "", "answer API calls with an application error (400) with this message")
	fs.IntVar(&c.count, "count", 0, "how many API calls the API faults (-status, -html, -redirect, -delay, -echo, -message) answer; 0: every call")
	fs.StringVar(&c.route, "route", "", `apply the API faults to one route only, as /_mock/counters names it (e.g. "GET /mysafe/password/{id}")`)

	fs.IntVar(&c.tokenStatus, "token-status", 0, "answer token requests with this HTTP status (e.g. 503, 429 with -token-retry-after, 401)")
	fs.StringVar(&c.tokenRetryAfter, "token-retry-after", "", "Retry-After header of faulted token answers: seconds (999999) or an HTTP date")
	fs.BoolVar(&c.tokenHTML, "token-html", false, "answer token requests with an HTML maintenance page")
	fs.StringVar(&c.tokenRedirect, "token-redirect", "", "answer token requests with a redirect to this URL (status -token-status, default 307)")
	fs.DurationVar(&c.tokenDelay, "token-delay", 0, "hold every token answer back this long")
	fs.BoolVar(&c.tokenEcho, "token-echo", false, "answer token requests with an error that echoes the form body (client_secret included)")
	fs.StringVar(&c.tokenMessage, "token-message", "", "answer token requests with an OAuth2 invalid_request error with this description")
	fs.IntVar(&c.tokenCount, "token-count", 0, "how many token requests the token faults answer; 0: every request")

	fs.BoolVar(&c.strictShares, "strict-shares", false, "put shares with unknown users and groups into shared_error instead of storing them (know them with -users, -groups)")
	fs.StringVar(&c.users, "users", "", "known users, comma-separated (e.g. alice,bob)")
	fs.StringVar(&c.groups, "groups", "", "known groups, comma-separated, each with its members after \"=\" joined by \"+\" (e.g. ops=alice+bob,dev)")
	fs.StringVar(&c.filters, "filters", "exact", "how MySafe list filters match: exact, substring (case-insensitive) or ignored (a server whose filters do not work)")
	fs.StringVar(&c.listOnly, "list-only-client", "", "another access key, ID:SECRET:USER, whose user sees items in lists but may not open them")

	fs.StringVar(&c.dsmClientID, "dsm-client-id", senhaseguramock.DefaultDSMClientID, "client ID of the DSM authorization of the application "+senhaseguramock.DefaultDSMApplication+" (it may create applications)")
	fs.StringVar(&c.dsmClientSecret, "dsm-client-secret", senhaseguramock.DefaultDSMClientSecret, "client secret of that DSM authorization")
	fs.BoolVar(&c.dsmEncrypt, "dsm-encrypt", false, "that DSM authorization encrypts the values it reads (its private key: GET /_mock/dsm/authorization/{client_id}/private-key)")
	fs.StringVar(&c.dsmQuirks, "dsm-quirks", "", "DSM answers to the reference's open questions, comma-separated: "+strings.Join(senhaseguramock.DSMQuirkNames(), ", "))
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: senhasegura-mock [flags]\n\n"+
			"Runs the in-memory senhasegura mock (MySafe, PAM Core and DevOps Secret Manager) on 127.0.0.1\n"+
			"until interrupted.\n"+
			"Faults given by flags answer every call (or -count calls, -token-count token requests)\n"+
			"from the start; more can be added, and all cleared, over HTTP.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(out, "\nHooks under /_mock/ (drive the running mock with curl):\n\n%s", senhaseguramock.AdminHelp)
	}
	return fs, c
}

// parse reads the command line.
func parse(args []string, out io.Writer) (*config, error) {
	fs, c := newFlags(out)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(out, "senhasegura-mock: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return nil, errUsage
	}
	return c, nil
}

// apiFault is the fault the flags ask for on API calls, if any.
func (c *config) apiFault() (senhaseguramock.Fault, bool, error) {
	f := senhaseguramock.Fault{Status: c.status, RetryAfter: c.retryAfter, Location: c.redirect, Delay: c.delay,
		Title: c.htmlTitle, Echo: c.echo, Message: c.message}
	if c.html {
		f.Mangle = senhaseguramock.MangleHTML
	}
	set := f != (senhaseguramock.Fault{Title: c.htmlTitle})
	switch {
	case c.html && c.redirect != "":
		return f, false, errors.New("-html and -redirect exclude each other")
	case !set && (c.count != 0 || c.route != ""):
		return f, false, errors.New("-count and -route need a fault (-status, -html, -redirect, -delay, -echo or -message)")
	case c.retryAfter != "" && f.Status == 0 && !c.html && c.redirect == "" && !c.echo && c.message == "":
		return f, false, errors.New("-retry-after needs -status (e.g. -status 503 -retry-after 120)")
	case c.count < 0:
		return f, false, errors.New("-count is 0 (every call) or more")
	}
	return f, set, nil
}

// tokenFault is the fault the flags ask for on token requests, if any.
func (c *config) tokenFault() (senhaseguramock.Fault, bool, error) {
	f := senhaseguramock.Fault{Status: c.tokenStatus, RetryAfter: c.tokenRetryAfter, Location: c.tokenRedirect, Delay: c.tokenDelay,
		Title: c.htmlTitle, Echo: c.tokenEcho, Message: c.tokenMessage}
	if c.tokenHTML {
		f.Mangle = senhaseguramock.MangleHTML
	}
	set := f != (senhaseguramock.Fault{Title: c.htmlTitle})
	switch {
	case c.tokenHTML && c.tokenRedirect != "":
		return f, false, errors.New("-token-html and -token-redirect exclude each other")
	case !set && c.tokenCount != 0:
		return f, false, errors.New("-token-count needs a token fault (-token-status, -token-html, -token-redirect, -token-delay, -token-echo or -token-message)")
	case c.tokenRetryAfter != "" && f.Status == 0 && !c.tokenHTML && c.tokenRedirect == "" && !c.tokenEcho && c.tokenMessage == "":
		return f, false, errors.New("-token-retry-after needs -token-status (e.g. -token-status 429 -token-retry-after 120)")
	case c.tokenCount < 0:
		return f, false, errors.New("-token-count is 0 (every request) or more")
	}
	return f, set, nil
}

// split is a comma-separated list without blanks.
func split(list string) []string {
	var out []string
	for _, e := range strings.Split(list, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// newMock builds the mock the configuration describes; notes say what was set up beyond the
// defaults, a line each.
func newMock(c *config) (*senhaseguramock.Server, []string, error) {
	quirks := senhaseguramock.Quirks{StrictShares: c.strictShares}
	switch c.filters {
	case "exact", "":
	case "substring":
		quirks.FilterSubstring = true
	case "ignored":
		quirks.FilterIgnored = true
	default:
		return nil, nil, fmt.Errorf("-filters is exact, substring or ignored, not %q", c.filters)
	}
	if c.route != "" && !slices.Contains(senhaseguramock.Routes(), c.route) {
		return nil, nil, fmt.Errorf("no route %q; the routes are: %s", c.route, strings.Join(senhaseguramock.Routes(), ", "))
	}
	apiFault, apiSet, err := c.apiFault()
	if err != nil {
		return nil, nil, err
	}
	tokFault, tokSet, err := c.tokenFault()
	if err != nil {
		return nil, nil, err
	}
	var listOnly []string
	if c.listOnly != "" {
		if listOnly = strings.SplitN(c.listOnly, ":", 3); len(listOnly) != 3 || listOnly[0] == "" || listOnly[1] == "" || listOnly[2] == "" {
			return nil, nil, fmt.Errorf("-list-only-client is ID:SECRET:USER, not %q", c.listOnly)
		}
	}

	dsmQuirks, err := senhaseguramock.ParseDSMQuirks(c.dsmQuirks)
	if err != nil {
		return nil, nil, fmt.Errorf("-dsm-quirks: %w", err)
	}
	if c.dsmClientID == "" || c.dsmClientSecret == "" || c.dsmClientID == c.clientID {
		return nil, nil, errors.New("-dsm-client-id and -dsm-client-secret are not empty, and -dsm-client-id is not -client-id")
	}

	mock := senhaseguramock.New(senhaseguramock.Options{ClientID: c.clientID, ClientSecret: c.clientSecret, User: c.user, TokenTTL: c.tokenTTL, Quirks: quirks,
		DSM: senhaseguramock.DSMOptions{CreatorClientID: c.dsmClientID, CreatorClientSecret: c.dsmClientSecret, CreatorEncryption: c.dsmEncrypt, Quirks: dsmQuirks}})
	var notes []string
	if c.seed {
		dev := mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "web01.example.com", IP: "10.0.1.21", Type: "Server", Vendor: "Canonical",
			Model: "Ubuntu 24.04", Site: "LAX", Tags: "prod", Connectivities: "SSH:22"})
		cred := mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "web01.example.com", IP: "10.0.1.21", Identifier: "web01-root",
			Username: "root", Password: "mock-root-password", CredentialType: "Local administrator"})
		notes = append(notes, fmt.Sprintf("Seeded:  PAM Core device %s (web01.example.com) and credential %s (root@web01.example.com, identifier web01-root)", dev, cred))
		secret := mock.SeedDSMSecret(c.dsmClientID, senhaseguramock.DSMSecret{Identity: "demo/web01/db", Description: "database of web01",
			Values: map[string]string{"DB_USER": "web01", "DB_PASSWORD": "mock-db-password"}})
		notes = append(notes, fmt.Sprintf("Seeded:  DSM secret %s (demo/web01/db: DB_USER, DB_PASSWORD) in the application %s", secret, senhaseguramock.DefaultDSMApplication))
	}
	if c.dsmEncrypt {
		notes = append(notes, "DSM:     the authorization "+c.dsmClientID+" encrypts values (RSA-OAEP); its key: curl -s .../_mock/dsm/authorization/"+c.dsmClientID+"/private-key")
	}
	if dsmQuirks != (senhaseguramock.DSMQuirks{}) {
		notes = append(notes, "DSM:     quirks "+c.dsmQuirks)
	}
	if c.latency > 0 {
		mock.SetLatency(c.latency)
		notes = append(notes, fmt.Sprintf("Latency: %v on every API call", c.latency))
	}
	for _, u := range split(c.users) {
		mock.AddUser(u)
	}
	for _, g := range split(c.groups) {
		name, members, _ := strings.Cut(g, "=")
		mock.AddGroup(name)
		for _, m := range strings.Split(members, "+") {
			if m = strings.TrimSpace(m); m != "" {
				mock.AddGroupMember(name, m)
			}
		}
	}
	if c.strictShares {
		notes = append(notes, fmt.Sprintf("Sharing: strict (known users: %s and the clients'; known groups: %s)", orNone(c.users), orNone(c.groups)))
	}
	if listOnly != nil {
		mock.AddListOnlyClient(listOnly[0], listOnly[1], listOnly[2])
		notes = append(notes, fmt.Sprintf("Client:  %s lists %s's items but may not open them", listOnly[0], listOnly[2]))
	}
	if quirks != (senhaseguramock.Quirks{StrictShares: c.strictShares}) {
		notes = append(notes, "Filters: "+c.filters)
	}
	if apiSet {
		scope := "every API call"
		if c.route != "" {
			scope = "every call of " + c.route
		}
		switch {
		case c.count > 0 && c.route != "":
			mock.FailNextOn(c.route, c.count, apiFault)
			scope = fmt.Sprintf("the next %d calls of %s", c.count, c.route)
		case c.count > 0:
			mock.FailNext(c.count, apiFault)
			scope = fmt.Sprintf("the next %d API calls", c.count)
		case c.route != "":
			mock.FailAlwaysOn(c.route, apiFault)
		default:
			mock.FailAlways(apiFault)
		}
		notes = append(notes, fmt.Sprintf("Faults:  %s answer %s (curl -X DELETE .../_mock/faults clears them)", scope, describe(apiFault)))
	}
	if tokSet {
		scope := "every token request"
		if c.tokenCount > 0 {
			mock.FailNextToken(c.tokenCount, tokFault)
			scope = fmt.Sprintf("the next %d token requests", c.tokenCount)
		} else {
			mock.FailTokensAlways(tokFault)
		}
		notes = append(notes, fmt.Sprintf("Faults:  %s answer %s", scope, describe(tokFault)))
	}
	return mock, notes, nil
}

func orNone(list string) string {
	if list == "" {
		return "none"
	}
	return list
}

// describe says in a few words what a fault answers.
func describe(f senhaseguramock.Fault) string {
	var parts []string
	switch {
	case f.Mangle == senhaseguramock.MangleHTML:
		parts = append(parts, "an HTML maintenance page")
	case f.Location != "":
		parts = append(parts, "a redirect to "+f.Location)
	case f.Echo:
		parts = append(parts, "an error echoing the request")
	case f.Message != "":
		parts = append(parts, fmt.Sprintf("an error %q", f.Message))
	case f.Status != 0:
		parts = append(parts, fmt.Sprintf("HTTP %d", f.Status))
	default:
		parts = append(parts, "the real answer")
	}
	if f.Status != 0 && (f.Mangle == senhaseguramock.MangleHTML || f.Location != "" || f.Echo || f.Message != "") {
		parts = append(parts, fmt.Sprintf("(HTTP %d)", f.Status))
	}
	if f.RetryAfter != "" {
		parts = append(parts, "with Retry-After: "+f.RetryAfter)
	}
	if f.Delay > 0 {
		parts = append(parts, fmt.Sprintf("after %v", f.Delay))
	}
	return strings.Join(parts, " ")
}

// run serves the mock the command line describes until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	mock, notes, err := newMock(c)
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", c.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second}

	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "senhasegura mock (MySafe, PAM Core and DevOps Secret Manager) listening on %s\n\n", base)
	fmt.Fprintf(stdout, "export SENHASEGURA_URL=%s\n", base)
	fmt.Fprintf(stdout, "export SENHASEGURA_CLIENT_ID=%s\n", c.clientID)
	fmt.Fprintf(stdout, "export SENHASEGURA_CLIENT_SECRET=%s\n", c.clientSecret)
	fmt.Fprintf(stdout, "export SENHASEGURA_DSM_CLIENT_ID=%s\n", c.dsmClientID)
	fmt.Fprintf(stdout, "export SENHASEGURA_DSM_CLIENT_SECRET=%s\n\n", c.dsmClientSecret)
	fmt.Fprintf(stdout, "Token:   curl -s -d grant_type=client_credentials -d client_id=%s -d client_secret=%s %s/iso/oauth2/token\n", c.clientID, c.clientSecret, base)
	fmt.Fprintf(stdout, "MySafe:  curl -s -H \"Authorization: Bearer $TOKEN\" %s/api/mysafe/password\n", base)
	fmt.Fprintf(stdout, "PAM:     curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{\"hostname\":\"db01\",\"ip\":\"10.0.0.5\",\"type\":\"Database\",\"vendor\":\"Oracle\",\"model\":\"MySQL 8\",\"site\":\"LAX\"}' %s/iso/pam/device\n", base)
	fmt.Fprintf(stdout, "         curl -s -H \"Authorization: Bearer $TOKEN\" %s/iso/pam/credential   (the list: no password, no custody)\n", base)
	fmt.Fprintf(stdout, "DSM:     curl -s -d grant_type=client_credentials -d client_id=%s -d client_secret=%s %s/iso/oauth2/token   (a DSM token: $DSM_TOKEN)\n", c.dsmClientID, c.dsmClientSecret, base)
	fmt.Fprintf(stdout, "         curl -s -H \"Authorization: Bearer $DSM_TOKEN\" -H 'Content-Type: application/json' -d \"{\\\"identity\\\":\\\"team/app/db\\\",\\\"data\\\":\\\"$(printf '{\"key_value\":{\"fields\":{\"DB_USER\":\"app\"}}}' | base64 | tr -d '\\n')\\\"}\" %s/iso/sctm/secret\n", base)
	fmt.Fprintf(stdout, "         curl -s -H \"Authorization: Bearer $DSM_TOKEN\" %s/iso/sctm/secret   (the secrets of the authorization)\n", base)
	fmt.Fprintf(stdout, "Inspect: curl -s %s/_mock/items (MySafe), curl -s %s/_mock/pam (PAM Core), curl -s %s/_mock/dsm (DSM), curl -s %s/_mock/counters\n", base, base, base, base)
	fmt.Fprintf(stdout, "Faults:  curl -s -d '{\"status\":502,\"count\":2}' %s/_mock/faults   (senhasegura-mock -h lists every hook and flag)\n", base)
	for _, n := range notes {
		fmt.Fprintln(stdout, n)
	}
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")

	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	err = srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-done
		return nil
	}
	return err
}
