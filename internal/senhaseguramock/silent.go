package senhaseguramock

import (
	"context"
	"net"
	"sync"
)

// SilentServer accepts TCP connections on 127.0.0.1 and never answers: a MySafe behind a
// hung gateway or a firewall that swallows traffic. It counts the connections it accepted.
type SilentServer struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
	done  chan struct{}
}

// NewSilentServer starts a silent server on a free loopback port.
func NewSilentServer() (*SilentServer, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &SilentServer{ln: ln, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
		}
	}()
	return s, nil
}

// Addr is the host:port it listens on.
func (s *SilentServer) Addr() string { return s.ln.Addr().String() }

// Connections is how many connections it has accepted.
func (s *SilentServer) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Close stops listening and drops every held connection.
func (s *SilentServer) Close() {
	_ = s.ln.Close()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		_ = c.Close()
	}
}
