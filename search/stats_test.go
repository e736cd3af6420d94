package search

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

func TestMunicipalityStats(t *testing.T) {
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}})
	got, err := ix.MunicipalityStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code string
		want MunicipalityStats
	}{
		{"GM0148", MunicipalityStats{Cases: 5, Themes: map[string]int{
			"toegang": 3, "organisatie": 1, "jeugd": 1, "inkoop": 1, "wmo": 1,
			"bestuur": 1, "welzijn": 1, "financien": 1,
		}}},
		// Weesp's case also counts for Amsterdam, its successor.
		{"GM0363", MunicipalityStats{Cases: 4, Themes: map[string]int{
			"jeugd": 2, "financien": 1, "participatie": 1, "wmo": 1, "toegang": 1,
		}}},
		{"GM0457", MunicipalityStats{Cases: 1, Themes: map[string]int{"wmo": 1, "toegang": 1}}},
		// A code listed twice in one case counts that case once.
		{"GM0193", MunicipalityStats{Cases: 4, Themes: map[string]int{
			"jeugd": 2, "inkoop": 3, "wmo": 1, "welzijn": 1,
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, got[tt.code]); diff != "" {
				t.Errorf("stats of %s (-want +got):\n%s", tt.code, diff)
			}
		})
	}
	if want := expectedStats(loadFixtures(t), fakeMunicipalities{}); !cmp.Equal(want, got) {
		t.Errorf("stats differ from a count over the fixtures (-want +got):\n%s", cmp.Diff(want, got))
	}
}

// expectedStats counts the fixtures directly, as MunicipalityStats should
// count them through the index.
func expectedStats(docs []casus.Document, ms Municipalities) map[string]MunicipalityStats {
	out := map[string]MunicipalityStats{}
	for _, d := range docs {
		var codes []string
		for _, m := range d.Municipalities {
			codes = append(codes, m.Code)
			codes = append(codes, ms.Successors(m.Code)...)
		}
		for _, c := range distinct(codes) {
			s, ok := out[c]
			if !ok {
				s = MunicipalityStats{Themes: map[string]int{}}
			}
			s.Cases++
			for _, th := range distinct(d.Themes) {
				s.Themes[th]++
			}
			out[c] = s
		}
	}
	return out
}

func TestMunicipalityStatsEmptyAndClosed(t *testing.T) {
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ix.MunicipalityStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("empty index: got %v, want no municipalities", got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.MunicipalityStats(context.Background()); !errors.Is(err, casus.ErrUnavailable) {
		t.Errorf("closed index: err = %v, want casus.ErrUnavailable", err)
	}
}

// benchCases is the corpus size of BenchmarkMunicipalityStats.
const benchCases = 1000

func BenchmarkMunicipalityStats(b *testing.B) {
	ix, err := NewMemory(Options{Municipalities: fakeMunicipalities{}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ix.Close() })
	if err := ix.Put(context.Background(), syntheticCases(benchCases)); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := ix.MunicipalityStats(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// syntheticCases makes n short cases spread over 300 municipality codes and
// the fixture themes, two themes each.
func syntheticCases(n int) []casus.Document {
	themes := []string{"jeugd", "wmo", "toegang", "inkoop", "financien", "participatie", "schulden", "welzijn"}
	docs := make([]casus.Document, n)
	for i := range docs {
		docs[i] = casus.Document{
			ID:             fmt.Sprintf("s%04d", i),
			Title:          "Casus over het sociaal domein",
			Body:           "Een gemeente werkte aan de toegang tot ondersteuning.",
			Municipalities: []casus.MunicipalityRef{{Code: fmt.Sprintf("GM%04d", i%300)}},
			Themes:         []string{themes[i%len(themes)], themes[(i/3)%len(themes)]},
		}
	}
	return docs
}
