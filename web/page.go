package web

import (
	"cmp"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/casus-nl/casus"
)

// page is what the template renders: the result plus everything derived
// from it (links, labels), so the template holds no logic.
type page struct {
	Query  casus.Query
	Text   string
	Result casus.Result
	Hits   []hit
	Facets []facetGroup
	Sort   []link
	Prev   string
	Next   string
	PageOf string
	Notice string
	// DidYouMean links to the corrected query, when the result has one.
	DidYouMean *link
	Refresh    bool
	Searched   bool
	// Failed is an error page (Notice says why, Heading names it; the
	// default is "Zoeken mislukt").
	Failed  bool
	Heading string
	// Start is the empty start page: no words, no filters.
	Start bool
	// Active are the chosen filters, each with the link that removes it;
	// ClearURL removes them all (keeping the words).
	Active   []activeFilter
	ClearURL string
	// Total is the number of cases, in Dutch notation ("1.234").
	Total string
	// ExportURL is the CSV download of the same search.
	ExportURL string
	// PartsOnly says which words no case holds whole, found only through
	// their parts (Result.PartsOnly); empty when there are none.
	PartsOnly string
	// Kept are the parameters the filter form carries along (words, sort,
	// dates, size), as hidden fields.
	Kept []param
}

type hit struct {
	casus.Hit
	Title   template.HTML
	Snippet template.HTML
	Labels  []string
	// Unmarked says that a search with words found this case without any of
	// them in its title or snippet: through the theme, domain, municipality
	// or region the words name.
	Unmarked bool
}

type facetGroup struct {
	Name  string
	Label string
	// Values are shown at once, More behind "meer tonen".
	Values []facetValue
	More   []facetValue
	// Filterable groups get a text filter over their values (JS).
	Filterable bool
}

type facetValue struct {
	casus.FacetValue
	URL string
	// ID is the checkbox's id, stable across pages so focus can stay on it.
	ID    string
	Name  string
	Count string
}

type link struct {
	Label  string
	URL    string
	Active bool
}

type activeFilter struct {
	Group, Label, URL string
}

type param struct{ Name, Value string }

// facetGroups names the facets in the order the page shows them, with
// accessors for the query's filter list of each.
var facetGroups = []struct {
	name, label string
	values      func(*casus.Facets) []casus.FacetValue
	filter      func(*casus.Query) *[]string
}{
	{"theme", "Thema", func(f *casus.Facets) []casus.FacetValue { return f.Theme }, func(q *casus.Query) *[]string { return &q.Themes }},
	{"municipality", "Gemeente", func(f *casus.Facets) []casus.FacetValue { return f.Municipality }, func(q *casus.Query) *[]string { return &q.Municipalities }},
	{"domain", "Domein", func(f *casus.Facets) []casus.FacetValue { return f.Domain }, func(q *casus.Query) *[]string { return &q.Domains }},
	{"year", "Jaar", func(f *casus.Facets) []casus.FacetValue { return f.Year }, func(q *casus.Query) *[]string { return &q.Years }},
	{"source", "Bron", func(f *casus.Facets) []casus.FacetValue { return f.Source }, func(q *casus.Query) *[]string { return &q.Sources }},
}

// facetValuesShown is the number of values a facet shows before "meer
// tonen" (selected values are always shown); filterableOver is the number
// of values from which a facet gets a text filter.
const (
	facetValuesShown = 10
	filterableOver   = 15
)

