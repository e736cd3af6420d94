package indexer

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/source"
)

// changingSite serves a case list and case pages whose text, ETag and
// presence a test changes between crawls. It answers conditional requests
// and counts them.
type changingSite struct {
	*httptest.Server
	mu          sync.Mutex
	pages       map[string]string // path → text; a missing case path is 404
	version     map[string]int    // path → ETag version
	lastMod     bool              // send Last-Modified instead of an ETag
	conditional int               // requests that carried a validator
	notModified int
}

func newChangingSite(t *testing.T, paths ...string) *changingSite {
	t.Helper()
	s := &changingSite{pages: map[string]string{}, version: map[string]int{}}
	for _, p := range paths {
		s.pages[p] = "De gemeente vernieuwt de toegang tot jeugdhulp op " + p
		s.version[p] = 1
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *changingSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.URL.Path == "/cases/" {
		links := []string{}
		for p := range s.pages {
			links = append(links, p)
		}
		sort.Strings(links)
		html("Cases", "Een lijst met opdrachten.", links...)(w, r)
		return
	}
	text, ok := s.pages[r.URL.Path]
	if !ok {
		http.Error(w, "gone", http.StatusGone)
		return
	}
	etag := fmt.Sprintf(`"v%d"`, s.version[r.URL.Path])
	lastMod := fmt.Sprintf("Mon, 0%d Jan 2024 10:00:00 GMT", s.version[r.URL.Path])
	inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
	if inm != "" || ims != "" {
		s.conditional++
	}
	if (!s.lastMod && inm == etag) || (s.lastMod && ims == lastMod) {
		s.notModified++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if s.lastMod {
		w.Header().Set("Last-Modified", lastMod)
	} else {
		w.Header().Set("ETag", etag)
	}
	html("Opdracht "+r.URL.Path, text)(w, r)
}

// change edits a page: new text when text is non-empty, else a new ETag
// with the same content.
func (s *changingSite) change(path, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if text != "" {
		s.pages[path] = text
	}
	s.version[path]++
}

func (s *changingSite) remove(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pages, path)
}

func (s *changingSite) counts() (conditional, notModified int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, n := s.conditional, s.notModified
	s.conditional, s.notModified = 0, 0
	return c, n
}

// memStore is a Store in memory that counts its writes.
type memStore struct {
	mu      sync.Mutex
	recs    map[string]Record
	writes  int
	deletes int
}

func newMemStore() *memStore { return &memStore{recs: map[string]Record{}} }

func (m *memStore) Put(ctx context.Context, docs []casus.Document) error {
	recs := make([]Record, len(docs))
	for i, d := range docs {
		recs[i] = Record{Doc: d, State: PageState{URL: d.URL}}
	}
	return m.PutRecords(ctx, recs)
}

func (m *memStore) PutRecords(_ context.Context, recs []Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes++
	for _, r := range recs {
		m.recs[r.Doc.ID] = r
	}
	return nil
}

func (m *memStore) State(_ context.Context, src string) (map[string]PageState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]PageState{}
	for id, r := range m.recs {
		if r.Doc.Source == src {
			out[id] = r.State
		}
	}
	return out, nil
}

func (m *memStore) Delete(_ context.Context, ids []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.deletes++
	for _, id := range ids {
		delete(m.recs, id)
	}
	return nil
}

// writeCount returns and resets the number of write calls.
func (m *memStore) writeCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.writes + m.deletes
	m.writes, m.deletes = 0, 0
	return n
}

func (m *memStore) texts() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]string{}
	for _, r := range m.recs {
		if _, p, ok := strings.Cut(r.Doc.URL, "/cases/"); ok {
			out["/cases/"+p] = r.Doc.Body
		}
	}
	return out
}

var _ Store = (*memStore)(nil)

func TestIncrementalRecrawl(t *testing.T) {
	steps := []recrawlStep{
		{name: "first crawl", want: [6]int{4, 3, 0, 0, 0, 0}, writes: true, extracted: 3},
		{name: "unchanged recrawl", want: [6]int{4, 0, 0, 3, 0, 0}, cond304: 3, condSent: true, extracted: 0},
		{name: "new validator, same content", edit: func(s *changingSite) { s.change("/cases/b/", "") },
			want: [6]int{4, 0, 0, 3, 0, 0}, cond304: 2, condSent: true, extracted: 1},
		// Full sends no validators; equal content is still not rewritten.
		{name: "full ignores validators", full: true, want: [6]int{4, 0, 0, 3, 0, 0}, extracted: 3},
		{name: "changed page", edit: func(s *changingSite) { s.change("/cases/a/", "Nieuwe tekst over wijkteams") },
			want: [6]int{4, 0, 1, 2, 0, 0}, writes: true, cond304: 1, condSent: true, extracted: 2},
		// b keeps its first validator (an unchanged page is not rewritten),
		// so only a, stored anew, still answers 304.
		{name: "gone page", edit: func(s *changingSite) { s.remove("/cases/c/") },
			want: [6]int{3, 0, 0, 2, 1, 0}, writes: true, cond304: 1, condSent: true, extracted: 1},
	}
	for _, validator := range []string{"ETag", "Last-Modified"} {
		t.Run(validator, func(t *testing.T) {
			site := newChangingSite(t, "/cases/a/", "/cases/b/", "/cases/c/")
			site.lastMod = validator == "Last-Modified"
			recrawl(t, site, steps)
		})
	}
}

type recrawlStep struct {
	name     string
	full     bool
	edit     func(s *changingSite)
	want     [6]int // Fetched, New, Updated, Unchanged, Removed, Errors
	writes   bool   // the store saw writes
	cond304  int    // 304 answers
	condSent bool   // conditional requests were sent
	// extracted is the number of documents passed to OnDocument: every
	// page answered with content, changed or not.
	extracted int
}

