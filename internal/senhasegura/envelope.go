package senhasegura

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// This file is where the answers of every API family start: the envelope {"code",
// "response": {...}, "exception": {...}, "<entity key>": ...} that MySafe and PAM Core share,
// the gateway's own answers, and the scalar types whose JSON form the examples do not agree on.

// FlexString decodes a JSON string, number, boolean or null into a string (identifiers come
// as digit strings in some examples and as numbers in others).
type FlexString string

func (f *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = FlexString(s)
	case len(b) > 0 && (b[0] == '{' || b[0] == '['):
		return fmt.Errorf("expected a scalar, got %c", b[0])
	default:
		*f = FlexString(b)
	}
	return nil
}

// FlexBool decodes true/false, "1"/"0", "true"/"false", 1/0 and null.
type FlexBool bool

func (f *FlexBool) UnmarshalJSON(b []byte) error {
	var s FlexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(string(s))) {
	case "true", "1", "yes":
		*f = true
	default:
		*f = false
	}
	return nil
}

// Envelope is a decoded answer: the top-level keys, kept raw so that callers pick their
// entity key (or one of its aliases).
type Envelope map[string]json.RawMessage

// Entity decodes the first present key of keys into v. It fails with ErrInvalidResponse when
// none is present or the value has the wrong shape.
func (e Envelope) Entity(op string, status int, v any, keys ...string) error {
	for _, k := range keys {
		raw, ok := e[k]
		if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		if err := json.Unmarshal(raw, v); err != nil {
			return &Error{Op: op, StatusCode: status, Message: fmt.Sprintf("the %q object of the answer has an unexpected shape", k)}
		}
		return nil
	}
	return &Error{Op: op, StatusCode: status, Message: fmt.Sprintf("the answer has no %q object", keys[0])}
}

type wireResponse struct {
	Status    FlexString `json:"status"`
	Message   FlexString `json:"message"`
	MessageUC FlexString `json:"Message"`
	Mensagem  FlexString `json:"mensagem"`
	Error     FlexBool   `json:"error"`
	Erro      FlexBool   `json:"erro"`
}

type wireException struct {
	Code    FlexString `json:"code"`
	Message FlexString `json:"message"`
}

// HasResponse reports whether the answer carried a response block (a list answer whose
// entity key is missing is then an empty list).
func (e Envelope) HasResponse() bool {
	_, ok := e["response"]
	return ok
}

// DecodeEnvelope turns an HTTP answer of an API of family fam into an Envelope, or into an
// *Error for any failure: a non-2xx status, response.error set, an exception block, a gateway
// message, or a body that is not a JSON object; the family's code table classifies the
// application code. The body itself never goes into the error text: it may hold secrets.
func DecodeEnvelope(op string, status int, body []byte, fam *Family) (Envelope, error) {
	var env Envelope
	if err := json.Unmarshal(body, &env); err != nil || env == nil {
		msg := notJSON(body)
		if status >= 200 && status < 300 {
			return nil, &Error{Op: op, StatusCode: status, Message: msg}
		}
		if isHTML(body) {
			return nil, &Error{Op: op, StatusCode: status, Message: statusMessage(status) + "; " + msg}
		}
		return nil, &Error{Op: op, StatusCode: status, Message: statusMessage(status)}
	}

	var resp wireResponse
	hasResp := false
	if raw, ok := env["response"]; ok {
		hasResp = json.Unmarshal(raw, &resp) == nil
	}
	var exc wireException
	hasExc := false
	if raw, ok := env["exception"]; ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		hasExc = json.Unmarshal(raw, &exc) == nil
	}

	// An exception block with code 0 (or none) on a 2xx answer that says no error is no failure.
	excCode := strings.TrimSpace(string(exc.Code))
	failed := status < 200 || status >= 300 || bool(resp.Error) || bool(resp.Erro) || hasExc && excCode != "" && excCode != "0"
	if !failed {
		return env, nil
	}

	e := &Error{Op: op, StatusCode: status, API: fam.name()}
	msg := firstNonEmpty(string(exc.Message), string(resp.Message), string(resp.Mensagem), string(resp.MessageUC))
	if !hasResp && !hasExc {
		// A gateway (Kong) answer: {"message": "..."} without the envelope; OAuth2
		// answers use {"error": "...", "error_description": "..."}.
		var kong struct {
			Message   FlexString `json:"message"`
			Error     FlexString `json:"error"`
			ErrorDesc FlexString `json:"error_description"`
		}
		_ = json.Unmarshal(body, &kong)
		msg = firstNonEmpty(string(kong.Message), joinNonEmpty(string(kong.Error), string(kong.ErrorDesc)))
	}
	if c, err := strconv.Atoi(strings.TrimSpace(string(exc.Code))); err == nil && c != 0 {
		e.Code = c
	}
	if code, rest, ok := splitCode(msg); ok {
		if e.Code == 0 {
			e.Code = code
		}
		msg = rest
	}
	if msg == "" {
		msg = statusMessage(status)
	}
	e.Message = Clean(msg)
	e.classes = fam.classes(e.Code, e.Message)
	if e.StatusCode >= 200 && e.StatusCode < 300 && e.Code == 0 {
		// response.error set on a 2xx answer without any code: report it as a server error.
		e.StatusCode = http.StatusInternalServerError
	}
	return nil, e
}

// notJSON describes an answer that is not a JSON object: empty, an HTML page (a proxy's or a
// maintenance page, named by its title), or something else, with its true size.
func notJSON(body []byte) string {
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return "the answer has an empty body"
	case isHTML(body):
		title := ""
		if m := htmlTitle.FindSubmatch(body); m != nil {
			title = Clean(html.UnescapeString(string(m[1])))
		}
		if title != "" {
			return fmt.Sprintf("the answer is an HTML page titled %q, not JSON: a proxy or maintenance page is likely "+
				"(something in front of senhasegura answered instead of it)", title)
		}
		return "the answer is an HTML page, not JSON: a proxy or maintenance page is likely (something in front of " +
			"senhasegura answered instead of it)"
	}
	return fmt.Sprintf("the answer is not a JSON object (%s)", byteSize(int64(len(body))))
}

var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// isHTML reports whether body looks like an HTML document.
func isHTML(body []byte) bool {
	t := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), 512)]))
	return bytes.HasPrefix(t, []byte("<!doctype html")) || bytes.HasPrefix(t, []byte("<html")) ||
		bytes.HasPrefix(t, []byte("<head")) || bytes.HasPrefix(t, []byte("<body")) || bytes.Contains(t, []byte("<title"))
}

// splitCode splits "1005: Password not found" into 1005 and "Password not found".
func splitCode(msg string) (int, string, bool) {
	head, rest, ok := strings.Cut(msg, ":")
	if !ok {
		return 0, msg, false
	}
	code, err := strconv.Atoi(strings.TrimSpace(head))
	if err != nil || code < 1000 || code > 9999 {
		return 0, msg, false
	}
	return code, strings.TrimSpace(rest), true
}

func statusMessage(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "unexpected answer"
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + ": " + b
}
