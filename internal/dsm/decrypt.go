package dsm

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // RSA-OAEP with SHA-1 is what senhasegura uses (reference/dsm-api.md §7), not a signature
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"strings"
)

// EncryptionPlaceholder is the text senhasegura puts in place of a value it could not encrypt
// (reference/dsm-api.md §7): never a value.
const EncryptionPlaceholder = "An error occurred while encrypting the text"

// The hashes of RSA-OAEP a Decrypter accepts (Options.DecryptionHash).
const (
	HashSHA1   = "sha1"
	HashSHA256 = "sha256"
	HashSHA512 = "sha512"
)

// blockSizes are the ciphertext sizes of the RSA keys an authorization may have (2048, 3072 and
// 4096 bits): a value that decodes from base64 to one of them is taken for ciphertext.
var blockSizes = []int{256, 384, 512}

// Decrypter reads the values an encrypting authorization returns (quirk D15): RSA-OAEP
// ciphertext in standard base64, with the authorization's private key and a hash (SHA-1 by
// default), and an empty label. Without a key it still recognises ciphertext and refuses it
// (ErrEncrypted), and with or without one it refuses the vendor's placeholder
// (ErrEncryptionFailed): a value it returns is never ciphertext.
//
// It knows nothing of DSM's answers, so PAM Core's client can share it: an A2A authorization
// with encryption returns a credential's password the same way. internal/pam may not import
// this package (each family builds on the core alone), so the provider, which holds both, builds
// one Decrypter (NewDecrypter, or Client.Decrypter of its DSM client) and passes a PAM Core
// password through Reveal ("PAM Core credential 12", "password", view.Password) before using it;
// a type of internal/pam that wants to call it itself can declare the interface
// { Reveal(object, key, value string) (string, error) }, which *Decrypter satisfies.
//
// A Decrypter is safe for concurrent use. The zero value and nil have no key.
type Decrypter struct {
	key      *rsa.PrivateKey
	hash     crypto.Hash
	hashName string
	setting  string // how messages name the key's setting
}

// NewDecrypter builds the Decrypter of opts: its DecryptionKey (PEM, PKCS#8 or PKCS#1; "" for
// none), DecryptionHash ("" is sha1) and KeySetting. An unusable key or hash is an error
// matching ErrBadKey that holds nothing of the key.
func NewDecrypter(opts Options) (*Decrypter, error) {
	d := &Decrypter{setting: opts.KeySetting}
	if d.setting == "" {
		d.setting = "a decryption key"
	}
	h, name, err := parseHash(opts.DecryptionHash)
	if err != nil {
		return nil, err
	}
	d.hash, d.hashName = h, name
	if strings.TrimSpace(opts.DecryptionKey) == "" {
		return d, nil
	}
	if d.key, err = parseKey(opts.DecryptionKey); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrBadKey, d.setting, err.Error())
	}
	return d, nil
}

// parseHash reads a hash's name: sha1 (the default), sha256 or sha512, in any case, with or
// without a dash.
func parseHash(name string) (crypto.Hash, string, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "-", "") {
	case "", HashSHA1:
		return crypto.SHA1, HashSHA1, nil
	case HashSHA256:
		return crypto.SHA256, HashSHA256, nil
	case HashSHA512:
		return crypto.SHA512, HashSHA512, nil
	}
	return 0, "", fmt.Errorf("%w: unknown RSA-OAEP hash %q (sha1, sha256 or sha512)", ErrBadKey, name)
}

// parseKey reads an RSA private key in PEM, PKCS#8 ("PRIVATE KEY", as senhasegura's "Download
// private key" gives it) or PKCS#1 ("RSA PRIVATE KEY"). A PEM whose line breaks were written as
// the two characters \n (an environment variable) is read too. Errors name the problem, never
// the key.
func parseKey(text string) (*rsa.PrivateKey, error) {
	text = strings.TrimSpace(text)
	if !strings.Contains(text, "\n") && strings.Contains(text, `\n`) {
		text = strings.ReplaceAll(text, `\n`, "\n")
	}
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, errors.New("not a PEM private key (-----BEGIN PRIVATE KEY----- ...)")
	}
	if block.Type == "ENCRYPTED PRIVATE KEY" || strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") {
		return nil, errors.New("the PEM key is encrypted with a passphrase; give it unencrypted (openssl pkey -in key.pem)")
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		if key, err = x509.ParsePKCS8PrivateKey(block.Bytes); err != nil {
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the PEM block %q is not a PKCS#8 or PKCS#1 private key", block.Type)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the key is a %T, not an RSA key", key)
	}
	if err := rk.Validate(); err != nil {
		return nil, errors.New("the RSA key is not valid")
	}
	rk.Precompute()
	return rk, nil
}

// HasKey reports whether the Decrypter has a private key.
func (d *Decrypter) HasKey() bool { return d != nil && d.key != nil }

// Hash is the RSA-OAEP hash the Decrypter uses: sha1, sha256 or sha512.
func (d *Decrypter) Hash() string {
	if d == nil || d.hashName == "" {
		return HashSHA1
	}
	return d.hashName
}

// KeyBits is the size of the key in bits, 0 without a key.
func (d *Decrypter) KeyBits() int {
	if !d.HasKey() {
		return 0
	}
	return d.key.N.BitLen()
}

