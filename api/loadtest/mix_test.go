package loadtest

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

func TestMixShape(t *testing.T) {
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	gaz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	themes, domains := map[string]bool{}, map[string]bool{}
	for _, th := range tax.Themes() {
		themes[th.Slug] = true
	}
	for _, d := range tax.Domains() {
		domains[d.Slug] = true
	}
	total := 0
	names := map[string]bool{}
	for _, c := range Mix() {
		total += c.Weight
		if names[c.Name] {
			t.Errorf("class %s twice", c.Name)
		}
		names[c.Name] = true
		if c.Weight <= 0 || len(c.Requests) == 0 {
			t.Errorf("class %s: weight %d, %d requests", c.Name, c.Weight, len(c.Requests))
		}
		for _, r := range c.Requests {
			if r.Class != c.Name || r.Group != c.Group {
				t.Errorf("request %+v in class %s/%s", r, c.Name, c.Group)
			}
			for _, v := range r.Params["theme"] {
				if !themes[v] {
					t.Errorf("%s: theme %q is not in the taxonomy", c.Name, v)
				}
			}
			for _, v := range r.Params["domain"] {
				if !domains[v] {
					t.Errorf("%s: domain %q is not in the taxonomy", c.Name, v)
				}
			}
			codes := slices.Clone(r.Params["municipality"])
			if c.Group == GroupComparable {
				codes = append(codes, r.ID)
			}
			for _, code := range codes {
				if _, ok := gaz.Lookup(code); !ok {
					t.Errorf("%s: municipality %q is not in the gazetteer", c.Name, code)
				}
			}
			if c.Group == GroupSuggest {
				if n := utf8.RuneCountInString(r.Params.Get("q")); n < 1 || n > 6 {
					t.Errorf("suggest prefix %q has %d letters, want 1-6", r.Params.Get("q"), n)
				}
			}
		}
	}
	if total != 100 {
		t.Errorf("weights add up to %d, want 100", total)
	}
}

func TestSelectClasses(t *testing.T) {
	tests := []struct {
		only    []string
		want    []string
		wantErr string
	}{
		{only: nil, want: classNames(Mix())},
		{only: []string{"suggest"}, want: []string{"suggest"}},
		{only: []string{"similar", "comparable"}, want: []string{"similar", "comparable"}},
		{only: []string{"search-typo", "suggest"}, want: []string{"search-typo", "suggest"}},
		{only: []string{"search"}, want: []string{"search-word", "search-two", "search-phrase", "search-typo",
			"search-compound", "search-filtered", "search-empty-facets", "search-filters-only", "search-size50", "search-date"}},
		{only: []string{"search-wrod"}, wantErr: `unknown class or group "search-wrod"`},
	}
	for _, tc := range tests {
		got, err := selectClasses(Mix(), tc.only)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("only %v: err %v, want %q", tc.only, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(classNames(got), tc.want) {
			t.Errorf("only %v = %v, %v; want %v", tc.only, classNames(got), err, tc.want)
		}
	}
}

func classNames(cs []Class) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func TestPicker(t *testing.T) {
	classes := withDocuments(Mix(), []string{"a", "b"})
	const n = 20000
	seq := func(seed, stream uint64) ([]Request, map[string]int) {
		p := newPicker(classes, seed, stream)
		var out []Request
		counts := map[string]int{}
		for range n {
			r := p.next()
			out = append(out, r)
			counts[r.Class]++
		}
		return out, counts
	}
	a, counts := seq(1, 0)
	b, _ := seq(1, 0)
	c, _ := seq(1, 1)
	same := func(x, y []Request) bool {
		return slices.EqualFunc(x, y, func(p, q Request) bool { return Path(p) == Path(q) })
	}
	if !same(a, b) {
		t.Error("the same seed and stream gave different sequences")
	}
	if same(a, c) {
		t.Error("two streams gave the same sequence")
	}
	for _, cl := range classes {
		want := float64(cl.Weight) / 100
		got := float64(counts[cl.Name]) / n
		if got < want*0.8 || got > want*1.2 {
			t.Errorf("class %s picked %.3f of the time, want about %.3f", cl.Name, got, want)
		}
	}
}

func TestPath(t *testing.T) {
	tests := []struct {
		r    Request
		want string
	}{
		{Request{Group: GroupSearch, Params: q("jeugdzorg", "theme", "jeugd")}, "/api/v1/search?q=jeugdzorg&theme=jeugd"},
		{Request{Group: GroupSearch, Params: q(`"sociaal domein"`)}, "/api/v1/search?q=%22sociaal+domein%22"},
		{Request{Group: GroupSearch}, "/api/v1/search"},
		{Request{Group: GroupSuggest, Params: q("jeu")}, "/api/v1/suggest?q=jeu"},
		{Request{Group: GroupSimilar, ID: "ab/c", Params: q("", "size", "5")}, "/api/v1/documents/ab%2Fc/similar?q=&size=5"},
		{Request{Group: GroupComparable, ID: "GM0148"}, "/api/v1/municipalities/GM0148/comparable"},
	}
	for _, tc := range tests {
		if got := Path(tc.r); got != tc.want {
			t.Errorf("Path(%+v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestBustCache(t *testing.T) {
	tests := []struct {
		r    Request
		want string // q after
	}{
		{Request{Group: GroupSearch, Params: q("jeugdzorg", "size", "50")}, "jeugdzorg -zq9x"},
		{Request{Group: GroupSearch, Params: q(`"sociaal domein"`)}, `"sociaal domein" -zq9x`},
		{Request{Group: GroupSearch, Params: q("", "theme", "wmo")}, ""},
		{Request{Group: GroupSuggest, Params: q("jeu")}, "jeu"},
	}
	for _, tc := range tests {
		before := tc.r.Params.Encode()
		got := bustCache(tc.r, 9)
		if got.Params.Get("q") != tc.want {
			t.Errorf("bustCache(%q) q = %q, want %q", before, got.Params.Get("q"), tc.want)
		}
		if tc.r.Params.Encode() != before {
			t.Errorf("bustCache changed its input: %q", tc.r.Params.Encode())
		}
		if got.Params.Get("size") != tc.r.Params.Get("size") {
			t.Errorf("bustCache lost size: %q", got.Params.Encode())
		}
	}
}
