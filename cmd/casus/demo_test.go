package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/source"
)

// readyTimeout bounds how long the test waits for the demo crawl.
const readyTimeout = 2 * time.Minute

// expectedPage is the ground truth the corpus ships for each page.
type expectedPage struct {
	Path           string   `json:"path"`
	Case           bool     `json:"case"`
	Disallowed     bool     `json:"disallowed"`
	Title          string   `json:"title"`
	Municipalities []string `json:"municipalities"`
	Themes         []string `json:"themes"`
}

func loadExpected(t *testing.T) map[string][]expectedPage {
	t.Helper()
	files, err := filepath.Glob("../../indexer/demo/testdata/expected/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no expected files: %v", err)
	}
	out := map[string][]expectedPage{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var pages []expectedPage
		if err := json.Unmarshal(b, &pages); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = pages
	}
	return out
}

// syncBuffer collects the demo's stdout while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startDemo runs the demo app on a free port until the test ends.
func startDemo(t *testing.T, dataDir string) (base string, out *syncBuffer, stop func()) {
	t.Helper()
	out = &syncBuffer{}
	app, err := newDemoApp(demoConfig{Addr: "127.0.0.1:0", DataDir: dataDir,
		Logger: slog.New(slog.DiscardHandler), Stdout: out})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo run: %v", err)
		}
		if err := app.Close(); err != nil {
			t.Errorf("demo close: %v", err)
		}
	}
	base = strings.TrimSuffix(app.URL(), "/")
	deadline := time.Now().Add(readyTimeout)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, out, stop
			}
		}
		select {
		case err := <-done:
			t.Fatalf("demo stopped before ready: %v\n%s", err, out)
		default:
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("demo not ready within %s:\n%s", readyTimeout, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func getJSON(t *testing.T, u string, into any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatalf("GET %s: not JSON: %v\n%s", u, err, b)
	}
	return resp.StatusCode
}

func searchAPI(t *testing.T, base string, params url.Values) casus.Result {
	t.Helper()
	var res casus.Result
	if status := getJSON(t, base+"/api/v1/search?"+params.Encode(), &res); status != http.StatusOK {
		t.Fatalf("search %v: status %d", params, status)
	}
	return res
}

func facetSum(values []casus.FacetValue) int {
	n := 0
	for _, v := range values {
		n += v.Count
	}
	return n
}

func TestDemoEndToEnd(t *testing.T) {
	expected := loadExpected(t)
	dataDir := t.TempDir()
	base, out, stop := startDemo(t, dataDir)

	var cases int
	titleTheme := map[string][]string{}
	for _, pages := range expected {
		for _, p := range pages {
			if p.Case && !p.Disallowed {
				cases++
				titleTheme[p.Title] = p.Themes
			}
		}
	}
	all := searchAPI(t, base, url.Values{"size": {"50"}})
	if all.Total != cases {
		t.Errorf("indexed %d documents, the corpus has %d allowed cases", all.Total, cases)
	}

	t.Run("dutch queries find their theme", func(t *testing.T) {
		for _, tt := range []struct{ q, theme string }{{"wijkteams", "toegang"}, {"jeugdzorg", "jeugd"}} {
			res := searchAPI(t, base, url.Values{"q": {tt.q}})
			if res.Total == 0 {
				t.Fatalf("%q found nothing", tt.q)
			}
			top := res.Hits[0]
			if !slices.Contains(titleTheme[top.Title], tt.theme) {
				t.Errorf("%q: top hit %q has themes %v, want %s", tt.q, top.Title, titleTheme[top.Title], tt.theme)
			}
			// A hit shows its match: a marked word, or else the theme the
			// query names (a case of the theme that does not use the word).
			for _, h := range res.Hits {
				if !strings.Contains(h.SnippetHTML+h.TitleHTML, "<mark>") && !slices.Contains(h.Themes, tt.theme) {
					t.Errorf("%q: hit %q has no <mark> in title or snippet and themes %v", tt.q, h.Title, h.Themes)
				}
			}
		}
	})

	t.Run("dutch understanding", func(t *testing.T) {
		// "zorg" finds the jeugdzorg pages through compound parts, marked.
		res := searchAPI(t, base, url.Values{"q": {"zorg"}, "size": {"50"}})
		var compound bool
		for _, h := range res.Hits {
			compound = compound || strings.Contains(strings.ToLower(h.TitleHTML+h.SnippetHTML), "<mark>jeugdzorg</mark>")
		}
		if !compound {
			t.Errorf("zorg: no hit marks jeugdzorg among %d", res.Total)
		}
		// A typo is found and corrected.
		res = searchAPI(t, base, url.Values{"q": {"jeugzorg"}})
		if res.Total == 0 || res.Suggestion == nil || *res.Suggestion != "jeugdzorg" {
			t.Errorf("jeugzorg: total %d, suggestion %v; want hits and \"jeugdzorg\"", res.Total, res.Suggestion)
		}
		// explain=true explains every hit's score.
		res = searchAPI(t, base, url.Values{"q": {"wijkteams"}, "explain": {"true"}})
		for _, h := range res.Hits {
			if len(h.Explanation) == 0 {
				t.Errorf("explain=true: hit %q has no explanation", h.Title)
			}
		}
	})

	t.Run("every endpoint matches the OpenAPI document", func(t *testing.T) {
		id := all.Hits[0].ID
		checkOpenAPI(t, base, map[string]int{
			"/api/v1/search?q=jeugzorg&explain=true":                                     http.StatusOK,
			"/api/v1/search?municipality=GM0363&theme=toegang":                           http.StatusOK,
			"/api/v1/search?size=500":                                                    http.StatusBadRequest,
			"/api/v1/suggest?q=jeug":                                                     http.StatusOK,
			"/api/v1/suggest?q=":                                                         http.StatusOK,
			"/api/v1/documents/" + id:                                                    http.StatusOK,
			"/api/v1/documents/" + id + "/similar?size=3":                                http.StatusOK,
			"/api/v1/documents/0000000000000000":                                         http.StatusNotFound,
			"/api/v1/municipalities?q=dalf":                                              http.StatusOK,
			"/api/v1/municipalities/GM0148":                                              http.StatusOK,
			"/api/v1/municipalities/GM0457":                                              http.StatusOK,
			"/api/v1/municipalities/GM9999":                                              http.StatusNotFound,
			"/api/v1/municipalities/GM0148/comparable?size=5":                            http.StatusOK,
			"/api/v1/municipalities/GM1731/comparable":                                   http.StatusOK,
			"/api/v1/municipalities/GM0148/comparable?size=0":                            http.StatusBadRequest,
			"/api/v1/municipalities/GM0148/comparable?q=inkoop&theme=jeugd&theme=inkoop": http.StatusOK,
			"/api/v1/municipalities/GM0148/comparable?theme=Jeugd":                       http.StatusBadRequest,
			"/healthz": http.StatusOK,
			"/readyz":  http.StatusOK,
		})
	})

	t.Run("facet counts add up", func(t *testing.T) {
		res := searchAPI(t, base, url.Values{})
		if got := facetSum(res.Facets.Source); got != res.Total {
			t.Errorf("source facet sums to %d, total %d", got, res.Total)
		}
		if len(res.Facets.Theme) < 11 {
			t.Errorf("theme facet has %d values, the corpus covers 11", len(res.Facets.Theme))
		}
		for _, v := range res.Facets.Theme {
			filtered := searchAPI(t, base, url.Values{"theme": {v.Value}})
			if filtered.Total != v.Count {
				t.Errorf("theme %s: facet says %d, filter finds %d", v.Value, v.Count, filtered.Total)
			}
		}
	})

	t.Run("theme filter narrows", func(t *testing.T) {
		res := searchAPI(t, base, url.Values{"theme": {"schulden"}, "size": {"50"}})
		if res.Total == 0 || res.Total >= all.Total {
			t.Fatalf("theme=schulden total %d of %d", res.Total, all.Total)
		}
		for _, h := range res.Hits {
			if !slices.Contains(h.Themes, "schulden") {
				t.Errorf("hit %q lacks theme schulden: %v", h.Title, h.Themes)
			}
		}
		var selected bool
		for _, v := range res.Facets.Theme {
			selected = selected || (v.Value == "schulden" && v.Selected)
		}
		if !selected {
			t.Error("selected theme not marked in facets")
		}
	})

	t.Run("amsterdam finds weesp", func(t *testing.T) {
		res := searchAPI(t, base, url.Values{"municipality": {"GM0363"}})
		var weesp bool
		for _, h := range res.Hits {
			for _, m := range h.Municipalities {
				weesp = weesp || (m.Code == "GM0457" && m.CurrentCode == "GM0363")
			}
		}
		if !weesp {
			t.Errorf("GM0363 filter did not find Weesp's case: %+v", res.Hits)
		}
	})

	t.Run("bad size is a JSON 400", func(t *testing.T) {
		var body struct {
			Error struct{ Code, Message string }
		}
		if status := getJSON(t, base+"/api/v1/search?size=1000", &body); status != http.StatusBadRequest {
			t.Errorf("status %d", status)
		}
		if body.Error.Code != "invalid_parameter" || !strings.Contains(body.Error.Message, "size") {
			t.Errorf("error %+v", body.Error)
		}
	})

	t.Run("search page", func(t *testing.T) {
		resp, err := http.Get(base + "/?q=jeugdzorg")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if n := doc.Find("li.hit").Length(); n == 0 {
			t.Error("page shows no hits")
		}
		if doc.Find("li.hit mark").Length() == 0 {
			t.Error("page shows no highlights")
		}
		if doc.Find(`[data-facet="theme"] input[type=checkbox][name=theme]`).Length() == 0 {
			t.Error("page shows no theme facet")
		}
	})

	t.Run("advisor pages", func(t *testing.T) {
		weesp := searchAPI(t, base, url.Values{"municipality": {"GM0457"}})
		if len(weesp.Hits) == 0 {
			t.Fatal("no case about Weesp")
		}
		id := weesp.Hits[0].ID
		for target, want := range map[string]struct {
			status int
			text   string
		}{
			"/gemeenten?q=dalf":                          {200, "Dalfsen"},
			"/gemeenten/GM0457":                          {200, "sinds 2022 hoort het bij"},
			"/gemeenten/GM0363":                          {200, "Weesp (sinds 2022 Amsterdam)"},
			"/gemeenten/GM0148?theme=inkoop":             {200, "Bekijk deze zoekopdracht op de zoekpagina"},
			"/gemeenten/GM9999":                          {404, "Niet gevonden"},
			"/cases/" + id:                               {200, "Vergelijkbare cases"},
			"/cases/0000000000000000":                    {404, "Niet gevonden"},
			"/export.csv?municipality=GM0363&q=wijkteam": {200, "titel;datum;bron;url;gemeenten;thema's;domeinen"},
			"/export.csv?year=20x":                       {400, "Jaar"},
		} {
			resp, err := http.Get(base + target)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != want.status || !strings.Contains(string(body), want.text) {
				t.Errorf("GET %s: %d, want %d with %q:\n%.300s", target, resp.StatusCode, want.status, want.text, body)
			}
		}
	})

	stop()
	if !strings.Contains(out.String(), "crawl done") {
		t.Errorf("first run did not crawl:\n%s", out)
	}

	t.Run("second run reuses the index", func(t *testing.T) {
		base, out, stop := startDemo(t, dataDir)
		defer stop()
		if !strings.Contains(out.String(), "reusing") {
			t.Errorf("second run did not reuse the index:\n%s", out)
		}
		if got := searchAPI(t, base, url.Values{}).Total; got != all.Total {
			t.Errorf("second run has %d documents, first had %d", got, all.Total)
		}
		addSourceWhileServing(t, base, dataDir)
	})
}

func TestRunUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want int
		msg  string
	}{
		{nil, exitUsage, "Usage"},
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
		{[]string{"crawl"}, exitUsage, "--sources"},
		{[]string{"crawl", "--sources", "x.yaml"}, exitUsage, "--index"},
		{[]string{"crawl", "--sources", "x.yaml", "--index", "d", "--concurrency", "0"}, exitUsage, "--concurrency"},
		{[]string{"serve", "--bogus"}, exitUsage, "bogus"},
		{[]string{"search", "wijkteam"}, exitUsage, "--index"},
		{[]string{"search", "--index", "d", "--size", "0", "x"}, exitUsage, "size"},
		{[]string{"crawl", "--sources", "/nonexistent/sources.yaml", "--index", "d"}, exitFailed, "sources.yaml"},
		{[]string{"crawl", "--sources", badSources("encoding/latin1.yaml"), "--index", "d"}, exitFailed, "latin1.yaml: line 3: byte 0xE2 in column 32 is not UTF-8"},
		{[]string{"crawl", "--sources", badSources("encoding/utf16le-bom.yaml"), "--index", "d"}, exitFailed, "sources file is UTF-16; save it as UTF-8"},
		{[]string{"crawl", "--sources", badSources("encoding/utf16be-nobom.yaml"), "--index", "d"}, exitFailed, "sources file is UTF-16; save it as UTF-8"},
		{[]string{"crawl", "--sources", badSources("nesting/flow.yaml"), "--index", "d"}, exitFailed, "flow.yaml: line 5: lists and mappings nest more than 16 levels deep"},
		{[]string{"crawl", "--sources", badSources("nesting/hidden.yaml"), "--index", "d"}, exitFailed, "hidden.yaml: line 23: lists and mappings nest more than 16 levels deep"},
		{[]string{"help"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.args), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(context.Background(), tt.args, &stdout, &stderr)
			if got != tt.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", got, tt.want, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.msg) {
				t.Errorf("stderr %q does not mention %q", stderr.String(), tt.msg)
			}
		})
	}
}

