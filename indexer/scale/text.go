package scale

import (
	"math/rand/v2"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Sentence shapes.
const (
	// fixedShare of the sentences come from the fixed sentences, the rest
	// are built from clause parts.
	fixedShare = 0.45
	// openerShare of the clauses start with an opener ("Daarnaast").
	openerShare = 0.35
	// tailShare of the clauses get a subordinate clause.
	tailShare = 0.25
	// manySubjectShare of the clauses have a plural subject.
	manySubjectShare = 0.35
	// placeSubjectShare of the singular subjects are "de gemeente X".
	placeSubjectShare = 0.08
	// mainThemeShare of the {S} slots take the main theme, the others one
	// of the side themes, so that side themes are written about enough to
	// be recognised ({T} always takes the main theme).
	mainThemeShare = 0.3
	// otherPlaceTries bounds the draws for a municipality other than the
	// document's own.
	otherPlaceTries = 4
	// noFocus means {S} and {D} draw freely.
	noFocus = -1
)

// The long tail of rare compounds: ranks drawn from a Zipf distribution
// over every two- and three-part compound of compoundFirst and the heads
// (compoundHeadsDe, compoundHeadsHet, compoundHeadsMany), so that a few compounds are common and most appear once,
// and the number of distinct words keeps growing with the corpus.
const (
	// tailSkew is the Zipf exponent (it must exceed 1).
	tailSkew = 1.03
	// tailOffset flattens the head of the distribution.
	tailOffset = 20
)

// Numbers in the text.
const (
	pctMin, pctMax       = 5, 40
	millionsMax          = 40
	thousandsMin         = 50
	thousandsMax         = 950
	gradeMin, gradeRange = 65, 25 // rapportcijfers 6,5 to 8,9
	recentYears          = 3
	undatedYearFrom      = 2012
	undatedYearRange     = 12
)

// writer writes text for one document into buf.
type writer struct {
	lex *lexicon
	r   *rand.Rand
	h   *head
	buf []byte
	// titles makes {T} take title phrases.
	titles bool
	// focusTheme and focusDomain, unless noFocus, are what {S} and {D} name.
	focusTheme, focusDomain int
	// phase is what {F} writes.
	phase int
	tail  *rand.Zipf
}

func newWriter(lex *lexicon, r *rand.Rand, h *head) *writer {
	return &writer{lex: lex, r: r, h: h, focusTheme: noFocus, focusDomain: noFocus}
}

// can is what the document can fill in.
func (w *writer) can() needs {
	var n needs
	if len(w.h.places) > 0 {
		n |= needPlace
	}
	if w.h.pop > 0 {
		n |= needPopulation
	}
	return n
}

// expand writes a template.
func (w *writer) expand(t tmpl) {
	for _, s := range t.segs {
		w.buf = append(w.buf, s.lit...)
		w.fill(s.slot)
	}
}

// from writes a template drawn from l.
func (w *writer) from(l list) { w.expand(l.pick(w.r, w.can())) }

// fill writes one slot.
func (w *writer) fill(s slot) {
	lex, r, h := w.lex, w.r, w.h
	switch s {
	case slotNone:
	case slotM:
		w.placeName()
	case slotM2:
		w.otherPlace()
	case slotMS:
		w.placeList()
	case slotT:
		w.themePhrase(h.themes[0])
	case slotS:
		switch {
		case w.focusTheme != noFocus:
			w.themePhrase(w.focusTheme)
		case len(h.themes) == 1 || r.Float64() < mainThemeShare:
			w.themePhrase(h.themes[0])
		default:
			w.themePhrase(h.themes[1+r.IntN(len(h.themes)-1)])
		}
	case slotD:
		d := w.focusDomain
		if d == noFocus {
			d = h.domains[r.IntN(len(h.domains))]
		}
		w.buf = append(w.buf, lex.domains[d].phrases.pick(r)...)
	case slotN:
		w.buf = append(w.buf, lex.objects.pick(r)...)
	case slotA:
		w.buf = append(w.buf, lex.adjectives.pick(r)...)
	case slotR, slotDR, slotER, slotEAR:
		w.rare(s)
	case slotC:
		w.buf = append(w.buf, lex.compounds.pick(r)...)
	case slotK:
		w.buf = append(w.buf, lex.numbers.pick(r)...)
	case slotY:
		w.buf = strconv.AppendInt(w.buf, int64(w.year()), 10)
	case slotP:
		w.buf = append(w.buf, h.person...)
	case slotROL:
		w.buf = append(w.buf, lex.roles.pick(r)...)
	case slotSRC:
		w.buf = append(w.buf, sources[h.source].name...)
	case slotPCT:
		w.buf = strconv.AppendInt(w.buf, int64(pctMin+r.IntN(pctMax-pctMin+1)), 10)
	case slotEUR:
		w.euro()
	case slotGRADE:
		g := gradeMin + r.IntN(gradeRange)
		w.buf = strconv.AppendInt(w.buf, int64(g/10), 10)
		w.buf = append(w.buf, ',')
		w.buf = strconv.AppendInt(w.buf, int64(g%10), 10)
	case slotPOP:
		w.buf = appendThousands(w.buf, h.pop)
	case slotF:
		w.buf = strconv.AppendInt(w.buf, int64(w.phase), 10)
	}
}

// placeName writes the document's first municipality, or "de gemeente"
// for a document without one.
func (w *writer) placeName() {
	if len(w.h.places) == 0 {
		w.buf = append(w.buf, "de gemeente"...)
		return
	}
	w.buf = append(w.buf, w.h.places[0].name...)
}

// otherPlace writes a partner municipality of a regional case, or another
// one, preferably not the document's own.
func (w *writer) otherPlace() {
	ps := w.h.places
	if len(ps) > 1 {
		w.buf = append(w.buf, ps[1+w.r.IntN(len(ps)-1)].name...)
		return
	}
	p := w.lex.places[w.lex.placeWeight.pick(w.r)]
	for range otherPlaceTries {
		if len(ps) == 0 || p.ref.Code != ps[0].ref.Code {
			break
		}
		p = w.lex.places[w.lex.placeWeight.pick(w.r)]
	}
	w.buf = append(w.buf, p.name...)
}

// placeList writes "A, B en C".
func (w *writer) placeList() {
	ps := w.h.places
	if len(ps) == 0 {
		w.placeName()
		return
	}
	for k, p := range ps {
		switch {
		case k == 0:
		case k == len(ps)-1:
			w.buf = append(w.buf, " en "...)
		default:
			w.buf = append(w.buf, ", "...)
		}
		w.buf = append(w.buf, p.name...)
	}
}

// themePhrase writes a phrase of theme t.
func (w *writer) themePhrase(t int) {
	th := w.lex.themes[t]
	if w.titles {
		w.buf = append(w.buf, th.titles.pick(w.r)...)
		return
	}
	w.buf = append(w.buf, th.phrases.pick(w.r)...)
}

// year is a year the text may name: the document's year or shortly
// before, or any recent year for an undated document.
func (w *writer) year() int {
	if y := w.h.date.Year(); y > 0 {
		return max(minYear, y-w.r.IntN(recentYears))
	}
	return undatedYearFrom + w.r.IntN(undatedYearRange)
}

// euro writes an amount: "€ 3,2 miljoen" or "€ 450.000".
func (w *writer) euro() {
	w.buf = append(w.buf, "€ "...)
	if w.r.IntN(2) == 0 {
		w.buf = strconv.AppendInt(w.buf, int64(1+w.r.IntN(millionsMax)), 10)
		w.buf = append(w.buf, ',')
		w.buf = strconv.AppendInt(w.buf, int64(w.r.IntN(10)), 10)
		w.buf = append(w.buf, " miljoen"...)
		return
	}
	w.buf = appendThousands(w.buf, (thousandsMin+w.r.IntN(thousandsMax-thousandsMin+1))*1000)
}

// rare writes a compound of the long tail, with the article and adjective
// its slot asks for.
func (w *writer) rare(s slot) {
	first, heads := compoundFirst, w.lex.heads
	nf, nh := uint64(len(first)), uint64(len(heads))
	if w.tail == nil {
		w.tail = rand.NewZipf(w.r, tailSkew, tailOffset, nf*nh+nf*nf*nh-1)
	}
	k := w.tail.Uint64()
	parts := [2]string{first[k%nf]}
	var head compoundHead
	if k < nf*nh {
		head = heads[k/nf]
	} else {
		k -= nf * nh
		a, b := k%nf, k/nf%nf
		if a == b {
			b = (b + 1) % nf
		}
		parts = [2]string{first[a], first[b]}
		head = heads[k/nf/nf%nh]
	}
	switch s {
	case slotDR:
		if head.het && !head.plural {
			w.buf = append(w.buf, "het "...)
		} else {
			w.buf = append(w.buf, "de "...)
		}
	case slotER:
		if !head.plural {
			w.buf = append(w.buf, "een "...)
		}
	case slotEAR:
		a := w.lex.adjectives.index(w.r)
		switch {
		case head.plural:
			w.buf = append(w.buf, w.lex.adjectives.items[a]...)
		case head.het:
			w.buf = append(w.buf, "een "...)
			w.buf = append(w.buf, w.lex.adjectiveBase[a]...)
		default:
			w.buf = append(w.buf, "een "...)
			w.buf = append(w.buf, w.lex.adjectives.items[a]...)
		}
		w.buf = append(w.buf, ' ')
	}
	start := len(w.buf)
	w.buf = append(w.buf, parts[0]...)
	for _, p := range []string{parts[1], head.word} {
		if p != "" {
			w.buf = appendPart(w.buf, p, start)
		}
	}
}

// appendPart adds a part to a compound, with a hyphen where two vowels
// would otherwise read as one sound ("data-analyse", but "zorgaanbod").
func appendPart(buf []byte, part string, start int) []byte {
	if len(buf) > start && vowelClash(buf[len(buf)-1], part[0]) {
		buf = append(buf, '-')
	}
	return append(buf, part...)
}

// vowelClash reports whether a and b together spell one Dutch vowel sound.
func vowelClash(a, b byte) bool {
	switch string([]byte{a, b}) {
	case "aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu":
		return true
	}
	return false
}

// sentence writes one sentence, capitalised.
func (w *writer) sentence() {
	start := len(w.buf)
	if w.r.Float64() < fixedShare {
		w.from(w.lex.sentences)
	} else {
		w.clause()
	}
	capitalizeAt(w.buf, start)
}

// clause writes [opener] subject verb rest [, tail]. with the verb second.
func (w *writer) clause() {
	lex, r := w.lex, w.r
	v := lex.verbs[lex.verbWeight.pick(r)]
	verb, subject := v.one, ""
	switch {
	case r.Float64() < manySubjectShare:
		verb, subject = v.many, lex.subjectsMany.pick(r)
	case len(w.h.places) > 0 && r.Float64() < placeSubjectShare:
		subject = "de gemeente " + w.h.places[0].name
	default:
		subject = lex.subjectsOne.pick(r)
	}
	if r.Float64() < openerShare {
		w.from(lex.openers)
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, verb...)
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, subject...)
	} else {
		w.buf = append(w.buf, subject...)
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, verb...)
	}
	w.buf = append(w.buf, ' ')
	w.expand(v.rest)
	if r.Float64() < tailShare {
		w.buf = append(w.buf, ", "...)
		w.from(lex.tails)
	}
	w.buf = append(w.buf, '.')
}

