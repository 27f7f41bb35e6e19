package senhaseguramock

import (
	"context"
	"net"
	"sync/atomic"
)

// OtherHost is a listener on 127.0.0.2, which is another host from a client's point of view
// (whose MySafe is on 127.0.0.1): tests point redirects at it and require that it receives
// nothing. It accepts and closes every connection, and counts them.
type OtherHost struct {
	// URL is http://127.0.0.2:<port>.
	URL   string
	ln    net.Listener
	conns atomic.Int64
}

// NewOtherHost starts an OtherHost; Close stops it.
func NewOtherHost() (*OtherHost, error) {
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.2:0")
	if err != nil {
		return nil, err
	}
	h := &OtherHost{URL: "http://" + ln.Addr().String(), ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			h.conns.Add(1)
			_ = c.Close()
		}
	}()
	return h, nil
}

// Connections is how many connections the other host has accepted.
func (h *OtherHost) Connections() int64 { return h.conns.Load() }

// Close stops the listener.
func (h *OtherHost) Close() error { return h.ln.Close() }
