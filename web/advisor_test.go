package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
)

// advisorBackend is a small world for the advisor pages: Dalfsen (GM0148)
// with cases in 2016 and 2019, Amsterdam (GM0363) with Weesp (GM0457)
// merged into it in 2022, and a case store of three cases. It records the
// searches it is asked.
type advisorBackend struct {
	hits     []casus.Hit
	err      error
	queries  []casus.Query
	filter   casus.CaseFilter
	comparab []casus.ComparableMunicipality
}

var advisorHits = []casus.Hit{
	{ID: "d01", URL: "https://aalders.example/cases/kwartiermaker", Title: "Kwartiermaker voor de sociale wijkteams in Dalfsen",
		Date: casus.NewDate(2016, 10, 4), Source: "bureau-a", SourceName: "Adviesbureau Aalders",
		Municipalities: []casus.MunicipalityRef{{Code: "GM0148", Name: "Dalfsen"}}, Themes: []string{"toegang", "organisatie"}, Domains: []string{"sociaal"}},
	{ID: "d02", URL: "https://aalders.example/cases/inkoop", Title: "=Inkoop jeugdzorg; regio \"IJsselland\"",
		Date: casus.NewDate(2019, 5, 14), Source: "bureau-a", SourceName: "Adviesbureau Aalders",
		Municipalities: []casus.MunicipalityRef{{Code: "GM0148", Name: "Dalfsen"}, {Code: "GM0193", Name: "Zwolle"}}, Themes: []string{"jeugd", "inkoop"}, Domains: []string{"sociaal"}},
	{ID: "d03", URL: "https://brink.example/projecten/wmo-toegang-weesp", Title: "Herinrichting van de Wmo-toegang in Weesp",
		Date: casus.NewDate(2016, 3, 1), Source: "bureau-b", SourceName: "Brink & Partners",
		Municipalities: []casus.MunicipalityRef{{Code: "GM0457", Name: "Weesp", CurrentCode: "GM0363", CurrentName: "Amsterdam"}}, Themes: []string{"wmo", "toegang"}, Domains: []string{"zorg"}},
}

func (b *advisorBackend) Search(_ context.Context, q casus.Query) (casus.Result, error) {
	b.queries = append(b.queries, q)
	if b.err != nil {
		return casus.Result{}, b.err
	}
	var match []casus.Hit
	for _, h := range b.hits {
		if len(q.Municipalities) > 0 && !slices.ContainsFunc(h.Municipalities, func(m casus.MunicipalityRef) bool {
			return slices.Contains(q.Municipalities, m.Code) || slices.Contains(q.Municipalities, m.CurrentCode)
		}) {
			continue
		}
		if len(q.Years) > 0 && !slices.Contains(q.Years, fmt.Sprint(h.Date.Year())) {
			continue
		}
		match = append(match, h)
	}
	res := casus.Result{Total: len(match), Page: q.Page, Size: q.Size}
	years, themes := map[string]int{}, map[string]int{}
	for _, h := range match {
		years[fmt.Sprint(h.Date.Year())]++
		for _, t := range h.Themes {
			themes[t]++
		}
	}
	for y, n := range years {
		res.Facets.Year = append(res.Facets.Year, casus.FacetValue{Value: y, Label: y, Count: n})
	}
	for t, n := range themes {
		res.Facets.Theme = append(res.Facets.Theme, casus.FacetValue{Value: t, Label: t, Count: n})
	}
	if len(q.Themes) > 0 {
		var narrowed []casus.Hit
		for _, h := range match {
			if slices.ContainsFunc(h.Themes, func(t string) bool { return slices.Contains(q.Themes, t) }) {
				narrowed = append(narrowed, h)
			}
		}
		match, res.Total = narrowed, len(narrowed)
	}
	from := (q.Page - 1) * q.Size
	res.Hits = match[min(from, len(match)):min(from+q.Size, len(match))]
	return res, nil
}

func (b *advisorBackend) Document(_ context.Context, id string) (casus.Document, error) {
	if b.err != nil {
		return casus.Document{}, b.err
	}
	for _, h := range b.hits {
		if h.ID == id {
			return casus.Document{ID: h.ID, URL: h.URL, Source: h.Source, SourceName: h.SourceName, Title: h.Title, Date: h.Date,
				Body: "De vraag: toegang dichter bij inwoners.\n\nResultaat: drie <sociale> wijkteams.", Municipalities: h.Municipalities,
				Themes: h.Themes, Domains: h.Domains}, nil
		}
	}
	return casus.Document{}, fmt.Errorf("document %q: %w", id, casus.ErrNotFound)
}

