// Package gazetteer knows the Dutch municipalities: their CBS codes, names,
// provinces and populations, and the mergers that ended former ones.
package gazetteer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/compound"
	"github.com/casus-nl/casus/search/textfold"
)

// Municipality is a current or former Dutch municipality.
type Municipality struct {
	// Code is the CBS code, "GM" and four digits.
	Code string
	// Name is the official CBS name, e.g. "Bergen (NH.)" or "'s-Gravenhage".
	Name     string
	Province string
	// Population is approximate (see data/PROVENANCE.md). For a former
	// municipality it is the last CBS figure found before the merger, on
	// PopulationDate; 0 when none was found.
	Population int
	// PopulationDate is the date of a former municipality's Population;
	// zero for current ones.
	PopulationDate casus.Date
	// AreaKM2 is the land area in square kilometres (see data/PROVENANCE.md);
	// for a former municipality from the same year as its population, 0 when
	// unknown.
	AreaKM2 float64
	// CommonName is the everyday name ("Den Haag"); it may equal Name.
	CommonName string
	Current    bool
	// EndDate is set for former municipalities only: the first day they no
	// longer existed.
	EndDate casus.Date
	// Successors lists, for former municipalities only, the codes the
	// territory went into: one for a merger, several for a split.
	Successors []string
}

// Gazetteer answers questions about municipalities and their mergers. It is
// immutable after Load and safe for concurrent use.
type Gazetteer struct {
	byCode  map[string]Municipality
	current []Municipality
	former  []Municipality
	// preds maps a code to every former code whose territory flowed into it,
	// directly or through a chain.
	preds map[string][]string
	// succs maps a former code to every code its territory flowed into.
	succs map[string][]string
	// began maps the code of a municipality formed by a merger or a rename
	// in the merger table to its first day.
	began map[string]casus.Date
	names nameIndex
	// placeData holds the places and regions of the woonplaatsen table.
	placeData places
	// profiles are the phrases that name a province, region, size or
	// place, by first word, longest first.
	profiles map[string][]profilePhrase
	// completion holds every municipality's folded names, current ones
	// first.
	completion []completionKey
}

// Load parses the embedded municipality, merger and place tables.
func Load() (*Gazetteer, error) {
	g, err := parse(gemeentenCSV, herindelingenCSV, formerCSV)
	if err != nil {
		return nil, err
	}
	words, err := compound.New()
	if err != nil {
		return nil, err
	}
	if g.placeData, err = g.readPlaces(placesCSV, words.Listed); err != nil {
		return nil, err
	}
	g.profiles = newProfilePhrases(g.current, g.names, g.placeData)
	return g, nil
}

// Lookup returns the municipality with the code, current or former.
func (g *Gazetteer) Lookup(code string) (Municipality, bool) {
	m, ok := g.byCode[code]
	return clone(m), ok
}

// Current returns the current municipalities sorted by name.
func (g *Gazetteer) Current() []Municipality {
	return cloneAll(g.current)
}

// Former returns the former municipalities of the merger table sorted by name.
func (g *Gazetteer) Former() []Municipality {
	return cloneAll(g.former)
}

// Resolve follows mergers from code to the current municipality that holds
// its territory. A current code resolves to itself. It reports false for an
// unknown code and for a split whose parts went to several current
// municipalities, since no single answer would be right.
func (g *Gazetteer) Resolve(code string) (Municipality, bool) {
	m, ok := g.byCode[code]
	if !ok {
		return Municipality{}, false
	}
	ends := g.currentSuccessors(m)
	if len(ends) != 1 {
		return Municipality{}, false
	}
	return clone(g.byCode[ends[0]]), true
}

// currentSuccessors returns the distinct current codes reachable from m, in
// code order. Load has checked that the merger graph has no cycles.
func (g *Gazetteer) currentSuccessors(m Municipality) []string {
	if m.Current {
		return []string{m.Code}
	}
	var out []string
	for _, s := range m.Successors {
		out = append(out, g.currentSuccessors(g.byCode[s])...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Predecessors returns, sorted, every former code whose territory went into
// code, directly or through a chain of mergers. A municipality that was split
// counts as a predecessor of each of its successors, so a filter on Vught also
// finds cases about Haaren. It returns nil when there are none.
func (g *Gazetteer) Predecessors(code string) []string {
	return slices.Clone(g.preds[code])
}

// Began returns the first day of a municipality that a merger or a rename
// in the merger table (2010 on) formed, and false for any other: those
// existed before 2010 or kept their code when they absorbed another.
func (g *Gazetteer) Began(code string) (casus.Date, bool) {
	d, ok := g.began[code]
	return d, ok
}

// Successors returns, sorted, every code that code's territory went into,
// directly or through a chain of mergers: intermediate municipalities as well
// as current ones. It returns nil for a current or unknown code.
func (g *Gazetteer) Successors(code string) []string {
	return slices.Clone(g.succs[code])
}

// Label is the name to show for a code: the official name for a current
// municipality, "Weesp (sinds 2022 Amsterdam)" for a merged one and
// "Haaren (tot 2021)" for one that was split. It is "" for an unknown code.
func (g *Gazetteer) Label(code string) string {
	m, ok := g.byCode[code]
	switch {
	case !ok:
		return ""
	case m.Current:
		return m.Name
	}
	if cur, ok := g.Resolve(code); ok {
		return fmt.Sprintf("%s (sinds %d %s)", m.Name, m.EndDate.Year(), cur.Name)
	}
	return fmt.Sprintf("%s (tot %d)", m.Name, m.EndDate.Year())
}

// Ref is the reference a document stores for a code: code and name, plus the
// current code and name when the municipality has merged since. For an
// unknown code only Code is set.
func (g *Gazetteer) Ref(code string) casus.MunicipalityRef {
	m, ok := g.byCode[code]
	if !ok {
		return casus.MunicipalityRef{Code: code}
	}
	ref := casus.MunicipalityRef{Code: m.Code, Name: m.Name}
	if m.Current {
		return ref
	}
	if cur, ok := g.Resolve(code); ok {
		ref.CurrentCode, ref.CurrentName = cur.Code, cur.Name
	}
	return ref
}

// sortKey orders names the way people look them up: letters only, case and
// diacritics ignored, so 's-Gravenhage sorts under S and Súdwest-Fryslân
// next to other S names.
func sortKey(name string) string {
	return strings.Join(textfold.Words(name), "")
}

func sortByName(ms []Municipality) {
	slices.SortFunc(ms, func(a, b Municipality) int {
		if c := strings.Compare(sortKey(a.Name), sortKey(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
}

func clone(m Municipality) Municipality {
	m.Successors = slices.Clone(m.Successors)
	return m
}

func cloneAll(ms []Municipality) []Municipality {
	out := make([]Municipality, len(ms))
	for i, m := range ms {
		out[i] = clone(m)
	}
	return out
}
