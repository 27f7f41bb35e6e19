package mysafe

import (
	"errors"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// MySafe's own sentinels, finer than the semantic classes of internal/senhasegura (quirk Q3).
var (
	// ErrBadIdentifier: MySafe code 1010 (the identifier is not a number); also ErrBadInput.
	ErrBadIdentifier = errors.New("mysafe: unexpected identifier type")
	// ErrMissingParameter: MySafe code 1001 for a required field that was not sent; also
	// ErrBadInput.
	ErrMissingParameter = errors.New("mysafe: required parameter not informed")
	// ErrDuplicateIdentifierCode: MySafe code 1001 for an identifier_code already used by
	// another API secret of the same user; also ErrDuplicate.
	ErrDuplicateIdentifierCode = errors.New("mysafe: identifier_code already in use")
	// ErrFilterIgnored: a filtered list shows more items than the filter can match: the
	// instance does not apply it, and the client does not read the items one by one.
	ErrFilterIgnored = errors.New("mysafe: the list filter is not applied")
)

// family is MySafe as an API family of the core: its name in messages, and its code table
// (quirk Q3). 1005 is also seen for "no access" in a 3.32 update example; it stays not found.
var family = &senhasegura.Family{Name: "MySafe", Codes: []senhasegura.CodeRule{
	{Code: 1005, Classes: []error{senhasegura.ErrNotFound}},
	{Code: 1006, Classes: []error{senhasegura.ErrNoAccess}},
	{Code: 1009, Classes: []error{senhasegura.ErrInactive}},
	{Code: 1010, Classes: []error{senhasegura.ErrBadInput, ErrBadIdentifier}},
	{Code: 1001, Contains: "not informed", Classes: []error{senhasegura.ErrBadInput, ErrMissingParameter}},
	{Code: 1001, Contains: "already found", Classes: []error{senhasegura.ErrDuplicate, ErrDuplicateIdentifierCode}},
}}
