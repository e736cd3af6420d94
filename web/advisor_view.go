package web

import (
	"context"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/casus-nl/casus"
)

// advisorFuncs are the helpers of the advisor templates, besides
// layoutFuncs.
var advisorFuncs = template.FuncMap{
	"add": func(a, b float64) float64 { return a + b },
	"sub": func(a, b float64) float64 { return a - b },
	"caseURL": func(id string) string {
		return caseURL(id)
	},
}

// monthNames are the Dutch month names, January first.
var monthNames = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// dutchDate writes a date as Dutch prose: "4 oktober 2016"; "" for none.
func dutchDate(d casus.Date) string {
	if d.IsZero() {
		return ""
	}
	t := d.Time()
	return fmt.Sprintf("%d %s %d", t.Day(), monthNames[t.Month()-1], t.Year())
}

// dutchNumber writes n with Dutch thousands separators: 52.000.
func dutchNumber(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func validUTF8(s string) bool { return utf8.ValidString(s) }

// truncateRunes cuts s to n characters, marking a cut with "…".
func truncateRunes(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "�")
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// themeLabel and domainLabel name a slug, falling back to the slug.
func (a *advisor) themeLabel(slug string) string {
	if a.Labels != nil {
		if l := a.Labels.ThemeLabel(slug); l != "" {
			return l
		}
	}
	return slug
}

func (a *advisor) domainLabel(slug string) string {
	if a.Labels != nil {
		if l := a.Labels.DomainLabel(slug); l != "" {
			return l
		}
	}
	return slug
}

// mergerYear is the year a former municipality stopped existing, 0 when
// unknown.
func (a *advisor) mergerYear(code string) int {
	if a.Places == nil {
		return 0
	}
	m, ok := a.Places.Lookup(code)
	if !ok || m.Current || m.EndDate.IsZero() {
		return 0
	}
	return m.EndDate.Year()
}

// municipalityLabel names a municipality as the search page does, with its
// merger: "Weesp (sinds 2022 Amsterdam)"; "Weesp (nu Amsterdam)" when the
// year is unknown.
func (a *advisor) municipalityLabel(ref casus.MunicipalityRef) string {
	name := ref.Name
	if name == "" {
		name = ref.Code
	}
	year := a.mergerYear(ref.Code)
	switch {
	case ref.CurrentName != "" && year > 0:
		return fmt.Sprintf("%s (sinds %d %s)", name, year, ref.CurrentName)
	case ref.CurrentName != "":
		return fmt.Sprintf("%s (nu %s)", name, ref.CurrentName)
	case year > 0:
		return fmt.Sprintf("%s (tot %d)", name, year)
	}
	return name
}

// caseItem is one case in a list of an advisor page.
type caseItem struct {
	ID     string
	URL    string
	Title  string
	Date   casus.Date
	Source string
	// Places name its municipalities with their mergers.
	Places []string
	Themes []string
}

func (a *advisor) caseItems(hits []casus.Hit) []caseItem {
	out := make([]caseItem, 0, len(hits))
	for _, h := range hits {
		it := caseItem{ID: h.ID, URL: caseURL(h.ID), Title: h.Title, Date: h.Date, Source: h.SourceName}
		if it.Title == "" {
			it.Title = "(zonder titel)"
		}
		for _, m := range h.Municipalities {
			it.Places = append(it.Places, a.municipalityLabel(m))
		}
		for _, t := range h.Themes {
			it.Themes = append(it.Themes, a.themeLabel(t))
		}
		out = append(out, it)
	}
	return out
}

// pickerPage is the data of /gemeenten.
type pickerPage struct {
	Text    string
	Matches []pickerMatch
}

type pickerMatch struct {
	casus.MunicipalitySummary
	URL string
}

func (a *advisor) pickerPage(text string, list []casus.MunicipalitySummary) pickerPage {
	p := pickerPage{Text: text}
	for _, m := range list {
		p.Matches = append(p.Matches, pickerMatch{MunicipalitySummary: m, URL: municipalityURL(m.Code)})
	}
	return p
}

// municipalityPage is the data of /gemeenten/{code}.
type municipalityPage struct {
	Profile casus.MunicipalityProfile
	// Former says, for a former municipality, what became of it.
	Former *mergerView
	// Predecessors are the former municipalities in it, with their years.
	Predecessors []mergerView
	// Cases are its newest cases; CasesTotal counts all of them and
	// CasesURL searches them on the search page.
	Cases      []caseItem
	CasesTotal int
	CasesURL   string
	CasesCSV   string
	Chart      *themeChart
	Comparable []comparableView
	// Filter narrows the comparable municipalities' cases; Themes are the
	// choices of its select, with their counts.
	Filter       casus.CaseFilter
	FilterTheme  string
	ThemeOptions []themeOption
	// Others are the comparable municipalities' cases on the filter;
	// OthersTotal counts all of them, OthersSearch is the same search on
	// the search page and OthersCSV its download.
	Others       []caseItem
	OthersTotal  int
	OthersSearch string
	OthersCSV    string
	// OthersHaveCases is false when no comparable municipality has cases.
	OthersHaveCases bool
}

// mergerView is one merger: Name merged into Into in Year.
type mergerView struct {
	Code, Name, Label string
	URL               string
	Year              int
	Into              string
	IntoURL           string
}

type comparableView struct {
	casus.ComparableMunicipality
	URL string
}

type themeOption struct {
	Value, Label string
	Count        int
	Selected     bool
}

// municipalityPage gathers the profile, cases, chart and comparison of code.
func (a *advisor) municipalityPage(ctx context.Context, code string, filter casus.CaseFilter) (municipalityPage, error) {
	cmp, err := a.Municipalities.Comparable(ctx, code, comparableSize, filter)
	if err != nil {
		return municipalityPage{}, err
	}
	prof := cmp.Municipality
	p := municipalityPage{Profile: prof, Filter: filter}
	if len(filter.Themes) > 0 {
		p.FilterTheme = filter.Themes[0]
	}
	if prof.MergedInto != nil {
		p.Former = &mergerView{Code: prof.Code, Name: prof.Name, Year: a.mergerYear(prof.Code),
			Into: prof.MergedInto.Name, IntoURL: municipalityURL(prof.MergedInto.Code)}
	}
	for _, ref := range prof.Predecessors {
		mv := mergerView{Code: ref.Code, Name: ref.Name, Label: a.municipalityLabel(ref), URL: municipalityURL(ref.Code),
			Year: a.mergerYear(ref.Code), Into: ref.CurrentName}
		p.Predecessors = append(p.Predecessors, mv)
	}
	slices.SortStableFunc(p.Predecessors, func(x, y mergerView) int { return y.Year - x.Year })

	own := casus.Query{Municipalities: []string{prof.Code}, Sort: casus.SortDate, Page: 1, Size: ownCasesShown}
	res, err := a.h.searcher.Search(ctx, own)
	if err != nil {
		return municipalityPage{}, err
	}
	p.Cases, p.CasesTotal, p.CasesURL = a.caseItems(res.Hits), res.Total, searchURL(own)
	p.CasesCSV = "/export.csv?" + own.Values().Encode()
	if p.Chart, err = a.themeChart(ctx, prof, res.Facets.Year); err != nil {
		return municipalityPage{}, err
	}

	var withCases []string
	for _, c := range cmp.Comparable {
		p.Comparable = append(p.Comparable, comparableView{ComparableMunicipality: c, URL: municipalityURL(c.Code)})
		if c.Cases > 0 && len(withCases) < casus.MaxFilterValues {
			withCases = append(withCases, c.Code)
		}
	}
	p.Others = a.caseItems(cmp.Hits)
	p.OthersHaveCases = len(withCases) > 0
	others := casus.Query{Text: filter.Text, Themes: filter.Themes, Municipalities: withCases, Page: 1, Size: 1}
	if p.OthersHaveCases {
		res, err := a.h.searcher.Search(ctx, others)
		if err != nil {
			return municipalityPage{}, err
		}
		p.OthersTotal = res.Total
		for _, t := range res.Facets.Theme {
			p.ThemeOptions = append(p.ThemeOptions, themeOption{Value: t.Value, Label: a.themeLabel(t.Value), Count: t.Count,
				Selected: t.Value == p.FilterTheme})
		}
	}
	others.Size = 0
	p.OthersSearch = searchURL(others)
	p.OthersCSV = "/export.csv?" + others.Values().Encode()
	return p, nil
}

// casePage is the data of /cases/{id}.
type casePage struct {
	Doc        casus.Document
	Paragraphs []string
	Places     []placeView
	Themes     []link
	Domains    []link
	Similar    []caseItem
}

type placeView struct {
	Label     string
	URL       string
	SearchURL string
}

// casePage gathers a case and the cases like it.
func (a *advisor) casePage(ctx context.Context, id string) (casePage, error) {
	d, err := a.Documents.Document(ctx, id)
	if err != nil {
		return casePage{}, err
	}
	sim, err := a.Documents.Similar(ctx, id, similarSize)
	if err != nil {
		return casePage{}, err
	}
	p := casePage{Doc: d, Paragraphs: paragraphs(d.Body), Similar: a.caseItems(sim.Hits)}
	seen := map[string]bool{}
	for _, m := range d.Municipalities {
		if seen["m:"+m.Code] {
			continue
		}
		seen["m:"+m.Code] = true
		p.Places = append(p.Places, placeView{Label: a.municipalityLabel(m), URL: municipalityURL(m.Code),
			SearchURL: searchURL(casus.Query{Municipalities: []string{m.Code}})})
	}
	for _, t := range d.Themes {
		if !seen["t:"+t] {
			seen["t:"+t] = true
			p.Themes = append(p.Themes, link{Label: a.themeLabel(t), URL: searchURL(casus.Query{Themes: []string{t}})})
		}
	}
	for _, s := range d.Domains {
		if !seen["d:"+s] {
			seen["d:"+s] = true
			p.Domains = append(p.Domains, link{Label: a.domainLabel(s), URL: searchURL(casus.Query{Domains: []string{s}})})
		}
	}
	return p, nil
}

// paragraphs splits a case's text at its line breaks.
func paragraphs(body string) []string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}
