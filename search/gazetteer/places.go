package gazetteer

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/casus-nl/casus/search/textfold"
)

// The embedded table of places (CBS woonplaatsen) with their municipality
// and COROP region; see data/PROVENANCE.md.
//
//go:embed data/woonplaatsen.csv
var placesCSV []byte

const placesFile = "woonplaatsen.csv"

// regionPrefix starts the profile value of a COROP region ("regio:twente").
const regionPrefix = "regio:"

// municipalityPrefix starts the value a place name stands for: the code of
// its municipality ("gemeente:GM0171" for Emmeloord). It is not a profile
// value of cases; a query matches it on the municipality field.
const municipalityPrefix = "gemeente:"

// minPlaceLetters is the shortest place name a query word is read as: short
// names ("Ens", "Eys") are too often something else.
const minPlaceLetters = 5

// RegionValue is the profile value of a COROP region ("Het Gooi en
// Vechtstreek" → "regio:het-gooi-en-vechtstreek").
func RegionValue(region string) string {
	return regionPrefix + strings.Join(textfold.Words(region), "-")
}

// IsRegion reports whether a profile value is a region's.
func IsRegion(value string) bool { return strings.HasPrefix(value, regionPrefix) }

// MunicipalityOfPlace returns the municipality code a value from
// NamedProfiles stands for when the query named a place in it
// ("Emmeloord"), and false for a profile value.
func MunicipalityOfPlace(value string) (string, bool) {
	return strings.CutPrefix(value, municipalityPrefix)
}

// places is what the woonplaatsen table adds to the gazetteer.
type places struct {
	// region maps a current municipality's code to its COROP region.
	region map[string]string
	// municipality maps a place's folded name to its municipality's code,
	// for places whose name is unique and names no municipality.
	municipality map[string]string
}

// readPlaces reads the woonplaatsen table. Every current municipality must
// have exactly one region. A place name is left out when it is shorter than
// minPlaceLetters, when places in two municipalities share it, when it is a
// municipality's name and when isWord reports it as an everyday word
// ("Hoek", "Enter").
func (g *Gazetteer) readPlaces(data []byte, isWord func(string) bool) (places, error) {
	p := places{region: map[string]string{}, municipality: map[string]string{}}
	shared := map[string]bool{}
	err := readTable(placesFile, data, func(r row) error {
		if err := r.requireColumns("Woonplaats", "Gemeentecode", "COROP-gebied"); err != nil {
			return err
		}
		code := "GM" + r.get("Gemeentecode")
		m, ok := g.byCode[code]
		if !ok || !m.Current {
			return fmt.Errorf("%s is not a current municipality", code)
		}
		region := r.get("COROP-gebied")
		if region == "" {
			return fmt.Errorf("%s: no COROP region", code)
		}
		if prev, ok := p.region[code]; ok && prev != region {
			return fmt.Errorf("%s lies in two regions, %s and %s", code, prev, region)
		}
		p.region[code] = region
		name := strings.Join(textfold.Words(r.get("Woonplaats")), " ")
		if name == "" {
			return fmt.Errorf("%s: a place without a name", code)
		}
		if prev, ok := p.municipality[name]; ok && prev != code {
			shared[name] = true
		}
		p.municipality[name] = code
		return nil
	})
	if err != nil {
		return places{}, err
	}
	for _, m := range g.current {
		if _, ok := p.region[m.Code]; !ok {
			return places{}, fmt.Errorf("%s: %s (%s) has no place", placesFile, m.Code, m.Name)
		}
	}
	for name := range p.municipality {
		words := strings.Fields(name)
		n, ok := g.names.longestAt(words, 0)
		isMunicipality := ok && len(n.words) == len(words)
		if shared[name] || isMunicipality || len(strings.ReplaceAll(name, " ", "")) < minPlaceLetters || isWord(name) {
			delete(p.municipality, name)
		}
	}
	return p, nil
}

// regionsOf returns the COROP regions of a municipality, current or former
// (a former one by the municipalities its territory went into), in code
// order of those; none for an unknown code.
func (g *Gazetteer) regionsOf(code string) []string {
	m, ok := g.byCode[code]
	if !ok {
		return nil
	}
	var out []string
	for _, s := range g.currentSuccessors(m) {
		if r := g.placeData.region[s]; r != "" && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}
