package indexer

import (
	"context"
	"sync"
	"time"
)

// politeness spaces requests: one request at a time per host (or as many as
// its source allows), at least the source's delay between the end of one and
// the start of the next, and a global bound on requests in flight. Waiting
// for a host does not hold a global slot, so a slow host does not stall the
// others.
type politeness struct {
	slots chan struct{}

	mu    sync.Mutex
	hosts map[string]*hostGate
}

// hostGate admits the requests to one host: as many at a time as it has
// tokens, each starting no earlier than next.
type hostGate struct {
	token chan struct{}
	mu    sync.Mutex
	next  time.Time
}

func newPoliteness(concurrency int) *politeness {
	return &politeness{slots: make(chan struct{}, concurrency), hosts: map[string]*hostGate{}}
}

// gate returns the gate of host, made with parallel tokens on first use.
func (p *politeness) gate(host string, parallel int) *hostGate {
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.hosts[host]
	if !ok {
		g = &hostGate{token: make(chan struct{}, max(1, parallel))}
		p.hosts[host] = g
	}
	return g
}

// do runs fn as a request to host, which takes parallel requests at a
// time, waiting for its turn; it returns the context's error without
// running fn when ctx ends first.
func (p *politeness) do(ctx context.Context, host string, parallel int, delay time.Duration, fn func()) error {
	g := p.gate(host, parallel)
	select {
	case g.token <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.token }()
	g.mu.Lock()
	next := g.next
	g.mu.Unlock()
	if wait := time.Until(next); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if err := p.slot(ctx, fn); err != nil {
		return err
	}
	g.mu.Lock()
	g.next = time.Now().Add(delay)
	g.mu.Unlock()
	return nil
}

// slot runs fn within the global bound on requests in flight. It never
// runs fn once ctx has ended, even with a slot free: a stopped crawl starts
// no request.
func (p *politeness) slot(ctx context.Context, fn func()) error {
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.slots }()
	if err := ctx.Err(); err != nil {
		// select picks at random when a slot was free as well.
		return err
	}
	fn()
	return nil
}
