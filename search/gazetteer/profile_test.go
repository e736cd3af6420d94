package gazetteer

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNamedProfiles(t *testing.T) {
	g := load(t)
	tests := []struct {
		query string
		want  []string // per word of query
	}{
		{"jeugdhulp Drentse gemeenten", []string{"", "provincie:drenthe", ""}},
		{"wijkteams in Drenthe", []string{"", "", "provincie:drenthe"}},
		{"Noord-Brabantse gemeenten", []string{"provincie:noord-brabant", ""}},
		{"noord brabant", []string{"provincie:noord-brabant", "provincie:noord-brabant"}},
		{"Fryslân en Twentse", []string{"provincie:friesland", "", "regio:twente"}},
		// COROP regions by their CBS names, with or without "regio", and
		// by everyday names.
		{"regio Gooi en Vechtstreek", []string{"regio:het-gooi-en-vechtstreek", "regio:het-gooi-en-vechtstreek",
			"regio:het-gooi-en-vechtstreek", "regio:het-gooi-en-vechtstreek"}},
		{"Zuid-Limburgse gemeenten", []string{"regio:zuid-limburg", ""}},
		{"armoede Achterhoek", []string{"", "regio:achterhoek"}},
		{"regio Utrecht", []string{"regio:utrecht", "regio:utrecht"}},
		// "Overig Zeeland" is no name anyone searches by.
		{"overig zeeland", []string{"", "provincie:zeeland"}},
		// A place stands for its municipality; a place name that is an
		// everyday word, a municipality's or shared by two places is not read
		// as a place.
		{"gezondheid Emmeloord", []string{"", "gemeente:GM0171"}},
		{"Hoogezand", []string{"gemeente:GM1952"}},
		{"hoek", []string{""}},
		{"Weesp", []string{""}},
		{"Broekhuizen", []string{""}},
		// A name a municipality has names the municipality, unless
		// "provincie" precedes it.
		{"jeugdzorg Utrecht", []string{"", ""}},
		// Work municipalities did together.
		{"samen met de buurgemeenten", []string{"", "", "", CollaborationValue}},
		{"een gemeenschappelijke regeling", []string{"", CollaborationValue, CollaborationValue}},
		{"regionale inkoop", []string{CollaborationValue, ""}},
		{"gemeenten die in de regio samen werken", []string{"", "", CollaborationValue, CollaborationValue, CollaborationValue, CollaborationValue, ""}},
		// Working together with others than municipalities is not.
		{"samen met werkgevers", []string{"", "", ""}},
		{"provincie Groningen", []string{"provincie:groningen", "provincie:groningen"}},
		// "regio" and the town a COROP region is named after name the
		// region; the town alone is the municipality.
		{"regio Alkmaar", []string{"regio:alkmaar-en-omgeving", "regio:alkmaar-en-omgeving"}},
		{"regio Leiden", []string{"regio:agglomeratie-leiden-en-bollenstreek", "regio:agglomeratie-leiden-en-bollenstreek"}},
		{"regio Nijmegen", []string{"regio:arnhem-nijmegen", "regio:arnhem-nijmegen"}},
		{"Alkmaar", []string{""}},
		{"toegang kleine gemeente", []string{"", "grootte:klein", "grootte:klein"}},
		{"Middelgrote steden", []string{"grootte:middelgroot", "grootte:middelgroot"}},
		// A number of inhabitants names a range: around the number alone,
		// below or from it after a comparison, between two numbers (the
		// upper bound not included).
		{"een gemeente met 30.000 inwoners", []string{"", "", "", "inwoners:20000-45000", "inwoners:20000-45000"}},
		{"8000 inwoners", []string{"inwoners:5333-12000", "inwoners:5333-12000"}},
		{"rond de 45.000 inwoners", rep4("inwoners:30000-67500")},
		{"zo'n 30.000 inwoners", []string{"inwoners:20000-45000", "inwoners:20000-45000", "inwoners:20000-45000"}},
		{"ruim 8000 inwoners", []string{"inwoners:5333-12000", "inwoners:5333-12000", "inwoners:5333-12000"}},
		{"rond de gemeente", []string{"", "", ""}},
		{"minder dan 20.000 inwoners", rep4("inwoners:0-20000")},
		{"meer dan 100.000 inwoners", rep4("inwoners:100000-0")},
		{"vanaf 100.000 inwoners", []string{"inwoners:100000-0", "inwoners:100000-0", "inwoners:100000-0"}},
		{"tot 0 inwoners", []string{"", "", ""}},
		{"tussen de 50.000 en 100.000 inwoners", append(rep4("inwoners:50000-100000"), "inwoners:50000-100000", "inwoners:50000-100000")},
		{"tussen 5000 en 15000 inwoners", append(rep4("inwoners:5000-15000"), "inwoners:5000-15000")},
		{"20.000 tot 25.000 inwoners", rep4("inwoners:20000-25000")},
		{"van 20.000 tot 25.000 inwoners", append(rep4("inwoners:20000-25000"), "inwoners:20000-25000")},
		{"20.000 à 25.000 inwoners", rep4("inwoners:20000-25000")},
		{"20.000-25.000 inwoners", []string{"inwoners:20000-25000", "inwoners:20000-25000"}},
		// Not a range: the bounds reversed, or no second number.
		{"25.000 tot 20.000 inwoners", []string{"", "inwoners:0-20000", "inwoners:0-20000", "inwoners:0-20000"}},
		{"van de 20.000 inwoners", []string{"", "", "inwoners:13333-30000", "inwoners:13333-30000"}},
		{"tussen 100.000 en 50.000 inwoners", []string{"", "", "", "inwoners:33333-75000", "inwoners:33333-75000"}},
		{"tussen de gemeenten 40.000 inwoners", []string{"", "", "", "inwoners:26666-60000", "inwoners:26666-60000"}},
		// Not a population: no "inwoners", or a number too long.
		{"30.000 euro", []string{"", ""}},
		{"123456789012 inwoners", []string{"", ""}},
		// A phrase counts only over whole terms.
		{"kleine-gemeentehuis", []string{""}},
		{"grote", []string{""}},
		{"", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := g.NamedProfiles(strings.Fields(tt.query))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NamedProfiles (-want +got):\n%s", diff)
			}
		})
	}
}

