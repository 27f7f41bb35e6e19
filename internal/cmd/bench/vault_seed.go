package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// The single-item GETs of the mock (its route names, as Calls and Counts give them): a
// seeded item's path id on one of them is a read of an item no configuration manages.
const (
	getPassword   = "GET /mysafe/password/{id}"
	getAPISecret  = "GET /mysafe/secretapi/{id}"
	getNote       = "GET /mysafe/note/{id}"
	getDevice     = "GET /pam/device/{id}"
	getCredential = "GET /pam/credential/{id}"
	getDetails    = "GET /v2/pam/credentials/{id}"
)

// itemGETs are the single-item GET routes, which checkItemGETs holds to the mock's routes: a
// renamed route would otherwise count no read at all.
var itemGETs = []string{getPassword, getAPISecret, getNote, getDevice, getCredential, getDetails}

func checkItemGETs() error {
	routes := map[string]bool{}
	for _, r := range senhaseguramock.Routes() {
		routes[r] = true
	}
	for _, r := range itemGETs {
		if !routes[r] {
			return fmt.Errorf("the mock has no route %q to count reads of unmanaged items on; its routes: %s", r, strings.Join(senhaseguramock.Routes(), ", "))
		}
	}
	return nil
}

// mysafeKinds are the MySafe kinds a vault holds, with the route that reads one item.
var mysafeKinds = []struct {
	kind senhaseguramock.Kind
	get  string
}{{senhaseguramock.KindPassword, getPassword}, {senhaseguramock.KindAPISecret, getAPISecret}, {senhaseguramock.KindNote, getNote}}

// seedWorkers is how many POSTs the seeder has in flight.
const seedWorkers = 16

// seeder fills the mock's vault through its API, as a client would: concurrent POSTs with the
// mock's default access key (the provider's), whose user then owns and sees every seeded item.
// It keeps, by single-item GET route, every path id that names a seeded item: its id, and for
// PAM Core the other keys a path may carry (a device's hostname; a credential's identifier and
// username@hostname).
type seeder struct {
	mock    *mockServer
	client  *http.Client
	mysafe  int // items of each MySafe kind seeded
	devices []pamSeedDevice
	creds   int

	mu     sync.Mutex
	seeded map[string]map[string]bool // route → path ids of seeded items
}

type pamSeedDevice struct{ hostname, ip string }

func newSeeder(mock *mockServer) *seeder {
	tr := &http.Transport{MaxIdleConns: seedWorkers, MaxIdleConnsPerHost: seedWorkers, IdleConnTimeout: time.Minute}
	s := &seeder{mock: mock, client: &http.Client{Transport: tr, Timeout: 5 * time.Minute}, seeded: map[string]map[string]bool{}}
	for _, r := range itemGETs {
		s.seeded[r] = map[string]bool{}
	}
	return s
}

// note records path ids that name one seeded item on route.
func (s *seeder) note(route string, ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.seeded[route][id] = true
	}
}

