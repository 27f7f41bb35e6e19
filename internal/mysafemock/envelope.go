package mysafemock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// The envelope every API family answers in (MySafe's quirks Q1, Q2), and the gateway's own
// answers (quirk Q12).

// orderedObject marshals as a JSON object whose keys keep their order, so that responses
// look like the vendor documentation's examples.
type orderedObject []kv

type kv struct {
	k string
	v any
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (s *Server) responseBlock(status int, msg string, isErr bool) orderedObject {
	code := 0
	if isErr {
		code = 1
	}
	o := orderedObject{
		{"status", status}, {"message", msg}, {"error", isErr}, {"error_code", code}, {"detail", ""},
	}
	if s.quirks.CapitalMessage {
		o = append(o, kv{"Message", msg})
	} else {
		o = append(o, kv{"mensagem", msg})
	}
	return append(o, kv{"erro", isErr}, kv{"cod_erro", code})
}

func (s *Server) writeOK(w http.ResponseWriter, status int, msg, key string, entity any) {
	o := orderedObject{}
	if !s.quirks.OmitCode {
		o = append(o, kv{"code", status})
	}
	o = append(o, kv{"response", s.responseBlock(status, msg, false)})
	if key != "" {
		o = append(o, kv{key, entity})
	}
	writeJSON(w, status, o)
}

// writeAppError writes a MySafe application error: HTTP 400 with the numeric code in
// exception.code and the "NNNN: text" message (quirks Q1, Q2).
func (s *Server) writeAppError(w http.ResponseWriter, msg string) {
	code, _ := strconv.Atoi(strings.SplitN(msg, ":", 2)[0])
	o := orderedObject{}
	if !s.quirks.OmitCode {
		o = append(o, kv{"code", http.StatusBadRequest})
	}
	o = append(o,
		kv{"response", s.responseBlock(http.StatusBadRequest, msg, true)},
		kv{"exception", orderedObject{{"code", code}, {"message", msg}, {"detail", nil}}},
	)
	writeJSON(w, http.StatusBadRequest, o)
}

func writeKong(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// discardWriter swallows the real answer when a fault replaces it.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// writeUnexpected answers 500 "Unexpected error.", as the server does when a request breaks
// it (malformed JSON, an unknown credential owner).
func (s *Server) writeUnexpected(w http.ResponseWriter) {
	const status, msg = http.StatusInternalServerError, MsgUnexpected
	o := orderedObject{}
	if !s.quirks.OmitCode {
		o = append(o, kv{"code", status})
	}
	o = append(o, kv{"response", s.responseBlock(status, msg, true)})
	writeJSON(w, status, o)
}
