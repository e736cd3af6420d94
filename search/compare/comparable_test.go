package compare

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

func TestComparableDalfsen(t *testing.T) {
	s, f := newTestService(t)
	got, err := s.Comparable(context.Background(), "GM0148", 5, casus.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Municipality.Code != "GM0148" || got.Municipality.Cases != 4 {
		t.Errorf("municipality = %+v, want Dalfsen's profile with 4 cases", got.Municipality)
	}
	if len(got.Comparable) != 5 {
		t.Fatalf("got %d comparables, want 5", len(got.Comparable))
	}
	for _, c := range got.Comparable {
		if c.Province != "Overijssel" {
			t.Errorf("%s (%s) is in %s, want Overijssel for all of the top 5", c.Code, c.Name, c.Province)
		}
		if c.Population < 15_000 || c.Population > 60_000 {
			t.Errorf("%s (%s) has %d inhabitants, not of a size like Dalfsen's 30.000", c.Code, c.Name, c.Population)
		}
		if !slices.Contains(c.Reasons, "ook in Overijssel") {
			t.Errorf("%s reasons %q lack the province", c.Code, c.Reasons)
		}
	}
	// Hof van Twente and Raalte have the size, province, density and themes.
	wantReasons := map[string][]string{
		"GM1735": {"zelfde grootteklasse (20.000 tot 50.000 inwoners)", "ook in Overijssel",
			"vergelijkbare bevolkingsdichtheid (niet stedelijk)", "cases over hetzelfde thema: Toegang en wijkteams"},
		"GM0177": {"zelfde grootteklasse (20.000 tot 50.000 inwoners)", "ook in Overijssel",
			"vergelijkbare bevolkingsdichtheid (niet stedelijk)",
			"cases over dezelfde thema's: Inkoop en aanbesteding, Jeugd en jeugdhulp"},
	}
	for i, code := range []string{"GM1735", "GM0177"} {
		c := got.Comparable[i]
		if c.Code != code {
			t.Errorf("comparable %d is %s (%s), want %s", i+1, c.Code, c.Name, code)
			continue
		}
		if diff := cmp.Diff(wantReasons[code], c.Reasons); diff != "" {
			t.Errorf("reasons of %s (-want +got):\n%s", code, diff)
		}
	}
	for i := 1; i < len(got.Comparable); i++ {
		if got.Comparable[i].Similarity > got.Comparable[i-1].Similarity {
			t.Errorf("comparables not sorted by similarity: %v", got.Comparable)
		}
	}
	if len(f.queries) != 1 {
		t.Fatalf("%d case searches, want 1: %+v", len(f.queries), f.queries)
	}
	q := f.queries[0]
	if diff := cmp.Diff([]string{"GM1735", "GM0177"}, q.Municipalities); diff != "" {
		t.Errorf("case search municipalities (only comparables with cases) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"toegang", "inkoop", "jeugd"}, q.Themes); diff != "" {
		t.Errorf("case search themes (Dalfsen's top themes) (-want +got):\n%s", diff)
	}
	if ids := hitIDs(got.Hits); !cmp.Equal(ids, []string{"r1", "h1"}) {
		t.Errorf("hits %v, want the cases of Raalte and Hof van Twente", ids)
	}
}

func hitIDs(hs []casus.Hit) []string {
	ids := []string{}
	for _, h := range hs {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestComparableWithoutCases(t *testing.T) {
	s, f := newTestService(t)
	// Ommen has no cases of its own.
	got, err := s.Comparable(context.Background(), "GM0175", 8, casus.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Comparable) != 8 {
		t.Fatalf("got %d comparables, want 8", len(got.Comparable))
	}
	for _, c := range got.Comparable {
		if len(c.Reasons) == 0 {
			t.Errorf("%s (%s) has no reasons", c.Code, c.Name)
		}
		for _, r := range c.Reasons {
			if strings.HasPrefix(r, "cases over") {
				t.Errorf("%s: reason %q, but Ommen has no themes to share", c.Code, r)
			}
		}
		if c.Similarity <= 0 || c.Similarity > 1 {
			t.Errorf("%s: similarity %v outside (0, 1]", c.Code, c.Similarity)
		}
	}
	if top := got.Comparable[0]; top.Province != "Overijssel" || !slices.Contains(top.Reasons, "zelfde grootteklasse (10.000 tot 20.000 inwoners)") {
		t.Errorf("top comparable %+v, want an Overijssel municipality of 10.000 tot 20.000", top)
	}
	for _, q := range f.queries {
		if len(q.Themes) > 0 {
			t.Errorf("case search with themes %v for a municipality without any", q.Themes)
		}
	}
	if got.Hits == nil {
		t.Error("hits are nil, want an empty list at least")
	}
}

func TestComparableExcludesMergers(t *testing.T) {
	s, _ := newTestService(t)
	tests := []struct {
		code     string
		excluded []string
	}{
		{"GM0457", []string{"GM0457", "GM0363"}}, // Weesp: not Amsterdam, it merged into it
		{"GM0363", []string{"GM0363", "GM0457"}},
		{"GM1954", []string{"GM1954", "GM0881", "GM0951", "GM0962"}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, err := s.Comparable(context.Background(), tt.code, MaxSize, casus.CaseFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Comparable) != MaxSize {
				t.Errorf("got %d comparables, want %d", len(got.Comparable), MaxSize)
			}
			for _, c := range got.Comparable {
				if slices.Contains(tt.excluded, c.Code) {
					t.Errorf("%s (%s) listed as comparable to %s", c.Code, c.Name, tt.code)
				}
			}
		})
	}
}

func TestComparableHitsFallBack(t *testing.T) {
	s, f := newTestService(t)
	// Arcen en Velden (former, of unknown size, so ranked by province and
	// activity, which puts the municipalities with cases first) has wmo and
	// toegang cases; Raalte (say) has no such case, so the search must drop
	// the theme filter when it finds nothing.
	f.stats["GM0885"] = f.stats["GM0457"]
	f.hits = f.hits[:1]
	got, err := s.Comparable(context.Background(), "GM0885", 50, casus.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.queries) != 2 || len(f.queries[0].Themes) == 0 || len(f.queries[1].Themes) != 0 {
		t.Fatalf("queries %+v, want one with themes and one without", f.queries)
	}
	if len(f.queries[1].Municipalities) > maxHitMunicipalities {
		t.Errorf("case search on %d municipalities, want at most %d", len(f.queries[1].Municipalities), maxHitMunicipalities)
	}
	if ids := hitIDs(got.Hits); !cmp.Equal(ids, []string{"r1"}) {
		t.Errorf("hits %v, want [r1] after dropping the theme filter", ids)
	}
}

func TestComparableSize(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	for _, tt := range []struct{ size, want int }{{0, DefaultSize}, {1, 1}, {MaxSize, MaxSize}} {
		got, err := s.Comparable(ctx, "GM0148", tt.size, casus.CaseFilter{})
		if err != nil || len(got.Comparable) != tt.want {
			t.Errorf("Comparable(size %d) gave %d, %v; want %d", tt.size, len(got.Comparable), err, tt.want)
		}
	}
	for _, size := range []int{-1, MaxSize + 1} {
		if _, err := s.Comparable(ctx, "GM0148", size, casus.CaseFilter{}); !errors.Is(err, casus.ErrInvalid) {
			t.Errorf("Comparable(size %d): err = %v, want casus.ErrInvalid", size, err)
		}
	}
}

func TestSearchError(t *testing.T) {
	s, f := newTestService(t)
	f.searchErr = casus.ErrUnavailable
	if _, err := s.Comparable(context.Background(), "GM0148", 5, casus.CaseFilter{}); !errors.Is(err, casus.ErrUnavailable) {
		t.Errorf("err = %v, want casus.ErrUnavailable", err)
	}
}

// TestComparableCaseFilter: words and themes narrow the cases of the
// comparable municipalities instead of the target's own top themes, and an
// empty answer stays empty (no fallback to any theme).
func TestComparableCaseFilter(t *testing.T) {
	tests := []struct {
		name       string
		filter     casus.CaseFilter
		wantText   string
		wantThemes []string
		wantHits   []string
	}{
		{"none: own top themes", casus.CaseFilter{}, "", []string{"toegang", "inkoop", "jeugd"}, []string{"r1", "h1"}},
		{"theme", casus.CaseFilter{Themes: []string{"inkoop"}}, "", []string{"inkoop"}, []string{"r1"}},
		{"words only: every theme", casus.CaseFilter{Text: "jeugdhulp"}, "jeugdhulp", nil, []string{"r1", "h1"}},
		{"words and theme", casus.CaseFilter{Text: "wijkteams", Themes: []string{"toegang"}}, "wijkteams", []string{"toegang"}, []string{"h1"}},
		{"theme without cases", casus.CaseFilter{Themes: []string{"wmo"}}, "", []string{"wmo"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, f := newTestService(t)
			got, err := s.Comparable(context.Background(), "GM0148", 5, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.queries) != 1 {
				t.Fatalf("%d case searches, want 1: %+v", len(f.queries), f.queries)
			}
			q := f.queries[0]
			if q.Text != tt.wantText || !cmp.Equal(q.Themes, tt.wantThemes) {
				t.Errorf("case search text %q themes %q, want %q %q", q.Text, q.Themes, tt.wantText, tt.wantThemes)
			}
			if ids := hitIDs(got.Hits); !cmp.Equal(ids, tt.wantHits) {
				t.Errorf("hits %v, want %v", ids, tt.wantHits)
			}
		})
	}
}

// TestFormerComparables checks that a former municipality with its last
// population and area is compared by size like a current one: Weesp (19,738
// inhabitants in 2020, Noord-Holland) gets municipalities of its size class.
func TestFormerComparables(t *testing.T) {
	s, _ := newTestService(t)
	tests := []struct {
		code, province, class string
	}{
		{"GM0457", "Noord-Holland", "10.000 tot 20.000"}, // Weesp
		{"GM0951", "Limburg", "10.000 tot 20.000"},       // Nuth
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, err := s.Comparable(context.Background(), tt.code, 5, casus.CaseFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Municipality.SizeClass != tt.class {
				t.Errorf("size class %q, want %q", got.Municipality.SizeClass, tt.class)
			}
			for _, c := range got.Comparable {
				if c.Province != tt.province || SizeClass(c.Population) != tt.class {
					t.Errorf("%s (%s, %d inhabitants) is not in %s and %s", c.Name, c.Province, c.Population, tt.province, tt.class)
				}
			}
		})
	}
}
