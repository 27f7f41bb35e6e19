package senhaseguramock

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The Secret Management calls (reference/dsm-api.md §4): the upsert, the caller's list and one secret,
// and the secret item every read writes. Where the reference leaves a question open, the
// comment says which answer the mock gives and which DSMQuirks switch gives the other.

// dsmOutField is a field of a credential or access key as the reads write it: the request
// name, the key it is written under when no label renames it, and whether it is sensitive
// (encrypted even with DSMQuirks.EncryptOnlySensitive).
type dsmOutField struct {
	field, key string
	sensitive  bool
}

// A credential's map in a read: hostname, username, password, additional_information, keyed
// by their labels when sent (reference/dsm-api.md §4.3); an access key's: access_key_id,
// secret_access_key, then TTL (null).
var (
	dsmCredentialOut = []dsmOutField{
		{"host", "hostname", false}, {"user", "username", false}, {"password", "password", true},
		{"additional_information", "additional_information", false},
	}
	dsmAccessKeyOut = []dsmOutField{{"access_key_id", "access_key_id", false}, {"secret_access_key", "secret_access_key", true}}
)

// dsmSensitiveExtra are the other fields encrypted as sensitive (an SSH key's private_key).
var dsmSensitiveExtra = map[string]bool{"private_key": true}

// dsmValue is a value as reader reads it: encrypted when reader has encryption and the value is
// sensitive, or a key/value value (unless DSMQuirks.EncryptOnlySensitive). The caller holds s.mu.
func (s *Server) dsmValue(reader *dsmAuthorization, v string, sensitive, keyValue bool) string {
	encrypted := sensitive || keyValue && !s.dsm.quirks.EncryptOnlySensitive
	if !reader.encryption || !encrypted {
		return v
	}
	if reader.key == nil {
		reader.key = newDSMKey()
	}
	return s.dsm.encrypt(reader, v)
}

// dsmFieldsMap is a credential's or access key's fields as a read writes them: the known
// fields first, under their labels or their keys, then any other field but the labels, by
// name.
func (s *Server) dsmFieldsMap(reader *dsmAuthorization, fields map[string]string, known []dsmOutField) orderedObject {
	o := orderedObject{}
	done := map[string]bool{}
	for _, f := range known {
		v, ok := fields[f.field]
		done[f.field], done[f.field+"_label"] = true, true
		if !ok {
			continue
		}
		key := f.key
		if label := fields[f.field+"_label"]; label != "" {
			key = label
		}
		o = append(o, kv{key, s.dsmValue(reader, v, f.sensitive, false)})
	}
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if done[k] || strings.HasSuffix(k, "_label") {
			continue
		}
		o = append(o, kv{k, s.dsmValue(reader, fields[k], dsmSensitiveExtra[k], false)})
	}
	return o
}

// dsmSecretItem is a secret as the reads write it (reference/dsm-api.md §4.3): secret_id, secret_name,
// identity, version (strings), expiration_date, engine, description, and data, an array of flat
// maps: one per credential, one per access key, then one with the key/value pairs (by key;
// none when there are none). An expired secret (listed with DSMQuirks.ListExpired) has no data
// left. Values are encrypted for reader when it has encryption. The caller holds s.mu.
func (s *Server) dsmSecretItem(sec *dsmSecret, reader *dsmAuthorization) orderedObject {
	data := []orderedObject{}
	if sec.active {
		for _, c := range sec.doc.credentials {
			data = append(data, s.dsmFieldsMap(reader, c, dsmCredentialOut))
		}
		for _, k := range sec.doc.accessKeys {
			data = append(data, append(s.dsmFieldsMap(reader, k.fields, dsmAccessKeyOut), kv{"TTL", nil}))
		}
		if len(sec.doc.keyValue) > 0 {
			o := orderedObject{}
			for _, k := range slices.Sorted(maps.Keys(sec.doc.keyValue)) {
				o = append(o, kv{k, s.dsmValue(reader, sec.doc.keyValue[k], false, true)})
			}
			data = append(data, o)
		}
	}
	return orderedObject{
		{"secret_id", strconv.Itoa(sec.id)}, {"secret_name", sec.name}, {"identity", sec.identity},
		{"version", strconv.Itoa(sec.version)}, {"expiration_date", sec.expiration}, {"engine", sec.engine},
		{"description", sec.description}, {"data", data},
	}
}

