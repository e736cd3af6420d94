package demo_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/demo"
	"github.com/casus-nl/casus/indexer/enrich"
	"github.com/casus-nl/casus/indexer/extract"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
	"github.com/goccy/go-yaml"
)

// demoPagesFile holds the corpus's cases as the enricher sees them, for
// the theme model's fit and its halves (indexer/enrich TestThemeModel). It
// is golden: TestCorpus fails when it differs from the extraction and
// writes it with CASUS_UPDATE_DEMO_PAGES=1.
var demoPagesFile = filepath.Join("..", "enrich", "testdata", "demopages.yaml")

// demoPage is one case in demoPagesFile: what extraction gives the
// enricher, and the themes expected.
type demoPage struct {
	Key    string   `yaml:"key"`
	Title  string   `yaml:"title"`
	Date   string   `yaml:"date,omitempty"`
	Tags   []string `yaml:"tags,omitempty"`
	Text   string   `yaml:"text"`
	Themes []string `yaml:"themes"`
}

// expectedPage is one page's ground truth in testdata/expected/<site>.json.
type expectedPage struct {
	Path           string   `json:"path"`
	Case           bool     `json:"case"`
	InSitemap      bool     `json:"in_sitemap"`
	Disallowed     bool     `json:"disallowed"`
	Title          string   `json:"title"`
	Date           *string  `json:"date"`
	BodyStart      string   `json:"body_start"`
	BodyEnd        string   `json:"body_end"`
	Municipalities []string `json:"municipalities"`
	Themes         []string `json:"themes"`
	Domains        []string `json:"domains"`
	Tags           []string `json:"tags"`
}

// chromeMarkers are phrases of site chrome that must never reach a body.
var chromeMarkers = []string{"Bekijk profiel", "cookies", "nieuwsbrief", "Deel deze", "LinkedIn"}

// Corpus-wide quality floors: the targets of recognition a policy advisor can
// filter on. The figures are logged so changes can be compared.
const (
	minMunicipalityPrecision = 0.97
	minMunicipalityRecall    = 0.95
	minThemePrecision        = 0.85
	minThemeRecall           = 0.85
)

// served runs every demo site on httptest and returns the parsed demo sources.
func served(t *testing.T) (map[string]*httptest.Server, map[string]source.Source) {
	t.Helper()
	sites, err := demo.Sites()
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) < 4 {
		t.Fatalf("%d demo sites, want at least 4", len(sites))
	}
	servers := map[string]*httptest.Server{}
	bases := map[string]string{}
	for _, s := range sites {
		mux := http.NewServeMux()
		srv := httptest.NewServer(mux)
		mux.Handle("/", s.Handler(srv.URL))
		t.Cleanup(srv.Close)
		servers[s.ID], bases[s.ID] = srv, srv.URL
	}
	yaml, err := demo.SourcesYAML(bases)
	if err != nil {
		t.Fatal(err)
	}
	list, err := source.Parse(yaml)
	if err != nil {
		t.Fatalf("demo sources do not parse: %v", err)
	}
	bySite := map[string]source.Source{}
	for _, s := range list {
		bySite[s.ID] = s
	}
	return servers, bySite
}

func loadExpected(t *testing.T, site string) []expectedPage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "expected", site+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []expectedPage
	if err := json.Unmarshal(b, &pages); err != nil {
		t.Fatalf("%s.json: %v", site, err)
	}
	return pages
}

// counts accumulates precision/recall counts for one facet.
type counts struct{ tp, fp, fn int }

