package indexer

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/fetch"
)

// Bounds of the hostile site and of the crawl against it.
const (
	// hugeBytes is what the big pages would send if read to the end.
	hugeBytes = 50 << 20
	// hugeChunk is how much the big pages write at a time, from one
	// reused buffer, so the 50 MB never exist in memory.
	hugeChunk = 32 << 10
	// hostileRequestTimeout cuts off the page that never finishes.
	hostileRequestTimeout = time.Second
	// hostileCrawlTimeout is a safety net only: the crawl must end by its
	// per-request and depth bounds well before it.
	hostileCrawlTimeout = time.Minute
	// hostileMaxDepth ends the endless calendar.
	hostileMaxDepth = 4
	// hostileMaxBody is the body bound, far below hugeBytes.
	hostileMaxBody = 1 << 20
	// bombBytes is what the gzip bomb expands to: past hostileMaxBody, from
	// a few kilobytes on the wire.
	bombBytes = 16 << 20
	// pingPongMaxPages is the max_pages of the cross-host redirect test.
	pingPongMaxPages = 30
)

// hostileRobots disallows the intern pages for every crawler.
const hostileRobots = "User-agent: *\nDisallow: /cases/intern/\n"

// streamHuge returns a handler that streams hugeBytes of HTML, declaring the
// length or not, and adds what it managed to write to written.
func streamHuge(declare bool, written *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if declare {
			w.Header().Set("Content-Length", strconv.Itoa(hugeBytes))
		}
		chunk := []byte(strings.Repeat("<p>wijkteam</p>\n", hugeChunk/16))
		for sent := 0; sent < hugeBytes; sent += len(chunk) {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil || r.Context().Err() != nil {
				return // the client went away: what we hope for
			}
		}
	}
}

// stall writes the start of a page, then waits until the client gives up.
func stall(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, "<html><head><title>Traag</title></head><body><p>Een begin")
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	<-r.Context().Done()
}

// gzipBomb returns a handler sending bombBytes of HTML gzipped, with
// Content-Encoding so the HTTP client itself decompresses it.
func gzipBomb(t *testing.T) http.HandlerFunc {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(bytes.Repeat([]byte("<p>"), bombBytes/3)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(buf.Bytes())
	}
}

