package indexer

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/enrich"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

// testSite serves routes and records every request path (with query).
type testSite struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newTestSite(t *testing.T, routes map[string]http.HandlerFunc) *testSite {
	t.Helper()
	s := &testSite{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()]++
		s.mu.Unlock()
		if h, ok := routes[r.URL.Path]; ok {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// requests counts the requests for paths with the given prefix.
func (s *testSite) requests(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.hits {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

// html writes a small case page: an <h1>, a paragraph and links in a <nav>.
func html(title, text string, links ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>%s</title></head><body><nav>", title)
		for _, l := range links {
			fmt.Fprintf(w, `<a href="%s">link</a> `, l)
		}
		fmt.Fprintf(w, "</nav><article><h1>%s</h1><p>Gepubliceerd op 17 juni 2024</p><p>%s</p></article></body></html>", title, text)
	}
}

func text(body string, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		fmt.Fprint(w, body)
	}
}

func redirect(to string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusMovedPermanently) }
}

// sources parses a sources file, failing the test on error.
func sources(t *testing.T, yaml string) []source.Source {
	t.Helper()
	srcs, err := source.Parse([]byte(yaml))
	if err != nil {
		t.Fatalf("sources: %v\n%s", err, yaml)
	}
	return srcs
}

// memSink collects documents.
type memSink struct {
	mu   sync.Mutex
	docs []casus.Document
	puts int
	err  error
}

func (m *memSink) Put(_ context.Context, docs []casus.Document) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.puts++
	if m.err != nil {
		return m.err
	}
	m.docs = append(m.docs, docs...)
	return nil
}

// urls returns the sorted URLs of the stored documents.
func (m *memSink) urls() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, d := range m.docs {
		out = append(out, d.URL)
	}
	sort.Strings(out)
	return out
}

// themeEnricher marks every document so tests can see it was called.
type themeEnricher struct{}

func (themeEnricher) Enrich(doc *casus.Document) { doc.Themes = append(doc.Themes, "getest") }

// eventLog records events from concurrent goroutines.
type eventLog struct {
	mu     sync.Mutex
	events []Event
}

func (l *eventLog) add(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *eventLog) count(kind EventKind) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, e := range l.events {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

var fixedNow = time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)

// testOptions are fast options for tests: no politeness delay comes from
// the sources (delay: 0s) and requests time out quickly.
func testOptions(log *eventLog) Options {
	o := Options{
		Concurrency: 4,
		BatchSize:   2,
		Now:         func() time.Time { return fixedNow },
	}
	o.Fetch.RequestTimeout = 5 * time.Second
	o.Fetch.MaxBodyBytes = 1 << 20
	if log != nil {
		o.OnEvent = log.add
	}
	return o
}

// realEnricher returns the enricher of the bundled municipalities and
// taxonomy.
func realEnricher(tb testing.TB) *enrich.Enricher {
	tb.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		tb.Fatal(err)
	}
	tx, err := taxonomy.Load()
	if err != nil {
		tb.Fatal(err)
	}
	e, err := enrich.New(g, tx)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}
