package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// The digest kept in private state is keyed: it matches only the same value, item and
// attribute under the same key; a rotated key shows as "rekeyed" (one re-send), never as an
// error; and it is not a bare hash of the secret, which would allow offline guessing.
func TestWriteOnlyDigest(t *testing.T) {
	k := newDigestKey("client", "Provider-Secret-1")
	rec := k.digest("_mysafe_password", "7", "password", "hunter2")
	if rec.Digest == "" || rec.KeyID == "" {
		t.Fatal("no digest")
	}
	if got := k.driftOf(rec, "_mysafe_password", "7", "password", "hunter2"); got != "" {
		t.Fatalf("same value: %q", got)
	}
	if got := k.driftOf(rec, "_mysafe_password", "7", "password", "hunter3"); got != "changed" {
		t.Fatalf("changed value: %q", got)
	}
	rotated := newDigestKey("client", "Provider-Secret-2")
	if got := rotated.driftOf(rec, "_mysafe_password", "7", "password", "hunter2"); got != "rekeyed" {
		t.Fatalf("rotated client secret: %q", got)
	}
	if other := k.digest("_mysafe_password", "8", "password", "hunter2"); other.Digest == rec.Digest {
		t.Fatal("equal secrets of two items give equal digests")
	}
	bare := sha256.Sum256([]byte("hunter2"))
	if strings.Contains(rec.Digest, hex.EncodeToString(bare[:])) || strings.Contains(rec.KeyID, "Provider-Secret-1") {
		t.Fatal("the digest is a bare hash or exposes the key")
	}
	if got := k.driftOf(writeOnlyDigest{}, "_mysafe_password", "7", "password", "x"); got != "" {
		t.Fatalf("nothing recorded (write-only import): %q", got)
	}
}
