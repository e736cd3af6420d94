package gazetteer

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFixture(t *testing.T) {
	g, err := parse(readFixture(t, "gemeenten-good.csv"), readFixture(t, "herindelingen-good.csv"), readFixture(t, "voormalige-good.csv"))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	o, _ := g.Lookup("GM0010")
	if o.Population != 800 || o.AreaKM2 != 2.5 || o.PopulationDate.String() != "2019-01-01" {
		t.Errorf("former Oudorp: population %d on %s, area %v; want 800 on 2019-01-01, 2.5", o.Population, o.PopulationDate, o.AreaKM2)
	}
	b, _ := g.Lookup("GM0002")
	if b.CommonName != "Beedorp" {
		t.Errorf("empty name_common should default to the name, got %q", b.CommonName)
	}
	if got := g.Label("GM0010"); got != "Oudorp (sinds 2020 Aadorp)" {
		t.Errorf("Label(GM0010) = %q", got)
	}
}

// TestParseUnknownFormerSize checks that a former municipality without
// figures keeps them unknown.
func TestParseUnknownFormerSize(t *testing.T) {
	g, err := parse(readFixture(t, "gemeenten-good.csv"), readFixture(t, "herindelingen-good.csv"), readFixture(t, "voormalige-unknown-size.csv"))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if o, _ := g.Lookup("GM0010"); o.Population != 0 || o.AreaKM2 != 0 || !o.PopulationDate.IsZero() {
		t.Errorf("former Oudorp without figures: %+v", o)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		gemeenten, herindelingen string
		former                   string   // voormalige-good.csv when empty
		want                     []string // substrings of the error
	}{
		{"gemeenten-bad-population.csv", "herindelingen-good.csv", "", []string{"gemeenten.csv line 3", `population "veel"`}},
		{"gemeenten-bad-code.csv", "herindelingen-good.csv", "", []string{"gemeenten.csv line 3", `code "GM01"`}},
		{"gemeenten-duplicate.csv", "herindelingen-good.csv", "", []string{"gemeenten.csv line 3", "GM0001 appears twice"}},
		{"gemeenten-missing-column.csv", "herindelingen-good.csv", "", []string{"gemeenten.csv line 2", `missing column "population"`}},
		{"gemeenten-short-row.csv", "herindelingen-good.csv", "", []string{"gemeenten.csv", "line 2", "wrong number of fields"}},
		{"gemeenten-good.csv", "herindelingen-bad-date.csv", "", []string{"herindelingen.csv line 3", `"2020-13-01"`}},
		{"gemeenten-good.csv", "herindelingen-bad-type.csv", "", []string{"herindelingen.csv line 2", `type "opgeslokt"`}},
		{"gemeenten-good.csv", "herindelingen-unknown-successor.csv", "", []string{"herindelingen.csv", "unknown code GM0099"}},
		{"gemeenten-good.csv", "herindelingen-cycle.csv", "", []string{"herindelingen.csv", "cycle"}},
		{"gemeenten-good.csv", "herindelingen-current.csv", "", []string{"herindelingen.csv line 2", "current municipality"}},
		{"gemeenten-good.csv", "herindelingen-two-beginnings.csv", "", []string{"herindelingen.csv line 3", "GM0001 begins on 2020-01-01 and on 2021-01-01"}},
		{"gemeenten-good.csv", "herindelingen-good.csv", "voormalige-unknown-code.csv", []string{"voormalige-gemeenten.csv line 2", "GM0099 is not a former municipality"}},
		{"gemeenten-good.csv", "herindelingen-good.csv", "voormalige-current.csv", []string{"voormalige-gemeenten.csv line 2", "is a current municipality"}},
		{"gemeenten-good.csv", "herindelingen-good.csv", "voormalige-after-merger.csv", []string{"voormalige-gemeenten.csv line 2", "not before the merger"}},
		{"gemeenten-good.csv", "herindelingen-good.csv", "voormalige-bad-population.csv", []string{"voormalige-gemeenten.csv line 2", `population "veel"`}},
		{"gemeenten-good.csv", "herindelingen-good.csv", "voormalige-other-name.csv", []string{"voormalige-gemeenten.csv line 2", `name "Ouddorp" differs`}},
	}
	for _, tt := range tests {
		t.Run(tt.gemeenten+"+"+tt.herindelingen, func(t *testing.T) {
			former := cmp.Or(tt.former, "voormalige-good.csv")
			_, err := parse(readFixture(t, tt.gemeenten), readFixture(t, tt.herindelingen), readFixture(t, former))
			if err == nil {
				t.Fatal("parse succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	if _, err := parse(nil, nil, nil); err == nil || !strings.Contains(err.Error(), "gemeenten.csv") {
		t.Errorf("parse of empty input: %v, want an error naming gemeenten.csv", err)
	}
}
