package senhasegura

import (
	"context"
	"sync"
	"time"
)

// DefaultListMaxAge is how long one list of a kind serves every caller of a provider process
// (a refresh of many objects, the checks of many creates) before it is made again.
const DefaultListMaxAge = 5 * time.Minute

// sharedListTimeout bounds a shared list made for a caller without a deadline.
const sharedListTimeout = 2 * time.Minute

// Shared is one answer (a list of a kind) shared by every caller of a client for at most
// MaxAge (DefaultListMaxAge when zero): the first caller fetches it, concurrent callers wait
// for that fetch, later ones reuse it. The fetch runs detached from the first caller's
// cancellation (the others still wait for it) but within its deadline; a failed fetch is not
// kept. The zero value is ready.
type Shared[T any] struct {
	MaxAge time.Duration
	mu     sync.Mutex
	cur    *sharedEntry[T]
}

type sharedEntry[T any] struct {
	done chan struct{}
	at   time.Time
	v    T
	err  error
}

// Get returns the shared value and when it was fetched (after its answer came), fetching it
// when there is none or it is too old.
func (s *Shared[T]) Get(ctx context.Context, fetch func(context.Context) (T, error)) (T, time.Time, error) {
	maxAge := s.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultListMaxAge
	}
	s.mu.Lock()
	e := s.cur
	if e == nil || e.done == nil || isDone(e.done) && time.Since(e.at) > maxAge {
		e = &sharedEntry[T]{done: make(chan struct{})}
		s.cur = e
		s.mu.Unlock()
		fctx, cancel := detachedWithin(ctx, sharedListTimeout)
		e.v, e.err = fetch(fctx)
		cancel()
		e.at = time.Now()
		close(e.done)
		if e.err != nil {
			s.mu.Lock()
			if s.cur == e {
				s.cur = nil
			}
			s.mu.Unlock()
		}
		return e.v, e.at, e.err
	}
	s.mu.Unlock()
	select {
	case <-e.done:
		return e.v, e.at, e.err
	case <-ctx.Done():
		var zero T
		return zero, time.Time{}, ctx.Err()
	}
}

// Forget drops the shared value: the next Get fetches it again.
func (s *Shared[T]) Forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil && isDone(s.cur.done) {
		s.cur = nil
	}
}

func isDone(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// detachedWithin is ctx without its cancellation, with its deadline, or d from now when it
// has none.
func detachedWithin(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if dl, ok := ctx.Deadline(); ok {
		return context.WithDeadline(context.WithoutCancel(ctx), dl)
	}
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}

// SharedBy is a Shared per key (a list filtered by one value): each key's answer is fetched
// once and shared as Shared does. The zero value is ready.
type SharedBy[K comparable, T any] struct {
	MaxAge time.Duration
	mu     sync.Mutex
	by     map[K]*Shared[T]
}

// Get returns the shared value of key, fetching it when there is none or it is too old.
func (s *SharedBy[K, T]) Get(ctx context.Context, key K, fetch func(context.Context) (T, error)) (T, time.Time, error) {
	s.mu.Lock()
	if s.by == nil {
		s.by = map[K]*Shared[T]{}
	}
	sh := s.by[key]
	if sh == nil {
		sh = &Shared[T]{MaxAge: s.MaxAge}
		s.by[key] = sh
	}
	s.mu.Unlock()
	return sh.Get(ctx, fetch)
}
