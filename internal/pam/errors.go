package pam

import (
	"errors"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// PAM Core's own sentinels, finer than the semantic classes of internal/senhasegura (quirk P9).
var (
	// ErrDeviceNotFound: code 1011, no device with that id, or hostname and ip (also
	// senhasegura.ErrNotFound).
	ErrDeviceNotFound = errors.New("pam: device not found")
	// ErrNotACredential: code 1010, the id belongs to something else (also ErrBadInput).
	ErrNotACredential = errors.New("pam: the item is not a credential")
	// ErrAlreadyActive: 1043, 1044, 1045 (and 1017 "already active" in v3-32): activating an
	// active object, which PAM Core answers with an error (quirk P8).
	ErrAlreadyActive = errors.New("pam: already active")
	// ErrNotInCustody: 1018, releasing custody that the caller does not hold.
	ErrNotInCustody = errors.New("pam: the credential is not in the caller's custody")
	// ErrOtherCredential: an update's upsert was stored on another credential than the one it
	// was meant for (PAM Core found another by identifier, or by device and username).
	ErrOtherCredential = errors.New("pam: the update was stored on another credential")
)

// family is PAM Core as an API family of the core: its name in messages, and its code table
// (quirk P9; reference/pam-api.md §9).
var family = &senhasegura.Family{Name: "PAM Core", Codes: []senhasegura.CodeRule{
	{Code: 1007, Classes: []error{senhasegura.ErrNotFound}},
	{Code: 1011, Classes: []error{senhasegura.ErrNotFound, ErrDeviceNotFound}},
	{Code: 1015, Classes: []error{senhasegura.ErrNotFound}},
	{Code: 1008, Classes: []error{senhasegura.ErrInactive}},
	{Code: 1017, Contains: "already activ", Classes: []error{ErrAlreadyActive}}, // "active", "activated"
	{Code: 1017, Classes: []error{senhasegura.ErrInactive}},
	{Code: 1009, Classes: []error{senhasegura.ErrNoAccess}},
	{Code: 1010, Classes: []error{senhasegura.ErrBadInput, ErrNotACredential}},
	{Code: 1039, Classes: []error{senhasegura.ErrReadOnly}},
	{Code: 1043, Classes: []error{ErrAlreadyActive}},
	{Code: 1044, Classes: []error{ErrAlreadyActive}},
	{Code: 1045, Classes: []error{ErrAlreadyActive}},
	{Code: 1018, Classes: []error{ErrNotInCustody}},
	{Code: 1052, Classes: []error{senhasegura.ErrDuplicate}},
	{Code: 1004, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1005, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1019, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1020, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1021, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1022, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1029, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1042, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1046, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1047, Classes: []error{senhasegura.ErrBadInput}},
	{Code: 1053, Classes: []error{senhasegura.ErrBadInput}},
}}
