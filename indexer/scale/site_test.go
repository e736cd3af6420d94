package scale

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/casus-nl/casus/indexer/extract"
	"github.com/casus-nl/casus/indexer/source"
)

// siteDocs is large enough for three sitemap files, the last one partial.
const siteDocs = 2*SitemapURLs + 500

// get fetches path from srv without following redirects.
func get(t *testing.T, srv *httptest.Server, path string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestHandler(t *testing.T) {
	c := newCorpus(t, Config{Seed: 29, Docs: siteDocs})
	srv := httptest.NewServer(c.Handler())
	defer srv.Close()

	t.Run("robots", func(t *testing.T) {
		resp, body := get(t, srv, "/robots.txt", nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "User-agent: *\nAllow: /\n") ||
			!strings.Contains(body, "Sitemap: "+srv.URL+"/sitemap.xml\n") {
			t.Errorf("robots.txt: %d %q", resp.StatusCode, body)
		}
	})

	t.Run("sitemap index", func(t *testing.T) {
		resp, body := get(t, srv, "/sitemap.xml", nil)
		var idx struct {
			XMLName  xml.Name `xml:"sitemapindex"`
			Sitemaps []struct {
				Loc string `xml:"loc"`
			} `xml:"sitemap"`
		}
		if err := xml.Unmarshal([]byte(body), &idx); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("sitemap index: %d %v", resp.StatusCode, err)
		}
		var locs []string
		for _, s := range idx.Sitemaps {
			locs = append(locs, s.Loc)
		}
		want := []string{srv.URL + "/sitemaps/1.xml", srv.URL + "/sitemaps/2.xml", srv.URL + "/sitemaps/3.xml"}
		if !slices.Equal(locs, want) {
			t.Errorf("sitemap index lists %v, want %v", locs, want)
		}
	})

	t.Run("sitemap files", func(t *testing.T) {
		for _, tt := range []struct {
			file       string
			first, num int
		}{
			{"/sitemaps/1.xml", 0, SitemapURLs},
			{"/sitemaps/3.xml", 2 * SitemapURLs, siteDocs - 2*SitemapURLs},
		} {
			resp, body := get(t, srv, tt.file, nil)
			var set struct {
				XMLName xml.Name `xml:"urlset"`
				URLs    []struct {
					Loc     string `xml:"loc"`
					LastMod string `xml:"lastmod"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal([]byte(body), &set); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %v", tt.file, resp.StatusCode, err)
			}
			if len(set.URLs) != tt.num {
				t.Errorf("%s lists %d URLs, want %d", tt.file, len(set.URLs), tt.num)
			}
			d := c.Document(tt.first)
			if set.URLs[0].Loc != srv.URL+c.Path(tt.first) || set.URLs[0].LastMod != d.Date.String() {
				t.Errorf("%s starts with %+v, want %s (lastmod %q)", tt.file, set.URLs[0], c.Path(tt.first), d.Date)
			}
		}
		for _, bad := range []string{"/sitemaps/0.xml", "/sitemaps/4.xml", "/sitemaps/01.xml", "/sitemaps/1.txt"} {
			if resp, _ := get(t, srv, bad, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", bad, resp.StatusCode)
			}
		}
	})

	t.Run("case pages", func(t *testing.T) {
		long, undated := -1, -1
		for i := range siteDocs {
			h := c.head(i)
			if long < 0 && h.long {
				long = i
			}
			if undated < 0 && h.date.IsZero() {
				undated = i
			}
			if long >= 0 && undated >= 0 {
				break
			}
		}
		for _, i := range []int{0, long, undated, siteDocs - 1} {
			d := c.Document(i)
			resp, body := get(t, srv, c.Path(i), nil)
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("document %d: status %d, type %q", i, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			u, err := url.Parse(srv.URL + c.Path(i))
			if err != nil {
				t.Fatal(err)
			}
			page, err := extract.Extract(extract.Input{URL: u, ContentType: resp.Header.Get("Content-Type"), Body: []byte(body)})
			if err != nil {
				t.Fatalf("document %d: %v", i, err)
			}
			if page.Title != d.Title || page.Date != d.Date || page.Body != d.Body {
				t.Errorf("document %d extracts as title %q, date %s, body of %d bytes; want %q, %s, %d bytes",
					i, page.Title, page.Date, len(page.Body), d.Title, d.Date, len(d.Body))
			}
			if !slices.Equal(page.Tags, d.Tags) && !(len(page.Tags) == 0 && len(d.Tags) == 0) {
				t.Errorf("document %d: tags %v, want %v", i, page.Tags, d.Tags)
			}
			if page.CanonicalURL != srv.URL+c.Path(i) {
				t.Errorf("document %d: canonical URL %s", i, page.CanonicalURL)
			}
			for _, chrome := range []string{"Gerelateerde cases", "nieuwsbrief", "Privacyverklaring"} {
				if !strings.Contains(body, chrome) || strings.Contains(page.Body, chrome) {
					t.Errorf("document %d: chrome %q missing from the page or extracted as body", i, chrome)
				}
			}
			if !strings.Contains(body, "<h2>") || !strings.Contains(body, "<main") || !strings.Contains(body, "<nav") {
				t.Errorf("document %d: page lacks headings, main or nav", i)
			}
		}
	})

	t.Run("conditional and head", func(t *testing.T) {
		resp, _ := get(t, srv, c.Path(7), nil)
		etag := resp.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		again, body := get(t, srv, c.Path(7), http.Header{"If-None-Match": {etag}})
		if again.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("If-None-Match: status %d with %d bytes, want 304", again.StatusCode, len(body))
		}
	})

	t.Run("other paths", func(t *testing.T) {
		p := c.Path(5)
		for _, tt := range []struct {
			path     string
			status   int
			location string
		}{
			{strings.TrimSuffix(p, "/"), http.StatusMovedPermanently, p},
			{"/cases/niet-bestaand-6/", http.StatusNotFound, ""},
			{"/cases/x-" + itoa(siteDocs+1) + "/", http.StatusNotFound, ""},
			{"/cases/", http.StatusNotFound, ""},
			{"/contact/", http.StatusNotFound, ""},
			{"/", http.StatusOK, ""},
		} {
			resp, body := get(t, srv, tt.path, nil)
			if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
				t.Errorf("%s: status %d, location %q; want %d %q", tt.path, resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.location)
			}
			if tt.path == "/" && !strings.Contains(body, `href="`+c.Path(0)+`"`) {
				t.Error("the home page does not link to the first case")
			}
		}
		req, err := http.NewRequest(http.MethodPost, srv.URL+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST: status %d, want 405", resp.StatusCode)
		}
	})
}

func TestSourcesYAML(t *testing.T) {
	for _, tt := range []struct {
		docs, maxPages int
	}{
		{siteDocs, siteDocs + sourceHeadroom},
		{MaxDocs, source.MaxMaxPages},
	} {
		c := newCorpus(t, Config{Seed: 31, Docs: tt.docs})
		base := "http://127.0.0.1:40123"
		data, err := c.SourcesYAML(base)
		if err != nil {
			t.Fatal(err)
		}
		srcs, err := source.Parse(data)
		if err != nil {
			t.Fatalf("the sources file does not parse: %v\n%s", err, data)
		}
		if len(srcs) != 1 {
			t.Fatalf("%d sources", len(srcs))
		}
		s := srcs[0]
		if s.ID != SourceID || s.MaxPages != tt.maxPages || s.Delay != 0 ||
			s.StartURLs[0].String() != base+"/" || s.Sitemaps[0].String() != base+"/sitemap.xml" {
			t.Errorf("source %+v", s)
		}
		caseURL, _ := url.Parse(base + c.Path(3))
		home, _ := url.Parse(base + "/")
		if !s.Allows(caseURL) || s.Allows(home) {
			t.Errorf("allow: case %v, home %v; want true, false", s.Allows(caseURL), s.Allows(home))
		}
	}
	c := newCorpus(t, Config{Seed: 31, Docs: 10})
	for _, bad := range []string{"", "127.0.0.1:80", "http://127.0.0.1:80/x"} {
		if _, err := c.SourcesYAML(bad); err == nil {
			t.Errorf("SourcesYAML(%q) succeeded", bad)
		}
	}
}
