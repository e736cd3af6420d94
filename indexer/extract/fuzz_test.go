package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/casus-nl/casus/indexer/source"
)

// FuzzExtract checks that no input makes Extract panic or return text that
// breaks the Page contract.
func FuzzExtract(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
	}
	f.Add([]byte("<h2>Meer cases</h2><div><h2>Lees ook</h2></div>"), "text/html; charset=utf-16")
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[[[{"datePublished":"2020-01-01"}]]]}</script>`), "")
	f.Add([]byte("<base href='::'><a href='http://[::1'>x</a><link rel=canonical href='//x'>"), "text/html; charset=bogus")
	// Shapes that once made extraction quadratic: nested related sections
	// whose lists hold linked card headings.
	f.Add([]byte(strings.Repeat(`<div><h3><a href=x>Meer cases</a></h3>`, 50)+strings.Repeat("<h3>y</h3>", 100)), "")
	f.Add([]byte(strings.Repeat(`<div class="title">x `, 50)+strings.Repeat("<p>tekst</p>", 100)), "")
	u, _ := url.Parse("https://www.example.nl/cases/x/")
	sel := source.Selectors{Title: "h1", Date: "time", Body: "article", Exclude: []string{".share"}, Tags: ".tags a"}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		for _, s := range []source.Selectors{{}, sel} {
			page, err := Extract(Input{URL: u, ContentType: contentType, Body: body, Selectors: s})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			for _, s := range append([]string{page.Title, page.Body, page.CanonicalURL}, page.Tags...) {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %q", s)
				}
			}
			if strings.Contains(page.Body, "\n\n\n") || strings.HasPrefix(page.Body, "\n") {
				t.Fatalf("body paragraphs not clean: %q", page.Body)
			}
			for _, l := range page.Links {
				if l.Scheme != "http" && l.Scheme != "https" {
					t.Fatalf("link %v is not http(s)", l)
				}
			}
		}
	})
}
