package web

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/PuerkitoBio/goquery"
)

// A page on the shared layout fills its blocks; the layout gives the
// skeleton: lang, stylesheet, skip link first, header form, main#inhoud.
func TestLayoutPattern(t *testing.T) {
	fsys := fstest.MapFS{"p.html": {Data: []byte(`{{define "title"}}Proef {{.}}{{end}}
{{define "main"}}<h1>Kop {{.}}</h1>{{end}}
{{define "head"}}<script src="/static/p.js" defer></script>{{end}}`)}}
	tmpl, err := parseWithLayout(nil, fsys, "p.html")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, layoutTemplate, "<x>"); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Find("title").Text(); got != "Proef <x> – casus" {
		t.Errorf("title %q", got)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "nl" {
		t.Errorf("lang %q", lang)
	}
	if doc.Find(`head script[src="/static/p.js"]`).Length() != 1 || doc.Find(`link[href="/static/style.css"]`).Length() != 1 {
		t.Error("head lacks the page script or the stylesheet")
	}
	first := doc.Find("body a, body input, body button").First()
	if href, _ := first.Attr("href"); href != "#inhoud" || first.Text() != "Naar de inhoud" {
		t.Errorf("first focusable %q %q, want the skip link", href, first.Text())
	}
	if doc.Find("header form[role=search] input[name=q]").Length() != 1 {
		t.Error("no search form in the header")
	}
	if got := doc.Find("main#inhoud h1").Text(); got != "Kop <x>" {
		t.Errorf("main h1 %q", got)
	}
	if doc.Find("footer").Length() != 1 {
		t.Error("no footer")
	}
}
