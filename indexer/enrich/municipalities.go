package enrich

import (
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
// dropVillages); names in a list of links to other pages (bodyScope, the
// scope of the words of fields[1], the body) do not count. date is the
// page's date, zero if unknown.
func (e *Enricher) municipalities(fields []field, bodyScope []wordScope, tags [][]token, date casus.Date) []casus.MunicipalityRef {
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
	// A name qualified with another province anywhere ("Hengelo (Gld)")
	// is that other place everywhere on the page.
	elsewhere := map[string]bool{}
	for i, f := range fields {
		found[i] = e.places.find(f.toks)
		if i == 1 {
			// Names in a list of links to other pages are not this page's.
			found[i] = slices.DeleteFunc(found[i], func(m mention) bool { return bodyScope[m.first] == inRelated })
		}
		for _, m := range found[i] {
			if e.places.otherProvince(f, m) {
				elsewhere[m.code] = true
			}
		}
	}
	sents := make([]sentences, len(fields)) // each field's sentences
	for i, f := range fields {
		// A municipality that a mention in a field says took no part does
		// not count by its other mentions there either: "met uitzondering
		// van Veere ... Veere had zijn consulenten al laten scholen", "Ook
		// dorpen van de gemeente Winsum gaan over. Het deel van Winsum dat
		// overgaat, deed niet mee". One presented as a subject before that,
		// in the title, the opening sentence or as taking part, stays
		// ("Tilburg en Dongen voerden het in; geen gemeente behalve Dongen
		// paste het aan"), unless it withdrew and was only in the opening
		// sentence ("Deventer, Olst-Wijhe en Raalte vroegen ons … Raalte
		// trok zich nog voor de start terug").
		excludedHere, withdrawn := e.places.excluded(f, found[i]), e.places.withdrawn(f, found[i])
		takesPart := e.places.participating(f, found[i])
		sents[i] = e.places.readSentences(f)
		second := sents[i].second
		excluded, vouched, firm := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for k, m := range found[i] {
			if m.code == "" {
				continue
			}
			if excludedHere[k] {
				if !vouched[m.code] || withdrawn[k] && !firm[m.code] {
					excluded[m.code] = true
				}
				continue
			}
			firmly := i == 0 || takesPart[k]
			vouched[m.code] = vouched[m.code] || firmly || m.first < second
			firm[m.code] = firm[m.code] || firmly
		}
		kept := found[i][:0]
		for k, m := range found[i] {
			if !excludedHere[k] && !excluded[m.code] {
				kept = append(kept, m)
			}
		}
		found[i] = kept
		found[i] = slices.DeleteFunc(e.places.unqualified(f, found[i]),
			func(m mention) bool { return m.code != "" && elsewhere[m.code] })
		for _, m := range found[i] {
			if m.code != "" {
				named[m.code] = true
			}
		}
	}
	var order []string
	// lead holds the codes a page presents as its subject: named in the
	// title, a tag or the first sentence, after "gemeente", said to take
	// part ("sloot zich aan"), or in a list with one of those. plain holds
	// the codes named outside sentences that refer to work elsewhere
	// ("Eerder deden we dit in Deventer").
	lead, plain := map[string]bool{}, map[string]bool{}
	// presented holds the codes named in the title, a tag or as "de
	// gemeente X" in the opening sentence: a municipality the page presents
	// as its own subject.
	presented := map[string]bool{}
	for _, c := range tagCodes {
		lead[c], plain[c], presented[c] = true, true, true
	}
	resolved := make([][]mention, len(fields))
	for i, f := range fields {
		ms := e.resolve(found[i], fields, named)
		resolved[i] = ms
		for _, code := range e.accept(f, ms, accepted) {
			accepted[code] = true
		}
		sn := sents[i]
		takesPart := e.places.participating(f, ms)
		for k, m := range ms {
			order = append(order, m.code)
			if sn.cued[m.first] {
				continue
			}
			plain[m.code] = true
			opening := m.first < sn.second
			if i == 0 || opening || e.places.afterGemeente(f, m) || takesPart[k] {
				lead[m.code] = true
			}
			if i == 0 || opening && e.places.afterGemeente(f, m) {
				presented[m.code] = true
			}
		}
	}
	// A list with a lead municipality makes all of its members lead ("Tiel,
	// Buren en Culemborg" once Tiel leads).
	for i, f := range fields {
		for _, code := range e.places.listedWith(f, resolved[i], lead) {
			lead[code] = true
		}
	}
	// A list of as many names as the page counts makes all of its members
	// lead ("Tien gemeenten kopen samen in … Zevenaar, samen met Arnhem,
	// Doesburg, …").
	announced := e.places.counts(fields[0], 0, len(fields[0].toks))
	if len(fields) > 1 {
		announced = append(announced, e.places.counts(fields[1], 0, sents[1].second)...)
	}
	for i, f := range fields {
		for _, code := range e.places.countedLists(f, resolved[i], sents[i], announced, lead) {
			lead[code] = true
		}
	}
	order = append(order, tagCodes...)
	// The strongest evidence present decides: a page with a lead
	// municipality is about it (and those listed with it), not about the
	// ones it compares with or names as neighbours; a municipality named
	// only as a reference to work elsewhere is never the subject.
	keep := func(code string) bool { return plain[code] }
	if anyAccepted(lead, accepted) {
		keep = func(code string) bool { return lead[code] }
	}
	refs := []casus.MunicipalityRef{}
	seen := map[string]bool{}
	for _, code := range order {
		if accepted[code] && !seen[code] && keep(code) {
			seen[code] = true
			refs = append(refs, e.gaz.Ref(code))
		}
	}
	return expandUnborn(dropSuccessors(dropVillages(refs, e.gaz, date), e.gaz, date, presented), e.gaz, date)
}

// anyAccepted reports whether some code of set was accepted.
func anyAccepted(set, accepted map[string]bool) bool {
	for code := range set {
		if accepted[code] {
			return true
		}
	}
	return false
}

// afterGemeente reports whether mention m directly follows "gemeente":
// "de gemeente Stein vroeg ons".
func (p *places) afterGemeente(f field, m mention) bool {
	return m.first > 0 && slices.Contains(p.gemeenteWords, f.toks[m.first-1].folded) &&
		onlySpace(f.text[f.toks[m.first-1].end:f.toks[m.first].start])
}

// listedWith returns the codes of the mentions in a list with a mention of
// a code in lead. An alternative ("Geldermalsen of Culemborg") is an
// example, not a list of subjects, so only "en" and separators join here.
func (p *places) listedWith(f field, ms []mention, lead map[string]bool) []string {
	var out []string
	for list := range p.lists(f, ms) {
		if slices.ContainsFunc(list, func(m mention) bool { return lead[m.code] }) {
			for _, m := range list {
				out = append(out, m.code)
			}
		}
	}
	return out
}

// lists yields the lists of mentions: runs of names joined by separators
// or "en" ("Tiel, Buren en Culemborg"), a single name being a list of one.
func (p *places) lists(f field, ms []mention) iter.Seq[[]mention] {
	return func(yield func([]mention) bool) {
		for start := 0; start < len(ms); {
			end := start + 1
			for end < len(ms) && p.listed(f, ms[end-1], ms[end]) && !p.alternative(f, ms[end-1], ms[end]) {
				end++
			}
			if !yield(ms[start:end]) {
				return
			}
			start = end
		}
	}
}

// maxCountedList is the largest count of municipalities a page can
// announce (see places.counts): more than any region has.
const maxCountedList = 40

// countGap is how many words may stand between a number and the noun it
// counts: "negen andere gemeenten", "tien Gelderse gemeenten".
const countGap = 2

// count is a number of municipalities a page announces: n of them, or n
// others beside the one named with it.
type count struct {
	n      int
	others bool
}

// counts returns the counts of municipalities in words [from, to) of f:
// "tien gemeenten", "negen andere gemeenten", "10 gemeenten".
func (p *places) counts(f field, from, to int) []count {
	var out []count
	for i := from; i < to; i++ {
		w := f.toks[i].folded
		n, ok := p.countNumbers[w]
		if !ok {
			// Digits only: Atoi would allocate an error for every word.
			if w == "" || strings.TrimLeft(w, "0123456789") != "" {
				continue
			}
			d, err := strconv.Atoi(w)
			if err != nil || d < 2 || d > maxCountedList {
				continue
			}
			n = d
		}
		others := false
		for j := i + 1; j < to && j <= i+1+countGap && !sentenceStart(f, j); j++ {
			if slices.Contains(p.countNouns, f.toks[j].folded) {
				out = append(out, count{n: n, others: others})
				break
			}
			others = others || slices.Contains(p.countOthersWords, f.toks[j].folded)
		}
	}
	return out
}

// countedLists returns the codes of the mentions in a list of as many
// municipalities as a count announced (in the title or opening sentence)
// or in the list's own sentence. A plain count may include the lead
// municipalities named before the list in its sentence ("Zevenaar doet
// dat samen met" nine others, of "Tien gemeenten"); a count of others
// does not ("Zevenaar en negen andere gemeenten"). Lists in a sentence
// about work elsewhere (sn.cued) do not count.
func (p *places) countedLists(f field, ms []mention, sn sentences, announced []count, lead map[string]bool) []string {
	var out []string
	for list := range p.lists(f, ms) {
		if len(list) < 2 || slices.ContainsFunc(list, func(m mention) bool { return m.code == "" || sn.cued[m.first] }) {
			continue
		}
		codes := map[string]bool{}
		for _, m := range list {
			codes[m.code] = true
		}
		if len(codes) < 2 {
			continue
		}
		from, to := sentenceSpan(f, list[0].first, list[len(list)-1].last)
		with := map[string]bool{}
		for _, m := range ms {
			if m.first >= from && m.first < list[0].first && lead[m.code] && !codes[m.code] {
				with[m.code] = true
			}
		}
		size := len(codes)
		if slices.ContainsFunc(append(p.counts(f, from, to), announced...), func(c count) bool {
			return c.n == size || !c.others && c.n == size+len(with)
		}) {
			for _, m := range list {
				out = append(out, m.code)
			}
		}
	}
	return out
}

// alternative reports whether b follows a as "a of b".
func (p *places) alternative(f field, a, b mention) bool {
	return b.first-a.last == 2 && f.toks[a.last+1].folded == "of"
}

// dropSuccessors removes, on a page written before a merger, the
// municipalities that a named former municipality was going to merge into:
// there they are the merger's context ("Haaren wordt verdeeld over Boxtel,
// Oisterwijk, Tilburg en Vught"), or did not exist yet (West Betuwe in a 2017
// case about Geldermalsen). A municipality that already existed and that
// the page presents as its subject (presented: in the title, or "De
// gemeente Zevenaar biedt" in the opening sentence) stays: its work before
// it took in its neighbour ("Zevenaar en Rijnwaarden voegen hun sociale
// teams samen" in 2016). Without a date nothing is dropped.
func dropSuccessors(refs []casus.MunicipalityRef, g lookup, date casus.Date, presented map[string]bool) []casus.MunicipalityRef {
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
	// A municipality the merger table does not say began (one that took
	// in a neighbour, as Zevenaar) has existed throughout.
	existed := func(code string) bool {
		began, ok := g.Began(code)
		return !ok || !date.Time().Before(began.Time())
	}
	out := refs[:0]
	for _, r := range refs {
		if !later[r.Code] || presented[r.Code] && existed(r.Code) {
			out = append(out, r)
		}
	}
	return out
}

// electedAhead is how long before its first day a new municipality acts as
// one: its council is elected in November before the merger of 1 January,
// and work commissioned from then on is its own.
const electedAhead = 62 * 24 * time.Hour

// expandUnborn replaces a municipality that did not exist yet on the page's
// date (nor had its council elected; see electedAhead) by the
// municipalities that later formed it: in April 2021 "het Land van Cuijk"
// is the region of Boxmeer, Cuijk, Grave, Mill en Sint Hubert and Sint
// Anthonis, and a case then was for them. Without a date nothing changes.
func expandUnborn(refs []casus.MunicipalityRef, g lookup, date casus.Date) []casus.MunicipalityRef {
	if date.IsZero() {
		return refs
	}
	unborn := func(code string) bool {
		began, ok := g.Began(code)
		return ok && date.Time().Before(began.Time().Add(-electedAhead))
	}
	var out []casus.MunicipalityRef
	seen := map[string]bool{}
	add := func(r casus.MunicipalityRef) {
		if !seen[r.Code] {
			seen[r.Code] = true
			out = append(out, r)
		}
	}
	for _, r := range refs {
		if !unborn(r.Code) {
			add(r)
			continue
		}
		for _, p := range g.Predecessors(r.Code) {
			if m, ok := g.Lookup(p); ok && date.Time().Before(m.EndDate.Time()) && !unborn(p) {
				add(g.Ref(p))
			}
		}
	}
	if out == nil {
		return []casus.MunicipalityRef{}
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

// lookup is the part of the gazetteer that choose, dropVillages,
// dropSuccessors and expandUnborn need.
type lookup interface {
	Lookup(code string) (gazetteer.Municipality, bool)
	Successors(code string) []string
	Predecessors(code string) []string
	Began(code string) (casus.Date, bool)
	Ref(code string) casus.MunicipalityRef
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

// sentenceStart reports whether the word at i begins a sentence: it follows
// a line break, or a full stop (or ! ? ;) and is capitalised or a number,
// so "(L.) en" and "o.a. de" do not end one.
func sentenceStart(f field, i int) bool {
	if i == 0 {
		return true
	}
	gap := f.text[f.toks[i-1].end:f.toks[i].start]
	if strings.Contains(gap, "\n") {
		return true
	}
	if !strings.ContainsAny(gap, sentenceEnds) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(f.toks[i].raw)
	return !unicode.IsLower(r)
}

// unqualified drops the mentions that are part of another body's name: a
// name directly after a qualifier ("provincie Utrecht", "Veiligheidsregio
// Utrecht") or after a qualifier and "van" ("Universiteit van Amsterdam"),
// and those a denial stands before ("niet te verwarren met").
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
		if p.denied(f, m) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// maxExclusionGap is how many words may stand between an exclusion prefix
// and the name it excludes: "zonder de gemeente Haren".
const maxExclusionGap = 3

// excluded marks the mentions (by index in ms) that the text says took no
// part: the name nearest before an exclusion in its sentence ("De stad
// Groningen, met een eigen aanpak, deed niet mee"), the name right after an
// exclusion prefix ("anders dan in Zwolle", "zonder Haren") that no
// negation in its clause turns around (not "Zonder Haren was het niet
// gelukt"), and the names listed with either ("Haren en Ten Boer deden niet
// mee").
func (p *places) excluded(f field, ms []mention) []bool {
	exclusionAt := func(i int) bool { return p.exclusions.at(f.toks, i) > 0 || p.separableExclusionAt(f, i) }
	prefixAt := func(i int) int {
		if p.negatedPrefixAt(f, i) > 0 {
			return 0
		}
		return p.exclusionPrefixes.at(f.toks, i)
	}
	out := p.cued(f, ms, exclusionAt, prefixAt, maxExclusionGap)
	for k, adjacent := range p.cued(f, ms, nil, p.adjacentExclusions.atFunc(f.toks), 0) {
		out[k] = out[k] || adjacent
	}
	return out
}

// withdrawn marks the mentions that an exclusion with a withdrawal verb
// (see withdrawalVerbs) reaches, as excluded does: "Raalte trok zich nog
// voor de start terug", not "Montferland trok zich niet terug".
func (p *places) withdrawn(f field, ms []mention) []bool {
	withdrawalAt := func(i int) bool {
		return slices.Contains(p.withdrawalVerbs, f.toks[i].folded) && !negatedVerb(f, i) &&
			(p.exclusions.at(f.toks, i) > 0 || p.separableExclusionAt(f, i))
	}
	return p.cued(f, ms, withdrawalAt, nil, 0)
}

// negationReach is how many words after a verb a "niet" negates it:
// "trok zich niet terug".
const negationReach = 3

// negatedVerb reports whether "niet" follows the verb at word i closely, in
// its sentence.
func negatedVerb(f field, i int) bool {
	for j := i + 1; j < len(f.toks) && j <= i+negationReach && !sentenceStart(f, j); j++ {
		if f.toks[j].folded == "niet" {
			return true
		}
	}
	return false
}

// participating marks the mentions that the text says took part: the name
// nearest before a participation in its sentence ("Rhenen en Renswoude
// sloten zich aan"), the name right after a participation prefix ("deed
// ook Maashorst mee"), and the names listed with either; not in a sentence
// that also has a doubt ("Leiden deed mee aan de monitor, maar was geen
// opdrachtgever").
func (p *places) participating(f field, ms []mention) []bool {
	participationAt := func(i int) bool { return p.participations.at(f.toks, i) > 0 }
	out := p.cued(f, ms, participationAt, p.participationPrefixes.atFunc(f.toks), 0)
	for k, m := range ms {
		if out[k] && p.doubted(f, m.first) {
			out[k] = false
		}
	}
	return out
}

// negatedPrefixAt returns the length of a negatable exclusion prefix at
// word i whose clause a negation turns around ("Zonder Putten was het niet
// gelukt"), 0 when there is none.
func (p *places) negatedPrefixAt(f field, i int) int {
	n := p.negatablePrefixes.at(f.toks, i)
	if n == 0 || !p.clauseNegated(f, i, i+n) {
		return 0
	}
	return n
}

// doubted reports whether the sentence of word i holds a participation
// doubt.
func (p *places) doubted(f field, i int) bool {
	from, to := sentenceSpan(f, i, i)
	for j := from; j < to; j++ {
		// A participation's own words are no doubt of it ("ontbrak niet").
		if n := p.participations.at(f.toks, j); n > 0 {
			j += n - 1
			continue
		}
		if slices.Contains(p.participationDoubts, f.toks[j].folded) {
			return true
		}
	}
	return false
}

// maxParticleGap is how many words may stand between a separable verb and
// its particle: "Montferland haakte in de voorbereidende fase af".
const maxParticleGap = 8

// separableExclusionAt reports whether word i is the verb of a separable
// exclusion ("haakte ... af", "deed ... niet mee") whose particle (with the
// words before it in the phrase) follows in its sentence.
func (p *places) separableExclusionAt(f field, i int) bool {
	for _, tail := range p.separableExclusions[f.toks[i].folded] {
		for j := i + 1; j+len(tail) <= len(f.toks) && j <= i+1+maxParticleGap && !sentenceStart(f, j); j++ {
			if tailAt(f, j, tail) {
				return true
			}
		}
	}
	return false
}

// tailAt reports whether the words of tail stand at word j, in one sentence.
func tailAt(f field, j int, tail []string) bool {
	for k, w := range tail {
		if f.toks[j+k].folded != w || k > 0 && sentenceStart(f, j+k) {
			return false
		}
	}
	return true
}

// cued marks the mentions nearest before a word where after holds, in
// their sentence, those at most gap words after a phrase that before finds
// (its length in words, or 0), and the mentions listed with either; after
// and before may be nil.
func (p *places) cued(f field, ms []mention, after func(int) bool, before func(int) int, gap int) []bool {
	out := make([]bool, len(ms))
	if len(ms) == 0 {
		return out
	}
	for i := range f.toks {
		if after != nil {
			if after(i) {
				k := -1
				for j, m := range ms {
					if m.last < i && !p.inClosedClause(f, m, i) {
						k = j
					}
				}
				if k >= 0 && !sentenceBetween(f, ms[k].last, i) {
					p.markList(f, ms, k, out)
				}
			}
		}
		if before == nil {
			continue
		}
		if n := before(i); n > 0 {
			for j, m := range ms {
				if m.first >= i+n {
					if m.first-(i+n) <= gap && !sentenceBetween(f, i, m.first) {
						p.markList(f, ms, j, out)
					}
					break
				}
			}
		}
	}
	return out
}

// markList marks ms[k] and the mentions listed with it.
func (p *places) markList(f field, ms []mention, k int, out []bool) {
	out[k] = true
	for j := k; j > 0 && p.listed(f, ms[j-1], ms[j]); j-- {
		out[j-1] = true
	}
	for j := k; j+1 < len(ms) && p.listed(f, ms[j], ms[j+1]); j++ {
		out[j+1] = true
	}
}

// inClosedClause reports whether mention m stands in a relative clause
// that closes before word i: after a comma and a relative word, with a
// comma between m and i, all in one sentence ("De inkoop, die Apeldoorn
// organiseert, viel buiten").
func (p *places) inClosedClause(f field, m mention, i int) bool {
	open := -1
	for j := m.first; j > 0 && !sentenceStart(f, j); j-- {
		if strings.Contains(f.text[f.toks[j-1].end:f.toks[j].start], ",") {
			open = j
			break
		}
	}
	if open < 0 || !slices.Contains(p.relativeWords, f.toks[open].folded) || open == m.first {
		return false
	}
	for j := m.last + 1; j <= i && j < len(f.toks); j++ {
		if sentenceStart(f, j) {
			return false
		}
		if strings.Contains(f.text[f.toks[j-1].end:f.toks[j].start], ",") {
			return true
		}
	}
	return false
}

// clauseNegated reports whether a clause negation ("niet", "nooit") stands
// in the clause of words [from, to): in their sentence, not beyond a colon,
// and not in a clause that a comma and a relative word or subordinator
// opens ("Zonder Hengelo, dat de afspraken regelde, was het niet gelukt",
// but not "zonder Roosendaal, dat niet was benaderd").
func (p *places) clauseNegated(f field, from, to int) bool {
	first, last := sentenceSpan(f, from, to-1)
	seen, inClause := false, false
	for j := first; j < last; j++ {
		if j > first {
			gap := f.text[f.toks[j-1].end:f.toks[j].start]
			switch {
			case strings.Contains(gap, ":") && j > from:
				return seen
			case strings.Contains(gap, ":"):
				seen, inClause = false, false
			case strings.Contains(gap, ","):
				inClause = slices.Contains(p.relativeWords, f.toks[j].folded) ||
					slices.Contains(p.subordinators, f.toks[j].folded)
			}
		}
		if (j < from || j >= to) && !inClause && slices.Contains(p.clauseNegations, f.toks[j].folded) {
			seen = true
		}
	}
	return seen
}

// sentenceSpan returns the words [from, to) of the sentences that hold
// words first to last.
func sentenceSpan(f field, first, last int) (from, to int) {
	from, to = first, last+1
	for from > 0 && !sentenceStart(f, from) {
		from--
	}
	for to < len(f.toks) && !sentenceStart(f, to) {
		to++
	}
	return from, to
}

// sentenceBetween reports whether a new sentence starts after word a, up
// to and including word b.
func sentenceBetween(f field, a, b int) bool {
	for i := a + 1; i <= b && i < len(f.toks); i++ {
		if sentenceStart(f, i) {
			return true
		}
	}
	return false
}

// denied reports whether a denial ("niet te verwarren met") stands right
// before m.
func (p *places) denied(f field, m mention) bool {
	for _, d := range p.denials {
		if m.first >= len(d) && slices.EqualFunc(d, f.toks[m.first-len(d):m.first], isWord) {
			return true
		}
	}
	return false
}

// otherProvince reports whether m is followed by a province in parentheses
// that is not its municipality's: "Hengelo (Gld)" is not Hengelo (O.).
func (p *places) otherProvince(f field, m mention) bool {
	next := m.last + 1
	if m.code == "" || next >= len(f.toks) {
		return false
	}
	if !strings.HasPrefix(strings.TrimSpace(f.text[f.toks[m.last].end:f.toks[next].start]), "(") {
		return false
	}
	prov, ok := p.provinceAbbrevs[f.toks[next].folded]
	return ok && prov != p.provinceOf[m.code]
}

// sentences is what readSentences learns about a field's words.
type sentences struct {
	// cued marks the words that follow a reference cue ("eerder", "net
	// als") in the same sentence: "Ede en Wageningen werken samen, net als
	// Heerde" refers to Heerde only.
	cued []bool
	// second is the position of the first word after the opening
	// sentence, len(words) when there is none: the opening sentence is the
	// first of prose, with the lines before it (a dateline such as "Case |
	// 15 april 2021", a heading).
	second int
}

// readSentences reads the sentence structure of f in one pass.
func (p *places) readSentences(f field) sentences {
	sn := sentences{cued: make([]bool, len(f.toks)), second: len(f.toks)}
	cued := false
	start := 0 // the first word of the current sentence
	opened := false
	whole := false // the current sentence holds a sentence cue
	cueWhole := func(end int) {
		if whole {
			for k := start; k < end; k++ {
				sn.cued[k] = true
			}
		}
		whole = false
	}
	for i := range f.toks {
		if sentenceStart(f, i) {
			cueWhole(i)
			cued = false
			if i > 0 && !opened && isProse(f, start, i) {
				opened, sn.second = true, i
			}
			start = i
		}
		if sn.cued[i] = cued; !cued && p.referenceCues.at(f.toks, i) > 0 {
			cued = true
		}
		if p.sentenceCues.at(f.toks, i) > 0 {
			whole = true
		}
	}
	cueWhole(len(f.toks))
	return sn
}

// isProse reports whether the sentence of words [from, to) is prose: more
// words than a heading has, or a closing full stop, question or
// exclamation mark.
func isProse(f field, from, to int) bool {
	if to-from > maxHeadingWords {
		return true
	}
	gap := f.text[f.toks[to-1].end:f.toks[to].start]
	return strings.ContainsAny(gap, ".!?")
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