func newPage(q casus.Query, res casus.Result) page {
	p := page{Query: q, Text: q.Text, Result: res, Searched: true, Total: dutchNumber(res.Total),
		PartsOnly: partsOnlyNotice(res.PartsOnly)}
	p.Start = len(q.Values()) == 0
	labels := map[string]string{}
	for _, g := range facetGroups {
		group := facetGroup{Name: g.name, Label: g.label}
		values := slices.Clone(g.values(&res.Facets))
		if g.name == "year" {
			// Years in year order, newest first.
			slices.SortStableFunc(values, func(a, b casus.FacetValue) int { return cmp.Compare(b.Value, a.Value) })
		}
		for i, v := range values {
			labels[g.name+":"+v.Value] = v.Label
			fv := facetValue{FacetValue: v, URL: toggleURL(q, g.filter, v.Value), ID: "f-" + g.name + "-" + v.Value, Name: g.name, Count: dutchNumber(v.Count)}
			if v.Label == "" {
				fv.Label = v.Value
			}
			if i < facetValuesShown || v.Selected {
				group.Values = append(group.Values, fv)
			} else {
				group.More = append(group.More, fv)
			}
		}
		group.Filterable = len(values) > filterableOver
		if len(group.Values) > 0 {
			p.Facets = append(p.Facets, group)
		}
	}
	for _, g := range facetGroups {
		for _, v := range *g.filter(&q) {
			label := labels[g.name+":"+v]
			if label == "" {
				label = v
			}
			p.Active = append(p.Active, activeFilter{Group: g.label, Label: label, URL: toggleURL(q, g.filter, v)})
		}
	}
	if len(p.Active) > 0 {
		clear := casus.Query{Text: q.Text, Sort: q.Sort, Size: q.Size, From: q.From, To: q.To, Page: 1}
		p.ClearURL = pageURL(clear)
	}
	kept := casus.Query{Text: q.Text, Sort: q.Sort, Size: q.Size, From: q.From, To: q.To, Page: 1}
	for name, vals := range kept.Values() {
		for _, v := range vals {
			p.Kept = append(p.Kept, param{name, v})
		}
	}
	slices.SortFunc(p.Kept, func(a, b param) int { return cmp.Compare(a.Name, b.Name) })
	all := q
	all.Page = 1
	p.ExportURL = "/export.csv?" + all.Values().Encode()
	for _, h := range res.Hits {
		view := hit{Hit: h, Title: template.HTML(h.TitleHTML), Snippet: template.HTML(joinParagraphs(h.SnippetHTML)),
			Unmarked: q.Text != "" && !strings.Contains(h.TitleHTML+h.SnippetHTML, "<mark>")}
		for _, t := range h.Themes {
			if l := labels["theme:"+t]; l != "" {
				view.Labels = append(view.Labels, l)
			}
		}
		p.Hits = append(p.Hits, view)
	}
	for _, s := range []struct {
		sort  casus.Sort
		label string
	}{{casus.SortRelevance, "Relevantie"}, {casus.SortDate, "Datum"}} {
		alt := q
		alt.Sort, alt.Page = s.sort, 1
		p.Sort = append(p.Sort, link{Label: s.label, URL: pageURL(alt), Active: q.EffectiveSort() == s.sort})
	}
	if q.Page > 1 {
		prev := q
		prev.Page--
		p.Prev = pageURL(prev)
	}
	if q.Page*q.Size < res.Total && q.Page < casus.MaxPage {
		next := q
		next.Page++
		p.Next = pageURL(next)
	}
	if res.Suggestion != nil {
		alt := q
		alt.Text, alt.Page = *res.Suggestion, 1
		p.DidYouMean = &link{Label: *res.Suggestion, URL: pageURL(alt)}
	}
	if pages := lastPage(q, res); pages > 1 {
		p.PageOf = "pagina " + strconv.Itoa(q.Page) + " van " + strconv.Itoa(pages)
	}
	return p
}

// lastPage is the number of pages of res that can be shown.
func lastPage(q casus.Query, res casus.Result) int {
	size := max(q.Size, 1)
	return min((res.Total+size-1)/size, casus.MaxPage)
}