// Paragraph sizes in sentences.
const (
	minSentences = 2
	maxSentences = 6
)

// paragraph writes a paragraph of minSentences to maxSentences, ending early
// once the text reaches limit bytes.
func (w *writer) paragraph(limit int) {
	w.newParagraph()
	n := minSentences + w.r.IntN(maxSentences-minSentences+1)
	for k := 0; k < n && (k < minSentences || len(w.buf) < limit); k++ {
		if k > 0 {
			w.buf = append(w.buf, ' ')
		}
		w.sentence()
	}
}

// heading writes a heading paragraph: capitalised, no final period.
func (w *writer) heading(l list) {
	w.newParagraph()
	start := len(w.buf)
	w.from(l)
	capitalizeAt(w.buf, start)
}

// newParagraph separates a new paragraph from the text before it.
func (w *writer) newParagraph() {
	if len(w.buf) > 0 {
		w.buf = append(w.buf, "\n\n"...)
	}
}

// mentions writes, as one more sentence each, a mention of every
// secondary theme and of every domain.
func (w *writer) mentions(themes, domains bool) {
	if themes {
		for _, t := range w.h.themes[1:] {
			w.focusTheme = t
			w.buf = append(w.buf, ' ')
			w.from(w.lex.themeMentions)
		}
		w.focusTheme = noFocus
	}
	if domains {
		for _, d := range w.h.domains {
			w.focusDomain = d
			w.buf = append(w.buf, ' ')
			w.from(w.lex.domainMentions)
		}
		w.focusDomain = noFocus
	}
}

