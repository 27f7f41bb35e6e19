package senhasegura

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
)

// TLSOptions are the TLS settings of a Client. The zero value verifies the server against the
// system's roots, with TLS 1.2 or newer.
type TLSOptions struct {
	// CACertPEM holds PEM CA certificates trusted in addition to the system pool (a private CA).
	CACertPEM []byte
	// ClientCertPEM and ClientKeyPEM are a PEM certificate chain and its private key, presented
	// to the server for mutual TLS (an access key or a gateway may require a client certificate).
	ClientCertPEM, ClientKeyPEM []byte
	// InsecureSkipVerify accepts any server certificate. For throw-away test instances only.
	InsecureSkipVerify bool
}

var (
	// ErrInvalidCACert: no PEM certificate could be read from TLSOptions.CACertPEM.
	ErrInvalidCACert = errors.New("senhasegura: no PEM-encoded CA certificate could be read")
	// ErrInvalidClientCert: the client certificate and key do not form a usable pair.
	ErrInvalidClientCert = errors.New("senhasegura: invalid client certificate or key")
)

// tlsConfig builds the transport's TLS configuration; nil means Go's defaults.
func (o TLSOptions) tlsConfig() (*tls.Config, error) {
	if len(o.CACertPEM) == 0 && len(o.ClientCertPEM) == 0 && len(o.ClientKeyPEM) == 0 && !o.InsecureSkipVerify {
		return nil, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(o.CACertPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(o.CACertPEM) {
			return nil, ErrInvalidCACert
		}
		tc.RootCAs = pool
	}
	if len(o.ClientCertPEM) > 0 || len(o.ClientKeyPEM) > 0 {
		if len(o.ClientCertPEM) == 0 || len(o.ClientKeyPEM) == 0 {
			return nil, fmt.Errorf("%w: both the certificate and its private key are needed", ErrInvalidClientCert)
		}
		pair, err := tls.X509KeyPair(o.ClientCertPEM, o.ClientKeyPEM)
		if err != nil {
			// tls's message describes the PEM blocks, never the key material.
			return nil, fmt.Errorf("%w: %s", ErrInvalidClientCert, err.Error())
		}
		tc.Certificates = []tls.Certificate{pair}
	}
	tc.InsecureSkipVerify = o.InsecureSkipVerify //nolint:gosec // explicit opt-in, warned about by the caller
	return tc, nil
}
