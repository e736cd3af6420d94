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
		found[i] = e.places.unqualified(f, e.places.find(f.toks))
		for _, m := range found[i] {
			if m.code != "" {
				named[m.code] = true
			}
		}
	}
	var order []string
	// subject holds the codes named outside sentences that refer to work
	// elsewhere ("Eerder deden we dit in Deventer").
	subject := map[string]bool{}
	for _, c := range tagCodes {
		subject[c] = true
	}
	for i, f := range fields {
		ms := e.resolve(found[i], fields, named)
		for _, code := range e.accept(f, ms, accepted) {
			accepted[code] = true
		}
		cued := e.places.cuedSentences(f)
		for _, m := range ms {
			order = append(order, m.code)
			if !cued[m.first] {
				subject[m.code] = true
			}
		}
	}
	order = append(order, tagCodes...)
	anySubject := false
	for code := range subject {
		anySubject = anySubject || accepted[code]
	}
	refs := []casus.MunicipalityRef{}
	seen := map[string]bool{}
	for _, code := range order {
		if accepted[code] && !seen[code] && (subject[code] || !anySubject) {
			seen[code] = true
			refs = append(refs, e.gaz.Ref(code))
		}
	}
	return dropSuccessors(dropVillages(refs, e.gaz, date), e.gaz, date)
}

// dropSuccessors removes, on a page written before a merger, the
// municipalities that a named former municipality was going to merge into:
// there they are the merger's context ("Haaren wordt verdeeld over Boxtel,
// Oisterwijk, Tilburg en Vught"), or did not exist yet (West Betuwe in a 2017
// case about Geldermalsen). Without a date nothing is dropped.
func dropSuccessors(refs []casus.MunicipalityRef, g lookup, date casus.Date) []casus.MunicipalityRef {
	if date.IsZero() {
		return refs
	}
	later := map[string]bool{}
	for _, r := range refs {
		if m, ok := g.Lookup(r.Code); ok && !m.Current && date.Time().Before(m.EndDate.Time()) {
			for _, s := range g.Successors(r.Code) {
				later[s] = true
			}
		}
	}
	out := refs[:0]
	for _, r := range refs {
		if !later[r.Code] {
			out = append(out, r)
		}
	}
	return out
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

// lookup is the part of the gazetteer that choose, dropVillages and
// dropSuccessors need.
type lookup interface {
	Lookup(code string) (gazetteer.Municipality, bool)
	Successors(code string) []string
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
	if prev.folded == "van" {
		// A capitalised "Van" inside a sentence belongs to a surname.
		if capitalised(prev.raw) && !sentenceStart(f, i-1) {
			return false
		}
		if i >= 2 {
			before := f.toks[i-2]
			if onlySpace(f.text[before.end:prev.start]) &&
				(capitalised(before.raw) || slices.Contains(p.personTitles, before.folded)) {
				return false
			}
		}
	}
	return true
}

// sentenceEnds are the characters that end a sentence or a line.
const sentenceEnds = ".!?;\n"

// sentenceStart reports whether the word at i begins a sentence.
func sentenceStart(f field, i int) bool {
	return i == 0 || strings.ContainsAny(f.text[f.toks[i-1].end:f.toks[i].start], sentenceEnds)
}

// unqualified drops the mentions that are part of another body's name: a
// name directly after a qualifier ("provincie Utrecht", "Veiligheidsregio
// Utrecht") or after a qualifier and "van" ("Universiteit van Amsterdam").
func (p *places) unqualified(f field, ms []mention) []mention {
	out := ms[:0]
	adjacent := func(a, b int) bool { return onlySpace(f.text[f.toks[a].end:f.toks[b].start]) }
	for _, m := range ms {
		k := m.first - 1
		if k >= 1 && f.toks[k].folded == "van" && adjacent(k, m.first) {
			k--
		}
		if k >= 0 && slices.Contains(p.qualifiers, f.toks[k].folded) && adjacent(k, k+1) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// cuedSentences reports, by token position, the words of f that stand in a
// sentence with a reference cue ("eerder", "net als").
func (p *places) cuedSentences(f field) map[int]bool {
	out := map[int]bool{}
	start := 0
	for i := 1; i <= len(f.toks); i++ {
		if i < len(f.toks) && !sentenceStart(f, i) {
			continue
		}
		if p.hasCue(f.toks[start:i]) {
			for k := start; k < i; k++ {
				out[k] = true
			}
		}
		start = i
	}
	return out
}

// hasCue reports whether a reference cue occurs in toks.
func (p *places) hasCue(toks []token) bool {
	for i := range toks {
		for _, c := range p.referenceCues {
			if i+len(c) <= len(toks) && slices.EqualFunc(c, toks[i:i+len(c)],
				func(w string, t token) bool { return w == t.folded }) {
				return true
			}
		}
	}
	return false
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
