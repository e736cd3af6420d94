package pgcompare

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

func TestBuildFilters(t *testing.T) {
	day := func(s string) casus.Date {
		d, err := casus.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name     string
		q        casus.Query
		except   string
		want     string
		wantArgs []any
	}{
		{name: "none", q: casus.Query{}, want: ""},
		{name: "theme", q: casus.Query{Themes: []string{"jeugd", "wmo"}},
			want: " AND themes && $1::text[]", wantArgs: []any{[]string{"jeugd", "wmo"}}},
		{name: "all facets in order", q: casus.Query{Years: []string{"2019"}, Sources: []string{"a"}, Domains: []string{"sociaal"},
			Themes: []string{"wmo"}, Municipalities: []string{"GM0344"}},
			want: " AND municipalities && $1::text[] AND themes && $2::text[] AND domains && $3::text[]" +
				" AND source = ANY($4::text[]) AND year = ANY($5::int[])",
			wantArgs: []any{[]string{"GM0344"}, []string{"wmo"}, []string{"sociaal"}, []string{"a"}, []int32{2019}}},
		{name: "except its own facet", q: casus.Query{Themes: []string{"wmo"}, Municipalities: []string{"GM0344"}}, except: facetTheme,
			want: " AND municipalities && $1::text[]", wantArgs: []any{[]string{"GM0344"}, []string{"wmo"}}},
		{name: "date range is never excepted", q: casus.Query{From: day("2019-01-01"), To: day("2020-12-31"), Years: []string{"2020"}}, except: facetYear,
			want:     " AND date >= $2::date AND date <= $3::date",
			wantArgs: []any{[]int32{2020}, day("2019-01-01").Time(), day("2020-12-31").Time()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var a args
			f, err := buildFilters(tc.q, &a)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.where(tc.except); got != tc.want {
				t.Errorf("where(%q) = %q, want %q", tc.except, got, tc.want)
			}
			if diff := cmp.Diff(tc.wantArgs, []any(a), cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) })); diff != "" {
				t.Errorf("args (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBuildFiltersBadYear(t *testing.T) {
	var a args
	if _, err := buildFilters(casus.Query{Years: []string{"20x9"}}, &a); err == nil {
		t.Error("a year that is no number was accepted")
	}
}

// placeholders returns the highest $n of sql and whether every $1..$n
// occurs.
func placeholders(sql string) (int, bool) {
	seen := map[int]bool{}
	hi := 0
	for _, m := range regexp.MustCompile(`\$(\d+)`).FindAllStringSubmatch(sql, -1) {
		n, _ := strconv.Atoi(m[1])
		seen[n] = true
		hi = max(hi, n)
	}
	return hi, len(seen) == hi
}

func TestBuildSearch(t *testing.T) {
	tests := []struct {
		name string
		q    casus.Query
		// want and notWant are fragments of the page statement.
		want, notWant []string
		// facetWant are fragments of the facets statement.
		facetWant []string
		limit     int32
		offset    int32
	}{
		{name: "words ranked", q: casus.Query{Text: "jeugdzorg inkoop", Page: 1, Size: 10},
			want:      []string{"websearch_to_tsquery('dutch', $1)", "tsv @@ tq", "ts_rank_cd(tsv, tq) AS rank", "ts_headline('dutch', d.body, p.tq"},
			facetWant: []string{"WITH m AS MATERIALIZED", "unnest(m.themes)", "GROUP BY year"},
			limit:     10},
		{name: "words by date, page 3 of 50", q: casus.Query{Text: "armoede", Sort: casus.SortDate, Page: 3, Size: 50},
			want: []string{"date AS rank", "ORDER BY p.rank DESC NULLS LAST"}, notWant: []string{"ts_rank_cd(tsv, tq) AS rank"},
			limit: 50, offset: 100},
		{name: "filters only", q: casus.Query{Themes: []string{"wmo"}, Municipalities: []string{"GM0344"}, Page: 1, Size: 10},
			want:      []string{"municipalities && $1::text[] AND themes && $2::text[]", "ORDER BY d.date DESC NULLS LAST", "left(d.body, 200)"},
			notWant:   []string{"tsquery", "ts_headline"},
			facetWant: []string{"unnest(m.themes) AS v WHERE true AND municipalities && $1::text[] GROUP BY v", "unnest(m.municipalities) AS v WHERE true AND themes && $2::text[] GROUP BY v"},
			limit:     10},
		{name: "zero page and size take the defaults", q: casus.Query{Text: "wmo"},
			want: []string{"LIMIT $2 OFFSET $3"}, limit: casus.DefaultSize},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := buildSearch(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range []statement{s.page, s.count, s.facets} {
				hi, all := placeholders(st.sql)
				if hi != len(st.args) || !all {
					t.Errorf("statement uses $1..$%d (all: %v) with %d args:\n%s", hi, all, len(st.args), st.sql)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(s.page.sql, w) {
					t.Errorf("page lacks %q:\n%s", w, s.page.sql)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(s.page.sql, w) {
					t.Errorf("page has %q:\n%s", w, s.page.sql)
				}
			}
			for _, w := range tc.facetWant {
				if !strings.Contains(s.facets.sql, w) {
					t.Errorf("facets lack %q:\n%s", w, s.facets.sql)
				}
			}
			n := len(s.page.args)
			if s.page.args[n-2] != tc.limit || s.page.args[n-1] != tc.offset {
				t.Errorf("limit, offset = %v, %v; want %d, %d", s.page.args[n-2], s.page.args[n-1], tc.limit, tc.offset)
			}
			if strings.Count(s.facets.sql, "SELECT '") != len(facetOrder) {
				t.Errorf("facets statement does not count all %d facets:\n%s", len(facetOrder), s.facets.sql)
			}
		})
	}
}

func TestFoldFacets(t *testing.T) {
	fv := func(value string, count int, selected bool) casus.FacetValue {
		return casus.FacetValue{Value: value, Label: value, Count: count, Selected: selected}
	}
	tests := []struct {
		name string
		rows []facetRow
		q    casus.Query
		want casus.Facets
	}{
		{name: "empty", want: casus.Facets{Municipality: []casus.FacetValue{}, Theme: []casus.FacetValue{}, Domain: []casus.FacetValue{},
			Source: []casus.FacetValue{}, Year: []casus.FacetValue{}}},
		{name: "sorted by count then value, years newest first",
			rows: []facetRow{{"theme", "wmo", 3}, {"theme", "jeugd", 7}, {"theme", "inkoop", 3}, {"year", "2019", 9}, {"year", "2021", 1},
				{"municipality", "GM0363", 2}, {"source", "a", 1}, {"domain", "sociaal", 5}},
			want: casus.Facets{
				Municipality: []casus.FacetValue{fv("GM0363", 2, false)},
				Theme:        []casus.FacetValue{fv("jeugd", 7, false), fv("inkoop", 3, false), fv("wmo", 3, false)},
				Domain:       []casus.FacetValue{fv("sociaal", 5, false)},
				Source:       []casus.FacetValue{fv("a", 1, false)},
				Year:         []casus.FacetValue{fv("2021", 1, false), fv("2019", 9, false)},
			}},
		{name: "selected values marked and listed without matches",
			rows: []facetRow{{"theme", "wmo", 3}, {"theme", "jeugd", 7}},
			q:    casus.Query{Themes: []string{"wmo", "schulden"}, Years: []string{"2018"}},
			want: casus.Facets{
				Municipality: []casus.FacetValue{},
				Theme:        []casus.FacetValue{fv("jeugd", 7, false), fv("wmo", 3, true), fv("schulden", 0, true)},
				Domain:       []casus.FacetValue{},
				Source:       []casus.FacetValue{},
				Year:         []casus.FacetValue{fv("2018", 0, true)},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, foldFacets(tc.rows, tc.q)); diff != "" {
				t.Errorf("foldFacets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFoldFacetsBound(t *testing.T) {
	var rows []facetRow
	for i := range maxFacetValues + 10 {
		rows = append(rows, facetRow{"municipality", "GM" + strconv.Itoa(1000+i), maxFacetValues + 10 - i})
	}
	last := rows[len(rows)-1].value
	got := foldFacets(rows, casus.Query{Municipalities: []string{last}}).Municipality
	if len(got) != maxFacetValues+1 || got[len(got)-1].Value != last || !got[len(got)-1].Selected {
		t.Errorf("%d values, last %+v; want %d with the selected one kept", len(got), got[len(got)-1], maxFacetValues+1)
	}
}

func TestPrefixRange(t *testing.T) {
	tests := []struct {
		text, prefix, above string
		ok                  bool
	}{
		{"jeug", "jeug", "jeuh", true},
		{"J", "j", "k", true},
		{"beschermd wo", "wo", "wp", true},
		{"wijkz", "wijkz", "wijk{", true},
		{"financië", "financië", "financiì", true},
		{"wmo-", "wmo", "wmp", true},
		{"", "", "", false},
		{"  -- ", "", "", false},
	}
	for _, tc := range tests {
		p, a, ok := prefixRange(tc.text)
		if p != tc.prefix || a != tc.above || ok != tc.ok {
			t.Errorf("prefixRange(%q) = %q, %q, %v; want %q, %q, %v", tc.text, p, a, ok, tc.prefix, tc.above, tc.ok)
		}
		if ok && !(p < a && p+"\uffff" < a) {
			t.Errorf("prefixRange(%q): %q is not above every word starting with %q", tc.text, a, p)
		}
	}
}

func TestCheckDSN(t *testing.T) {
	tests := []struct {
		dsn string
		ok  bool
	}{
		{"postgres://postgres@127.0.0.1:5433/casus", true},
		{"postgres://postgres@localhost/casus", true},
		{"postgres://postgres@[::1]:5433/casus", true},
		{"host=/tmp/casus-pg port=5433 user=postgres dbname=casus", true},
		{"postgres://postgres@db.example.nl/casus", false},
		{"host=10.1.2.3 dbname=casus", false},
		{"host=127.0.0.1,db.example.nl dbname=casus", false},
		{"postgres://%zz", false},
	}
	for _, tc := range tests {
		cfg, err := CheckDSN(tc.dsn)
		if (err == nil) != tc.ok {
			t.Errorf("CheckDSN(%q) = %v, want ok %v", tc.dsn, err, tc.ok)
		}
		if err == nil && cfg.ConnConfig.ConnectTimeout == 0 {
			t.Errorf("CheckDSN(%q): no connect timeout", tc.dsn)
		}
	}
}

func TestMunicipalityCodes(t *testing.T) {
	refs := []casus.MunicipalityRef{
		{Code: "GM0457", Name: "Weesp", CurrentCode: "GM0363", CurrentName: "Amsterdam"},
		{Code: "GM0363", Name: "Amsterdam"},
		{Code: "GM0148", Name: "Dalfsen"},
	}
	if got, want := municipalityCodes(refs), []string{"GM0457", "GM0363", "GM0148"}; !slices.Equal(got, want) {
		t.Errorf("municipalityCodes = %v, want %v", got, want)
	}
	if got := municipalityCodes(nil); got == nil || len(got) != 0 {
		t.Errorf("municipalityCodes(nil) = %#v, want an empty slice", got)
	}
}