// Reveal returns the clear text of value, which the object (`DSM secret "team/app/db"`, "PAM Core
// credential 12") holds under key (a key name, "password"):
//
//   - the placeholder EncryptionPlaceholder: an error matching ErrEncryptionFailed;
//   - with a key, a value that decodes from standard base64 to exactly one block of the key's
//     size: its RSA-OAEP decryption (an error matching ErrDecrypt when it does not decrypt);
//     one that decodes to a block of another key size (256, 384 or 512 bytes): ErrDecrypt;
//   - without a key, a value that decodes to 256, 384 or 512 bytes: ErrEncrypted;
//   - anything else: value itself.
//
// Every error is a *ValueError naming the object and the key, never the value.
func (d *Decrypter) Reveal(object, key, value string) (string, error) {
	if value == EncryptionPlaceholder {
		return "", d.valueError(object, key, ErrEncryptionFailed, 0, nil)
	}
	block, ok := cipherBlock(value)
	if !ok {
		return value, nil
	}
	if !d.HasKey() {
		return "", d.valueError(object, key, ErrEncrypted, len(block)*8, nil)
	}
	if len(block) != d.key.Size() {
		return "", d.valueError(object, key, ErrDecrypt, len(block)*8, errBlockSize)
	}
	plain, err := rsa.DecryptOAEP(d.newHash(), rand.Reader, d.key, block, nil)
	if err != nil {
		return "", d.valueError(object, key, ErrDecrypt, len(block)*8, err)
	}
	return string(plain), nil
}

var errBlockSize = errors.New("the block is not of the key's size")

func (d *Decrypter) newHash() hash.Hash {
	switch d.hash {
	case crypto.SHA256:
		return sha256.New()
	case crypto.SHA512:
		return sha512.New()
	}
	return sha1.New() //nolint:gosec // OAEP's hash, see the import
}

// LooksEncrypted reports whether value has the shape of an encrypting authorization's value:
// standard base64 of exactly 256, 384 or 512 bytes (one block of a 2048, 3072 or 4096-bit RSA
// key), and the key size in bits. Nothing in an answer says whether a value is encrypted
// (reference/dsm-api.md §7): this is the only test there is, and it is wrong for a clear value
// that happens to be such a string.
func LooksEncrypted(value string) (bits int, ok bool) {
	b, ok := cipherBlock(value)
	return len(b) * 8, ok
}

// cipherBlock decodes value when it is standard base64 (padded, line breaks allowed) of one
// block of a size in blockSizes.
func cipherBlock(value string) ([]byte, bool) {
	// The shortest block (256 bytes) is 344 characters; the longest (512) 684, with line breaks
	// at most a few more.
	if len(value) < 344 || len(value) > 800 {
		return nil, false
	}
	s := strings.NewReplacer("\r", "", "\n", "").Replace(value)
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, false
	}
	for _, n := range blockSizes {
		if len(b) == n {
			return b, true
		}
	}
	return nil, false
}

func (d *Decrypter) valueError(object, key string, kind error, bits int, err error) *ValueError {
	setting, hashName, keyBits := "a decryption key", HashSHA1, 0
	if d != nil {
		setting, hashName, keyBits = d.setting, d.Hash(), d.KeyBits()
		if setting == "" {
			setting = "a decryption key"
		}
	}
	return &ValueError{Object: object, Key: key, Kind: kind, Bits: bits, setting: setting, hash: hashName, keyBits: keyBits, err: err}
}

// ValueError is a value that could not be revealed (Decrypter.Reveal): the object and key it
// belongs to, and what is wrong (Kind: ErrEncrypted, ErrEncryptionFailed or ErrDecrypt). Its
// text names them, and the setting that would fix it, never the value.
type ValueError struct {
	// Object names what holds the value: `DSM secret "team/app/db"`.
	Object string
	// Key is the value's key name in the object.
	Key string
	// Kind is ErrEncrypted, ErrEncryptionFailed or ErrDecrypt.
	Kind error
	// Bits is the RSA key size the ciphertext's length implies (0 for the placeholder).
	Bits int

	setting string
	hash    string
	keyBits int
	err     error
}

func (e *ValueError) Error() string {
	where := fmt.Sprintf("%s, key %q", e.Object, e.Key)
	switch {
	case errors.Is(e.Kind, ErrEncryptionFailed):
		return where + `: senhasegura returned "` + EncryptionPlaceholder + `" in place of the value: the authorization ` +
			"encrypts values and could not encrypt this one (RSA-OAEP fits at most 214 bytes in one block of a 2048-bit key " +
			"with SHA-1); shorten the value or turn encryption off for the authorization"
	case errors.Is(e.Kind, ErrEncrypted):
		return fmt.Sprintf("%s: the value is encrypted (the base64 of one %d-bit RSA block: the authorization encrypts values) "+
			"and no decryption key is configured: set %s to the authorization's private key (DSM → Applications → "+
			"Authorization by application → Download private key); the encrypted value was not used", where, e.Bits, e.setting)
	case errors.Is(e.err, errBlockSize):
		return fmt.Sprintf("%s: the value looks encrypted for a %d-bit RSA key, but %s is a %d-bit key: it is not this "+
			"authorization's key; the encrypted value was not used", where, e.Bits, e.setting, e.keyBits)
	}
	return fmt.Sprintf("%s: the value looks encrypted (one %d-bit RSA block) but does not decrypt with %s and RSA-OAEP "+
		"with %s: the key is not this authorization's, or it encrypts with another hash (sha1, sha256, sha512); the "+
		"encrypted value was not used", where, e.Bits, e.setting, e.hash)
}

// Is makes the error match its Kind.
func (e *ValueError) Is(target error) bool { return target == e.Kind }

// Unwrap returns the decryption's own failure, if any.
func (e *ValueError) Unwrap() error { return e.err }
