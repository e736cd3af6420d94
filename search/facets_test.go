package search

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

// counts maps facet values to counts, marking selected values with a "*".
func counts(vs []casus.FacetValue) map[string]int {
	m := map[string]int{}
	for _, v := range vs {
		k := v.Value
		if v.Selected {
			k += "*"
		}
		m[k] = v.Count
	}
	return m
}

func TestDisjunctiveFacets(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	tests := []struct {
		name       string
		q          casus.Query
		wantTotal  int
		wantFacets map[string]map[string]int // facet → value → count
	}{
		{
			// The theme facet ignores the theme filter: it still counts every
			// theme, as if nothing were selected. d02 lists "jeugd" twice
			// and counts once.
			name:      "theme selected",
			q:         casus.Query{Themes: []string{"jeugd"}},
			wantTotal: 4,
			wantFacets: map[string]map[string]int{
				"theme": {"jeugd*": 4, "toegang": 5, "financien": 3, "inkoop": 3, "organisatie": 3, "wmo": 3,
					"bestuur": 2, "schulden": 2, "welzijn": 2, "participatie": 1},
				"source":       {"bureau-a": 1, "bureau-b": 1, "bureau-c": 2},
				"municipality": {"GM0148": 1, "GM0193": 2, "GM0363": 2},
				"year":         {"2017": 1, "2019": 1, "2021": 1, "2023": 1},
			},
		},
		{
			// Each facet applies the other facet's filter but not its own.
			name:      "theme and source selected",
			q:         casus.Query{Themes: []string{"jeugd"}, Sources: []string{"bureau-b"}},
			wantTotal: 1,
			wantFacets: map[string]map[string]int{
				"theme": {"jeugd*": 1, "wmo": 2, "participatie": 1, "financien": 1, "inkoop": 1, "toegang": 1,
					"bestuur": 1, "welzijn": 1},
				"source": {"bureau-a": 1, "bureau-b*": 1, "bureau-c": 2},
				"domain": {"sociaal": 1},
			},
		},
		{
			// Words and the date range restrict every facet.
			name:      "words and dates",
			q:         casus.Query{Text: "jeugdhulp", From: casus.NewDate(2020, 1, 1), Years: []string{"2019"}},
			wantTotal: 0,
			wantFacets: map[string]map[string]int{
				"year":  {"2023": 1, "2019*": 0},
				"theme": {},
			},
		},
		{
			name:      "selected value with no documents is listed",
			q:         casus.Query{Municipalities: []string{"GM9999"}},
			wantTotal: 0,
			wantFacets: map[string]map[string]int{
				"municipality": {"GM0148": 5, "GM0193": 4, "GM0363": 3, "GM0457": 1, "GM1954": 1, "GM9999*": 0},
				"source":       {},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustSearch(t, ix, tt.q)
			if r.Total != tt.wantTotal {
				t.Errorf("Total = %d, want %d", r.Total, tt.wantTotal)
			}
			lists := map[string][]casus.FacetValue{
				"municipality": r.Facets.Municipality, "theme": r.Facets.Theme,
				"domain": r.Facets.Domain, "source": r.Facets.Source, "year": r.Facets.Year,
			}
			for facet, want := range tt.wantFacets {
				if diff := cmp.Diff(want, counts(lists[facet])); diff != "" {
					t.Errorf("%s facet (-want +got):\n%s", facet, diff)
				}
			}
		})
	}
}

