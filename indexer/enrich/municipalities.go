package enrich

import (
	"slices"
	"strings"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
)

// field is a piece of document text with its words.
type field struct {
	text string
	toks []token
}

// municipalities returns the municipalities named in the fields and tags,
// by first mention, without duplicates. A name shared by several
// municipalities counts only when the text points at one of them (see
// resolve); names that are also ordinary words count only with evidence
// (see accept); former municipalities may be villages now (see
// dropVillages). date is the page's date, zero if unknown.
func (e *Enricher) municipalities(fields []field, tags [][]token, date casus.Date) []casus.MunicipalityRef {
	accepted := map[string]bool{}
	var tagCodes []string
	for _, t := range tags {
		if code, ok := e.places.matchWhole(t); ok {
			accepted[code] = true
			tagCodes = append(tagCodes, code)
		}
	}
	found := make([][]mention, len(fields))
	named := map[string]bool{}
	for i, f := range fields {
		found[i] = e.places.find(f.toks)
		for _, m := range found[i] {
			if m.code != "" {
				named[m.code] = true
			}
		}
	}
	var order []string
	for i, f := range fields {
		ms := e.resolve(found[i], fields, named)
		for _, code := range e.accept(f, ms, accepted) {
			accepted[code] = true
		}
		for _, m := range ms {
			order = append(order, m.code)
		}
	}
	order = append(order, tagCodes...)
	refs := []casus.MunicipalityRef{}
	seen := map[string]bool{}
	for _, code := range order {
		if accepted[code] && !seen[code] {
			seen[code] = true
			refs = append(refs, e.gaz.Ref(code))
		}
	}
	return dropVillages(refs, e.gaz, date)
}

// dropVillages removes a former municipality named next to the one it went
// into, on a page written after the merger: there the old name is a village
// of the new municipality ("de buurthuizen in Maarssen" in a 2023 case about
// Stichtse Vecht). Without a date both stay, since the page may predate the
// merger.
func dropVillages(refs []casus.MunicipalityRef, g lookup, date casus.Date) []casus.MunicipalityRef {
	if date.IsZero() {
		return refs
	}
	named := map[string]bool{}
	for _, r := range refs {
		named[r.Code] = true
	}
	out := refs[:0]
	for _, r := range refs {
		if r.CurrentCode != "" && named[r.CurrentCode] {
			if m, ok := g.Lookup(r.Code); ok && !date.Time().Before(m.EndDate.Time()) {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// lookup is the part of the gazetteer that choose and dropVillages need.
type lookup interface {
	Lookup(code string) (gazetteer.Municipality, bool)
}

// resolve settles mentions of names shared by several municipalities (see
// places.choose) and drops those it cannot settle.
func (e *Enricher) resolve(ms []mention, fields []field, named map[string]bool) []mention {
	out := ms[:0]
	for _, m := range ms {
		if m.code == "" {
			code, ok := e.places.choose(e.gaz, m.choices, fields, named)
			if !ok {
				continue
			}
			m.code = code
		}
		out = append(out, m)
	}
	return out
}

// accept returns the codes of the mentions that count. A plain name always
// counts; a common-word name needs a gemeente word or a preposition before
// it, a tag, or a place in a list next to a name that counts ("in Tiel,
// Buren en Culemborg").
func (e *Enricher) accept(f field, ms []mention, byTag map[string]bool) []string {
	ok := make([]bool, len(ms))
	for k, m := range ms {
		ok[k] = !m.common || byTag[m.code] || e.places.introduced(f, m.first)
	}
	// Acceptance spreads along a list in both directions; one sweep each
	// way reaches every member.
	for k := 1; k < len(ms); k++ {
		ok[k] = ok[k] || (ok[k-1] && e.places.listed(f, ms[k-1], ms[k]))
	}
	for k := len(ms) - 2; k >= 0; k-- {
		ok[k] = ok[k] || (ok[k+1] && e.places.listed(f, ms[k], ms[k+1]))
	}
	var codes []string
	for k, m := range ms {
		if ok[k] {
			codes = append(codes, m.code)
		}
	}
	return codes
}

// onlySpace reports whether s separates two words without punctuation.
func onlySpace(s string) bool { return strings.TrimSpace(s) == "" }

// introduced reports whether the word at i follows "gemeente" or a
// preposition in the same sentence. "van" after a capitalised word is
// likely part of a person's name ("Jan van Buren") and does not count.
func (p *places) introduced(f field, i int) bool {
	if i == 0 {
		return false
	}
	prev := f.toks[i-1]
	if !onlySpace(f.text[prev.end:f.toks[i].start]) {
		return false
	}
	if slices.Contains(p.gemeenteWords, prev.folded) {
		return true
	}
	if !slices.Contains(p.prepositions, prev.folded) {
		return false
	}
	if prev.folded == "van" && i >= 2 {
		before := f.toks[i-2]
		if capitalised(before.raw) && onlySpace(f.text[before.end:prev.start]) {
			return false
		}
	}
	return true
}

// listSeparators may stand between the names of a list.
const listSeparators = ",/&"

// listed reports whether mention b directly follows mention a in a list:
// "Tiel, Buren", "Best en Eindhoven", "Ede/Wageningen".
func (p *places) listed(f field, a, b mention) bool {
	end, start := f.toks[a.last].end, f.toks[b.first].start
	switch b.first - a.last {
	case 1:
		gap := f.text[end:start]
		return strings.ContainsAny(gap, listSeparators) && onlySeparators(gap)
	case 2:
		mid := f.toks[a.last+1]
		return slices.Contains(p.listWords, mid.folded) &&
			onlySeparators(f.text[end:mid.start]) && onlySpace(f.text[mid.end:start])
	}
	return false
}

func onlySeparators(s string) bool {
	return strings.Trim(s, " \t\r\n\u00a0"+listSeparators) == ""
}
