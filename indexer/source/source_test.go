package source

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

func TestLoadExample(t *testing.T) {
	srcs, err := Load(filepath.Join("testdata", "example.yaml"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(srcs) != 2 {
		t.Fatalf("got %d sources, want 2", len(srcs))
	}
	a, b := srcs[0], srcs[1]
	if a.ID != "bureau-a" || a.Name != "Adviesbureau A" || a.MaxPages != 2000 || a.Delay != time.Second {
		t.Errorf("first source = %+v", a)
	}
	wantSel := Selectors{Title: "h1.entry-title", Date: "time[datetime]", Body: "article .entry-content",
		Exclude: []string{".sharedaddy", ".jp-relatedposts", ".newsletter-signup"}, Tags: ".post-tags a"}
	if diff := cmp.Diff(wantSel, a.Selectors); diff != "" {
		t.Errorf("selectors (-want +got):\n%s", diff)
	}
	if got := a.Hosts(); !cmp.Equal(got, []string{"www.example.nl"}) {
		t.Errorf("Hosts() = %v", got)
	}
	if b.MaxPages != DefaultMaxPages || b.Delay != 2*time.Second || len(b.Sitemaps) != 0 {
		t.Errorf("second source = %+v", b)
	}
	if b.Follow[0].String() != `^/projecten(\?page=\d+)?$` {
		t.Errorf("follow = %v", b.Follow)
	}
}

func TestParseDefaults(t *testing.T) {
	srcs, err := Parse([]byte(`
sources:
  - id: a
    name: A
    sitemaps: [https://A.example.nl:443/sitemap.xml]
    start_urls: https://a.example.nl/cases/
    allow: '^/cases/'
`))
	if err != nil {
		t.Fatal(err)
	}
	s := srcs[0]
	if s.MaxPages != DefaultMaxPages || s.Delay != DefaultDelay || s.Parallel != DefaultParallel {
		t.Errorf("defaults: max_pages %d, delay %s, parallel %d", s.MaxPages, s.Delay, s.Parallel)
	}
	if len(s.Follow) != 1 || s.Follow[0] != s.Allow[0] {
		t.Errorf("follow should default to allow, got %v", s.Follow)
	}
	if len(s.StartURLs) != 1 || len(s.Allow) != 1 {
		t.Errorf("a single value should read as a list of one: start_urls %v, allow %v", s.StartURLs, s.Allow)
	}
	if got := s.Hosts(); !cmp.Equal(got, []string{"a.example.nl"}) {
		t.Errorf("Hosts() = %v, want the lowercase host without default port", got)
	}
}

func TestParseErrors(t *testing.T) {
	const head = "sources:\n  - id: a\n    name: A\n"
	tests := []struct {
		name      string
		yaml      string
		wantLine  int
		wantField string
		wantMsg   string
	}{
		{"empty file", "", 0, "sources", "at least one source"},
		{"no sources", "sources: []\n", 0, "sources", "at least one source"},
		{"unknown top field", "source:\n  - id: a\n", 1, "", "unknown field"},
		{"unknown source field", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    maxpages: 3\n", 6, "", "unknown field"},
		{"unknown selector field", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    selectors:\n      titel: h1\n", 7, "", "unknown field"},
		{"syntax", "sources:\n  - id: [a\n", 2, "", ""},
		{"nul byte", "sources:\n  - id: a\x00\n", 2, "", "NUL byte in column 10"},
		{"windows-1252", "sources:\n  - id: a\n    name: caf\xe9\n", 3, "", "byte 0xE9 in column 14 is not UTF-8"},
		{"missing id", "sources:\n  - name: A\n    start_urls: [https://a.nl/]\n    allow: [x]\n", 2, "sources[0].id", "is required"},
		{"bad id", "sources:\n  - id: Bureau A\n    name: A\n", 2, "sources[0].id", "lowercase slug"},
		{"id list", "sources:\n  - id: [a, b]\n    name: A\n", 2, "", "single value"},
		{"allow mapping", head + "    start_urls: [https://a.nl/]\n    allow:\n      x: y\n", 6, "", "single value"},
		{"missing name", "sources:\n  - id: a\n    start_urls: [https://a.nl/]\n", 2, "sources[0].name", "is required"},
		{"no start", head + "    allow: [x]\n", 2, "sources[0].start_urls", "at least one start URL or sitemap"},
		{"relative url", head + "    start_urls:\n      - https://a.nl/\n      - /cases/\n", 6, "sources[0].start_urls[1]", "absolute http(s)"},
		{"ftp url", head + "    sitemaps: [ftp://a.nl/s.xml]\n", 4, "sources[0].sitemaps[0]", "absolute http(s)"},
		{"password url", head + "    start_urls: ['https://u:p@a.nl/']\n", 4, "sources[0].start_urls[0]", "password"},
		{"no allow", head + "    start_urls: [https://a.nl/]\n", 2, "sources[0].allow", "at least one pattern"},
		{"bad allow", head + "    start_urls: [https://a.nl/]\n    allow: ['^/cases/(']\n", 5, "sources[0].allow[0]", "bad regexp"},
		{"bad follow", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    follow:\n      - ok\n      - '[z'\n", 8, "sources[0].follow[1]", "bad regexp"},
		{"max_pages zero", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    max_pages: 0\n", 6, "sources[0].max_pages", "from 1 to 100000"},
		{"max_pages huge", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    max_pages: 5000000\n", 6, "sources[0].max_pages", "from 1 to"},
		{"max_pages text", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    max_pages: veel\n", 6, "sources[0].max_pages", "whole number"},
		{"delay no unit", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    delay: 5\n", 6, "sources[0].delay", "duration"},
		{"delay negative", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    delay: -1s\n", 6, "sources[0].delay", "duration"},
		{"delay too long", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    delay: 1h\n", 6, "sources[0].delay", "duration"},
		{"parallel zero", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    parallel: 0\n", 6, "sources[0].parallel", "from 1 to 16"},
		{"parallel too many", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    parallel: 64\n", 6, "sources[0].parallel", "from 1 to 16"},
		{"parallel not a number", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    parallel: veel\n", 6, "sources[0].parallel", "whole number"},
		{"bad css", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    selectors:\n      body: 'article >> p'\n", 7, "sources[0].selectors.body", "bad CSS selector"},
		{"bad exclude css", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n    selectors:\n      exclude: [.ok, 'div[']\n", 7, "sources[0].selectors.exclude[1]", "bad CSS selector"},
		{"duplicate id", head + "    start_urls: [https://a.nl/]\n    allow: [x]\n  - id: a\n    name: B\n    start_urls: [https://b.nl/]\n    allow: [x]\n", 6, "sources[1].id", "already used on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, err := Parse([]byte(tt.yaml))
			if err == nil {
				t.Fatalf("Parse succeeded with %d sources, want an error", len(srcs))
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			if !errors.Is(err, casus.ErrInvalid) {
				t.Errorf("error does not wrap casus.ErrInvalid")
			}
			if pe.Line != tt.wantLine || pe.Field != tt.wantField || !strings.Contains(pe.Msg, tt.wantMsg) {
				t.Errorf("got line %d field %q msg %q; want line %d field %q msg containing %q",
					pe.Line, pe.Field, pe.Msg, tt.wantLine, tt.wantField, tt.wantMsg)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error text spans lines: %q", err.Error())
			}
		})
	}
}

func TestAllowsFollows(t *testing.T) {
	srcs, err := Parse([]byte(`
sources:
  - id: a
    name: A
    start_urls: [https://a.nl/cases/]
    allow: ['^/cases/[^/]+/?$']
    follow: ['^/cases/(\?page=\d+)?$']
`))
	if err != nil {
		t.Fatal(err)
	}
	s := srcs[0]
	tests := []struct {
		url           string
		allow, follow bool
	}{
		{"https://a.nl/cases/wijkteam-weesp/", true, false},
		{"https://a.nl/cases/wijkteam-weesp", true, false},
		{"https://a.nl/cases/", false, true},
		// The query is part of what patterns see: [^/]+ also matches "?page=2".
		{"https://a.nl/cases/?page=2", true, true},
		{"https://a.nl/cases/?page=x", true, false},
		{"https://a.nl/cases/a/b", false, false},
		{"https://a.nl", false, false},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if got := s.Allows(u); got != tt.allow {
			t.Errorf("Allows(%s) = %v, want %v", tt.url, got, tt.allow)
		}
		if got := s.Follows(u); got != tt.follow {
			t.Errorf("Follows(%s) = %v, want %v", tt.url, got, tt.follow)
		}
	}
}

func TestHostKey(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://WWW.Example.nl/", "www.example.nl"},
		{"https://example.nl:443/", "example.nl"},
		{"http://example.nl:80/", "example.nl"},
		{"http://example.nl:443/", "example.nl:443"},
		{"http://127.0.0.1:8080/x", "127.0.0.1:8080"},
		{"http://[::1]:8080/", "[::1]:8080"},
		{"http://[::1]/", "[::1]"},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if got := HostKey(u); got != tt.want {
			t.Errorf("HostKey(%s) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, MaxFileBytes+10), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("sources:\n  - id: A\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{filepath.Join(dir, "missing.yaml"), "no such file"},
		{big, "larger than"},
		{bad, "bad.yaml: line 2: sources[0].id"},
	}
	for _, tt := range tests {
		_, err := Load(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%s) error = %v, want it to contain %q", tt.path, err, tt.want)
		}
	}
}