// dsmSecretInput is what a POST /iso/sctm/secret sets, checked.
type dsmSecretInput struct {
	p          dsmParams
	identity   string
	doc        dsmDocument
	sent       map[string]bool // the sections of the data document
	expiration string
	renew      map[string]int // the renew_* fields sent
}

// parseDSMSecret reads and checks a POST /iso/sctm/secret: identity and data are required,
// data is base64 of the documented JSON, engine is registered, expiration_date is a date
// (DSMQuirks.ISODates: ISO 8601 too), each renew_* is at least 10 minutes. It returns the
// answer's message when something is wrong.
func (s *Server) parseDSMSecret(r *http.Request) (dsmSecretInput, string) {
	p, ok := parseDSMParams(r)
	if !ok {
		return dsmSecretInput{}, dsmMsgBadBody
	}
	in := dsmSecretInput{p: p, identity: p.str("identity"), renew: map[string]int{}}
	if strings.TrimSpace(in.identity) == "" {
		return in, dsmMsgNoIdentity
	}
	if !p.has("data") {
		return in, dsmMsgNoData
	}
	var err error
	if in.doc, in.sent, err = decodeDSMData(p.str("data")); err != nil {
		return in, dsmMsgBadData
	}
	s.mu.Lock()
	known := s.dsm.engines[p.str("engine")]
	s.mu.Unlock()
	if p.has("engine") && !known {
		return in, dsmMsgBadEngine
	}
	if p.has("expiration_date") {
		if in.expiration, ok = parseDSMDate(p.str("expiration_date"), s.dsmQuirks().ISODates); !ok {
			return in, dsmMsgBadDate
		}
	}
	for _, f := range dsmRenewFields {
		if !p.has(f) {
			continue
		}
		n, err := strconv.Atoi(p.str(f))
		if err != nil || n < dsmRenewMinimum {
			return in, fmt.Sprintf(dsmMsgBadRenew, f, dsmRenewMinimum)
		}
		in.renew[f] = n
	}
	return in, ""
}

// dsmPostSecret is POST /iso/sctm/secret, create or update by identity (reference/dsm-api.md §4.1). A new
// secret belongs to the caller's application and is linked to the caller; its name defaults to
// its identity, its engine to Generic, its version is 1. An update by another authorization
// takes the secret over: it is linked to that one too. An update replaces the whole data
// document (DSMQuirks.MergeOnUpdate merges the key/value fields); an omitted name,
// description, engine or expiration_date keeps its value, an omitted renew_* too
// (DSMQuirks.RenewOmittedDisables disables it); the version grows when something changed
// (DSMQuirks.VersionEveryPost: on every POST). An update of an expired secret leaves it
// inactive (DSMQuirks.ReviveExpired activates it); an expiration_date that has passed
// expires the secret at once. The answer is 201 "Secret created successfully." or "Secret
// updated successfully." (DSMQuirks.UpdateStatus200: 200) with the caller's application and
// the secrets it lists. DSMQuirks.KeepNameEngine makes an update keep the name and engine.
func (s *Server) dsmPostSecret(w http.ResponseWriter, r *http.Request, a *dsmAuthorization) {
	in, msg := s.parseDSMSecret(r)
	if msg != "" {
		s.dsmError(w, http.StatusBadRequest, dsmErrorCodeInvalid, msg)
		return
	}
	q := s.dsmQuirks()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	sec := s.dsm.secrets[in.identity]
	status, msg := http.StatusCreated, "Secret created successfully."
	if sec == nil {
		sec = &dsmSecret{identity: in.identity, name: in.identity, engine: "Generic", version: 1, active: true, renew: map[string]int{}, postedBy: a}
		s.dsm.addSecret(sec)
		s.applyDSMSecret(sec, in, false)
	} else {
		msg = "Secret updated successfully."
		if q.UpdateStatus200 {
			status = http.StatusOK
		}
		before := *sec
		before.doc, before.renew = sec.doc.clone(), maps.Clone(sec.renew)
		if !s.dsm.expireIfDue(sec, now) && q.ReviveExpired {
			sec.active = true
		}
		s.applyDSMSecret(sec, in, q.MergeOnUpdate)
		if q.KeepNameEngine {
			sec.name, sec.engine = before.name, before.engine
		}
		if !q.RenewOmittedDisables {
			for f, n := range before.renew {
				if _, sent := in.renew[f]; !sent {
					sec.renew[f] = n
				}
			}
		}
		changed := sec.name != before.name || sec.description != before.description || sec.engine != before.engine ||
			sec.expiration != before.expiration || sec.active != before.active || !sec.doc.equal(before.doc) || !maps.Equal(sec.renew, before.renew)
		if changed || q.VersionEveryPost {
			sec.version++
		}
		a.secrets[sec.id] = true
	}
	s.dsm.expireIfDue(sec, now)
	s.writeOK(w, status, msg, "application", s.dsmApplicationEntity(a, now))
}

