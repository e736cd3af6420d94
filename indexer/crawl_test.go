package indexer

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/charmap"

	"github.com/casus-nl/casus"
)

func TestCrawlSite(t *testing.T) {
	other := newTestSite(t, map[string]http.HandlerFunc{
		"/cases/elders/": html("Elders", "Een pagina op een andere site."),
	})
	cp1252, err := charmap.Windows1252.NewEncoder().String(
		`<html><head><meta charset="windows-1252"></head><body><article><h1>Sociale basis in Fryslân</h1>` +
			`<p>Er is flink geïnvesteerd in de sociale basis van de Friese dorpen.</p></article></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	var site *testSite
	site = newTestSite(t, map[string]http.HandlerFunc{
		"/robots.txt": text("User-agent: *\nDisallow: /cases/geheim/\n", "text/plain"),
		"/cases/": html("Onze cases", "Een overzicht van cases.",
			"/cases/a/", "/cases/b/", "/cases/geheim/", "/cases/rapport.pdf", "/cases/c/",
			"/cases/broken/", "/cases/loop/", "/cases/huge/", "/cases/dup/", "/cases/oud/",
			"/cases/concept/", "/cases/fryslan/", "/over-ons/", "/cases/a/#boven", "/cases/a/?utm_source=x",
			"mailto:info@example.nl"),
		"/cases/a/":      html("Wijkteams in Weesp", "De gemeente Weesp startte sociale wijkteams.", "/cases/", other.URL+"/cases/elders/"),
		"/cases/b/":      html("Inkoop jeugdhulp", "Vier gemeenten kochten samen jeugdhulp in."),
		"/cases/geheim/": html("Geheim", "Dit mag niet gelezen worden."),
		"/cases/c/":      text("%PDF-1.4 geen html", "application/pdf"),
		"/cases/broken/": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "kapot", http.StatusInternalServerError) },
		"/cases/loop/":   redirect("/cases/loop2/"),
		"/cases/loop2/":  redirect("/cases/loop/"),
		"/cases/huge/": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			chunk := []byte(strings.Repeat("<p>Heel veel tekst.</p>", 500))
			for i := 0; i < 50<<20/len(chunk); i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		},
		// The same case under a second URL, naming the first as canonical.
		"/cases/dup/": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `<html><head><link rel="canonical" href="%s/cases/a/"></head><body><article><h1>Wijkteams in Weesp</h1>`+
				`<p>Gepubliceerd op 17 juni 2024</p><p>De gemeente Weesp startte sociale wijkteams.</p></article></body></html>`, site.URL)
		},
		"/cases/oud/":     redirect("/cases/b/"),
		"/cases/concept/": text(`<html><head><meta name="robots" content="noindex"></head><body><h1>Concept</h1><p>Nog niet af.</p></body></html>`, "text/html"),
		"/cases/fryslan/": text(cp1252, "text/html"),
		"/over-ons/":      html("Over ons", "Wie wij zijn."),
	})
	srcs := sources(t, fmt.Sprintf(`
sources:
  - id: bureau-a
    name: Adviesbureau A
    start_urls: [%s/cases/]
    allow: ['^/cases/[^/]+/?$']
    follow: ['^/cases/$']
    delay: 0s
`, site.URL))
	log := &eventLog{}
	sink := &memSink{}
	c := New(testOptions(log), themeEnricher{}, sink)
	sum, err := c.Crawl(context.Background(), srcs)
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}

	wantURLs := []string{site.URL + "/cases/a/", site.URL + "/cases/b/", site.URL + "/cases/fryslan/"}
	if diff := cmp.Diff(wantURLs, sink.urls()); diff != "" {
		t.Errorf("indexed URLs (-want +got):\n%s", diff)
	}
	for _, d := range sink.docs {
		if d.ID != casus.DocumentID(d.URL) || d.Source != "bureau-a" || d.SourceName != "Adviesbureau A" ||
			!d.FetchedAt.Equal(fixedNow) || d.Body == "" || d.Title == "" || !cmp.Equal(d.Themes, []string{"getest"}) {
			t.Errorf("document %+v", d)
		}
		if d.URL == site.URL+"/cases/a/" && (d.Title != "Wijkteams in Weesp" || d.Date.String() != "2024-06-17" ||
			d.Body != "De gemeente Weesp startte sociale wijkteams.") {
			t.Errorf("case a = %+v", d)
		}
		if d.URL == site.URL+"/cases/fryslan/" && (d.Title != "Sociale basis in Fryslân" || !strings.Contains(d.Body, "geïnvesteerd")) {
			t.Errorf("windows-1252 page decoded as %q / %q", d.Title, d.Body)
		}
	}
	if n := site.count("/cases/geheim/"); n != 0 {
		t.Errorf("robots.txt disallows /cases/geheim/, but the server saw it %d times", n)
	}
	if n := site.count("/cases/rapport.pdf"); n != 0 {
		t.Errorf("a .pdf link was requested %d times", n)
	}
	if n := site.count("/over-ons/"); n != 0 {
		t.Errorf("a page outside allow and follow was requested %d times", n)
	}
	if n := other.requests("/"); n != 0 {
		t.Errorf("another host was contacted %d times", n)
	}
	if n := site.count("/cases/a/"); n != 1 {
		t.Errorf("/cases/a/ fetched %d times; its variants must dedupe", n)
	}
	if n := site.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times", n)
	}
	want := Summary{
		Fetched: 8, // cases, a, b, c (a PDF), dup, oud (redirects to b), concept, fryslan
		New:     3,
		Skipped: 7,
		Errors:  2, // broken (500) and loop
		SkipReasons: map[string]int{
			// duplicates: dup (canonical a) and oud (lands on b)
			ReasonDisallowed: 1, ReasonNotHTML: 2, ReasonTooLarge: 1, ReasonDuplicate: 2, ReasonNoIndex: 1,
		},
	}
	if diff := cmp.Diff(want, sum); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if log.count(EventIndexed) != sum.New || log.count(EventSkipped) != sum.Skipped ||
		log.count(EventFailed) != sum.Errors || log.count(EventFetched) != sum.Fetched {
		t.Errorf("events do not match the summary: %+v", log.events)
	}
}

func TestCrawlSitemaps(t *testing.T) {
	var site *testSite
	gz := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			fmt.Fprint(zw, strings.ReplaceAll(body, "SITE", site.URL))
			zw.Close()
			w.Header().Set("Content-Type", "application/x-gzip")
			_, _ = w.Write(b.Bytes())
		}
	}
	xmlPage := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, strings.ReplaceAll(body, "SITE", site.URL))
		}
	}
	site = newTestSite(t, map[string]http.HandlerFunc{
		"/sitemap_index.xml": xmlPage(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>SITE/case-sitemap.xml.gz</loc></sitemap>
  <sitemap><loc>SITE/page-sitemap.xml</loc></sitemap>
  <sitemap><loc>https://elders.example/sitemap.xml</loc></sitemap>
</sitemapindex>`),
		"/case-sitemap.xml.gz": gz(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>SITE/cases/een/</loc><lastmod>2024-01-01</lastmod></url>
  <url><loc> SITE/cases/twee/ </loc></url>
  <url><loc>https://elders.example/cases/drie/</loc></url>
</urlset>`),
		"/page-sitemap.xml": xmlPage(`<urlset><url><loc>SITE/cases/vier/</loc></url><url><loc>SITE/contact/</loc></url></urlset>`),
		"/cases/een/":       html("Een", "De eerste case over de Wmo."),
		"/cases/twee/":      html("Twee", "De tweede case over jeugdhulp."),
		"/cases/vier/":      html("Vier", "De vierde case over schuldhulp."),
		"/contact/":         html("Contact", "Bel ons."),
	})
	srcs := sources(t, fmt.Sprintf(`
sources:
  - id: bureau-b
    name: Bureau B
    sitemaps: [%s/sitemap_index.xml]
    allow: ['^/cases/']
    delay: 0s
`, site.URL))
	sink := &memSink{}
	sum, err := New(testOptions(nil), nil, sink).Crawl(context.Background(), srcs)
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	want := []string{site.URL + "/cases/een/", site.URL + "/cases/twee/", site.URL + "/cases/vier/"}
	if diff := cmp.Diff(want, sink.urls()); diff != "" {
		t.Errorf("indexed (-want +got):\n%s", diff)
	}
	if sum.New != 3 || sum.Errors != 0 || site.count("/contact/") != 0 {
		t.Errorf("summary %+v, contact fetched %d times", sum, site.count("/contact/"))
	}
}

func TestCrawlBounds(t *testing.T) {
	caseLinks := make([]string, 20)
	routes := map[string]http.HandlerFunc{
		"/agenda": func(w http.ResponseWriter, r *http.Request) {
			var m int
			fmt.Sscan(r.URL.Query().Get("month"), &m)
			html("Agenda", "Activiteiten deze maand.", fmt.Sprintf("/agenda?month=%d", m+1))(w, r)
		},
		"/grow": func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query().Get("q")
			html("Zoeken", "Resultaten.", "/grow?q="+q+q+"ab")(w, r)
		},
	}
	for i := range caseLinks {
		caseLinks[i] = fmt.Sprintf("/cases/%d/", i)
		routes[caseLinks[i]] = html(fmt.Sprintf("Case %d", i), "Een case over het sociaal domein.")
	}
	routes["/cases/"] = html("Cases", "Overzicht.", caseLinks...)
	tests := []struct {
		name       string
		start      string
		maxPages   int
		opts       func(*Options)
		prefix     string
		maxHits    int
		wantReason string
	}{
		{"max_pages", "/cases/", 5, func(o *Options) {}, "/cases/", 5, ReasonMaxPages},
		{"calendar trap", "/agenda?month=1", 1000, func(o *Options) { o.MaxDepth = 5 }, "/agenda", 6, ReasonDepth},
		{"growing URL", "/grow?q=x", 1000, func(o *Options) { o.MaxURLLength = 200; o.MaxDepth = 50 }, "/grow", 8, ReasonURLTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newTestSite(t, routes)
			srcs := sources(t, fmt.Sprintf(`
sources:
  - id: s
    name: S
    start_urls: ['%s%s']
    allow: ['^/cases/\d+/$']
    follow: ['^/(cases/|agenda|grow)']
    max_pages: %d
    delay: 0s
`, site.URL, tt.start, tt.maxPages))
			opts := testOptions(nil)
			tt.opts(&opts)
			sum, err := New(opts, nil, &memSink{}).Crawl(context.Background(), srcs)
			if err != nil {
				t.Fatalf("Crawl: %v", err)
			}
			if n := site.requests(tt.prefix); n == 0 || n > tt.maxHits {
				t.Errorf("server saw %d requests under %s, want 1..%d", n, tt.prefix, tt.maxHits)
			}
			if sum.SkipReasons[tt.wantReason] == 0 {
				t.Errorf("no %s skips in %+v", tt.wantReason, sum)
			}
		})
	}
}

func TestCrawlFollowAndAllow(t *testing.T) {
	site := newTestSite(t, map[string]http.HandlerFunc{
		"/hub/":      html("Hub", "Overzicht van cases.", "/hub/2/", "/cases/x/", "/nieuws/z/"),
		"/hub/2/":    html("Hub 2", "Tweede pagina.", "/cases/w/"),
		"/cases/x/":  html("Case X", "Een case die naar een andere case linkt.", "/cases/y/"),
		"/cases/w/":  html("Case W", "Nog een case."),
		"/cases/y/":  html("Case Y", "Alleen via case X te vinden."),
		"/nieuws/z/": html("Nieuws", "Geen case."),
	})
	srcs := sources(t, fmt.Sprintf(`
sources:
  - id: s
    name: S
    start_urls: [%s/hub/]
    allow: ['^/cases/[a-z]/$']
    follow: ['^/hub/']
    delay: 0s
`, site.URL))
	sink := &memSink{}
	if _, err := New(testOptions(nil), nil, sink).Crawl(context.Background(), srcs); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{site.URL + "/cases/w/", site.URL + "/cases/x/"}, sink.urls()); diff != "" {
		t.Errorf("indexed (-want +got):\n%s", diff)
	}
	for _, p := range []string{"/cases/y/", "/nieuws/z/"} {
		if n := site.count(p); n != 0 {
			t.Errorf("%s was requested %d times; only follow pages' links are followed", p, n)
		}
	}
}

func TestCrawlRedirectToOtherHost(t *testing.T) {
	for _, inScope := range []bool{true, false} {
		t.Run(fmt.Sprintf("in scope %v", inScope), func(t *testing.T) {
			www := newTestSite(t, map[string]http.HandlerFunc{
				"/cases/":   html("Cases", "Overzicht.", "/cases/a/"),
				"/cases/a/": html("Case A", "De case."),
			})
			bare := newTestSite(t, map[string]http.HandlerFunc{"/cases/": redirect(www.URL + "/cases/")})
			extra := ""
			if inScope {
				extra = fmt.Sprintf("    sitemaps: [%s/sitemap.xml]\n", www.URL)
			}
			srcs := sources(t, fmt.Sprintf(`
sources:
  - id: s
    name: S
    start_urls: [%s/cases/]
%s    allow: ['^/cases/a/$']
    delay: 0s
`, bare.URL, extra))
			sink := &memSink{}
			sum, err := New(testOptions(nil), nil, sink).Crawl(context.Background(), srcs)
			if err != nil {
				t.Fatal(err)
			}
			if inScope {
				if diff := cmp.Diff([]string{www.URL + "/cases/a/"}, sink.urls()); diff != "" {
					t.Errorf("indexed (-want +got):\n%s", diff)
				}
				return
			}
			if n := www.requests("/"); n != 0 || sum.SkipReasons[ReasonOffScope] != 1 {
				t.Errorf("off-scope host saw %d requests; summary %+v", n, sum)
			}
		})
	}
}

// A page served both with and without a trailing slash, linked both ways
// and without a canonical link, is one document.
func TestCrawlTrailingSlashVariants(t *testing.T) {
	page := html("Wijkteams in Epe", "De gemeente Epe bouwde sociale wijkteams op.", "/cases/epe", "/cases/epe/")
	site := newTestSite(t, map[string]http.HandlerFunc{
		"/cases/":     html("Cases", "Alle opdrachten.", "/cases/epe", "/cases/epe/"),
		"/cases/epe":  page,
		"/cases/epe/": page,
	})
	srcs := sources(t, fmt.Sprintf(`sources:
  - id: bureau
    name: Bureau
    start_urls: [%s/cases/]
    allow: ['^/cases/[^/]+/?$']
    delay: 0s
`, site.URL))
	sink := &memSink{}
	sum, err := New(testOptions(nil), nil, sink).Crawl(context.Background(), srcs)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.docs) != 1 || sum.New != 1 {
		t.Errorf("%d documents (summary %+v), want 1", len(sink.docs), sum)
	}
	if n := site.requests("/cases/epe"); n != 1 {
		t.Errorf("the page was requested %d times, want once", n)
	}
}