// TestFacetCountIsFilterTotal checks the facet arithmetic users rely on:
// selecting a value finds as many cases as its count said, for every value of
// every facet, including a current municipality whose count takes in the
// cases of a municipality that merged into it.
func TestFacetCountIsFilterTotal(t *testing.T) {
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}, Taxonomy: fakeTaxonomy{}})
	r := mustSearch(t, ix, casus.Query{})
	lists := []struct {
		name   string
		values []casus.FacetValue
		filter func(v string) casus.Query
	}{
		{"municipality", r.Facets.Municipality, func(v string) casus.Query { return casus.Query{Municipalities: []string{v}} }},
		{"theme", r.Facets.Theme, func(v string) casus.Query { return casus.Query{Themes: []string{v}} }},
		{"domain", r.Facets.Domain, func(v string) casus.Query { return casus.Query{Domains: []string{v}} }},
		{"source", r.Facets.Source, func(v string) casus.Query { return casus.Query{Sources: []string{v}} }},
		{"year", r.Facets.Year, func(v string) casus.Query { return casus.Query{Years: []string{v}} }},
	}
	for _, l := range lists {
		if len(l.values) == 0 {
			t.Errorf("%s facet is empty", l.name)
		}
		for _, v := range l.values {
			if got := mustSearch(t, ix, l.filter(v.Value)).Total; got != v.Count {
				t.Errorf("%s=%s: facet count %d, filter finds %d", l.name, v.Value, v.Count, got)
			}
		}
	}
}

func TestSourceFacetSumsToTotal(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	for _, q := range []casus.Query{
		{},
		{Text: "jeugd"},
		{Themes: []string{"jeugd"}},
		{Themes: []string{"toegang"}, Years: []string{"2016", "2020"}},
	} {
		r := mustSearch(t, ix, q)
		sum := 0
		for _, v := range r.Facets.Source {
			sum += v.Count
		}
		// Every fixture has one source, so without a source filter the
		// source counts add up to the total.
		if sum != r.Total {
			t.Errorf("%+v: source counts add up to %d, total is %d", q, sum, r.Total)
		}
	}
}

func TestFacetLabelsAndOrder(t *testing.T) {
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}, Taxonomy: fakeTaxonomy{}})
	r := mustSearch(t, ix, casus.Query{Municipalities: []string{"GM0363"}})
	tests := []struct {
		facet string
		got   []casus.FacetValue
		want  []casus.FacetValue
	}{
		{"municipality", r.Facets.Municipality, []casus.FacetValue{
			{Value: "GM0148", Label: "Dalfsen", Count: 5},
			// Amsterdam's count includes the Weesp case, as its filter does.
			{Value: "GM0363", Label: "Amsterdam", Count: 4, Selected: true},
			{Value: "GM0193", Label: "Zwolle", Count: 4},
			// Unknown to the gazetteer: the code is the label.
			{Value: "GM1954", Label: "GM1954", Count: 1},
			{Value: "GM0457", Label: "Weesp (sinds 2022 Amsterdam)", Count: 1},
		}},
		{"theme", r.Facets.Theme, []casus.FacetValue{
			{Value: "jeugd", Label: "Jeugd en jeugdhulp", Count: 2},
			// Equal counts sort by label; unknown slugs label themselves.
			{Value: "financien", Label: "financien", Count: 1},
			{Value: "participatie", Label: "participatie", Count: 1},
			{Value: "toegang", Label: "Toegang en wijkteams", Count: 1},
			{Value: "wmo", Label: "wmo", Count: 1},
		}},
		{"domain", r.Facets.Domain, []casus.FacetValue{{Value: "sociaal", Label: "Sociaal domein", Count: 4}}},
		{"source", r.Facets.Source, []casus.FacetValue{
			{Value: "bureau-b", Label: "Brink & Partners", Count: 3},
			{Value: "bureau-c", Label: "Cadans Advies", Count: 1},
		}},
		{"year", r.Facets.Year, []casus.FacetValue{
			{Value: "2016", Label: "2016", Count: 1},
			{Value: "2021", Label: "2021", Count: 1},
			{Value: "2022", Label: "2022", Count: 1},
			{Value: "2023", Label: "2023", Count: 1},
		}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s facet (-want +got):\n%s", tt.facet, diff)
		}
	}
}

func TestEmptyResultEncodesEmptyLists(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	r := mustSearch(t, ix, casus.Query{Text: "olifant"})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"hits":[]`, `"municipality":[]`, `"theme":[]`, `"domain":[]`, `"source":[]`, `"year":[]`, `"suggestion":null`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("encoded result %s lacks %s", b, want)
		}
	}
}