// badSources is the path of a faulty sources file among the fixtures of
// indexer/source.
func badSources(name string) string {
	return filepath.Join("..", "..", "indexer", "source", "testdata", name)
}

// extraCase is a case page of a source that is not part of the demo.
const extraCase = `<html><head><title>Kwartiermaker Omgevingswet | Bureau Extra</title></head>
<body><article><h1>Kwartiermaker Omgevingswet in Zaltbommel</h1>
<p>De gemeente Zaltbommel zocht een kwartiermaker voor de invoering van de Omgevingswet.
Het bureau richtte het vergunningenproces opnieuw in en trainde de medewerkers.</p></article></body></html>`

// addSourceWhileServing crawls one more source into the running demo's
// index, as `casus crawl --index DIR/index` does, and waits until the demo
// serves it.
func addSourceWhileServing(t *testing.T, base, dataDir string) {
	t.Helper()
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/cases/":
			fmt.Fprint(w, `<html><body><a href="/cases/omgevingswet/">Omgevingswet</a></body></html>`)
		case "/cases/omgevingswet/":
			fmt.Fprint(w, extraCase)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	srcs, err := source.Parse([]byte(fmt.Sprintf(`sources:
  - id: extra
    name: Bureau Extra
    start_urls: ['%s/cases/']
    allow: ['^/cases/[^/]+/$']
    delay: 0s
`, site.URL)))
	if err != nil {
		t.Fatal(err)
	}
	k, err := loadKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	job := crawlJob{dir: filepath.Join(dataDir, "index"), sources: srcs, concurrency: 1}
	if res, err := job.run(context.Background(), slog.New(slog.DiscardHandler), k); err != nil || !res.live {
		t.Fatalf("crawl into the demo index: live %v, %v", res.live, err)
	}
	deadline := time.Now().Add(readyTimeout)
	for searchAPI(t, base, url.Values{"source": {"extra"}}).Total != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the demo never served the newly crawled source")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
