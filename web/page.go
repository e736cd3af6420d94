package web

import (
	"html/template"
	"slices"
	"strconv"

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
}

type hit struct {
	casus.Hit
	Title   template.HTML
	Snippet template.HTML
	Labels  []string
}

type facetGroup struct {
	Name   string
	Label  string
	Values []facetValue
}

type facetValue struct {
	casus.FacetValue
	URL string
}

type link struct {
	Label  string
	URL    string
	Active bool
}

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

// maxFacetValuesShown bounds each facet list on the page.
const maxFacetValuesShown = 15

func newPage(q casus.Query, res casus.Result) page {
	p := page{Query: q, Text: q.Text, Result: res, Searched: true}
	labels := map[string]string{}
	for _, g := range facetGroups {
		group := facetGroup{Name: g.name, Label: g.label}
		for i, v := range g.values(&res.Facets) {
			labels[g.name+":"+v.Value] = v.Label
			if i >= maxFacetValuesShown && !v.Selected {
				continue
			}
			group.Values = append(group.Values, facetValue{FacetValue: v, URL: toggleURL(q, g.filter, v.Value)})
		}
		if len(group.Values) > 0 {
			p.Facets = append(p.Facets, group)
		}
	}
	for _, h := range res.Hits {
		view := hit{Hit: h, Title: template.HTML(h.TitleHTML), Snippet: template.HTML(h.SnippetHTML)}
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
		p.Sort = append(p.Sort, link{Label: s.label, URL: "?" + alt.Values().Encode(), Active: q.EffectiveSort() == s.sort})
	}
	if q.Page > 1 {
		prev := q
		prev.Page--
		p.Prev = "?" + prev.Values().Encode()
	}
	if q.Page*q.Size < res.Total && q.Page < casus.MaxPage {
		next := q
		next.Page++
		p.Next = "?" + next.Values().Encode()
	}
	if res.Suggestion != nil {
		alt := q
		alt.Text, alt.Page = *res.Suggestion, 1
		p.DidYouMean = &link{Label: *res.Suggestion, URL: "?" + alt.Values().Encode()}
	}
	if pages := (res.Total + q.Size - 1) / q.Size; pages > 1 {
		p.PageOf = "pagina " + strconv.Itoa(q.Page) + " van " + strconv.Itoa(pages)
	}
	return p
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
	return "?" + next.Values().Encode()
}
