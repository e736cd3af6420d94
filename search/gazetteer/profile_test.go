package gazetteer

import (
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
		{"provincie Groningen", []string{"provincie:groningen", "provincie:groningen"}},
		{"toegang kleine gemeente", []string{"", "grootte:klein", "grootte:klein"}},
		{"Middelgrote steden", []string{"grootte:middelgroot", "grootte:middelgroot"}},
		{"een gemeente met 30.000 inwoners", []string{"", "", "", "grootte:middelgroot", "grootte:middelgroot"}},
		{"8000 inwoners", []string{"grootte:klein", "grootte:klein"}},
		{"250.000 inwoners", []string{"grootte:groot", "grootte:groot"}},
		{"minder dan 20.000 inwoners", []string{"grootte:klein", "grootte:klein", "grootte:klein", "grootte:klein"}},
		{"meer dan 100.000 inwoners", []string{"", "", "grootte:groot", "grootte:groot"}},
		{"tot 0 inwoners", []string{"", "", ""}},
		// A range counts by its middle, without its upper bound.
		{"tussen de 50.000 en 100.000 inwoners", []string{"grootte:middelgroot", "grootte:middelgroot", "grootte:middelgroot",
			"grootte:middelgroot", "grootte:middelgroot", "grootte:middelgroot"}},
		{"tussen 100.000 en 200.000 inwoners", []string{"grootte:groot", "grootte:groot", "grootte:groot", "grootte:groot", "grootte:groot"}},
		{"tussen 5000 en 15000 inwoners", []string{"grootte:klein", "grootte:klein", "grootte:klein", "grootte:klein", "grootte:klein"}},
		// Not a range: the bounds reversed, or no second number.
		{"tussen 100.000 en 50.000 inwoners", []string{"", "", "", "grootte:middelgroot", "grootte:middelgroot"}},
		{"tussen de gemeenten 40.000 inwoners", []string{"", "", "", "grootte:middelgroot", "grootte:middelgroot"}},
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

func TestProfile(t *testing.T) {
	g := load(t)
	tests := []struct {
		name       string
		codes      []string
		population int
		want       []string
	}{
		{"small municipality", []string{"GM0088"}, 0, []string{"provincie:friesland", "regio:noord-friesland", "grootte:klein"}},
		{"large one", []string{"GM0344"}, 0, []string{"provincie:utrecht", "regio:utrecht", "grootte:groot"}},
		// Weesp's size as it was before it joined Amsterdam; its region is
		// that of Amsterdam, for want of the regions of former municipalities.
		{"former municipality", []string{"GM0457"}, 0, []string{"provincie:noord-holland", "regio:groot-amsterdam", "grootte:klein"}},
		{"two in one province and region, values once", []string{"GM0148", "GM0193"}, 0,
			[]string{"provincie:overijssel", "regio:noord-overijssel", "grootte:middelgroot", "grootte:groot"}},
		{"a stated population without a municipality", nil, 45_000, []string{"grootte:middelgroot"}},
		{"the population does not count beside codes", []string{"GM0088"}, 300_000,
			[]string{"provincie:friesland", "regio:noord-friesland", "grootte:klein"}},
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
