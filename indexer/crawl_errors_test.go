package indexer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/source"
)

func TestCrawlFailures(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := "http://" + closed.Addr().String()
	closed.Close()
	site := newTestSite(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) },
		"/cases/":     html("Cases", "Overzicht."),
	})
	good := newTestSite(t, map[string]http.HandlerFunc{"/cases/a/": html("A", "Tekst.")})
	src := func(id, base string) string {
		return fmt.Sprintf("  - id: %s\n    name: %s\n    start_urls: [%s/cases/a/]\n    allow: ['.']\n    delay: 0s\n", id, id, base)
	}
	tests := []struct {
		name    string
		yaml    string
		sink    *memSink
		wantErr error
		check   func(t *testing.T, sum Summary)
	}{
		{"unreachable", "sources:\n" + src("dood", deadURL), &memSink{}, ErrUnreachable, func(t *testing.T, sum Summary) {
			if sum.Errors != 1 {
				t.Errorf("summary %+v", sum)
			}
		}},
		{"robots 503", "sources:\n" + src("robots", site.URL), &memSink{}, ErrUnreachable, func(t *testing.T, sum Summary) {
			if sum.Errors != 1 || site.count("/cases/a/") != 0 {
				t.Errorf("summary %+v; page requested %d times", sum, site.count("/cases/a/"))
			}
		}},
		{"one of two reachable", "sources:\n" + src("dood", deadURL) + src("goed", good.URL), &memSink{}, nil, func(t *testing.T, sum Summary) {
			if sum.New != 1 || sum.Errors != 1 {
				t.Errorf("summary %+v", sum)
			}
		}},
		{"sink fails", "sources:\n" + src("goed", good.URL), &memSink{err: errors.New("schijf vol")}, nil, func(t *testing.T, sum Summary) {
			if sum.New != 0 || sum.Errors != 1 {
				t.Errorf("summary %+v", sum)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := New(testOptions(nil), nil, tt.sink).Crawl(context.Background(), sources(t, tt.yaml))
			switch {
			case tt.sink.err != nil:
				if !errors.Is(err, tt.sink.err) {
					t.Errorf("err = %v, want the sink error", err)
				}
			case !errors.Is(err, tt.wantErr):
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			tt.check(t, sum)
		})
	}
}

// storagePages is the number of case pages of the storage error test's
// site: far more than a crawl stopped at the first of them may request.
const storagePages = 100

// TestCrawlStopsAtFirstStorageError: when the index or the export cannot
// store a document (a full disk), the crawl stops at once with that error
// instead of fetching on.
func TestCrawlStopsAtFirstStorageError(t *testing.T) {
	diskFull := errors.New("no space left on device")
	tests := []struct {
		name       string
		sink       *memSink
		onDocument func(casus.Document) error
	}{
		{"index write fails", &memSink{err: diskFull}, nil},
		{"output write fails", &memSink{}, func(casus.Document) error { return diskFull }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			routes := map[string]http.HandlerFunc{}
			var links []string
			for i := range storagePages {
				p := fmt.Sprintf("/cases/%d/", i)
				links = append(links, p)
				routes[p] = html(fmt.Sprintf("Case %d", i), "Een evaluatie van de wijkteams.")
			}
			routes["/cases/"] = html("Cases", "Overzicht.", links...)
			site := newTestSite(t, routes)
			srcs := sources(t, fmt.Sprintf("sources:\n  - id: s\n    name: S\n    start_urls: [%s/cases/]\n    allow: ['^/cases/.+']\n    delay: 0s\n", site.URL))
			opts := testOptions(nil)
			opts.BatchSize = 1
			opts.OnDocument = tt.onDocument
			_, err := New(opts, nil, tt.sink).Crawl(context.Background(), srcs)
			if !errors.Is(err, diskFull) || !strings.Contains(err.Error(), "storage error") {
				t.Errorf("err = %v, want the storage error", err)
			}
			// The case list, the first case (which fails to store) and the
			// requests already in flight then; nothing after.
			if n, most := site.requests("/cases/"), 2+opts.Concurrency; n > most {
				t.Errorf("%d pages requested, want at most %d", n, most)
			}
			if got := tt.sink.urls(); len(got) != 0 {
				t.Errorf("stored %v after the storage error", got)
			}
		})
	}
}

func TestCrawlCancelAndTimeout(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
		cancel  bool
		wantErr error
	}{
		{"cancelled", 0, true, context.Canceled},
		{"crawl timeout", 200 * time.Millisecond, false, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hanging := make(chan struct{}, 1)
			site := newTestSite(t, map[string]http.HandlerFunc{
				"/cases/":   html("Cases", "Overzicht.", "/cases/a/"),
				"/cases/a/": html("Case A", "Een case die voor het afbreken binnen was.", "/cases/hangt/"),
				"/cases/hangt/": func(w http.ResponseWriter, r *http.Request) {
					select {
					case hanging <- struct{}{}:
					default:
					}
					<-r.Context().Done() // hangs until the crawler gives up
				},
			})
			srcs := sources(t, fmt.Sprintf("sources:\n  - id: s\n    name: S\n    start_urls: [%s/cases/]\n    allow: ['^/cases/.+']\n    delay: 0s\n", site.URL))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				go func() {
					<-hanging
					cancel()
				}()
			}
			opts := testOptions(nil)
			opts.CrawlTimeout = tt.timeout
			opts.BatchSize = 100
			sink := &memSink{}
			_, err := New(opts, nil, sink).Crawl(ctx, srcs)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			// The hanging page is only found through case a, so a was done
			// before the crawl was cut short; the final flush stores it.
			if tt.cancel && !cmp.Equal(sink.urls(), []string{site.URL + "/cases/a/"}) {
				t.Errorf("stored %v, want case a", sink.urls())
			}
		})
	}
}

func TestCrawlInvalid(t *testing.T) {
	srcs := sources(t, "sources:\n  - id: s\n    name: S\n    start_urls: [http://127.0.0.1:1/]\n    allow: ['.']\n")
	tests := []struct {
		name string
		opts Options
		srcs []source.Source
		sink Sink
	}{
		{"negative concurrency", Options{Concurrency: -1}, srcs, &memSink{}},
		{"huge batch", Options{BatchSize: MaxBatchSize + 1}, srcs, &memSink{}},
		{"negative timeout", Options{CrawlTimeout: -1}, srcs, &memSink{}},
		{"no sources", Options{}, nil, &memSink{}},
		{"repeated source", Options{}, append(srcs, srcs...), &memSink{}},
		{"no sink", Options{}, srcs, nil},
	}
	for _, tt := range tests {
		_, err := New(tt.opts, nil, tt.sink).Crawl(context.Background(), tt.srcs)
		if !errors.Is(err, casus.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", tt.name, err)
		}
	}
}

func TestDefaultOptions(t *testing.T) {
	o := DefaultOptions()
	if o.Concurrency != DefaultConcurrency || o.CrawlTimeout != DefaultCrawlTimeout || o.MaxDepth != DefaultMaxDepth ||
		o.MaxURLLength != DefaultMaxURLLength || o.BatchSize != DefaultBatchSize || o.Now == nil {
		t.Errorf("DefaultOptions() = %+v", o)
	}
	if _, err := o.withDefaults(); err != nil {
		t.Errorf("DefaultOptions() do not validate: %v", err)
	}
}
