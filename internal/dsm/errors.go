package dsm

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// DSM's own sentinels, finer than the semantic classes of internal/senhasegura.
var (
	// ErrEncrypted: a value that decodes from base64 to exactly one RSA block (256, 384 or 512
	// bytes) came back and no decryption key is configured: it is ciphertext, never passed on
	// as the value (quirk D15).
	ErrEncrypted = errors.New("dsm: the value is encrypted and no decryption key is configured")
	// ErrEncryptionFailed: senhasegura put its placeholder "An error occurred while encrypting
	// the text" in place of the value (quirk D15).
	ErrEncryptionFailed = errors.New("dsm: senhasegura could not encrypt the value")
	// ErrDecrypt: with a key configured, a value shaped like ciphertext does not decrypt with it
	// (another authorization's key, another hash, or a block of another key size; quirk D15).
	ErrDecrypt = errors.New("dsm: the value does not decrypt with the configured key")
	// ErrBadKey: the configured decryption key or hash cannot be used (not PEM, not RSA, an
	// encrypted PEM, an unknown hash).
	ErrBadKey = errors.New("dsm: the decryption key cannot be used")
	// ErrNotReadBack: a secret was written (the POST was answered with success) but the
	// authorization's list does not show it (quirk D6).
	ErrNotReadBack = errors.New("dsm: the written secret is not in the authorization's list")
	// ErrNotKeyValue: the secret's data is not one key/value document (it holds credentials or
	// access keys, or several maps), so the client cannot send it again unchanged (quirk D12).
	ErrNotKeyValue = errors.New("dsm: the secret's data is not one key/value document")
)

// family is DSM as an API family of the core: its name in messages, and its code table (quirk
// D3). DSM documents no application code for its secrets and applications; 1001 "... not
// informed" is the code the API shares with MySafe for a missing parameter (inferred,
// reference/dsm-api.md §1.3). The rest of D3 (by status and message) is classify's.
var family = &senhasegura.Family{Name: "DSM", Codes: []senhasegura.CodeRule{
	{Code: 1001, Contains: "not informed", Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1001, Contains: "already", Classes: []error{senhasegura.ErrDuplicate}},
}}

// semantic are the core's semantic classes: an error that matches none has no meaning of the
// family's yet.
var semantic = []error{senhasegura.ErrNotFound, senhasegura.ErrInactive, senhasegura.ErrNoAccess,
	senhasegura.ErrReadOnly, senhasegura.ErrBadInput, senhasegura.ErrDuplicate}

// classified is an error of a DSM call with the classes DSM's answers give it beyond the code
// table (quirk D3). Its text is the error's; it unwraps to it, so every class of the core (and
// senhasegura.AsError) still works.
type classified struct {
	err     error
	classes []error
}

func (e *classified) Error() string { return e.err.Error() }

// Unwrap returns the core's error.
func (e *classified) Unwrap() error { return e.err }

// Is makes the error match the classes DSM's answer gives it.
func (e *classified) Is(target error) bool { return slices.Contains(e.classes, target) }

// classify gives err, the failure of a DSM call, the classes the code table cannot: DSM's
// documented errors carry no application code the core reads (response.error_code is not one),
// only an HTTP status and a message (reference/dsm-api.md §1.3, §6). authDelete is the
// authorization delete, the only call whose 404 "Resource sub not found" means "not found"
// rather than "no such route".
//
//   - 401 (or a refused token) whose message says "inactive" ("Inactive authorization"):
//     ErrInactive (it still matches ErrUnauthorized).
//   - authDelete and 404 "Resource sub not found": ErrNotFound.
//   - 403 from DSM, and a 400 whose message speaks of permission: ErrNoAccess.
//   - Any other 400 from DSM that the code table gives no class: ErrBadInput.
func classify(err error, authDelete bool) error {
	e, ok := senhasegura.AsError(err)
	if !ok {
		return err
	}
	msg := strings.ToLower(e.Message)
	var add []error
	switch {
	case strings.Contains(msg, "inactive") && (e.StatusCode == http.StatusUnauthorized || errors.Is(e, senhasegura.ErrUnauthorized)):
		add = append(add, senhasegura.ErrInactive)
	case !ownCall(e):
		// The token endpoint's answer.
	case authDelete && e.StatusCode == http.StatusNotFound && strings.Contains(msg, "resource sub not found"):
		add = append(add, senhasegura.ErrNotFound)
	case e.StatusCode == http.StatusForbidden && !errors.Is(e, senhasegura.ErrNoAccess):
		add = append(add, senhasegura.ErrNoAccess)
	case e.StatusCode == http.StatusBadRequest && noPermission(msg):
		add = append(add, senhasegura.ErrNoAccess)
	case e.StatusCode == http.StatusBadRequest && !matchesAny(e, semantic):
		add = append(add, senhasegura.ErrBadInput)
	}
	if len(add) == 0 {
		return err
	}
	return &classified{err: err, classes: add}
}

// ownCall says whether e is the failure of a DSM call (its answer, or no answer), not of the
// token endpoint's.
func ownCall(e *senhasegura.Error) bool {
	_, path, _ := strings.Cut(e.Op, " ")
	return strings.HasPrefix(path, PathPrefix+"/sctm/") || strings.HasPrefix(path, PathPrefix+"/dapp/")
}

// noPermission says whether a message refuses for lack of permission ("You must have
// permission to create applications", reference/dsm-api.md §2, §5).
func noPermission(msg string) bool {
	return strings.Contains(msg, "permission") || strings.Contains(msg, "not allowed") || strings.Contains(msg, "not authorized")
}

func matchesAny(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