// applyDSMSecret sets what a POST sends on sec: the fields sent, the data document (merged
// into the key/value fields with merge) and the renew_* sent (the others are dropped). The
// caller holds s.mu.
func (s *Server) applyDSMSecret(sec *dsmSecret, in dsmSecretInput, merge bool) {
	p := in.p
	if name := p.str("name"); name != "" {
		sec.name = name
	}
	if p.has("description") {
		sec.description = p.str("description")
	}
	if p.has("engine") {
		sec.engine = p.str("engine")
	}
	if p.has("expiration_date") {
		sec.expiration = in.expiration
	}
	if merge {
		if in.sent["key_value"] {
			if sec.doc.keyValue == nil {
				sec.doc.keyValue = map[string]string{}
			}
			maps.Copy(sec.doc.keyValue, in.doc.keyValue)
		}
		if in.sent["credentials"] {
			sec.doc.credentials = in.doc.credentials
		}
		if in.sent["access_keys"] {
			sec.doc.accessKeys = in.doc.accessKeys
		}
	} else {
		sec.doc = in.doc
	}
	sec.renew = maps.Clone(in.renew)
}

// dsmListSecrets is GET /iso/sctm/secret (reference/dsm-api.md §4.4): the secrets linked to the caller,
// by id, expired ones left out (DSMQuirks.ListExpired keeps them).
func (s *Server) dsmListSecrets(w http.ResponseWriter, a *dsmAuthorization) {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []orderedObject{}
	for _, sec := range s.dsm.readableBy(a, s.now()) {
		items = append(items, s.dsmSecretItem(sec, a))
	}
	s.writeOK(w, http.StatusOK, fmt.Sprintf("%d secrets found", len(items)), "secrets", items)
}

// dsmGetSecret is GET /iso/sctm/secret/{identity} (reference/dsm-api.md §4.5): one secret linked to the
// caller, as the list writes it, under "secret". An identity with "/" (raw or %2F) is taken
// (DSMQuirks.NoSlashInPath: the gateway's 404). A secret that does not exist, is not the
// caller's or has expired (DSMQuirks.ListExpired: shown) answers 404 "Secret not found".
func (s *Server) dsmGetSecret(w http.ResponseWriter, _ *http.Request, a *dsmAuthorization, identity string) {
	if s.dsmQuirks().NoSlashInPath && strings.Contains(identity, "/") {
		writeKong(w, http.StatusNotFound, MsgNoRoute)
		return
	}
	s.mu.Lock()
	sec := s.dsm.secrets[identity]
	if sec == nil || !a.secrets[sec.id] || !s.dsm.visible(sec, s.now()) {
		s.mu.Unlock()
		s.dsmError(w, http.StatusNotFound, dsmErrorCodeNotFound, dsmMsgSecretNotFound)
		return
	}
	item := s.dsmSecretItem(sec, a)
	s.mu.Unlock()
	s.writeOK(w, http.StatusOK, "Secret "+strconv.Itoa(sec.id), "secret", item)
}
