package senhaseguramock

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // RFC 6238 TOTP is defined over HMAC-SHA1.
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// totp computes the current RFC 6238 code (30 s step, 6 digits) that MySafe returns as
// `token` on GET of a password with a secret_key (quirk Q8).
func totp(seed string, now time.Time) (string, bool) {
	seed = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(seed), " ", ""))
	if seed == "" {
		return "", false
	}
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(seed, "="))
	if err != nil {
		return "", false
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(now.Unix()/30)) //nolint:gosec // time is positive.
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", code%1_000_000), true
}
