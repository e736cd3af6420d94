package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/casus-nl/casus"
)

type stubSearcher struct {
	res casus.Result
	err error
}

func (s stubSearcher) Search(_ context.Context, q casus.Query) (casus.Result, error) {
	if s.err != nil {
		return casus.Result{}, s.err
	}
	r := s.res
	r.Query, r.Page, r.Size = q.Text, q.Page, q.Size
	return r, nil
}

var sample = casus.Result{
	Total: 23,
	Hits: []casus.Hit{{
		ID: "a", URL: "http://example.test/cases/a/", Title: "Wijkteams in Dalfsen",
		TitleHTML:   "<mark>Wijkteams</mark> in Dalfsen",
		SnippetHTML: "De gemeente koos voor &lt;brede&gt; <mark>wijkteams</mark> …",
		Date:        casus.NewDate(2019, 5, 14), SourceName: "Bureau A",
		Municipalities: []casus.MunicipalityRef{{Code: "GM0457", Name: "Weesp", CurrentCode: "GM0363", CurrentName: "Amsterdam"}},
		Themes:         []string{"toegang"},
	}},
	Facets: casus.Facets{
		Theme: []casus.FacetValue{
			{Value: "toegang", Label: "Toegang en wijkteams", Count: 12, Selected: true},
			{Value: "jeugd", Label: "Jeugd en jeugdhulp", Count: 4},
		},
		Year: []casus.FacetValue{{Value: "2019", Label: "2019", Count: 3}},
	},
}

func get(t *testing.T, h http.Handler, target string) (*http.Response, *goquery.Document) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	resp := rec.Result()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, doc
}

func TestPageRendersResults(t *testing.T) {
	h, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, doc := get(t, h, "/?q=wijkteams&theme=toegang")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if v, _ := doc.Find("input#q").Attr("value"); v != "wijkteams" {
		t.Errorf("search box value = %q", v)
	}
	hit := doc.Find("li.hit").First()
	if got := hit.Find("h3 mark").Text(); got != "Wijkteams" {
		t.Errorf("title mark = %q", got)
	}
	if got := hit.Find(".snippet").Text(); !strings.Contains(got, "<brede>") {
		t.Errorf("snippet text %q lost its escaped text", got)
	}
	if hit.Find(".snippet brede").Length() != 0 {
		t.Error("escaped text became markup")
	}
	if got := hit.Find(".meta").Text(); !strings.Contains(got, "Weesp (nu Amsterdam)") || !strings.Contains(got, "14 mei 2019") {
		t.Errorf("meta = %q", got)
	}
	if got := hit.Find(".tag").Text(); got != "Toegang en wijkteams" {
		t.Errorf("theme label = %q", got)
	}
	if !strings.Contains(doc.Find(".summary").Text(), "pagina 1 van 3") {
		t.Errorf("summary = %q", doc.Find(".summary").Text())
	}
	if _, ok := doc.Find("a[rel=next]").Attr("href"); !ok {
		t.Error("no next link")
	}
}

func TestFacetLinksToggle(t *testing.T) {
	h, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, doc := get(t, h, "/?q=wijkteams&theme=toegang&page=2")
	tests := []struct {
		facet, value string
		wantThemes   []string
	}{
		{"theme", "toegang", nil},
		{"theme", "jeugd", []string{"toegang", "jeugd"}},
	}
	for _, tt := range tests {
		href, _ := doc.Find(`fieldset[data-facet="` + tt.facet + `"] input[value="` + tt.value + `"]`).Attr("data-href")
		u, err := url.Parse(href)
		if err != nil || href == "" {
			t.Fatalf("no link for %s=%s", tt.facet, tt.value)
		}
		got := u.Query()
		if strings.Join(got["theme"], ",") != strings.Join(tt.wantThemes, ",") {
			t.Errorf("toggle %s: themes %v, want %v", tt.value, got["theme"], tt.wantThemes)
		}
		if got.Get("q") != "wijkteams" || got.Get("page") != "" {
			t.Errorf("toggle %s lost q or kept page: %v", tt.value, got)
		}
	}
}

func TestPageErrors(t *testing.T) {
	tests := []struct {
		name     string
		stub     stubSearcher
		target   string
		status   int
		refresh  bool
		notice   string // in the notice shown
		errorLog bool   // an ERROR line is logged
	}{
		{"bad parameter", stubSearcher{res: sample}, "/?size=0", 400, false, "klopt niet", false},
		{"to after the accepted dates", stubSearcher{res: sample}, "/?q=jeugd&to=2263-01-01", 400, false,
			"De datum 2263-01-01 bij ‘tot en met’ valt buiten het bereik van deze zoekmachine: kies een datum van 1900-01-01 tot en met 2100-12-31.", false},
		{"from before the accepted dates", stubSearcher{res: sample}, "/?from=1677-12-31", 400, false,
			"De datum 1677-12-31 bij ‘vanaf’ valt buiten", false},
		{"not ready", stubSearcher{err: casus.ErrUnavailable}, "/?q=x", 503, true, "opgebouwd", false},
		{"client gone", stubSearcher{err: fmt.Errorf("search: %w", context.Canceled)}, "/?q=x", 499, false, "afgebroken", false},
		{"internal", stubSearcher{err: context.DeadlineExceeded}, "/?q=x", 500, false, "ging iets mis", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			h, err := New(tt.stub, slog.New(slog.NewJSONHandler(&logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			resp, doc := get(t, h, tt.target)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := doc.Find(".notice").Text(); !strings.Contains(got, tt.notice) {
				t.Errorf("notice %q, want it to contain %q", got, tt.notice)
			}
			if got := doc.Find(`meta[http-equiv="refresh"]`).Length() == 1; got != tt.refresh {
				t.Errorf("refresh = %v, want %v", got, tt.refresh)
			}
			if got := strings.Contains(logs.String(), `"level":"ERROR"`); got != tt.errorLog {
				t.Errorf("ERROR logged = %v, want %v: %s", got, tt.errorLog, logs.String())
			}
		})
	}
}

func TestStaticAndUnknown(t *testing.T) {
	h, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]int{
		"/static/style.css": 200, "/static/nope.css": 404, "/elders": 404,
		// Files only: no directory listings, no way out of the folder.
		"/static/": 404, "/static/.": 404, "/static/style.css/": 404,
		"/static/../templates/page.html": 404, "/static//style.css": 404,
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		if rec.Code != want {
			t.Errorf("GET %s = %d, want %d", target, rec.Code, want)
		}
	}
}

func TestDidYouMeanLink(t *testing.T) {
	fixed := "jeugdzorg dalfsen"
	res := sample
	res.Suggestion = &fixed
	h, err := New(stubSearcher{res: res}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, doc := get(t, h, "/?q=jeugzorg+dalfsen&theme=jeugd&page=2")
	a := doc.Find(".didyoumean a")
	if a.Text() != fixed {
		t.Fatalf("did-you-mean link text = %q", a.Text())
	}
	href, _ := a.Attr("href")
	if !strings.Contains(href, "q=jeugdzorg+dalfsen") || !strings.Contains(href, "theme=jeugd") || strings.Contains(href, "page=") {
		t.Errorf("did-you-mean link %q: want the corrected words, the filters kept and page 1", href)
	}
	plain, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, doc := get(t, plain, "/?q=wijkteams"); doc.Find(".didyoumean").Length() != 0 {
		t.Error("a did-you-mean line without a suggestion")
	}
}
