package senhasegura

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
)

// Lists have no pagination (every family's): a list of a real vault is one answer of tens of
// megabytes (100,000 PAM Core credentials are about 40 MiB). List decodes such an answer as a
// stream: the list's entries are handed to the caller one by one, as they arrive, so that
// neither the raw body nor a decoded copy of the whole list is ever held — only what the caller
// keeps of each entry. The other keys of the envelope are small and kept for the checks every
// answer gets (DecodeEnvelope). The bound on what is read (Config.MaxResponseBytes) applies.

// List performs a list call (GET path?query) and hands each entry of the list under the first
// present key of keys to each, as raw JSON: the entries of an array, or the values of an object
// of entries (a PHP array with non-sequential keys). found says whether a key was present and
// not null; the envelope's other keys come back in rest (an empty list may come back without
// its key, with a response block: rest.HasResponse()). An error from each stops the decoding and
// is returned. On any error the entries already handed over are to be dropped.
func (a *API) List(ctx context.Context, path string, query url.Values, keys []string, each func(json.RawMessage) error) (found bool, rest Envelope, err error) {
	found, rest, err = a.list(ctx, path, query, keys, each)
	if err != nil {
		a.redact(ctx, err)
	}
	return found, rest, err
}

func (a *API) list(ctx context.Context, path string, query url.Values, keys []string, each func(json.RawMessage) error) (bool, Envelope, error) {
	r := a.c
	resp, op, budget, err := a.send(ctx, http.MethodGet, path, query, nil, true)
	if err != nil {
		return false, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body := &countingReader{r: io.LimitReader(resp.Body, r.maxBody+1)}
	br := bufio.NewReaderSize(body, 64<<10)
	fail := func(data []byte) error {
		// Not a stream of the envelope: read what is left (bounded) and let DecodeEnvelope say
		// what it is.
		rest, rerr := io.ReadAll(br)
		if rerr != nil {
			return connectionError(op, r.base, rerr)
		}
		if body.n > r.maxBody {
			return tooLarge(op, r.base, resp.StatusCode, r.maxBody)
		}
		_, derr := DecodeEnvelope(op, resp.StatusCode, append(data, rest...), a.fam)
		if e, ok := AsError(derr); ok {
			e.URL = r.base
			if d, ok := retryAfter(resp); ok {
				e.RetryAfter, e.retryAfterRaw = d, resp.Header.Get("Retry-After")
			}
			if retryableStatus(resp.StatusCode) {
				gaveUpOn(e, budget)
			}
			return e
		}
		if derr != nil {
			return derr
		}
		return &Error{Op: op, URL: r.base, StatusCode: resp.StatusCode, Message: "the answer is not the list it should be"}
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return false, nil, fail(nil)
	}
	if firstNonSpace(br) != '{' {
		return false, nil, fail(nil)
	}
	broken := func(err error) error {
		if body.n > r.maxBody {
			return tooLarge(op, r.base, resp.StatusCode, r.maxBody)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &Error{Op: op, URL: r.base, StatusCode: resp.StatusCode,
			Message: fmt.Sprintf("the list answer breaks off or is not JSON after %s (%s)", byteSize(body.n), Clean(err.Error()))}
	}
	dec := json.NewDecoder(br)
	if _, err := dec.Token(); err != nil { // '{'
		return false, nil, broken(err)
	}
	rest := Envelope{}
	found := false
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false, nil, broken(err)
		}
		key, _ := t.(string)
		if found || !slices.Contains(keys, key) {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return false, nil, broken(err)
			}
			rest[key] = raw
			continue
		}
		open, err := dec.Token()
		if err != nil {
			return false, nil, broken(err)
		}
		switch open {
		case nil:
			continue // null: as if absent
		case json.Delim('['), json.Delim('{'):
		default:
			return false, nil, &Error{Op: op, URL: r.base, StatusCode: resp.StatusCode, API: a.fam.name(),
				Message: fmt.Sprintf("the %q list of the answer has an unexpected shape", key)}
		}
		found = true
		for dec.More() {
			if open == json.Delim('{') {
				if _, err := dec.Token(); err != nil { // an entry's key
					return false, nil, broken(err)
				}
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return false, nil, broken(err)
			}
			if err := each(raw); err != nil {
				return false, nil, err
			}
		}
		if _, err := dec.Token(); err != nil { // ']' or '}'
			return false, nil, broken(err)
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return false, nil, broken(err)
	}
	if body.n > r.maxBody {
		return false, nil, tooLarge(op, r.base, resp.StatusCode, r.maxBody)
	}
	// A failure the envelope signals on a 2xx (response.error, an exception block).
	small, _ := json.Marshal(rest)
	if _, derr := DecodeEnvelope(op, resp.StatusCode, small, a.fam); derr != nil {
		if e, ok := AsError(derr); ok {
			e.URL = r.base
		}
		return false, nil, derr
	}
	return found, rest, nil
}

// firstNonSpace consumes leading white space and reports the next byte (0 at the end).
func firstNonSpace(br *bufio.Reader) byte {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			_ = br.UnreadByte()
			return c
		}
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
