package provider

import (
	"context"
	"encoding/base32"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/helpers/validatordiag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var base32Pattern = regexp.MustCompile(`^[A-Z2-7]+=*$`)

// base32SeedValidator checks a TOTP seed the way MySafe's UI does: base32 (A–Z, 2–7, "="
// padding), at least 10 characters, and decodable.
type base32SeedValidator struct{}

func (base32SeedValidator) Description(context.Context) string {
	return "must be a base32 TOTP seed: at least 10 characters of A-Z, 2-7 and = padding"
}
func (v base32SeedValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (base32SeedValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := checkBase32Seed(req.ConfigValue.ValueString()); msg != "" {
		// The value is secret: the message describes it without quoting it.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid TOTP Secret Key", msg)
	}
}

func checkBase32Seed(s string) string {
	switch {
	case len(s) < 10:
		return fmt.Sprintf("The secret key has %d characters; a base32 TOTP seed has at least 10.", len(s))
	case !base32Pattern.MatchString(s):
		return "The secret key is not base32: use only the capital letters A-Z, the digits 2-7 and trailing = padding " +
			"(a seed shown in lower case can be written in upper case)."
	}
	body := strings.TrimRight(s, "=")
	switch {
	case len(body)%8 == 1 || len(body)%8 == 3 || len(body)%8 == 6:
		return "The secret key is not valid base32: its length does not form whole bytes."
	case len(body) != len(s) && len(s)%8 != 0:
		return "The secret key is not valid base32: with = padding, its length must be a multiple of 8."
	}
	if _, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(body); err != nil {
		return "The secret key is not valid base32."
	}
	return ""
}

// positiveDuration refuses a zero or negative duration (timetypes.GoDuration already refuses
// what does not parse).
type positiveDuration struct{}

func (positiveDuration) Description(context.Context) string {
	return "must be a positive Go duration such as 30s or 2m"
}
func (v positiveDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (positiveDuration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, diags := timetypes.GoDuration{StringValue: req.ConfigValue}.ValueGoDuration()
	if !diags.HasError() && d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%q is not a positive Go duration such as 30s or 2m.", req.ConfigValue.ValueString()))
	}
}

// requiredText is the one validator of a required text (name, username, client_id, …): an
// empty value gets the framework validators' length message ("… string length must be at
// least 1, got: 0"), a value made only of white space "Blank Value". One validator where there
// were two (stringvalidator.LengthAtLeast(1) and a blank check) halves the validation calls of
// these attributes, and their messages stay on the attribute.
type requiredText struct {
	api string // the API that needs the value
}

func (requiredText) Description(context.Context) string {
	return "string length must be at least 1 and not only white space"
}
func (r requiredText) MarkdownDescription(ctx context.Context) string { return r.Description(ctx) }
func (r requiredText) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	switch v := req.ConfigValue.ValueString(); {
	case v == "":
		resp.Diagnostics.Append(validatordiag.InvalidAttributeValueLengthDiagnostic(req.Path, "string length must be at least 1", "0"))
	case strings.TrimSpace(v) == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Blank Value",
			fmt.Sprintf("Attribute %s is made only of white space; %s needs a real value.", req.Path, r.api))
	}
}