// pageURL is the search page's link for q.
func pageURL(q casus.Query) string {
	v := q.Values()
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// toggleURL is the link that adds value to a facet filter, or removes it when
// it is already selected, going back to the first page.
func toggleURL(q casus.Query, filter func(*casus.Query) *[]string, value string) string {
	next := q
	next.Page = 1
	list := filter(&next)
	if i := slices.Index(*list, value); i >= 0 {
		*list = slices.Delete(slices.Clone(*list), i, i+1)
	} else {
		*list = append(slices.Clone(*list), value)
	}
	return pageURL(next)
}

// paramLabels are the Dutch names of the search parameters, for messages.
var paramLabels = map[string]string{
	"q": "de zoekwoorden", "page": "het paginanummer", "size": "het aantal per pagina",
	"municipality": "het filter Gemeente", "theme": "het filter Thema", "domain": "het filter Domein",
	"source": "het filter Bron", "year": "het filter Jaar", "from": "de datum ‘vanaf’", "to": "de datum ‘tot en met’",
	"sort": "de sortering", "explain": "de uitleg-instelling (explain)",
}

// paramMessages say in Dutch what a good value of a parameter is.
var paramMessages = map[string]string{
	"q":            "Gebruik gewone tekst (UTF-8) van hoogstens " + strconv.Itoa(casus.MaxQueryRunes) + " tekens.",
	"page":         "Kies een pagina van 1 tot en met " + strconv.Itoa(casus.MaxPage) + ".",
	"size":         "Kies 1 tot en met " + strconv.Itoa(casus.MaxSize) + " resultaten per pagina.",
	"municipality": "Kies gemeenten uit de lijst met filters (hoogstens " + strconv.Itoa(casus.MaxFilterValues) + ").",
	"theme":        "Kies thema’s uit de lijst met filters (hoogstens " + strconv.Itoa(casus.MaxFilterValues) + ").",
	"domain":       "Kies domeinen uit de lijst met filters.",
	"source":       "Kies bronnen uit de lijst met filters.",
	"year":         "Kies jaren uit de lijst met filters.",
	"from":         "Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2019-05-14.",
	"to":           "Schrijf de datum als JJJJ-MM-DD, niet vóór de datum ‘vanaf’.",
	"sort":         "Sorteer op relevantie of op datum.",
	"explain":      "Laat haar weg of kies true of false.",
}

// invalidMessage says in Dutch what is wrong with a parameter; never the
// English text of the error.
func invalidMessage(param string) string {
	what, ok := paramLabels[param]
	if !ok {
		return "Deze zoekopdracht klopt niet. Begin opnieuw met een lege zoekopdracht."
	}
	return "Deze zoekopdracht klopt niet: " + what + " is ongeldig. " + paramMessages[param]
}

// withPage is the URL of q's search at page n.
func withPage(q casus.Query, n int) string {
	q.Page = n
	return pageURL(q)
}

// paragraphBreak is a line break (or a run of them) between paragraphs of
// a snippet, with the spaces around it.
var paragraphBreak = regexp.MustCompile(`[ \t]*(?:\r?\n)+[ \t]*`)

// joinParagraphs writes a snippet's paragraphs (separated by line breaks in
// the body) on one line without running a heading into the next sentence:
// after a paragraph that ends a sentence a space, after one that does not
// (a heading, a list item) " · ". It works on the snippet's HTML, whose
// line breaks are text (never inside a tag).
func joinParagraphs(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range paragraphBreak.FindAllStringIndex(s, -1) {
		before := strings.TrimRight(s[last:m[0]], " ")
		b.WriteString(s[last:m[0]])
		if endsSentence(before) || m[0] == 0 || m[1] == len(s) {
			b.WriteString(" ")
		} else {
			b.WriteString(" · ")
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// endsSentence reports whether text (HTML) ends with sentence punctuation,
// after any closing tags.
func endsSentence(text string) bool {
	for strings.HasSuffix(text, ">") {
		i := strings.LastIndex(text, "<")
		if i < 0 {
			break
		}
		text = text[:i]
	}
	r, _ := utf8.DecodeLastRuneInString(text)
	return strings.ContainsRune(".!?:;…", r)
}

// partsOnlyNotice tells, in Dutch, that words matched only through their
// parts: "Geen case bevat ‘ruimtevaartbeleid’; hieronder cases met delen
// van dat woord."
func partsOnlyNotice(words []string) string {
	if len(words) == 0 {
		return ""
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "‘" + w + "’"
	}
	list, what := quoted[0], "dat woord"
	if n := len(quoted); n > 1 {
		list, what = strings.Join(quoted[:n-1], ", ")+" of "+quoted[n-1], "die woorden"
	}
	return "Geen case bevat " + list + "; hieronder cases met delen van " + what + "."
}