func (b *advisorBackend) Similar(_ context.Context, id string, size int) (casus.SimilarResult, error) {
	var out []casus.Hit
	for _, h := range b.hits {
		if h.ID != id && len(out) < size {
			out = append(out, h)
		}
	}
	return casus.SimilarResult{Hits: out}, nil
}

var advisorProfiles = map[string]casus.MunicipalityProfile{
	"GM0148": {Code: "GM0148", Name: "Dalfsen", Province: "Overijssel", Population: 29_000, SizeClass: "20.000 tot 50.000", Cases: 2},
	"GM0363": {Code: "GM0363", Name: "Amsterdam", Province: "Noord-Holland", Population: 931_000, SizeClass: "100.000 of meer",
		Predecessors: []casus.MunicipalityRef{{Code: "GM0457", Name: "Weesp", CurrentCode: "GM0363", CurrentName: "Amsterdam"}}, Cases: 1},
	"GM0457": {Code: "GM0457", Name: "Weesp", Province: "Noord-Holland", Cases: 1,
		MergedInto: &casus.MunicipalityRef{Code: "GM0363", Name: "Amsterdam"}},
}

func (b *advisorBackend) Municipalities(_ context.Context, prefix string, size int) ([]casus.MunicipalitySummary, error) {
	out := []casus.MunicipalitySummary{}
	for _, code := range []string{"GM0148", "GM0363", "GM0457"} {
		p := advisorProfiles[code]
		if strings.HasPrefix(strings.ToLower(p.Name), strings.ToLower(prefix)) && len(out) < size {
			out = append(out, casus.MunicipalitySummary{Code: p.Code, Name: p.Name, Province: p.Province, Population: p.Population, Cases: p.Cases})
		}
	}
	return out, nil
}

func (b *advisorBackend) Municipality(_ context.Context, code string) (casus.MunicipalityProfile, error) {
	p, ok := advisorProfiles[code]
	if !ok {
		return casus.MunicipalityProfile{}, fmt.Errorf("municipality %s: %w", code, casus.ErrNotFound)
	}
	return p, nil
}

func (b *advisorBackend) Comparable(ctx context.Context, code string, size int, filter casus.CaseFilter) (casus.Comparison, error) {
	b.filter = filter
	p, err := b.Municipality(ctx, code)
	if err != nil {
		return casus.Comparison{}, err
	}
	out := casus.Comparison{Municipality: p, Comparable: b.comparab}
	res, err := b.Search(ctx, casus.Query{Text: filter.Text, Themes: filter.Themes, Municipalities: []string{"GM0363"}, Page: 1, Size: 10})
	if err != nil {
		return casus.Comparison{}, err
	}
	out.Hits = res.Hits
	return out, nil
}

// places knows Weesp's merger.
type places struct{}

func (places) Lookup(code string) (gazetteer.Municipality, bool) {
	if code == "GM0457" {
		return gazetteer.Municipality{Code: code, Name: "Weesp", EndDate: casus.NewDate(2022, 3, 24), Successors: []string{"GM0363"}}, true
	}
	return gazetteer.Municipality{Code: code, Current: true}, code == "GM0148" || code == "GM0363"
}

type labels struct{}

func (labels) ThemeLabel(slug string) string {
	return map[string]string{"toegang": "Toegang en wijkteams", "jeugd": "Jeugd en jeugdhulp", "inkoop": "Inkoop en aanbesteding"}[slug]
}

func (labels) DomainLabel(slug string) string {
	return map[string]string{"sociaal": "Sociaal domein", "zorg": "Zorg"}[slug]
}