func (c *counts) add(want, got []string) {
	for _, g := range got {
		if slices.Contains(want, g) {
			c.tp++
		} else {
			c.fp++
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			c.fn++
		}
	}
}

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func TestCorpus(t *testing.T) {
	servers, sources := served(t)
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	enricher, err := enrich.New(g, tax)
	if err != nil {
		t.Fatal(err)
	}
	var munis, themes counts
	var nCases int
	var pages []demoPage
	municipalities := map[string]bool{}
	themeSet := map[string]bool{}
	for site, srv := range servers {
		src, ok := sources[site]
		if !ok {
			t.Fatalf("site %s has no source in sources.yaml.tmpl", site)
		}
		for _, want := range loadExpected(t, site) {
			if !want.Case || want.Disallowed {
				continue
			}
			nCases++
			for _, m := range want.Municipalities {
				municipalities[m] = true
			}
			for _, th := range want.Themes {
				themeSet[th] = true
			}
			t.Run(site+want.Path, func(t *testing.T) {
				resp, err := http.Get(srv.URL + want.Path)
				if err != nil {
					t.Fatal(err)
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %d %v", want.Path, resp.StatusCode, err)
				}
				u, _ := url.Parse(srv.URL + want.Path)
				page, err := extract.Extract(extract.Input{URL: u, ContentType: resp.Header.Get("Content-Type"),
					Body: body, Selectors: src.Selectors})
				if err != nil {
					t.Fatal(err)
				}
				if page.Title != want.Title {
					t.Errorf("title %q, want %q", page.Title, want.Title)
				}
				wantDate := ""
				if want.Date != nil {
					wantDate = *want.Date
				}
				if page.Date.String() != wantDate {
					t.Errorf("date %q, want %q", page.Date, wantDate)
				}
				if !strings.HasPrefix(page.Body, want.BodyStart) {
					t.Errorf("body starts %q, want %q", head(page.Body), want.BodyStart)
				}
				if !strings.HasSuffix(strings.TrimSpace(page.Body), want.BodyEnd) {
					t.Errorf("body ends %q, want %q", tail(page.Body), want.BodyEnd)
				}
				for _, m := range chromeMarkers {
					if strings.Contains(page.Body, m) {
						t.Errorf("body contains chrome %q", m)
					}
				}
				doc := casus.Document{Title: page.Title, Body: page.Body, Tags: page.Tags}
				pages = append(pages, demoPage{Key: site + ":" + want.Path, Title: page.Title, Date: page.Date.String(),
					Tags: page.Tags, Text: page.Body, Themes: want.Themes})
				enricher.Enrich(&doc)
				var got []string
				for _, m := range doc.Municipalities {
					got = append(got, m.Code)
				}
				munis.add(want.Municipalities, got)
				themes.add(want.Themes, doc.Themes)
				if !slices.Equal(sorted(got), sorted(want.Municipalities)) {
					t.Logf("municipalities %v, want %v", got, want.Municipalities)
				}
				if !slices.Equal(sorted(doc.Themes), sorted(want.Themes)) {
					t.Logf("themes %v, want %v", doc.Themes, want.Themes)
				}
			})
		}
	}
	if nCases < 40 || len(municipalities) < 25 || len(themeSet) < 11 {
		t.Errorf("corpus has %d cases, %d municipalities, %d themes; want ≥40, ≥25, 11",
			nCases, len(municipalities), len(themeSet))
	}
	t.Logf("municipalities: precision %.3f recall %.3f; themes: precision %.3f recall %.3f",
		munis.precision(), munis.recall(), themes.precision(), themes.recall())
	checkDemoPages(t, pages)
	logThemeHalves(t, enricher, pages)
	if munis.precision() < minMunicipalityPrecision || munis.recall() < minMunicipalityRecall {
		t.Errorf("municipality precision %.3f / recall %.3f below %.2f / %.2f",
			munis.precision(), munis.recall(), minMunicipalityPrecision, minMunicipalityRecall)
	}
	if themes.precision() < minThemePrecision || themes.recall() < minThemeRecall {
		t.Errorf("theme precision %.3f / recall %.3f below %.2f / %.2f",
			themes.precision(), themes.recall(), minThemePrecision, minThemeRecall)
	}
}

// checkDemoPages compares pages, in key order, with demoPagesFile, or
// writes them there with CASUS_UPDATE_DEMO_PAGES=1.
func checkDemoPages(t *testing.T, pages []demoPage) {
	t.Helper()
	slices.SortFunc(pages, func(a, b demoPage) int { return strings.Compare(a.Key, b.Key) })
	data, err := yaml.MarshalWithOptions(pages, yaml.UseLiteralStyleIfMultiline(true))
	if err != nil {
		t.Fatal(err)
	}
	data = append([]byte("# The demo corpus's cases as the enricher sees them, in key order, written by\n"+
		"# indexer/demo TestCorpus (CASUS_UPDATE_DEMO_PAGES=1); even positions tune the theme model,\n"+
		"# odd positions are held out.\n"), data...)
	if os.Getenv("CASUS_UPDATE_DEMO_PAGES") != "" {
		if err := os.WriteFile(demoPagesFile, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(demoPagesFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(old) != string(data) {
		t.Errorf("%s differs from the extracted corpus; write it again with CASUS_UPDATE_DEMO_PAGES=1", demoPagesFile)
	}
}

// logThemeHalves logs theme precision and recall over the cases at even
// positions of pages (in key order), which tune the theme model, and at odd
// positions, which are held out.
func logThemeHalves(t *testing.T, e *enrich.Enricher, pages []demoPage) {
	var halves [2]counts
	for i, p := range pages {
		doc := casus.Document{Title: p.Title, Body: p.Text, Tags: p.Tags}
		e.Enrich(&doc)
		halves[i%2].add(p.Themes, doc.Themes)
	}
	for half, name := range []string{"tuning", "held-out"} {
		t.Logf("themes, %s half: precision %.3f recall %.3f", name, halves[half].precision(), halves[half].recall())
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func head(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60])
	}
	return s
}

func tail(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 60 {
		return string(r[len(r)-60:])
	}
	return s
}

func TestHandler(t *testing.T) {
	sites, err := demo.Sites()
	if err != nil {
		t.Fatal(err)
	}
	site := sites[0]
	srv := httptest.NewServer(site.Handler("http://demo.test"))
	defer srv.Close()
	tests := []struct {
		path, wantType string
		wantStatus     int
		wantBody       string
	}{
		{"/robots.txt", "text/plain; charset=utf-8", 200, "Disallow"},
		{"/sitemap.xml", "application/xml", 200, "http://demo.test/"},
		{"/", "text/html", 200, "<"},
		{"/does-not-exist.html", "", 404, ""},
		{"/../../etc/passwd", "", 404, ""},
	}
	for _, tt := range tests {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.wantStatus {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.wantStatus)
			continue
		}
		if tt.wantStatus != 200 {
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != tt.wantType {
			t.Errorf("%s: type %q, want %q", tt.path, got, tt.wantType)
		}
		if !strings.Contains(string(b), tt.wantBody) || strings.Contains(string(b), "{{BASE}}") {
			t.Errorf("%s: body lacks %q or kept the placeholder", tt.path, tt.wantBody)
		}
	}
}
