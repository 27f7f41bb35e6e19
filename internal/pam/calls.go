package pam

import (
	"context"
	"fmt"
	"regexp"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// The calls and checks every service of PAM Core makes alike: ids, answers about one object,
// activation and deactivation.

// digits is what an id of PAM Core is (quirk P3).
var digits = regexp.MustCompile(`^[0-9]+$`)

// checkID refuses an id that is not a digit string before any call (it would be part of the
// path).
func checkID(api *senhasegura.API, method, path, id string) error {
	if !digits.MatchString(id) {
		return api.Refuse(method, path, 0, "the id is not a number")
	}
	return nil
}

// setActive sends the body-less call that deactivates (DELETE), activates (PUT) or releases
// the custody of (DELETE …/custody/{id}) the object id (quirk P8).
func setActive(ctx context.Context, api *senhasegura.API, method, path, id string) error {
	if err := checkID(api, method, path, id); err != nil {
		return err
	}
	_, _, err := api.Do(ctx, method, path, nil, nil, true)
	return err
}

// answerAbout makes sure an answer about the object id is about it: an answer naming another
// id is an error that names both (a read never moves the state's id); one without an id is
// about id.
func answerAbout(api *senhasegura.API, method, path, id string, got *senhasegura.FlexString, status int) error {
	switch string(*got) {
	case id:
		return nil
	case "":
		*got = senhasegura.FlexString(id)
		return nil
	}
	return &senhasegura.Error{Op: api.Op(method, path), StatusCode: status, API: family.Name,
		Message: fmt.Sprintf("the answer is about id %q, not %s (the one asked for): PAM Core answered about another object, "+
			"so nothing was taken from it", string(*got), id)}
}
