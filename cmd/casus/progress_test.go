package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus/indexer"
)

// progressEvents is a small re-crawl: three pages fetched, two indexed, one
// skipped after fetching, one skipped without a request, one failure, one
// unchanged page and one removed.
var progressEvents = []indexer.Event{
	{Source: "s", URL: "http://s.nl/a", Kind: indexer.EventFetched},
	{Source: "s", URL: "http://s.nl/b", Kind: indexer.EventFetched},
	{Source: "s", URL: "http://s.nl/doc", Kind: indexer.EventFetched},
	{Source: "s", URL: "http://s.nl/doc", Kind: indexer.EventSkipped, Reason: indexer.ReasonNotHTML},
	{Source: "s", URL: "http://s.nl/intern", Kind: indexer.EventSkipped, Reason: indexer.ReasonDisallowed},
	{Source: "s", URL: "http://s.nl/kapot", Kind: indexer.EventFailed, Reason: "http_500: HTTP 500"},
	{Source: "s", URL: "http://s.nl/a", Kind: indexer.EventIndexed},
	{Source: "s", URL: "http://s.nl/b", Kind: indexer.EventIndexed},
	{Source: "s", URL: "http://s.nl/c", Kind: indexer.EventUnchanged},
	{Source: "s", URL: "http://s.nl/weg", Kind: indexer.EventRemoved, Reason: "http_404"},
}

// progressClock makes the rate predictable: every reading after the start is
// two seconds later.
func progressClock(p *progress) {
	start := time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)
	p.start = start
	p.now = func() time.Time { return start.Add(2 * time.Second) }
}

// plainLogger logs text lines without the time, so they can be compared.
func plainLogger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}

func TestProgressPlain(t *testing.T) {
	tests := []struct {
		name   string
		events []indexer.Event
		want   []string
	}{
		{"no events", nil, []string{
			"level=INFO msg=\"crawl progress\" fetched=0 indexed=0 unchanged=0 removed=0 skipped=0 failed=0 pages_per_second=0",
		}},
		{"fetched pages log nothing", progressEvents[:3], []string{
			"level=INFO msg=\"crawl progress\" fetched=3 indexed=0 unchanged=0 removed=0 skipped=0 failed=0 pages_per_second=1.5",
		}},
		{"a crawl", progressEvents, []string{
			"level=INFO msg=skipped source=s url=http://s.nl/doc reason=not_html",
			"level=INFO msg=skipped source=s url=http://s.nl/intern reason=disallowed",
			"level=WARN msg=failed source=s url=http://s.nl/kapot reason=\"http_500: HTTP 500\"",
			"level=INFO msg=indexed source=s url=http://s.nl/a",
			"level=INFO msg=indexed source=s url=http://s.nl/b",
			"level=INFO msg=removed source=s url=http://s.nl/weg reason=http_404",
			"level=INFO msg=\"crawl progress\" fetched=3 indexed=2 unchanged=1 removed=1 skipped=2 failed=1 pages_per_second=1.5",
		}},
		{"unknown kinds are ignored", []indexer.Event{{URL: "http://s.nl/x", Kind: "later"}}, []string{
			"level=INFO msg=\"crawl progress\" fetched=0 indexed=0 unchanged=0 removed=0 skipped=0 failed=0 pages_per_second=0",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs, out bytes.Buffer
			p := newProgress(&out, false, plainLogger(&logs))
			progressClock(p)
			for _, ev := range tt.events {
				p.Event(ev)
			}
			p.Finish()
			got := strings.Split(strings.TrimSpace(logs.String()), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("log lines (-want +got):\n%s", diff)
			}
			if out.Len() != 0 {
				t.Errorf("plain mode wrote to the terminal writer: %q", out.String())
			}
		})
	}
}

func TestProgressTerminal(t *testing.T) {
	tests := []struct {
		name   string
		events []indexer.Event
		want   []string
	}{
		{"no events", nil, []string{"fetched 0 · indexed 0 · unchanged 0 · removed 0 · skipped 0 · failed 0 · 0.0 pages/s\n"}},
		{"a crawl", progressEvents, []string{
			"failed http://s.nl/kapot: http_500: HTTP 500\n",
			"fetched 3 · indexed 2 · unchanged 1 · removed 1 · skipped 2 · failed 1 · 1.5 pages/s\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs, out bytes.Buffer
			p := newProgress(&out, true, plainLogger(&logs))
			progressClock(p)
			for _, ev := range tt.events {
				p.Event(ev)
			}
			p.Finish()
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%q", w, out.String())
				}
			}
			if !strings.HasSuffix(out.String(), tt.want[len(tt.want)-1]) {
				t.Errorf("output does not end with the final counts:\n%q", out.String())
			}
			if logs.Len() != 0 {
				t.Errorf("terminal mode logged: %s", logs.String())
			}
		})
	}
}

// TestProgressConcurrent sends events from many goroutines, as the crawler
// does; run with -race it also checks the locking.
func TestProgressConcurrent(t *testing.T) {
	const goroutines, perGoroutine = 8, 50
	for _, terminal := range []bool{false, true} {
		t.Run(fmt.Sprintf("terminal=%t", terminal), func(t *testing.T) {
			var logs, out bytes.Buffer
			p := newProgress(&out, terminal, plainLogger(&logs))
			var wg sync.WaitGroup
			for range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range perGoroutine {
						p.Event(indexer.Event{Source: "s", URL: "http://s.nl/a", Kind: indexer.EventFetched})
						p.Event(indexer.Event{Source: "s", URL: "http://s.nl/a", Kind: indexer.EventIndexed})
					}
				}()
			}
			wg.Wait()
			p.Finish()
			n := goroutines * perGoroutine
			want := fmt.Sprintf("fetched=%d indexed=%d", n, n)
			if terminal {
				want = fmt.Sprintf("fetched %d · indexed %d", n, n)
			}
			if all := logs.String() + out.String(); !strings.Contains(all, want) {
				t.Errorf("final counts lack %q:\n%s", want, all[max(0, len(all)-300):])
			}
		})
	}
}