func newAdvisorHandler(t *testing.T, b *advisorBackend) *Handler {
	t.Helper()
	if b.hits == nil {
		b.hits = advisorHits
	}
	if b.comparab == nil {
		b.comparab = []casus.ComparableMunicipality{{Code: "GM0363", Name: "Amsterdam", Province: "Noord-Holland",
			Population: 931_000, Similarity: 0.4, Reasons: []string{"cases over hetzelfde thema: Toegang en wijkteams"}, Cases: 1}}
	}
	h, err := New(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.EnableAdvisor(Advisor{Documents: b, Municipalities: b, Places: places{}, Labels: labels{}}); err != nil {
		t.Fatal(err)
	}
	return h
}

func fetch(t *testing.T, h http.Handler, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	resp := rec.Result()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// TestAdvisorPages: every advisor page answers with its status, one h1,
// Dutch text, and what it must show.
func TestAdvisorPages(t *testing.T) {
	tests := []struct {
		name     string
		target   string
		err      error
		status   int
		location string
		h1       string
		want     []string // texts the page must contain
		links    []string // hrefs the page must contain
	}{
		{name: "municipality", target: "/gemeenten/GM0148", status: 200, h1: "Dalfsen",
			want:  []string{"Overijssel", "ongeveer 29.000", "20.000 tot 50.000 inwoners", "4 oktober 2016", "Vergelijkbare gemeenten", "cases over hetzelfde thema: Toegang en wijkteams", "Alle cases van deze gemeenten op de zoekpagina"},
			links: []string{"/cases/d01", "/?municipality=GM0148&sort=date", "/export.csv?municipality=GM0148&sort=date", "/gemeenten/GM0363", "/?municipality=GM0363", "/export.csv?municipality=GM0363"}},
		{name: "municipality narrowed", target: "/gemeenten/GM0148?theme=wmo&q=toegang", status: 200, h1: "Dalfsen",
			want:  []string{"1 case gevonden met ‘toegang’", "Bekijk deze zoekopdracht op de zoekpagina", "Herinrichting van de Wmo-toegang in Weesp", "Weesp (sinds 2022 Amsterdam)"},
			links: []string{"/?municipality=GM0363&q=toegang&theme=wmo", "/cases/d03"}},
		{name: "merged municipality", target: "/gemeenten/GM0457", status: 200, h1: "Weesp",
			want: []string{"sinds 2022 hoort het bij", "in 2022 opgegaan in"}, links: []string{"/gemeenten/GM0363"}},
		{name: "municipality with predecessor", target: "/gemeenten/GM0363", status: 200, h1: "Amsterdam",
			want: []string{"Voormalige gemeenten", "Weesp (sinds 2022 Amsterdam)", "Herinrichting van de Wmo-toegang"}, links: []string{"/gemeenten/GM0457"}},
		{name: "unknown municipality", target: "/gemeenten/GM9999", status: 404, h1: "Niet gevonden", want: []string{"We kennen gemeente ‘GM9999’ niet"}},
		{name: "malformed code", target: "/gemeenten/dalfsen", status: 404, h1: "Niet gevonden"},
		{name: "code with a tail", target: "/gemeenten/GM0148/extra", status: 404, h1: "Niet gevonden"},
		{name: "bad theme", target: "/gemeenten/GM0148?theme=Jeugd!", status: 400, h1: "Deze vraag klopt niet", want: []string{"thema"}},
		{name: "q not UTF-8", target: "/gemeenten/GM0148?q=%ff", status: 400, h1: "Deze vraag klopt niet"},
		{name: "not ready", target: "/gemeenten/GM0148", err: casus.ErrUnavailable, status: 503, h1: "Even geduld", want: []string{`http-equiv="refresh"`}},
		{name: "case backend failure", target: "/cases/d01", err: errors.New("disk"), status: 500, h1: "Er ging iets mis"},
		{name: "search failure", target: "/gemeenten/GM0148", err: errors.New("disk broke"), status: 500, h1: "Er ging iets mis"},
		{name: "picker", target: "/gemeenten", status: 200, h1: "Gemeente kiezen", want: []string{"Gemeenten met de meeste cases", "Dalfsen"}, links: []string{"/gemeenten/GM0148", "/static/municipality.js"}},
		{name: "picker matches", target: "/gemeenten?q=a", status: 200, h1: "Gemeente kiezen", want: []string{"Gemeenten bij ‘a’", "Amsterdam"}},
		{name: "picker no match", target: "/gemeenten?q=xyz", status: 200, h1: "Gemeente kiezen", want: []string{"Geen gemeente gevonden"}},
		{name: "picker exact", target: "/gemeenten?q=weesp", status: 303, location: "/gemeenten/GM0457"},
		{name: "picker too long", target: "/gemeenten?q=" + strings.Repeat("a", 101), status: 400, h1: "Deze vraag klopt niet"},
		{name: "case", target: "/cases/d03", status: 200, h1: "Herinrichting van de Wmo-toegang in Weesp",
			want:  []string{"1 maart 2016", "Brink & Partners", "Weesp (sinds 2022 Amsterdam)", "Toegang en wijkteams", "Zorg", "Resultaat: drie <sociale> wijkteams.", "Vergelijkbare cases"},
			links: []string{"https://brink.example/projecten/wmo-toegang-weesp", "/gemeenten/GM0457", "/?theme=toegang", "/?domain=zorg", "/cases/d01"}},
		{name: "unknown case", target: "/cases/ffffffffffffffff", status: 404, h1: "Niet gevonden", want: []string{"We kennen deze case niet"}},
		{name: "bad case id", target: "/cases/..%2f..%2fetc", status: 404, h1: "Niet gevonden"},
		{name: "huge case id", target: "/cases/" + strings.Repeat("a", 65), status: 404, h1: "Niet gevonden"},
		{name: "empty case id", target: "/cases/", status: 404, h1: "Niet gevonden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &advisorBackend{err: tt.err}
			resp, body := fetch(t, newAdvisorHandler(t, b), tt.target)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d\n%.2000s", resp.StatusCode, tt.status, body)
			}
			if tt.location != "" {
				if got := resp.Header.Get("Location"); got != tt.location {
					t.Errorf("Location %q, want %q", got, tt.location)
				}
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if lang, _ := doc.Find("html").Attr("lang"); lang != "nl" {
				t.Errorf("lang %q, want nl", lang)
			}
			if n := doc.Find("h1").Length(); n != 1 {
				t.Errorf("%d h1 elements, want 1", n)
			}
			if got := strings.TrimSpace(doc.Find("h1").Text()); got != tt.h1 {
				t.Errorf("h1 %q, want %q", got, tt.h1)
			}
			text := doc.Text()
			for _, w := range tt.want {
				if !strings.Contains(text, w) && !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			hrefs := map[string]bool{}
			doc.Find("a[href], script[src]").Each(func(_ int, s *goquery.Selection) {
				h, _ := s.Attr("href")
				if h == "" {
					h, _ = s.Attr("src")
				}
				hrefs[h] = true
			})
			for _, l := range tt.links {
				if !hrefs[l] {
					t.Errorf("page lacks a link to %q; has %v", l, keys(hrefs))
				}
			}
			checkLabels(t, doc)
		})
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// checkLabels: every form field has a label and every id is unique.
func checkLabels(t *testing.T, doc *goquery.Document) {
	t.Helper()
	ids := map[string]bool{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if ids[id] {
			t.Errorf("duplicate id %q", id)
		}
		ids[id] = true
	})
	doc.Find("input:not([type=hidden]), select").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0 {
			t.Errorf("field %v has no label", s.Nodes[0].Attr)
		}
	})
}

// TestThemeChart: the municipality page draws its themes over the years as
// an accessible SVG with the same numbers in a table.
func TestThemeChart(t *testing.T) {
	b := &advisorBackend{}
	_, body := fetch(t, newAdvisorHandler(t, b), "/gemeenten/GM0148")
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	svg := doc.Find("figure.chart > svg")
	if svg.Length() != 1 {
		t.Fatalf("%d charts, want 1", svg.Length())
	}
	if role, _ := svg.Attr("role"); role != "img" {
		t.Errorf("svg role %q, want img", role)
	}
	labelledBy, _ := svg.Attr("aria-labelledby")
	for _, id := range strings.Fields(labelledBy) {
		if el := doc.Find("#" + id); el.Length() != 1 || strings.TrimSpace(el.Text()) == "" {
			t.Errorf("aria-labelledby names %q, which is missing or empty", id)
		}
	}
	if title := svg.ChildrenFiltered("title").Text(); title != "Thema's van de cases over Dalfsen per jaar" {
		t.Errorf("svg title %q", title)
	}
	if desc := svg.ChildrenFiltered("desc").Text(); !strings.Contains(desc, "2 cases uit 2016 tot en met 2019") {
		t.Errorf("svg desc %q", desc)
	}
	if n := svg.Find("rect").Length(); n != 4 {
		t.Errorf("%d bar segments, want 4 (2016: toegang, organisatie; 2019: jeugd, inkoop)", n)
	}
	if years := svg.Find("text.year").Text(); years != "20162019" {
		t.Errorf("year labels %q", years)
	}
	table := doc.Find("table.data")
	if got := table.Find("caption").Text(); !strings.Contains(got, "Aantal cases per thema per jaar") {
		t.Errorf("table caption %q", got)
	}
	var rows []string
	table.Find("tr").Each(func(_ int, s *goquery.Selection) {
		var cells []string
		s.Find("th, td").Each(func(_ int, c *goquery.Selection) { cells = append(cells, strings.TrimSpace(c.Text())) })
		rows = append(rows, strings.Join(cells, "|"))
	})
	want := []string{"Thema|2016|2019", "Inkoop en aanbesteding|0|1", "Jeugd en jeugdhulp|0|1", "organisatie|1|0", "Toegang en wijkteams|1|0", "Cases in dat jaar|1|1"}
	if !slices.Equal(rows, want) {
		t.Errorf("table rows\n%q\nwant\n%q", rows, want)
	}
	// One search for the cases, one per year, one for the comparable ones.
	var years [][]string
	for _, q := range b.queries {
		if len(q.Years) > 0 {
			years = append(years, q.Years)
		}
	}
	if len(years) != 2 {
		t.Errorf("searches per year %v, want one for 2016 and one for 2019", years)
	}
}

// TestComparableNarrowing: the theme select and the words reach the
// comparison, and the select keeps the choice.
func TestComparableNarrowing(t *testing.T) {
	b := &advisorBackend{}
	_, body := fetch(t, newAdvisorHandler(t, b), "/gemeenten/GM0148?theme=toegang&q=wmo")
	if b.filter.Text != "wmo" || !slices.Equal(b.filter.Themes, []string{"toegang"}) {
		t.Errorf("comparison filter %+v", b.filter)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := doc.Find("select#filter-thema option[selected]").Attr("value"); v != "toegang" {
		t.Errorf("selected theme %q, want toegang", v)
	}
	if v, _ := doc.Find("input#filter-woorden").Attr("value"); v != "wmo" {
		t.Errorf("words %q, want wmo", v)
	}
	link := doc.Find(`a:contains("Bekijk deze zoekopdracht op de zoekpagina")`)
	href, _ := link.Attr("href")
	u, err := url.Parse(href)
	if err != nil || u.Path != "/" {
		t.Fatalf("search link %q", href)
	}
	if got := u.Query(); got.Get("q") != "wmo" || got.Get("theme") != "toegang" || got.Get("municipality") != "GM0363" {
		t.Errorf("search link parameters %v", got)
	}
}

// TestExportCSV: the download has a BOM, ";" between fields, the columns
// and headers asked for, follows the search parameters and pages through
// the backend up to MaxExportRows.
func TestExportCSV(t *testing.T) {
	b := &advisorBackend{}
	resp, body := fetch(t, newAdvisorHandler(t, b), "/export.csv?q=inkoop+jeugdzorg&municipality=GM0148&page=3&size=1")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="casus-inkoop-jeugdzorg.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("no BOM: %q", body[:min(20, len(body))])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"titel", "datum", "bron", "url", "gemeenten", "thema's", "domeinen"},
		{"Kwartiermaker voor de sociale wijkteams in Dalfsen", "2016-10-04", "Adviesbureau Aalders", "https://aalders.example/cases/kwartiermaker", "Dalfsen", "Toegang en wijkteams, organisatie", "Sociaal domein"},
		{"'=Inkoop jeugdzorg; regio \"IJsselland\"", "2019-05-14", "Adviesbureau Aalders", "https://aalders.example/cases/inkoop", "Dalfsen, Zwolle", "Jeugd en jeugdhulp, Inkoop en aanbesteding", "Sociaal domein"},
	}
	if fmt.Sprint(recs) != fmt.Sprint(want) {
		t.Errorf("rows\n%q\nwant\n%q", recs, want)
	}
	if q := b.queries[0]; q.Text != "inkoop jeugdzorg" || q.Page != 1 || q.Size != casus.MaxSize || !slices.Equal(q.Municipalities, []string{"GM0148"}) {
		t.Errorf("first search %+v: want the page's parameters from page 1 at the largest size", q)
	}
	if !strings.Contains(body, "\r\n") {
		t.Error("rows do not end in CRLF")
	}
}

func TestExportCSVBounded(t *testing.T) {
	var many []casus.Hit
	for i := range MaxExportRows + 120 {
		many = append(many, casus.Hit{ID: fmt.Sprint(i), Title: fmt.Sprintf("Case %d", i), Date: casus.NewDate(2020, 1, 1)})
	}
	b := &advisorBackend{hits: many}
	resp, body := fetch(t, newAdvisorHandler(t, b), "/export.csv")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if n := bytes.Count([]byte(body), []byte("\r\n")); n != MaxExportRows+1 {
		t.Errorf("%d lines, want %d cases and the header", n, MaxExportRows)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="casus-cases.csv"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	if n := len(b.queries); n != MaxExportRows/casus.MaxSize {
		t.Errorf("%d searches, want %d pages", n, MaxExportRows/casus.MaxSize)
	}
}

func TestExportCSVErrors(t *testing.T) {
	tests := []struct {
		target string
		err    error
		status int
		want   string
	}{
		{"/export.csv?size=0", nil, 200, "titel;datum"}, // size and page are the export's own
		{"/export.csv?theme=Jeugd!", nil, 400, "Deze zoekopdracht klopt niet"},
		{"/export.csv?from=1800-01-01", nil, 400, "valt buiten het bereik"},
		{"/export.csv?sort=random", nil, 400, "sort"},
		{"/export.csv?q=%ff", nil, 400, "UTF-8"},
		{"/export.csv", casus.ErrUnavailable, 503, "nog opgebouwd"},
		{"/export.csv", errors.New("disk"), 500, "Er ging iets mis"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			resp, body := fetch(t, newAdvisorHandler(t, &advisorBackend{err: tt.err}), tt.target)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("%d %q, want %d with %q", resp.StatusCode, body, tt.status, tt.want)
			}
			if tt.status != 200 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
				t.Errorf("error Content-Type %q, want text/plain", resp.Header.Get("Content-Type"))
			}
		})
	}
}

