package indexer

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/demo"
	"github.com/casus-nl/casus/indexer/enrich"
)

// cmsDir holds blind labelled websites as a CMS serves them (testdata/cms,
// see its README.md): per site the files under site/ and labels.yaml.
var cmsDir = filepath.Join("testdata", "cms")

// cmsLabel is what an editor says of one page of a CMS site: the title and
// date a reader sees, and the themes and municipalities of the work.
type cmsLabel struct {
	Path           string   `yaml:"path"`
	Title          string   `yaml:"title"`
	Date           string   `yaml:"date"`
	Themes         []string `yaml:"themes"`
	Municipalities []string `yaml:"municipalities"`
}

// Floors of the CMS sites, per half (tuning, held-out) of all sites
// together, at the figures measured when the third site (typo3) was added:
// a change that lowers one fails.
var (
	minCMSFields     = [2]float64{1, 1}
	minCMSThemeExact = [2]float64{0.70, 0.66}
	minCMSMuniExact  = [2]float64{0.91, 0.91}
)

// cmsScores counts one half's pages: crawled, with the title and date
// right, and the theme and municipality decisions.
type cmsScores struct {
	pages, crawled, title, date int
	themes, munis               setCounts
}

// setCounts counts (page, label) decisions and the pages whose set came
// out exactly right.
type setCounts struct {
	tp, fp, fn, exact, n int
}

func (c *setCounts) add(got, want []string) {
	c.n++
	ok := true
	for _, g := range got {
		if slices.Contains(want, g) {
			c.tp++
		} else {
			c.fp++
			ok = false
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			c.fn++
			ok = false
		}
	}
	if ok {
		c.exact++
	}
}

func share(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (c setCounts) String() string {
	return fmt.Sprintf("precision %.3f recall %.3f exact %.3f", share(c.tp, c.tp+c.fp), share(c.tp, c.tp+c.fn), share(c.exact, c.n))
}

func (s cmsScores) fields() float64 { return share(s.crawled+s.title+s.date, 3*s.pages) }

func (s cmsScores) String() string {
	return fmt.Sprintf("%d pages: crawled %d, title %d, date %d; themes %v; municipalities %v",
		s.pages, s.crawled, s.title, s.date, s.themes, s.munis)
}

// TestCMSSites crawls each labelled CMS site with the real crawler and
// enricher, without selectors, as a newly added source would be, and
// compares every labelled page with what was extracted and recognised: the
// tuning half (even positions of labels.yaml) and the held-out half (odd)
// apart, per site and over all sites.
func TestCMSSites(t *testing.T) {
	entries, err := os.ReadDir(cmsDir)
	if err != nil {
		t.Fatal(err)
	}
	e := realEnricher(t)
	var all [2]cmsScores
	sites := 0
	for _, entry := range entries {
		if !entry.IsDir() {
			continue
		}
		sites++
		site := entry.Name()
		labels := readCMSLabels(t, filepath.Join(cmsDir, site, "labels.yaml"))
		docs := crawlCMSSite(t, site, e, labels)
		var halves [2]cmsScores
		for i, l := range labels {
			d, found := docs[l.Path]
			for _, s := range []*cmsScores{&halves[i%2], &all[i%2]} {
				s.addPage(d, found, l)
			}
			if !found {
				t.Logf("%s %d %s: not crawled", site, i, l.Path)
				continue
			}
			if d.Title != l.Title {
				t.Logf("%s %d %s: title %q, want %q", site, i, l.Path, d.Title, l.Title)
			}
			if d.Date.String() != l.Date {
				t.Logf("%s %d %s: date %q, want %q", site, i, l.Path, d.Date, l.Date)
			}
			if os.Getenv("CASUS_CMS_VERBOSE") != "" && i%2 == 0 {
				t.Logf("%s %d %s: themes %v want %v; municipalities %v want %v", site, i, l.Path, d.Themes, l.Themes, codesOf(d), l.Municipalities)
			}
		}
		t.Logf("%s: tuning half %v", site, halves[0])
		t.Logf("%s: held-out half %v", site, halves[1])
	}
	if sites == 0 {
		t.Fatalf("no sites under %s", cmsDir)
	}
	for h, name := range []string{"tuning", "held-out"} {
		t.Logf("%s half: %v", name, all[h])
		checkMin(t, name+" pages crawled with title and date right", all[h].fields(), minCMSFields[h])
		checkMin(t, name+" exact theme sets", share(all[h].themes.exact, all[h].themes.n), minCMSThemeExact[h])
		checkMin(t, name+" exact municipality sets", share(all[h].munis.exact, all[h].munis.n), minCMSMuniExact[h])
	}
}

// addPage counts labelled page l, found or not as d.
func (s *cmsScores) addPage(d casus.Document, found bool, l cmsLabel) {
	s.pages++
	if !found {
		s.themes.add(nil, l.Themes)
		s.munis.add(nil, l.Municipalities)
		return
	}
	s.crawled++
	if d.Title == l.Title {
		s.title++
	}
	if d.Date.String() == l.Date {
		s.date++
	}
	s.themes.add(d.Themes, l.Themes)
	s.munis.add(codesOf(d), l.Municipalities)
}

// codesOf returns the codes of d's municipalities.
func codesOf(d casus.Document) []string {
	codes := []string{}
	for _, m := range d.Municipalities {
		codes = append(codes, m.Code)
	}
	return codes
}

func checkMin(t *testing.T, what string, got, floor float64) {
	t.Helper()
	if got < floor {
		t.Errorf("%s %.3f, below its floor %.2f", what, got, floor)
	}
}

func readCMSLabels(t *testing.T, file string) []cmsLabel {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var labels []cmsLabel
	if err := yaml.Unmarshal(data, &labels); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(labels) == 0 {
		t.Fatalf("%s: no labelled pages", file)
	}
	return labels
}

// crawlCMSSite serves the site from its files on a loopback port and
// crawls it from its home page and sitemap, keeping the pages under the
// labelled pages' sections; it returns the documents by URL path.
func crawlCMSSite(t *testing.T, site string, e *enrich.Enricher, labels []cmsLabel) map[string]casus.Document {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	srv.Config.Handler = demo.NewSite(site, os.DirFS(filepath.Join(cmsDir, site, "site"))).Handler(base)
	srv.Start()
	t.Cleanup(srv.Close)
	var sections []string
	for _, l := range labels {
		first, _, _ := strings.Cut(strings.TrimPrefix(l.Path, "/"), "/")
		if q := regexp.QuoteMeta(first); !slices.Contains(sections, q) {
			sections = append(sections, q)
		}
	}
	yml := fmt.Sprintf(`sources:
  - id: %s
    name: %s
    start_urls: ['%s/']
    sitemaps: ['%s/sitemap.xml']
    allow: ['^/(%s)/[^/]+/$']
    follow: ['^/']
    delay: 1ms
`, site, site, base, base, strings.Join(sections, "|"))
	sink := &memSink{}
	if _, err := New(DefaultOptions(), e, sink).Crawl(context.Background(), sources(t, yml)); err != nil {
		t.Fatal(err)
	}
	out := map[string]casus.Document{}
	for _, d := range sink.docs {
		u, err := url.Parse(d.URL)
		if err != nil {
			t.Fatal(err)
		}
		out[u.Path] = d
	}
	return out
}