// seedMySafe grows every MySafe kind to n items.
func (s *seeder) seedMySafe(ctx context.Context, n int) error {
	if n <= s.mysafe {
		return nil
	}
	token, err := s.token(ctx)
	if err != nil {
		return err
	}
	for _, k := range mysafeKinds {
		err := parallel(ctx, s.mysafe, n, func(i int) error {
			id, err := s.post(ctx, token, "/mysafe/"+string(k.kind), mysafeItem(k.kind, i), "identifier")
			if err == nil {
				s.note(k.get, id)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("seeding MySafe %s: %w", k.kind, err)
		}
	}
	s.mysafe = n
	return nil
}

// seedPAM grows PAM Core to n credentials, on a tenth as many devices.
func (s *seeder) seedPAM(ctx context.Context, n int) error {
	if n <= s.creds {
		return nil
	}
	token, err := s.token(ctx)
	if err != nil {
		return err
	}
	from := len(s.devices)
	for i := from; i < pamDevices(n); i++ {
		s.devices = append(s.devices, pamSeedDevice{hostname: fmt.Sprintf("vault-%06d.corp.example.com", i), ip: fmt.Sprintf("10.%d.%d.%d", 100+i/65536, i/256%256, i%256)})
	}
	err = parallel(ctx, from, len(s.devices), func(i int) error {
		d := s.devices[i]
		id, err := s.post(ctx, token, "/pam/device", pamSeedDeviceBody(i, d), "id")
		if err == nil {
			s.note(getDevice, id, d.hostname)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("seeding PAM Core devices: %w", err)
	}
	err = parallel(ctx, s.creds, n, func(i int) error {
		d := s.devices[i/credentialsPerDevice]
		identifier, username := fmt.Sprintf("vault-cred-%07d", i), fmt.Sprintf("svc-account-%d", i%credentialsPerDevice)
		id, err := s.post(ctx, token, "/pam/credential", pamSeedCredentialBody(i, d, identifier, username), "id")
		if err == nil {
			s.note(getCredential, id, identifier, username+"@"+d.hostname)
			s.note(getDetails, id, identifier)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("seeding PAM Core credentials: %w", err)
	}
	s.creds = n
	return nil
}

// secretOf is a value that looks random and is the same on every run.
func secretOf(kind string, i int) string {
	sum := sha256.Sum256([]byte(kind + strconv.Itoa(i)))
	return hex.EncodeToString(sum[:16])
}

// pick is one of choices, in turn by i.
func pick(i int, choices ...string) string { return choices[i%len(choices)] }

// mysafeItem is the body of the i-th seeded item of a MySafe kind: the fields a real one has.
func mysafeItem(kind senhaseguramock.Kind, i int) map[string]any {
	switch kind {
	case senhaseguramock.KindPassword:
		return map[string]any{
			"name": fmt.Sprintf("vault password %06d", i), "username": fmt.Sprintf("svc-%06d", i),
			"password": "Pw-" + secretOf("password", i), "url": fmt.Sprintf("https://app%06d.corp.example.com/login", i),
			"tags": "seeded, " + pick(i, "finance", "hr", "ops", "sales"), "notes": "Seeded by make bench: an item no configuration manages.",
		}
	case senhaseguramock.KindAPISecret:
		return map[string]any{
			"name": fmt.Sprintf("vault api secret %06d", i), "url": fmt.Sprintf("https://api%06d.corp.example.com/v1", i),
			"client_id": "client-" + secretOf("client", i)[:12], "client_secret": secretOf("api secret", i) + secretOf("api secret 2", i),
			"identifier_code": fmt.Sprintf("vault-api-%06d", i), "method": pick(i, "get", "post"),
			"tags": "seeded, " + pick(i, "cloud", "payments", "crm"), "notes": "Seeded by make bench.",
		}
	default:
		return map[string]any{
			"name": fmt.Sprintf("vault note %06d", i),
			"note": strings.Repeat("recovery code "+secretOf("note", i)[:10]+"\n", 8),
			"tags": "seeded, " + pick(i, "mfa", "recovery", "licenses"),
		}
	}
}

func pamSeedDeviceBody(i int, d pamSeedDevice) map[string]any {
	return map[string]any{
		"hostname": d.hostname, "ip": d.ip, "type": pick(i, "Server", "Database", "Network"),
		"vendor": pick(i, "Canonical", "Microsoft", "Cisco"), "model": pick(i, "Ubuntu 22.04", "Windows Server 2022", "IOS XE"),
		"site": pick(i, "LAX", "GRU", "FRA"), "connectivities": "SSH:22, HTTPS:443", "device_tags": "seeded, " + pick(i, "prod", "staging"),
	}
}

func pamSeedCredentialBody(i int, d pamSeedDevice, identifier, username string) map[string]any {
	return map[string]any{
		"identifier": identifier, "hostname": d.hostname, "ip": d.ip,
		"username": username, "content": "Pw-" + secretOf("credential", i),
		"credential_type": pick(i, "Local User", "Local administrator"), "tags": "seeded, " + pick(i, "prod", "payments"),
		"additional":          "Seeded by make bench: a credential no configuration manages.",
		"additional_settings": map[string]any{"criticality": pick(i, "low", "medium", "high")},
		"execution_settings":  map[string]any{"automatic_change": false},
	}
}

// token is an access token of the mock's default access key.
func (s *seeder) token(ctx context.Context) (string, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {senhaseguramock.DefaultClientID}, "client_secret": {senhaseguramock.DefaultClientSecret}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.mock.url+"/iso/oauth2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	if err := s.do(req, &answer); err != nil {
		return "", err
	}
	if answer.AccessToken == "" {
		return "", errors.New("the token answer has no access_token")
	}
	return answer.AccessToken, nil
}

// post creates an item (a JSON POST to /iso + path) and returns its id: the idKey of the one
// object the answer carries beside "code" and "response".
func (s *seeder) post(ctx context.Context, token, path string, body map[string]any, idKey string) (string, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.mock.url+"/iso"+path, bytes.NewReader(raw))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	var answer map[string]json.RawMessage
	if err := s.do(req, &answer); err != nil {
		return "", err
	}
	for k, v := range answer {
		var entity map[string]any
		if k == "code" || k == "response" || json.Unmarshal(v, &entity) != nil {
			continue
		}
		if id, ok := entity[idKey].(string); ok && id != "" {
			return id, nil
		}
	}
	return "", fmt.Errorf("POST %s: no %q in the answer", path, idKey)
}

// get reads one item (GET /iso + path) as a client would, and discards it.
func (s *seeder) get(ctx context.Context, path string) error {
	token, err := s.token(ctx)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.mock.url+"/iso"+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	var answer map[string]json.RawMessage
	return s.do(req, &answer)
}

// do sends req and decodes a 2xx answer into v.
func (s *seeder) do(req *http.Request, v any) error {
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: HTTP %d: %s", req.Method, req.URL.Path, resp.StatusCode, b)
	}
	return json.Unmarshal(b, v)
}

// parallel runs fn(i) for i in [from, to) on seedWorkers goroutines; the first error stops it.
func parallel(ctx context.Context, from, to int, fn func(i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range seedWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					cancel(err)
				}
			}
		}()
	}
	for i := from; i < to && ctx.Err() == nil; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}