func TestDutchFormats(t *testing.T) {
	for _, tt := range []struct {
		got, want string
	}{
		{dutchDate(casus.NewDate(2016, 10, 4)), "4 oktober 2016"},
		{dutchDate(casus.NewDate(2022, 3, 24)), "24 maart 2022"},
		{dutchDate(casus.Date{}), ""},
		{dutchNumber(931000), "931.000"},
		{dutchNumber(1234567), "1.234.567"},
		{dutchNumber(999), "999"},
		{exportFileName(casus.Query{Text: "Jeugdzorg in Súdwest-Fryslân!"}), "casus-jeugdzorg-in-sudwest-fryslan.csv"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestAdvisorOff: without EnableAdvisor the paths are not served.
func TestAdvisorOff(t *testing.T) {
	h, err := New(&advisorBackend{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/gemeenten/GM0148", "/cases/d01", "/export.csv"} {
		if resp, _ := fetch(t, h, target); resp.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", target, resp.StatusCode)
		}
	}
}

// TestAdvisorEscapes: markup in the path and the parameters is shown as
// text, never as markup.
func TestAdvisorEscapes(t *testing.T) {
	for _, target := range []string{
		"/gemeenten?q=%3Cscript%3Ealert(1)%3C/script%3E",
		"/gemeenten/GM0148?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
		"/gemeenten/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
		"/cases/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
	} {
		t.Run(target, func(t *testing.T) {
			_, body := fetch(t, newAdvisorHandler(t, &advisorBackend{}), target)
			if strings.Contains(body, "<script>alert(1)") {
				t.Errorf("markup echoed raw:\n%s", body)
			}
		})
	}
	resp, body := fetch(t, newAdvisorHandler(t, &advisorBackend{}), "/export.csv?theme=%3Cscript%3E")
	if resp.StatusCode != 400 || resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("export error %d %v %q", resp.StatusCode, resp.Header, body)
	}
}

// TestHitsLinkToCasePages: the search page's results open casus's own case
// page, which links to the original.
func TestHitsLinkToCasePages(t *testing.T) {
	h, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, doc := get(t, h, "/?q=wijkteams")
	if href, _ := doc.Find("li.hit h3 a").Attr("href"); href != "/cases/a" {
		t.Errorf("hit links to %q, want /cases/a", href)
	}
}