// caseTitle writes the title of a case.
func (w *writer) caseTitle() {
	switch len(w.h.places) {
	case 0:
		w.from(w.lex.titlesNone)
	case 1:
		w.from(w.lex.titlesOne)
	default:
		w.from(w.lex.titlesMany)
	}
}

// regulationTitle writes "Verordening jeugdhulp gemeente Zwolle 2021".
func (w *writer) regulationTitle() {
	lex, h := w.lex, w.h
	w.buf = append(w.buf, lex.kinds.pick(w.r)...)
	w.buf = append(w.buf, ' ')
	w.buf = append(w.buf, lex.themes[h.themes[0]].rules.pick(w.r)...)
	if len(h.places) > 0 {
		if w.r.IntN(2) == 0 {
			w.buf = append(w.buf, " gemeente"...)
		}
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, h.places[0].name...)
	}
	if y := h.date.Year(); y > 0 {
		w.buf = append(w.buf, ' ')
		w.buf = strconv.AppendInt(w.buf, int64(y), 10)
	}
}

// capitalize upper-cases the first letter of b.
func capitalize(b []byte) []byte {
	capitalizeAt(b, 0)
	return b
}

// capitalizeAt upper-cases the letter at b[start] when it is a lower-case
// letter whose upper case has the same length in UTF-8 ("é" → "É"); a
// sentence starting with "'s-Hertogenbosch" keeps its apostrophe first.
func capitalizeAt(b []byte, start int) {
	if start >= len(b) {
		return
	}
	r, size := utf8.DecodeRune(b[start:])
	if !unicode.IsLower(r) {
		return
	}
	u := unicode.ToUpper(r)
	if utf8.RuneLen(u) != size {
		return
	}
	utf8.EncodeRune(b[start:], u)
}

// appendThousands writes n with dots between groups of three digits.
func appendThousands(buf []byte, n int) []byte {
	s := strconv.Itoa(n)
	for k, c := range []byte(s) {
		if k > 0 && (len(s)-k)%3 == 0 {
			buf = append(buf, '.')
		}
		buf = append(buf, c)
	}
	return buf
}

// itoa formats a document number.
func itoa(n int) string { return strconv.Itoa(n) }
