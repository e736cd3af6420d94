package indexer

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPoliteness(t *testing.T) {
	tests := []struct {
		name        string
		concurrency int
		parallel    int
		hosts       []string
		delay       time.Duration
		wantMax     int32
	}{
		{"one host, many workers", 4, 1, []string{"a"}, 0, 1},
		{"one host with a delay", 4, 1, []string{"a"}, 5 * time.Millisecond, 1},
		{"two hosts, one slot", 1, 1, []string{"a", "b"}, 0, 1},
		{"three hosts, three slots", 3, 1, []string{"a", "b", "c"}, 0, 3},
		{"one host allowing three", 8, 3, []string{"a"}, 0, 3},
		{"one host allowing more than the slots", 2, 8, []string{"a"}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPoliteness(tt.concurrency)
			var inFlight, maxInFlight atomic.Int32
			var mu sync.Mutex
			lastEnd := map[string]time.Time{}
			release := make(chan struct{})
			var wg sync.WaitGroup
			for i := range 12 {
				host := tt.hosts[i%len(tt.hosts)]
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := p.do(context.Background(), host, tt.parallel, tt.delay, func() {
						n := inFlight.Add(1)
						for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
						}
						mu.Lock()
						if end, ok := lastEnd[host]; ok && time.Since(end) < tt.delay {
							t.Errorf("host %s: next request %s after the last, want at least %s", host, time.Since(end), tt.delay)
						}
						mu.Unlock()
						<-release
						mu.Lock()
						lastEnd[host] = time.Now()
						mu.Unlock()
						inFlight.Add(-1)
					})
					if err != nil {
						t.Error(err)
					}
				}()
			}
			// Keep the requests open long enough for every worker to try.
			for inFlight.Load() < tt.wantMax {
				time.Sleep(time.Millisecond)
			}
			close(release)
			wg.Wait()
			if got := maxInFlight.Load(); got != tt.wantMax {
				t.Errorf("at most %d requests in flight, want %d", got, tt.wantMax)
			}
		})
	}
}

func TestPolitenessCancel(t *testing.T) {
	p := newPoliteness(1)
	ctx, cancel := context.WithCancel(context.Background())
	block := make(chan struct{})
	go func() { _ = p.do(context.Background(), "a", 1, 0, func() { <-block }) }()
	for len(p.slots) == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	ran := false
	if err := p.do(ctx, "b", 1, 0, func() { ran = true }); err == nil || ran {
		t.Errorf("do with a cancelled context ran %v, err %v", ran, err)
	}
	close(block)
}
