package senhaseguramock

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"time"
)

// MutualTLS is what a test needs to serve the mock over TLS while requiring a client
// certificate, as a MySafe access key restricted to a certificate does: a throw-away CA and
// one client certificate it signed.
type MutualTLS struct {
	// ClientCAs verifies client certificates (put it in the server's tls.Config).
	ClientCAs *x509.CertPool
	// ClientCertPEM and ClientKeyPEM are a client certificate signed by that CA, and its key.
	ClientCertPEM, ClientKeyPEM []byte
	// OtherCertPEM and OtherKeyPEM are a self-signed client certificate the CA did not sign.
	OtherCertPEM, OtherKeyPEM []byte
}

// ServerConfig returns a tls.Config for httptest.Server.TLS that requires and verifies a
// client certificate.
func (m *MutualTLS) ServerConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: m.ClientCAs}
}

// NewMutualTLS makes a fresh CA and client certificates (ECDSA P-256, valid for one day).
func NewMutualTLS() (*MutualTLS, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "senhasegura-mock client CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	certPEM, keyPEM, err := clientCert(2, ca, caKey)
	if err != nil {
		return nil, err
	}
	otherPEM, otherKeyPEM, err := clientCert(3, nil, nil)
	if err != nil {
		return nil, err
	}
	return &MutualTLS{ClientCAs: pool, ClientCertPEM: certPEM, ClientKeyPEM: keyPEM, OtherCertPEM: otherPEM, OtherKeyPEM: otherKeyPEM}, nil
}

// clientCert issues a client certificate signed by parent (self-signed when parent is nil).
func clientCert(serial int64, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) ([]byte, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "terraform"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), nil
}
