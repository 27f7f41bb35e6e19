package senhaseguramock

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // RSA-OAEP with SHA-1 is what the vendor's servers are seen to use (reference/dsm-api.md §7).
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"hash"
)

// The encrypted values of an authorization with "Enable encryption of sensitive
// information?" (reference/dsm-api.md §7): standard base64 of an RSA-OAEP ciphertext under the
// authorization's 2048-bit key, SHA-1 with an empty label (DSMQuirks.OAEPSHA256: SHA-256); the
// private key downloads as PKCS#8 PEM (DSMQuirks.PKCS1Key: PKCS#1).

// dsmKeyBits is the size of an authorization's key.
const dsmKeyBits = 2048

// DSMEncryptionFailed is what the server puts in place of a value too long to encrypt with the
// authorization's key (reference/dsm-api.md §7): at most 214 bytes with SHA-1, 190 with SHA-256.
const DSMEncryptionFailed = "An error occurred while encrypting the text"

// newDSMKey is a fresh key pair for an authorization.
func newDSMKey() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, dsmKeyBits)
	if err != nil {
		panic("senhaseguramock: generating an RSA key: " + err.Error())
	}
	return key
}

// oaepHash is the OAEP hash the quirks select.
func (d *dsmStore) oaepHash() hash.Hash {
	if d.quirks.OAEPSHA256 {
		return sha256.New()
	}
	return sha1.New() //nolint:gosec // see the import.
}

// encrypt is value encrypted for the authorization a (whose key exists), or
// DSMEncryptionFailed when it is too long for the key.
func (d *dsmStore) encrypt(a *dsmAuthorization, value string) string {
	h := d.oaepHash()
	if len(value) > a.key.Size()-2*h.Size()-2 {
		return DSMEncryptionFailed
	}
	ct, err := rsa.EncryptOAEP(h, rand.Reader, &a.key.PublicKey, []byte(value), nil)
	if err != nil {
		return DSMEncryptionFailed
	}
	return base64.StdEncoding.EncodeToString(ct)
}

// privateKeyPEM is a's private key as the UI's "Download private key" gives it, generating the
// key pair if a has none yet.
func (d *dsmStore) privateKeyPEM(a *dsmAuthorization) string {
	if a.key == nil {
		a.key = newDSMKey()
	}
	if d.quirks.PKCS1Key {
		return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(a.key)}))
	}
	der, err := x509.MarshalPKCS8PrivateKey(a.key)
	if err != nil {
		panic("senhaseguramock: marshalling an RSA key: " + err.Error())
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}