// rep4 is four words naming value.
func rep4(value string) []string { return []string{value, value, value, value} }

func TestProfile(t *testing.T) {
	g := load(t)
	tests := []struct {
		name       string
		codes      []string
		population int
		want       []string
	}{
		{"small municipality", []string{"GM0088"}, 0, []string{"provincie:friesland", "regio:noord-friesland", "grootte:klein", "inwoners:0"}},
		{"large one", []string{"GM0344"}, 0, []string{"provincie:utrecht", "regio:utrecht", "grootte:groot", "inwoners:350000"}},
		// Weesp's size as it was before it joined Amsterdam; its region is
		// that of Amsterdam, for want of the regions of former municipalities.
		{"former municipality", []string{"GM0457"}, 0, []string{"provincie:noord-holland", "regio:groot-amsterdam", "grootte:klein", "inwoners:15000"}},
		{"two in one province and region, values once", []string{"GM0148", "GM0193"}, 0,
			[]string{"provincie:overijssel", "regio:noord-overijssel", "grootte:middelgroot", "inwoners:30000", "grootte:groot", "inwoners:125000",
				CollaborationValue}},
		{"one municipality named twice is no collaboration", []string{"GM0088", "GM0088"}, 0,
			[]string{"provincie:friesland", "regio:noord-friesland", "grootte:klein", "inwoners:0"}},
		{"an unknown code is no partner", []string{"GM0088", "GM9999"}, 0,
			[]string{"provincie:friesland", "regio:noord-friesland", "grootte:klein", "inwoners:0"}},
		{"a stated population without a municipality", nil, 45_000, []string{"grootte:middelgroot", "inwoners:45000"}},
		{"the population does not count beside codes", []string{"GM0088"}, 300_000,
			[]string{"provincie:friesland", "regio:noord-friesland", "grootte:klein", "inwoners:0"}},
		{"unknown code", []string{"GM9999"}, 0, nil},
		{"nothing", nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, g.Profile(tt.codes, tt.population)); diff != "" {
				t.Errorf("Profile (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSizeGroup(t *testing.T) {
	tests := []struct {
		population int
		want       string
	}{
		{0, ""}, {-5, ""}, {1, SizeSmall}, {19_999, SizeSmall}, {20_000, SizeMedium},
		{99_999, SizeMedium}, {100_000, SizeLarge}, {900_000, SizeLarge},
	}
	for _, tt := range tests {
		if got := SizeGroup(tt.population); got != tt.want {
			t.Errorf("SizeGroup(%d) = %q, want %q", tt.population, got, tt.want)
		}
	}
}

func TestPopulationBands(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		// Bands whose middle lies in the range: 0-5,000 to 20,000-25,000.
		{"inwoners:0-25000", []string{"inwoners:0", "inwoners:5000", "inwoners:10000", "inwoners:15000", "inwoners:20000"}},
		// 45,000-50,000 and 50,000-60,000; not 40,000-45,000 (middle 42,500).
		{"inwoners:44000-60000", []string{"inwoners:45000", "inwoners:50000"}},
		// Open at the top: the bands of 25,000 from 100,000 up to the open last band.
		{"inwoners:900000-0", []string{"inwoners:900000", "inwoners:950000", "inwoners:1000000"}},
		{"inwoners:1-2", nil},
		// Not a range.
		{"inwoners:35000", nil},
		{"inwoners:50-10", nil},
		{"inwoners:x-10", nil},
		{"grootte:klein", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, PopulationBands(tt.value)); diff != "" {
			t.Errorf("PopulationBands(%q) (-want +got):\n%s", tt.value, diff)
		}
	}
}

func TestPopulationValue(t *testing.T) {
	tests := []struct {
		population int
		want       string
	}{
		{0, ""},
		{1, "inwoners:0"},
		{24_999, "inwoners:20000"},
		{25_000, "inwoners:25000"},
		{59_999, "inwoners:50000"},
		{137_000, "inwoners:125000"},
		{942_504, "inwoners:900000"},
		{3_000_000, "inwoners:1000000"},
	}
	for _, tt := range tests {
		if got := PopulationValue(tt.population); got != tt.want {
			t.Errorf("PopulationValue(%d) = %q, want %q", tt.population, got, tt.want)
		}
	}
}

// FuzzPopulationBands: any value gives bands in order, each a population
// value, and never panics.
func FuzzPopulationBands(f *testing.F) {
	for _, s := range []string{"inwoners:0-25000", "inwoners:100000-0", "inwoners:-5-3", "inwoners:9999999999999999999-0", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		bands := PopulationBands(value)
		if all := PopulationBands("inwoners:0-0"); len(bands) > len(all) {
			t.Fatalf("%d bands for %q, more than all %d", len(bands), value, len(all))
		}
		prev := -1
		for _, b := range bands {
			n, err := strconv.Atoi(strings.TrimPrefix(b, populationPrefix))
			if err != nil || n <= prev {
				t.Fatalf("bands %v of %q out of order", bands, value)
			}
			prev = n
		}
	})
}