// calendar is an endless agenda: every month links to the next one.
func calendar(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("maand"))
	if err != nil {
		http.Error(w, "maand?", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<html><body><h1>Agenda maand %d</h1><a href="/agenda?maand=%d">volgende maand</a></body></html>`, n, n+1)
}

// fixture serves a file of testdata/hostile with a Content-Type that names
// no charset, so the page's own <meta> has to be used.
func fixture(t *testing.T, name string) http.HandlerFunc {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
	if err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write(body)
	}
}

func TestCrawlHostileSite(t *testing.T) {
	var hugeStreamed, hugeDeclared atomic.Int64
	cases := []string{
		"/cases/a/", "/cases/b/", "/cases/c/", "/cases/gebroken", "/cases/fryslan",
		"/cases/lus", "/cases/groot", "/cases/groot-gemeld", "/cases/traag", "/cases/kapot",
		"/cases/intern/geheim", "/cases/rapport.pdf", "/cases/download", "/cases/bom",
		"/cases/naar-intern",
	}
	site := newTestSite(t, map[string]http.HandlerFunc{
		"/robots.txt":          text(hostileRobots, "text/plain"),
		"/cases/":              html("Cases", "Alle opdrachten.", append(cases, "/agenda?maand=1")...),
		"/cases/a/":            html("Wijkteams Houten", "Een evaluatie van de wijkteams in Houten."),
		"/cases/b/":            html("Inkoop jeugdhulp", "De inkoop van jeugdhulp in de regio."),
		"/cases/c/":            html("Schuldhulp Emmen", "Vroegsignalering van schulden in Emmen."),
		"/cases/gebroken":      fixture(t, "broken.html"),
		"/cases/fryslan":       fixture(t, "cp1252.html"),
		"/cases/lus":           redirect("/cases/lus2"),
		"/cases/lus2":          redirect("/cases/lus"),
		"/agenda":              calendar,
		"/cases/groot":         streamHuge(false, &hugeStreamed),
		"/cases/groot-gemeld":  streamHuge(true, &hugeDeclared),
		"/cases/traag":         stall,
		"/cases/kapot":         func(w http.ResponseWriter, r *http.Request) { http.Error(w, "kapot", http.StatusInternalServerError) },
		"/cases/intern/geheim": html("Geheim", "Niet voor crawlers."),
		"/cases/rapport.pdf":   text("%PDF-1.7 rapport", "application/pdf"),
		"/cases/download":      text("%PDF-1.7 download", "application/pdf"),
		"/cases/bom":           gzipBomb(t),
		"/cases/naar-intern":   redirect("/cases/intern/geheim"),
	})
	srcs := sources(t, fmt.Sprintf(`sources:
  - id: vijandig
    name: Vijandig
    start_urls: [%s/cases/]
    allow: ['^/cases/.+']
    follow: ['^/cases/', '^/agenda']
    delay: 0s
`, site.URL))

	log := &eventLog{}
	opts := testOptions(log)
	opts.CrawlTimeout = hostileCrawlTimeout
	opts.MaxDepth = hostileMaxDepth
	opts.Fetch.RequestTimeout = hostileRequestTimeout
	opts.Fetch.MaxBodyBytes = hostileMaxBody
	sink := &memSink{}
	sum, err := New(opts, nil, sink).Crawl(context.Background(), srcs)
	if err != nil {
		t.Fatalf("crawl did not finish within its bounds: %v", err)
	}
	// Closing the server waits for every handler, so the byte counts below
	// are final.
	site.Close()

	t.Run("good pages indexed", func(t *testing.T) { checkHostileDocs(t, site.URL, sink) })

	t.Run("events", func(t *testing.T) {
		tests := []struct {
			path   string
			kind   EventKind
			reason string // prefix of Event.Reason
		}{
			{"/cases/a/", EventIndexed, ""},
			{"/cases/b/", EventIndexed, ""},
			{"/cases/c/", EventIndexed, ""},
			{"/cases/gebroken", EventIndexed, ""},
			{"/cases/fryslan", EventIndexed, ""},
			{"/cases/lus", EventFailed, "redirect: "},
			{"/cases/groot", EventSkipped, ReasonTooLarge},
			{"/cases/groot-gemeld", EventSkipped, ReasonTooLarge},
			{"/cases/traag", EventFailed, ""}, // the reason is checked below
			{"/cases/kapot", EventFailed, "http_500: "},
			{"/cases/intern/geheim", EventSkipped, ReasonDisallowed},
			{"/cases/rapport.pdf", EventSkipped, ReasonNotHTML},
			{"/cases/download", EventSkipped, ReasonNotHTML},
			{"/cases/bom", EventSkipped, ReasonTooLarge},
			{"/cases/naar-intern", EventSkipped, ReasonDisallowed},
			{fmt.Sprintf("/agenda?maand=%d", hostileMaxDepth+1), EventSkipped, ReasonDepth},
		}
		for _, tt := range tests {
			evs := log.forURL(site.URL + tt.path)
			found := false
			for _, e := range evs {
				found = found || (e.Kind == tt.kind && strings.HasPrefix(e.Reason, tt.reason))
			}
			if !found {
				t.Errorf("%s: events %+v, want %s with reason %q…", tt.path, evs, tt.kind, tt.reason)
			}
		}
	})

	t.Run("timeout named in the reason", func(t *testing.T) {
		for _, e := range log.forURL(site.URL + "/cases/traag") {
			timeout := strings.HasPrefix(e.Reason, "timeout")
			if e.Kind == EventFailed && !timeout {
				t.Errorf("slow page failed with %q, want a timeout named", e.Reason)
			}
		}
	})

	t.Run("summary", func(t *testing.T) {
		wantReasons := map[string]int{ReasonTooLarge: 3, ReasonNotHTML: 2, ReasonDisallowed: 2, ReasonDepth: 1}
		if diff := cmp.Diff(wantReasons, sum.SkipReasons); diff != "" {
			t.Errorf("SkipReasons (-want +got):\n%s", diff)
		}
		if sum.New != 5 || sum.Errors != 3 || sum.Skipped != 8 {
			t.Errorf("summary %+v, want 5 new, 3 errors, 8 skipped", sum)
		}
		if n := log.count(EventIndexed); n != sum.New {
			t.Errorf("%d indexed events, summary says %d new", n, sum.New)
		}
	})

	t.Run("requests", func(t *testing.T) {
		tests := []struct {
			prefix string
			want   int
		}{
			{"/cases/intern/", 0},     // disallowed by robots.txt, also as a redirect target
			{"/cases/naar-intern", 1}, // the redirect itself is allowed
			{"/cases/rapport.pdf", 0}, // a PDF by its name
			{"/cases/download", 1},    // a PDF by its Content-Type
			{"/agenda", hostileMaxDepth},
			{"/cases/lus", 2}, // lus and lus2: the loop is noticed in one chain
			{"/robots.txt", 1},
		}
		for _, tt := range tests {
			if got := site.requests(tt.prefix); got != tt.want {
				t.Errorf("%s requested %d times, want %d", tt.prefix, got, tt.want)
			}
		}
	})

	t.Run("huge pages not read to the end", func(t *testing.T) {
		for name, n := range map[string]int64{"streamed": hugeStreamed.Load(), "declared": hugeDeclared.Load()} {
			t.Logf("%s huge page: %d bytes written", name, n)
			if n >= hugeBytes {
				t.Errorf("%s huge page: all %d bytes were written", name, n)
			}
		}
	})
}

// checkHostileDocs checks the documents of the good pages: their titles,
// and the text of the cp1252 page decoded correctly.
func checkHostileDocs(t *testing.T, base string, sink *memSink) {
	t.Helper()
	want := map[string]string{
		"/cases/a/":       "Wijkteams Houten",
		"/cases/b/":       "Inkoop jeugdhulp",
		"/cases/c/":       "Schuldhulp Emmen",
		"/cases/gebroken": "Jeugdhulp Noord",
		"/cases/fryslan":  "Armoedeaanpak Fryslân",
	}
	got := map[string]casus.Document{}
	sink.mu.Lock()
	for _, d := range sink.docs {
		got[strings.TrimPrefix(d.URL, base)] = d
	}
	sink.mu.Unlock()
	if len(got) != len(want) {
		t.Errorf("stored %d documents %v, want %d", len(got), sink.urls(), len(want))
	}
	for path, title := range want {
		if d, ok := got[path]; !ok || d.Title != title {
			t.Errorf("%s: title %q (stored %t), want %q", path, d.Title, ok, title)
		}
	}
	body := got["/cases/fryslan"].Body
	for _, s := range []string{"geïnvesteerd", "Fryslân", "“kwartiermakers” – een team"} {
		if !strings.Contains(body, s) {
			t.Errorf("cp1252 page body lacks %q:\n%s", s, body)
		}
	}
	if b := got["/cases/gebroken"].Body; !strings.Contains(b, "goed ontvangen door de gemeenten") {
		t.Errorf("broken page body lacks its last paragraph:\n%s", b)
	}
}

// forURL returns the events about one URL.
func (l *eventLog) forURL(u string) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Event
	for _, e := range l.events {
		if e.URL == u {
			out = append(out, e)
		}
	}
	return out
}

// TestCrawlCrossHostRedirectLoop: two hosts of one source redirect to each
// other with an ever-new query. Each hop is a new task on the other host, so
// neither the fetcher's redirect bound nor the depth bound sees a chain;
// max_pages must still end it.
func TestCrawlCrossHostRedirectLoop(t *testing.T) {
	var a, b *testSite
	pingPong := func(other **testSite) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			n, err := strconv.Atoi(r.URL.Query().Get("n"))
			if err != nil {
				http.Error(w, "n?", http.StatusBadRequest)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("%s/cases/bal?n=%d", (*other).URL, n+1), http.StatusFound)
		}
	}
	a = newTestSite(t, map[string]http.HandlerFunc{
		"/cases/":    html("Cases", "Alle opdrachten.", "/cases/bal?n=0"),
		"/cases/bal": pingPong(&b),
	})
	b = newTestSite(t, map[string]http.HandlerFunc{"/cases/bal": pingPong(&a)})
	srcs := sources(t, fmt.Sprintf(`sources:
  - id: pingpong
    name: Pingpong
    start_urls: [%s/cases/, %s/cases/]
    allow: ['^/cases/.+']
    follow: ['^/cases/']
    delay: 0s
    max_pages: %d
`, a.URL, b.URL, pingPongMaxPages))
	opts := testOptions(nil)
	opts.CrawlTimeout = hostileCrawlTimeout
	opts.MaxDepth = hostileMaxDepth
	sum, err := New(opts, nil, &memSink{}).Crawl(context.Background(), srcs)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	// Two start pages, then at most MaxRedirects hops across hosts.
	if got, want := a.requests("/cases/bal")+b.requests("/cases/bal"), fetch.DefaultMaxRedirects+1; got > want {
		t.Errorf("%d ping-pong requests, want at most %d (the redirect bound)", got, want)
	}
	if sum.Errors == 0 {
		t.Errorf("summary %+v: the redirect loop was not reported as a failure", sum)
	}
	if sum.New != 0 {
		t.Errorf("summary %+v: a redirect loop gave documents", sum)
	}
}
