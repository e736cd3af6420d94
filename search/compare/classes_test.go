package compare

import (
	"testing"

	"github.com/casus-nl/casus/search/gazetteer"
)

func TestSizeClass(t *testing.T) {
	tests := []struct {
		population int
		want       string
	}{
		{-1, ""},
		{0, ""},
		{1, "minder dan 10.000"},
		{9_999, "minder dan 10.000"},
		{10_000, "10.000 tot 20.000"},
		{19_999, "10.000 tot 20.000"},
		{20_000, "20.000 tot 50.000"},
		{49_999, "20.000 tot 50.000"},
		{50_000, "50.000 tot 100.000"},
		{99_999, "50.000 tot 100.000"},
		{100_000, "100.000 tot 250.000"},
		{249_999, "100.000 tot 250.000"},
		{250_000, "250.000 of meer"},
		{1_000_000, "250.000 of meer"},
	}
	for _, tt := range tests {
		if got := SizeClass(tt.population); got != tt.want {
			t.Errorf("SizeClass(%d) = %q, want %q", tt.population, got, tt.want)
		}
	}
}

func TestUrbanityOf(t *testing.T) {
	tests := []struct {
		population int
		area       float64
		want       Urbanity
	}{
		{0, 10, 0},
		{1000, 0, 0},
		{25_000, 10, 1}, // exactly 2500 per km²
		{24_999, 10, 2}, // just below
		{10_000, 10, 2}, // 1000
		{9_999, 10, 3},  // just below
		{5_000, 10, 3},  // 500
		{2_500, 10, 4},  // 250
		{2_499, 10, 5},  // just below
		{100, 1000, 5},  // empty land
	}
	for _, tt := range tests {
		if got := UrbanityOf(tt.population, tt.area); got != tt.want {
			t.Errorf("UrbanityOf(%d, %v) = %d, want %d", tt.population, tt.area, got, tt.want)
		}
	}
}

// TestUrbanityOfMunicipalities pins the approximation on well-known
// municipalities, and checks that every class is used.
func TestUrbanityOfMunicipalities(t *testing.T) {
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code string
		want Urbanity
	}{
		{"GM0363", 1}, // Amsterdam
		{"GM0518", 1}, // Den Haag
		{"GM0193", 2}, // Zwolle
		{"GM0150", 3}, // Deventer
		{"GM1742", 4}, // Rijssen-Holten
		{"GM0148", 5}, // Dalfsen
		{"GM1900", 5}, // Súdwest-Fryslân
	}
	for _, tt := range tests {
		m, _ := g.Lookup(tt.code)
		if got := UrbanityOf(m.Population, m.AreaKM2); got != tt.want {
			t.Errorf("%s (%s): urbanity %d (%s), want %d", tt.code, m.Name, got, got, tt.want)
		}
	}
	perClass := map[Urbanity]int{}
	for _, m := range g.Current() {
		perClass[UrbanityOf(m.Population, m.AreaKM2)]++
	}
	for u := Urbanity(1); u <= 5; u++ {
		if perClass[u] < minMunicipalitiesPerClass {
			t.Errorf("urbanity %d (%s) has %d municipalities, want at least %d", u, u, perClass[u], minMunicipalitiesPerClass)
		}
	}
	if perClass[0] != 0 {
		t.Errorf("%d current municipalities have no urbanity", perClass[0])
	}
}

// minMunicipalitiesPerClass is the fewest current municipalities an urbanity
// class should hold for the classes to discriminate (CBS's smallest class
// has about twenty).
const minMunicipalitiesPerClass = 20

func TestUrbanityString(t *testing.T) {
	for u, want := range map[Urbanity]string{0: "", 1: "zeer sterk stedelijk", 3: "matig stedelijk", 5: "niet stedelijk", 6: ""} {
		if got := u.String(); got != want {
			t.Errorf("Urbanity(%d).String() = %q, want %q", u, got, want)
		}
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 30268: "30.268", 942504: "942.504", 1234567: "1.234.567", -1500: "-1.500"} {
		if got := formatCount(n); got != want {
			t.Errorf("formatCount(%d) = %q, want %q", n, got, want)
		}
	}
}
