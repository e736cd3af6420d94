package compare

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus/search"
)

// tolerance is the float slack of the similarity tests.
const tolerance = 1e-9

func TestPopulationCloseness(t *testing.T) {
	tests := []struct {
		a, b int
		want float64
	}{
		{30_000, 30_000, 1},
		{30_000, 60_000, 0.5}, // a factor 2 is half of the span of 4
		{60_000, 30_000, 0.5},
		{30_000, 120_000, 0},
		{30_000, 1_000_000, 0},
		{0, 30_000, 0},
		{30_000, 0, 0},
	}
	for _, tt := range tests {
		if got := populationCloseness(tt.a, tt.b); math.Abs(got-tt.want) > tolerance {
			t.Errorf("populationCloseness(%d, %d) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCosine(t *testing.T) {
	tests := []struct {
		name string
		a, b map[string]int
		want float64
	}{
		{"same direction", map[string]int{"jeugd": 1, "wmo": 2}, map[string]int{"jeugd": 2, "wmo": 4}, 1},
		{"disjoint", map[string]int{"jeugd": 3}, map[string]int{"wmo": 3}, 0},
		{"half", map[string]int{"jeugd": 1}, map[string]int{"jeugd": 1, "wmo": 1, "inkoop": 1, "toegang": 1}, 0.5},
		{"empty", map[string]int{}, map[string]int{"wmo": 1}, 0},
		{"nil", nil, nil, 0},
	}
	for _, tt := range tests {
		if got := cosine(tt.a, tt.b); math.Abs(got-tt.want) > tolerance {
			t.Errorf("%s: cosine = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSharedThemes(t *testing.T) {
	a := map[string]int{"toegang": 3, "jeugd": 1, "inkoop": 2, "wmo": 0}
	b := map[string]int{"toegang": 1, "jeugd": 5, "inkoop": 4, "wmo": 2}
	// inkoop shares 2, then jeugd and toegang 1 each (by slug); wmo has no
	// case in a.
	if diff := cmp.Diff([]string{"inkoop", "jeugd", "toegang"}, sharedThemes(a, b)); diff != "" {
		t.Errorf("sharedThemes (-want +got):\n%s", diff)
	}
}

func TestScoreBounds(t *testing.T) {
	s, _ := newTestService(t)
	dalfsen, _ := s.g.Lookup("GM0148")
	arcen, _ := s.g.Lookup("GM0885")
	twin := newCandidate(dalfsen, search.MunicipalityStats{})
	tests := []struct {
		name string
		t, c candidate
		want float64
	}{
		// A municipality without cases against an identical one without
		// cases earns everything but activity.
		{"twin without cases", twin, twin, 1 - weightActivity/(weightClass+weightPopulation+weightProvince+weightUrbanity+weightActivity)},
		// A former municipality of unknown size has only province and
		// activity to go on.
		{"former of unknown size against current elsewhere", newCandidate(arcen, search.MunicipalityStats{}), twin, 0},
	}
	for _, tt := range tests {
		got := s.score(tt.t, tt.c).similarity
		if math.Abs(got-tt.want) > math.Pow10(-similarityDecimals) {
			t.Errorf("%s: similarity %v, want %v", tt.name, got, tt.want)
		}
	}
}
