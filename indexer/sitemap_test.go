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
)

func TestParseSitemap(t *testing.T) {
	tests := []struct {
		name      string
		xml       string
		max       int
		wantLocs  []string
		wantIndex bool
		wantMore  int
		wantErr   string
	}{
		{name: "urlset", max: 10, xml: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://A.nl/cases/een/#x</loc></url><url><loc>
  https://a.nl/cases/twee/?utm_source=s </loc></url><url><loc>/relatief/</loc></url><url><loc>ftp://a.nl/x</loc></url></urlset>`,
			wantLocs: []string{"https://a.nl/cases/een/", "https://a.nl/cases/twee/"}},
		{name: "index", max: 10, xml: `<sitemapindex><sitemap><loc>https://a.nl/s1.xml</loc></sitemap></sitemapindex>`,
			wantLocs: []string{"https://a.nl/s1.xml"}, wantIndex: true},
		{name: "latin-1", max: 10, xml: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://a.nl/fryslân</loc></url></urlset>",
			wantLocs: []string{"https://a.nl/frysl%C3%A2n"}},
		{name: "bounded", max: 2, xml: `<urlset><url><loc>https://a.nl/1</loc></url><url><loc>https://a.nl/2</loc></url><url><loc>https://a.nl/3</loc></url></urlset>`,
			wantLocs: []string{"https://a.nl/1", "https://a.nl/2"}, wantMore: 1},
		{name: "html page", max: 10, xml: `<html><body>Niet gevonden</body></html>`, wantErr: "neither"},
		{name: "empty", max: 10, xml: ``, wantErr: "no XML root"},
		{name: "broken", max: 10, xml: `<urlset><url><loc>https://a.nl/1</loc></url><url><loc>`, wantErr: "xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.xml)
			if tt.name == "latin-1" {
				data = bytes.ReplaceAll(data, []byte("â"), []byte{0xe2})
			}
			locs, index, more, err := parseSitemap(data, tt.max)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range locs {
				got = append(got, l.String())
			}
			if diff := cmp.Diff(tt.wantLocs, got); diff != "" || index != tt.wantIndex || more != tt.wantMore {
				t.Errorf("index %v (want %v), more %d (want %d); locs (-want +got):\n%s", index, tt.wantIndex, more, tt.wantMore, diff)
			}
		})
	}
}

func TestGunzip(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("<urlset/>"))
	zw.Close()
	if out, err := gunzip(b.Bytes()); err != nil || string(out) != "<urlset/>" {
		t.Errorf("gunzip = %q, %v", out, err)
	}
	if _, err := gunzip([]byte{0x1f, 0x8b, 0, 0}); err == nil {
		t.Error("a broken gzip stream should fail")
	}
}

// TestSitemapBoundsAreReported crawls a sitemap index whose sitemaps list
// more pages than max_pages, and one file with more than the per-file bound
// of URLs: every page URL left out is counted as skipped, with its reason.
func TestSitemapBoundsAreReported(t *testing.T) {
	const perFile, files = 40, 3
	routes := map[string]http.HandlerFunc{}
	var index strings.Builder
	index.WriteString(`<sitemapindex>`)
	for f := range files {
		fmt.Fprintf(&index, `<sitemap><loc>SITE/s%d.xml</loc></sitemap>`, f)
		var set strings.Builder
		set.WriteString(`<urlset>`)
		for i := range perFile {
			p := fmt.Sprintf("/cases/%d-%d/", f, i)
			fmt.Fprintf(&set, `<url><loc>SITE%s</loc></url>`, p)
			routes[p] = html(fmt.Sprintf("Case %d-%d", f, i), "Een case over het sociaal domein.")
		}
		set.WriteString(`</urlset>`)
		routes[fmt.Sprintf("/s%d.xml", f)] = sitemapPage(set.String())
	}
	index.WriteString(`</sitemapindex>`)
	routes["/sitemap.xml"] = sitemapPage(index.String())
	tests := []struct {
		name        string
		maxPages    int
		wantFetched int
		wantSkipped map[string]int
	}{
		{"all pages fit", files * perFile, files * perFile, nil},
		{"max_pages reached", 50, 50, map[string]int{ReasonMaxPages: files*perFile - 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newTestSite(t, routes)
			srcs := sources(t, fmt.Sprintf(`
sources:
  - id: groot
    name: Groot bureau
    sitemaps: [%s/sitemap.xml]
    allow: ['^/cases/']
    max_pages: %d
    delay: 0s
`, site.URL, tt.maxPages))
			sink := &memSink{}
			sum, err := New(testOptions(nil), nil, sink).Crawl(context.Background(), srcs)
			if err != nil {
				t.Fatalf("Crawl: %v", err)
			}
			if got := len(sink.urls()); got != tt.wantFetched {
				t.Errorf("indexed %d pages, want %d", got, tt.wantFetched)
			}
			for reason, n := range tt.wantSkipped {
				if sum.SkipReasons[reason] != n {
					t.Errorf("skipped for %s: %d, want %d (summary %+v)", reason, sum.SkipReasons[reason], n, sum)
				}
			}
			if tt.wantSkipped == nil && sum.Skipped != 0 {
				t.Errorf("skipped %d, want none (%v)", sum.Skipped, sum.SkipReasons)
			}
		})
	}
}

// sitemapPage serves XML with SITE replaced by the test server's URL, taken
// from the request.
func sitemapPage(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, strings.ReplaceAll(body, "SITE", "http://"+r.Host))
	}
}
