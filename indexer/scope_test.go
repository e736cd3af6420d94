package indexer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"testing"

	"github.com/casus-nl/casus/indexer/fetch/fetchtest"
)

// metadataURL is the cloud metadata service a crawler must never reach.
const metadataURL = "http://169.254.169.254/latest/meta-data/"

// TestCrawlStaysInScope: a loopback source whose robots.txt, sitemap or page
// redirects to another host, or to a forbidden address, is refused: nothing
// outside the source is contacted, and the refusal is counted as a skip.
func TestCrawlStaysInScope(t *testing.T) {
	tests := []struct {
		name string
		// routes of the source's site; "OTHER" in a redirect target is the
		// other site's base URL.
		routes func(other string) map[string]http.HandlerFunc
		// sitemap: the source lists /sitemap.xml instead of a start URL.
		sitemap bool
		wantErr error
	}{
		{"robots.txt to another host", func(other string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/robots.txt": redirect(other + "/robots.txt"), "/cases/a/": html("A", "Tekst.")}
		}, false, ErrUnreachable},
		{"robots.txt to the metadata service", func(string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/robots.txt": redirect(metadataURL), "/cases/a/": html("A", "Tekst.")}
		}, false, ErrUnreachable},
		{"sitemap to another host", func(other string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/sitemap.xml": redirect(other + "/sitemap.xml")}
		}, true, ErrUnreachable},
		{"sitemap to the metadata service", func(string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/sitemap.xml": redirect(metadataURL)}
		}, true, ErrUnreachable},
		{"page to another host", func(other string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/cases/a/": redirect(other + "/cases/a/")}
		}, false, nil},
		{"page to the metadata service", func(string) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/cases/a/": redirect(metadataURL)}
		}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other := newTestSite(t, map[string]http.HandlerFunc{
				"/robots.txt":  text("User-agent: *\nAllow: /\n", "text/plain"),
				"/sitemap.xml": text(`<urlset><url><loc>/cases/b/</loc></url></urlset>`, "application/xml"),
				"/cases/a/":    html("Elders", "Een andere site."),
			})
			site := newTestSite(t, tt.routes(other.URL))
			list := fmt.Sprintf("start_urls: [%s/cases/a/]", site.URL)
			if tt.sitemap {
				list = fmt.Sprintf("sitemaps: [%s/sitemap.xml]", site.URL)
			}
			srcs := sources(t, fmt.Sprintf("sources:\n  - id: s\n    name: S\n    %s\n    allow: ['.']\n    delay: 0s\n", list))
			sum, err := New(testOptions(nil), nil, &memSink{}).Crawl(context.Background(), srcs)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if n := other.requests("/"); n != 0 {
				t.Errorf("the other host got %d requests", n)
			}
			if sum.SkipReasons[ReasonOffScope] != 1 || sum.Errors != 0 {
				t.Errorf("summary %+v, want one %s skip and no errors", sum, ReasonOffScope)
			}
		})
	}
}

// TestCrawlRefusesForbiddenAddress: a source whose public-looking host name
// resolves to a loopback address is refused when connecting, and counted.
func TestCrawlRefusesForbiddenAddress(t *testing.T) {
	site := newTestSite(t, map[string]http.HandlerFunc{"/cases/a/": html("A", "Tekst.")})
	base, err := url.Parse(site.URL)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		host    string
		wantErr error
		reason  string
	}{
		{"name resolving to loopback", "cases.example.nl:" + base.Port(), ErrUnreachable, ReasonForbiddenAddress},
		{"the loopback address as the source's host", base.Host, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := site.requests("/")
			opts := testOptions(nil)
			opts.Fetch.Resolver = fetchtest.Resolver(map[string]netip.Addr{"cases.example.nl": netip.MustParseAddr("127.0.0.1")})
			srcs := sources(t, fmt.Sprintf("sources:\n  - id: s\n    name: S\n    start_urls: [http://%s/cases/a/]\n    allow: ['.']\n    delay: 0s\n", tt.host))
			sum, err := New(opts, nil, &memSink{}).Crawl(context.Background(), srcs)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			requested := site.requests("/") > before
			if tt.reason != "" && (requested || sum.SkipReasons[tt.reason] != 1) {
				t.Errorf("requested %v, summary %+v; want no request and one %s skip", requested, sum, tt.reason)
			}
			if tt.reason == "" && sum.New != 1 {
				t.Errorf("summary %+v, want the page indexed", sum)
			}
		})
	}
}
