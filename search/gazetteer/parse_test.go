package gazetteer

import (
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
	g, err := parse(readFixture(t, "gemeenten-good.csv"), readFixture(t, "herindelingen-good.csv"))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	b, _ := g.Lookup("GM0002")
	if b.CommonName != "Beedorp" {
		t.Errorf("empty name_common should default to the name, got %q", b.CommonName)
	}
	if got := g.Label("GM0010"); got != "Oudorp (sinds 2020 Aadorp)" {
		t.Errorf("Label(GM0010) = %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		gemeenten, herindelingen string
		want                     []string // substrings of the error
	}{
		{"gemeenten-bad-population.csv", "herindelingen-good.csv", []string{"gemeenten.csv line 3", `population "veel"`}},
		{"gemeenten-bad-code.csv", "herindelingen-good.csv", []string{"gemeenten.csv line 3", `code "GM01"`}},
		{"gemeenten-duplicate.csv", "herindelingen-good.csv", []string{"gemeenten.csv line 3", "GM0001 appears twice"}},
		{"gemeenten-missing-column.csv", "herindelingen-good.csv", []string{"gemeenten.csv line 2", `missing column "population"`}},
		{"gemeenten-short-row.csv", "herindelingen-good.csv", []string{"gemeenten.csv", "line 2", "wrong number of fields"}},
		{"gemeenten-good.csv", "herindelingen-bad-date.csv", []string{"herindelingen.csv line 3", `"2020-13-01"`}},
		{"gemeenten-good.csv", "herindelingen-bad-type.csv", []string{"herindelingen.csv line 2", `type "opgeslokt"`}},
		{"gemeenten-good.csv", "herindelingen-unknown-successor.csv", []string{"herindelingen.csv", "unknown code GM0099"}},
		{"gemeenten-good.csv", "herindelingen-cycle.csv", []string{"herindelingen.csv", "cycle"}},
		{"gemeenten-good.csv", "herindelingen-current.csv", []string{"herindelingen.csv line 2", "current municipality"}},
	}
	for _, tt := range tests {
		t.Run(tt.gemeenten+"+"+tt.herindelingen, func(t *testing.T) {
			_, err := parse(readFixture(t, tt.gemeenten), readFixture(t, tt.herindelingen))
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
	if _, err := parse(nil, nil); err == nil || !strings.Contains(err.Error(), "gemeenten.csv") {
		t.Errorf("parse of empty input: %v, want an error naming gemeenten.csv", err)
	}
}
