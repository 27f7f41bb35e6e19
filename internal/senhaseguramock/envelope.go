package senhaseguramock

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The envelope every API family answers in (MySafe's quirks Q1, Q2), and the gateway's own
// answers (quirk Q12).

// envelopeStyle is the shape of the envelope of every family's answers, as a family's options
// set it (MySafe's Quirks.OmitCode and Quirks.CapitalMessage).
type envelopeStyle struct {
	// omitCode leaves out the top-level "code" key.
	omitCode bool
	// capitalMessage spells "Message" instead of "mensagem".
	capitalMessage bool
}

// orderedObject marshals as a JSON object whose keys keep their order, so that responses
// look like the vendor documentation's examples.
type orderedObject []kv

type kv struct {
	k string
	v any
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	return appendJSON(nil, o)
}

// appendJSON appends the JSON encoding of v to b, byte for byte what encoding/json writes
// (HTML-safe string escaping included), without its reflection for the values the answers
// are made of: strings, integers, booleans, null, ordered objects and lists of them. Other
// values go through encoding/json.
func appendJSON(b []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case json.RawMessage:
		return append(b, x...), nil
	case orderedObject:
		b = append(b, '{')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, e.k)
			b = append(b, ':')
			if b, err = appendJSON(b, e.v); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []orderedObject:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case []string:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, e)
		}
		return append(b, ']'), nil
	case []any:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, raw...), nil
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string exactly as encoding/json does: <, > and & as
// \u003c, \u003e and \u0026, control characters escaped, invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func (s *Server) responseBlock(status int, msg string, isErr bool) orderedObject {
	code := 0
	if isErr {
		code = 1
	}
	return s.responseBlockCode(status, msg, isErr, code)
}

// responseBlockCode is the "response" block with an error_code of the caller's choice.
func (s *Server) responseBlockCode(status int, msg string, isErr bool, code int) orderedObject {
	o := orderedObject{
		{"status", status}, {"message", msg}, {"error", isErr}, {"error_code", code}, {"detail", ""},
	}
	if s.style.capitalMessage {
		o = append(o, kv{"Message", msg})
	} else {
		o = append(o, kv{"mensagem", msg})
	}
	return append(o, kv{"erro", isErr}, kv{"cod_erro", code})
}

// envelope is the envelope of an answer without its entity: "code" (unless the style omits
// it) and "response".
func (s *Server) envelope(status int, msg string, isErr bool) orderedObject {
	code := 0
	if isErr {
		code = 1
	}
	return s.envelopeCode(status, msg, isErr, code)
}

// envelopeCode is envelope with an error_code of the caller's choice.
func (s *Server) envelopeCode(status int, msg string, isErr bool, code int) orderedObject {
	o := make(orderedObject, 0, 3)
	if !s.style.omitCode {
		o = append(o, kv{"code", status})
	}
	return append(o, kv{"response", s.responseBlockCode(status, msg, isErr, code)})
}

func (s *Server) writeOK(w http.ResponseWriter, status int, msg, key string, entity any) {
	o := s.envelope(status, msg, false)
	if key != "" {
		o = append(o, kv{key, entity})
	}
	writeJSON(w, status, o)
}

// listBuffers are the buffers the lists encode their items into (newListBuffer), reused so
// that a list of 100,000 credentials (about 40 MB) neither grows a buffer from nothing nor
// makes the garbage collector scan the whole vault for every list.
var listBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64*1024); return &b }}

// newListBuffer is an empty buffer for the items of a list of about n items of about size
// bytes each, to give back with writeOKList.
func newListBuffer(n, size int) *[]byte {
	b, _ := listBuffers.Get().(*[]byte)
	if b == nil {
		b = new([]byte)
	}
	if want := n * size; cap(*b) < want {
		*b = make([]byte, 0, want+want/4)
	}
	*b = (*b)[:0]
	return b
}

// writeOKList writes a success envelope whose entity, under key, is the JSON array encoded in
// items (the lists encode their items straight into it, which is most of their cost at tens
// of thousands of items), and gives the buffer back.
func (s *Server) writeOKList(w http.ResponseWriter, status int, msg, key string, buf *[]byte) {
	defer func() {
		if cap(*buf) <= 512<<20 {
			listBuffers.Put(buf)
		}
	}()
	items := *buf
	head, err := appendJSON(make([]byte, 0, 256), s.envelope(status, msg, false))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	head = appendJSONString(append(head[:len(head)-1], ','), key)
	head = append(head, ':')
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(head)+len(items)+1))
	w.WriteHeader(status)
	_, _ = w.Write(head)
	_, _ = w.Write(items)
	_, _ = w.Write([]byte{'}'})
}

// writeAppError writes a MySafe application error: HTTP 400 with the numeric code in
// exception.code and the "NNNN: text" message (quirks Q1, Q2).
func (s *Server) writeAppError(w http.ResponseWriter, msg string) {
	code, _ := strconv.Atoi(strings.SplitN(msg, ":", 2)[0])
	s.writeErrorEnvelope(w, http.StatusBadRequest, code, msg)
}

// writeErrorEnvelope writes an application error of any status: the envelope with the
// exception block.
func (s *Server) writeErrorEnvelope(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, s.errorBody(status, 1, code, msg))
}

// errorBody is the body of an application error: the envelope (with errorCode in the
// response block) and the exception block (with code).
func (s *Server) errorBody(status, errorCode, code int, msg string) orderedObject {
	return append(s.envelopeCode(status, msg, true, errorCode),
		kv{"exception", orderedObject{{"code", code}, {"message", msg}, {"detail", nil}}},
	)
}

func writeKong(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var body []byte
	var err error
	if o, ok := v.(orderedObject); ok {
		body, err = appendJSON(nil, o)
	} else {
		body, err = json.Marshal(v)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body) //nolint:gosec // G705: JSON served as application/json, its strings HTML-escaped (<, >, & as \u003c...).
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
	writeJSON(w, status, s.envelope(status, msg, true))
}
