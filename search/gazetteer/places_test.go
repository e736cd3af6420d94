package gazetteer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parsePlaces parses the good fixtures and the place table fixture, with
// "hoek" as the only everyday word.
func parsePlaces(t *testing.T, fixture string) (*Gazetteer, places, error) {
	t.Helper()
	g, err := parse(readFixture(t, "gemeenten-good.csv"), readFixture(t, "herindelingen-good.csv"), readFixture(t, "voormalige-good.csv"))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	p, err := g.readPlaces(readFixture(t, fixture), func(w string) bool { return w == "hoek" })
	return g, p, err
}

func TestReadPlaces(t *testing.T) {
	g, p, err := parsePlaces(t, "woonplaatsen-good.csv")
	if err != nil {
		t.Fatalf("readPlaces: %v", err)
	}
	// Vinkendorp is the only place read as one: Aadorp and Beedorp are
	// municipalities, Oudorp a former one, Hoek an everyday word, Ens too
	// short and Molenhoek lies in two municipalities.
	if diff := cmp.Diff(map[string]string{"vinkendorp": "GM0001"}, p.municipality); diff != "" {
		t.Errorf("places (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"GM0001": "Twente", "GM0002": "Twente"}, p.region); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
	g.placeData = p
	// The former Oudorp lies where Aadorp, which absorbed it, lies.
	for code, want := range map[string][]string{"GM0010": {"Twente"}, "GM0002": {"Twente"}, "GM9999": nil} {
		if got := g.regionsOf(code); !cmp.Equal(got, want) {
			t.Errorf("regionsOf(%s) = %v, want %v", code, got, want)
		}
	}
}

func TestReadPlacesErrors(t *testing.T) {
	tests := []struct {
		fixture string
		want    string
	}{
		{"woonplaatsen-unknown-code.csv", "line 4: GM0003 is not a current municipality"},
		{"woonplaatsen-two-regions.csv", "GM0001 lies in two regions, Twente and Veluwe"},
		{"woonplaatsen-missing-municipality.csv", "GM0002 (Beedorp) has no place"},
		{"woonplaatsen-missing-column.csv", `missing column "COROP-gebied"`},
		{"woonplaatsen-no-region.csv", "GM0002: no COROP region"},
		{"woonplaatsen-no-name.csv", "GM0002: a place without a name"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			_, _, err := parsePlaces(t, tt.fixture)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), placesFile) {
				t.Errorf("readPlaces error = %v, want one naming %s and containing %q", err, placesFile, tt.want)
			}
		})
	}
}
