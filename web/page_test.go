package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/casus-nl/casus"
)

// manyFacets is a result with 1,234 cases, 30 municipalities and years
// whose counts are not in year order.
func manyFacets() casus.Result {
	res := sample
	res.Total = 1234
	res.Facets.Year = []casus.FacetValue{{Value: "2016", Label: "2016", Count: 9}, {Value: "2021", Label: "2021", Count: 5}, {Value: "2019", Label: "2019", Count: 7}}
	res.Facets.Municipality = nil
	for i := range 30 {
		code := fmt.Sprintf("GM%04d", i+1)
		res.Facets.Municipality = append(res.Facets.Municipality, casus.FacetValue{Value: code, Label: "Gemeente " + code, Count: 100 - i, Selected: i == 20})
	}
	return res
}

func TestPageFacetForm(t *testing.T) {
	h, err := New(stubSearcher{res: manyFacets()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, doc := get(t, h, "/?q=wijkteams&theme=toegang&municipality=GM0021&sort=date")
	form := doc.Find("form#filterform")
	if m, _ := form.Attr("method"); m != "get" || form.Find("button.apply").Text() != "Toepassen" {
		t.Error("filters are not a GET form with a Toepassen button")
	}
	if v, _ := form.Find(`input[type=hidden][name=q]`).Attr("value"); v != "wijkteams" {
		t.Errorf("filter form keeps q = %q", v)
	}
	if v, _ := form.Find(`input[type=hidden][name=sort]`).Attr("value"); v != "date" {
		t.Errorf("filter form keeps sort = %q", v)
	}
	if !form.Find(`input[type=checkbox][name=theme][value=toegang]`).Is("[checked]") {
		t.Error("selected theme not checked")
	}
	muni := form.Find(`fieldset[data-facet=municipality]`)
	if n := muni.Find(`ul.values`).First().Find("input").Length(); n != 11 {
		t.Errorf("municipality shows %d values at once, want 10 and the selected one", n)
	}
	if n := muni.Find(`details.more input`).Length(); n != 19 {
		t.Errorf("meer tonen holds %d values, want 19", n)
	}
	if muni.Find(`[data-facet-filter]`).Length() != 1 {
		t.Error("no text filter for the municipalities")
	}
	var years []string
	form.Find(`fieldset[data-facet=year] input`).Each(func(_ int, s *goquery.Selection) { v, _ := s.Attr("value"); years = append(years, v) })
	if strings.Join(years, ",") != "2021,2019,2016" {
		t.Errorf("years %v, want newest first", years)
	}
	if got := doc.Find(".summary h2 strong").Text(); got != "1.234" {
		t.Errorf("total %q, want 1.234", got)
	}
	chips := doc.Find(".active-filters a.chip")
	if chips.Length() != 2 || !strings.Contains(chips.First().Text(), "Thema: Toegang en wijkteams") {
		t.Errorf("active filters %q", chips.Text())
	}
	if href, _ := chips.First().Attr("href"); strings.Contains(href, "theme=") || !strings.Contains(href, "municipality=GM0021") {
		t.Errorf("remove link %q", href)
	}
	if href, _ := doc.Find(".active-filters a.clear").Attr("href"); href != "/?q=wijkteams&sort=date" {
		t.Errorf("Wis alles = %q", href)
	}
	if href, _ := doc.Find("a.download").Attr("href"); !strings.HasPrefix(href, "/export.csv?") || !strings.Contains(href, "theme=toegang") {
		t.Errorf("CSV link %q", href)
	}
	if _, ok := doc.Find("input#q").Attr("autofocus"); ok {
		t.Error("autofocus on a result page")
	}
	if doc.Find("h1").Length() != 1 {
		t.Errorf("%d h1", doc.Find("h1").Length())
	}
	if got := doc.Find("a.skip-link").Text(); got != "Naar de resultaten" {
		t.Errorf("skip link %q", got)
	}
}

func TestStartPageAutofocus(t *testing.T) {
	h, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, doc := get(t, h, "/")
	if _, ok := doc.Find("input#q").Attr("autofocus"); !ok {
		t.Error("no autofocus on the start page")
	}
}

func TestPagePastTheEnd(t *testing.T) {
	res := sample
	res.Total = 46
	h, err := New(stubSearcher{res: res}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?q=jeugd&page=6", nil))
	if rec.Code != 303 || rec.Header().Get("Location") != "/?page=5&q=jeugd" {
		t.Errorf("page 6 of 5: %d %q, want 303 to page 5", rec.Code, rec.Header().Get("Location"))
	}
}

func TestPageErrorsInDutch(t *testing.T) {
	h, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/?sort=x", "/?size=0", "/?page=abc", "/?theme=A%20B", "/?from=2020-13-01", "/?from=2020-01-02&to=2020-01-01", "/?explain=1", "/?q=" + strings.Repeat("a", 300)} {
		resp, doc := get(t, h, target)
		text := doc.Find(".notice").Text()
		if resp.StatusCode != 400 || !strings.Contains(text, "klopt niet") {
			t.Errorf("%s: %d %q", target, resp.StatusCode, text)
		}
		for _, english := range []string{"parameter", "must", "is not", "maximum", "before"} {
			if strings.Contains(strings.ToLower(doc.Find("main").Text()), english) {
				t.Errorf("%s: English %q in %q", target, english, text)
			}
		}
	}
}

func TestRelaxedSaysSo(t *testing.T) {
	res := sample
	res.Relaxed = true
	h, err := New(stubSearcher{res: res}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, doc := get(t, h, "/?q=wijkteams+xyzzy")
	if !strings.Contains(doc.Find(".relaxed").Text(), "deel ervan") {
		t.Error("a partial match does not say so")
	}
}

func TestPartsOnlySaysSo(t *testing.T) {
	res := sample
	res.PartsOnly = []string{"ruimtevaartbeleid"}
	h, err := New(stubSearcher{res: res}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, doc := get(t, h, "/?q=ruimtevaartbeleid")
	if got := doc.Find(".parts-only").Text(); !strings.Contains(got, "‘ruimtevaartbeleid’") {
		t.Errorf("a match on parts only says %q", got)
	}
	whole, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, doc = get(t, whole, "/?q=wijkteams")
	if doc.Find(".parts-only").Length() != 0 {
		t.Error("a whole-word match says it matched on parts")
	}
}

// TestUnmarkedSaysSo: a hit of a search with words that shows none of them
// says how it was found; a marked hit and a search without words do not.
func TestUnmarkedSaysSo(t *testing.T) {
	res := sample
	unmarked := sample.Hits[0]
	unmarked.ID, unmarked.TitleHTML, unmarked.SnippetHTML = "b", "Toegang in Dalfsen", "De gemeente koos voor één loket."
	res.Hits = []casus.Hit{sample.Hits[0], unmarked}
	h, err := New(stubSearcher{res: res}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		target string
		want   int // hits with the notice
	}{
		{"/?q=wijkteams", 1},
		{"/?theme=toegang", 0},
	}
	for _, tt := range tests {
		_, doc := get(t, h, tt.target)
		if got := doc.Find(".hit .unmarked").Length(); got != tt.want {
			t.Errorf("%s: %d hits say they were found without the words, want %d", tt.target, got, tt.want)
		}
		if tt.want > 0 && !doc.Find(".hit").Eq(1).Find(".unmarked").Is("p") {
			t.Errorf("%s: the notice is not on the unmarked hit", tt.target)
		}
	}
}

func TestSnippetParagraphs(t *testing.T) {
	for in, want := range map[string]string{
		"te organiseren.\n\nAanleiding\n\nNa de <mark>overgang</mark>": "te organiseren. Aanleiding · Na de <mark>overgang</mark>",
		"Werkwijze\nWij <mark>onderzochten</mark>\n\nResultaat":        "Werkwijze · Wij <mark>onderzochten</mark> · Resultaat",
		"Een <mark>zin</mark>.\n\nNog een":                             "Een <mark>zin</mark>. Nog een",
		"zonder breuk":                                                 "zonder breuk",
	} {
		if got := joinParagraphs(in); got != want {
			t.Errorf("joinParagraphs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNotFoundInDutch(t *testing.T) {
	h, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, doc := get(t, h, "/elders")
	if resp.StatusCode != 404 || doc.Find("h1").Text() != "Pagina niet gevonden" || !strings.Contains(doc.Find(".notice").Text(), "bestaat niet") {
		t.Errorf("404: %d %q %q", resp.StatusCode, doc.Find("h1").Text(), doc.Find(".notice").Text())
	}
}

func TestErrorKeepsWords(t *testing.T) {
	h, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, doc := get(t, h, "/?q=jeugd&sort=x")
	if v, _ := doc.Find("input#q").Attr("value"); v != "jeugd" {
		t.Errorf("search box %q after an error, want the words kept", v)
	}
}

func TestPartsOnlyNotice(t *testing.T) {
	tests := []struct {
		words []string
		want  string
	}{
		{nil, ""},
		{[]string{"ruimtevaartbeleid"}, "Geen case bevat ‘ruimtevaartbeleid’; hieronder cases met delen van dat woord."},
		{[]string{"a", "b", "c"}, "Geen case bevat ‘a’, ‘b’ of ‘c’; hieronder cases met delen van die woorden."},
	}
	for _, tt := range tests {
		if got := partsOnlyNotice(tt.words); got != tt.want {
			t.Errorf("partsOnlyNotice(%q) = %q, want %q", tt.words, got, tt.want)
		}
	}
}
