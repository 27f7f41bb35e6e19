package senhasegura

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text that comes from the server (an error message, a gateway's answer, an OAuth2 error
// description) is untrusted: a server or proxy may echo the request it got, a write-only
// password or the token request's client secret among it, and may send escape sequences that
// a terminal would obey. Every *Error the client returns carries such text only after Clean:
// control characters made visible, the length bounded, and every secret the client knows
// replaced by "***" — its own client secrets and tokens, and the values the caller put on the
// call's context with WithSecrets (the provider puts there every secret and write-only value of
// the operation).

// maxServerText bounds the server text kept in an error, in runes.
const maxServerText = 500

// redacted replaces a secret in text.
const redacted = "***"

type secretsKey struct{}

// WithSecrets returns ctx carrying values that no error of a call made with it may show
// (passwords, write-only values, client secrets): they are replaced by "***" in the server
// text an error carries. Values accumulate over nested calls; empty ones are ignored.
func WithSecrets(ctx context.Context, values ...string) context.Context {
	var add []string
	for _, v := range values {
		if v != "" {
			add = append(add, v)
		}
	}
	if len(add) == 0 {
		return ctx
	}
	prev, _ := ctx.Value(secretsKey{}).([]string)
	all := make([]string, 0, len(prev)+len(add))
	all = append(append(all, prev...), add...)
	return context.WithValue(ctx, secretsKey{}, all)
}

// secretsOf are the values WithSecrets put on ctx.
func secretsOf(ctx context.Context) []string {
	if ctx == nil {
		return nil
	}
	s, _ := ctx.Value(secretsKey{}).([]string)
	return s
}

// Clean makes text from a server safe to show in a terminal and a log: every secret (and its
// URL-encoded and JSON-escaped forms) replaced by "***", control and bidirectional-formatting
// characters written as \u escapes, white space runs folded to one space, and at most
// maxServerText runes kept.
func Clean(text string, secrets ...string) string {
	text = redact(text, secrets)
	var b strings.Builder
	n, space := 0, false
	for _, r := range text {
		if n >= maxServerText {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == ' ' || unicode.IsSpace(r) && !unicode.IsControl(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				n++
			}
			space = true
			continue
		case r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || unicode.Is(unicode.Cf, r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		space = false
		n++
	}
	return strings.TrimRight(b.String(), " ")
}

// Scrub is Clean with the secrets ctx carries (WithSecrets): for server text that reaches a
// message outside an *Error (a list of failed shares, say).
func Scrub(ctx context.Context, text string) string { return Clean(text, secretsOf(ctx)...) }

// Redact replaces the secrets ctx carries (WithSecrets) in text, which is otherwise left as it
// is: the last pass over a message before it is shown.
func Redact(ctx context.Context, text string) string { return redact(text, secretsOf(ctx)) }

// redact replaces every secret in text, longest first, in its plain, URL-encoded and
// JSON-escaped forms.
func redact(text string, secrets []string) string {
	if len(secrets) == 0 || text == "" {
		return text
	}
	forms := make([]string, 0, 3*len(secrets))
	for _, s := range secrets {
		if s == "" {
			continue
		}
		forms = append(forms, s, url.QueryEscape(s), url.PathEscape(s))
		if j, err := json.Marshal(s); err == nil && len(j) >= 2 {
			forms = append(forms, string(j[1:len(j)-1]))
		}
	}
	sort.Slice(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	for _, f := range forms {
		if f != "" {
			text = strings.ReplaceAll(text, f, redacted)
		}
	}
	return text
}

// redact replaces, in the error's message (whose server text DecodeEnvelope already cleaned),
// the secrets of ctx and those given, before the error leaves the client.
func (e *Error) redact(ctx context.Context, secrets ...string) *Error {
	if e == nil {
		return nil
	}
	e.Message = redact(e.Message, append(secretsOf(ctx), secrets...))
	return e
}