// caseSources is the sources file of one source crawling the case pages of
// site.
func caseSources(t *testing.T, site *changingSite) []source.Source {
	t.Helper()
	return sources(t, fmt.Sprintf(`
sources:
  - id: bureau-a
    name: Adviesbureau A
    start_urls: [%s/cases/]
    allow: ['^/cases/[^/]+/$']
    follow: ['^/cases/$']
    delay: 0s
`, site.URL))
}

// recrawl crawls site once per step and checks the summary, the store's
// writes and the conditional requests.
func recrawl(t *testing.T, site *changingSite, steps []recrawlStep) {
	t.Helper()
	srcs := caseSources(t, site)
	store := newMemStore()
	other := casus.Document{ID: "other", URL: "https://elders.example/x", Source: "elders", Body: "blijft"}
	if err := store.PutRecords(context.Background(), []Record{{Doc: other}}); err != nil {
		t.Fatal(err)
	}
	store.writeCount()
	for _, st := range steps {
		if st.edit != nil {
			st.edit(site)
		}
		opts := testOptions(nil)
		opts.Full = st.full
		var extracted atomic.Int32
		opts.OnDocument = func(casus.Document) error {
			extracted.Add(1)
			return nil
		}
		sum, err := New(opts, nil, store).Crawl(context.Background(), srcs)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := [6]int{sum.Fetched, sum.New, sum.Updated, sum.Unchanged, sum.Removed, sum.Errors}
		if diff := cmp.Diff(st.want, got); diff != "" {
			t.Errorf("%s: fetched, new, updated, unchanged, removed, errors (-want +got):\n%s", st.name, diff)
		}
		if w := store.writeCount(); (w > 0) != st.writes {
			t.Errorf("%s: %d store writes, want writes: %v", st.name, w, st.writes)
		}
		if got := int(extracted.Load()); got != st.extracted {
			t.Errorf("%s: %d documents extracted, want %d", st.name, got, st.extracted)
		}
		cond, n304 := site.counts()
		if n304 != st.cond304 || (cond > 0) != st.condSent {
			t.Errorf("%s: %d conditional requests, %d answered 304; want 304s %d, conditional %v", st.name, cond, n304, st.cond304, st.condSent)
		}
	}
	want := map[string]string{
		"/cases/a/": "Nieuwe tekst over wijkteams",
		"/cases/b/": "De gemeente vernieuwt de toegang tot jeugdhulp op /cases/b/",
	}
	got := store.texts()
	for p, body := range got {
		if !strings.Contains(body, want[p]) || want[p] == "" {
			t.Errorf("stored %s = %q, want it to hold %q", p, body, want[p])
		}
	}
	if len(got) != len(want) {
		t.Errorf("stored pages %v, want %v", got, want)
	}
	if _, ok := store.recs["other"]; !ok {
		t.Error("the document of a source that was not crawled was removed")
	}
}

// A crawl that does not complete removes nothing, even pages that are gone.
func TestFailedCrawlRemovesNothing(t *testing.T) {
	site := newChangingSite(t, "/cases/a/", "/cases/b/")
	srcs := caseSources(t, site)
	store := newMemStore()
	if _, err := New(testOptions(nil), nil, store).Crawl(context.Background(), srcs); err != nil {
		t.Fatal(err)
	}
	site.remove("/cases/a/")
	store.writeCount()
	ctx, cancel := context.WithCancel(context.Background())
	opts := testOptions(nil)
	opts.OnEvent = func(e Event) {
		if e.Kind == EventFetched {
			cancel()
		}
	}
	sum, err := New(opts, nil, store).Crawl(ctx, srcs)
	if err == nil {
		t.Fatal("cancelled crawl returned no error")
	}
	if sum.Removed != 0 || store.deletes != 0 || len(store.recs) != 2 {
		t.Errorf("cancelled crawl removed documents: summary %d, %d delete calls, %d stored", sum.Removed, store.deletes, len(store.recs))
	}
}

// oneTheme recognises the theme it is given in every page.
type oneTheme string

func (e oneTheme) Enrich(d *casus.Document) { d.Themes = []string{string(e)} }

// TestRecrawlAfterNewRecognition: a page whose extraction is unchanged is
// still rewritten when casus recognises it differently (a new theme model),
// so `crawl --full` after an upgrade brings every page up to date.
func TestRecrawlAfterNewRecognition(t *testing.T) {
	site := newChangingSite(t, "/cases/a/", "/cases/b/")
	srcs := caseSources(t, site)
	store := newMemStore()
	tests := []struct {
		name               string
		enricher           oneTheme
		updated, unchanged int
	}{
		{"first crawl", "jeugd", 0, 0},
		{"same recognition", "jeugd", 0, 2},
		{"new recognition", "wmo", 2, 0},
	}
	for _, tt := range tests {
		opts := testOptions(nil)
		opts.Full = true
		sum, err := New(opts, tt.enricher, store).Crawl(context.Background(), srcs)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if sum.Updated != tt.updated || sum.Unchanged != tt.unchanged {
			t.Errorf("%s: updated %d, unchanged %d; want %d, %d", tt.name, sum.Updated, sum.Unchanged, tt.updated, tt.unchanged)
		}
	}
	for id, rec := range store.recs {
		if !slices.Equal(rec.Doc.Themes, []string{"wmo"}) {
			t.Errorf("stored %s has themes %v, want [wmo]", id, rec.Doc.Themes)
		}
	}
}
