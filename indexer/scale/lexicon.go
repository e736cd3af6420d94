package scale

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

// Weighting of the lists and the municipalities.
const (
	// phraseSkew, wordSkew and templateSkew are the Zipf exponents of the
	// lists: entry k is drawn with weight 1/(k+1)^skew. Theme phrases are
	// steep, as domain words are in real text; templates are flat, so
	// that sentences vary.
	phraseSkew   = 1.0
	wordSkew     = 0.7
	templateSkew = 0.3
	// populationSkew makes big municipalities appear more often, but less
	// than in proportion: weight population^populationSkew.
	populationSkew = 0.8
	// formerFromYear is the earliest year in which a former municipality
	// the corpus uses may have ended: its cases are dated before the
	// merger, from minYear on.
	formerFromYear = minYear + 1
)

// lexicon is everything the generator draws from, prepared once.
type lexicon struct {
	themes      []themeLex
	themeWeight weighted
	// domains holds the domain slugs in taxonomy order with their phrases.
	domains []domainLex
	// fallbackIdx and extraIdx are domain indexes of fallbackDomains and
	// extraDomains, drawn with fallback and extra.
	fallbackIdx, extraIdx []int
	fallback, extra       weighted

	places      []place
	placeWeight weighted
	// provinces maps a province to its municipalities, for regional cases.
	provinces map[string]placeTable
	formers   []place

	sourceWeight weighted

	sentences, tails, openers, titlesOne, titlesMany, titlesNone  list
	headQuestion, headApproach, headPhase, headResult, headLesson list
	chapters, articles, clauses                                   list
	introOne, introMany, introNone, themeMentions, domainMentions list
	closings, regulationIntros                                    list
	verbs                                                         []verbLex
	verbWeight                                                    weighted

	subjectsOne, subjectsMany, objects, compounds, numbers, roles words
	firstNames, surnames, serviceTags, kinds                      words
	// adjectives are the inflected forms ("nieuwe"), adjectiveBase the
	// forms before "een" and a het-word ("nieuw"), index for index.
	adjectives    words
	adjectiveBase []string
	// heads are the heads of the rare compounds.
	heads []compoundHead
}

// compoundHead is the last part of a compound, which decides its article.
type compoundHead struct {
	word        string
	het, plural bool
}

// themeLex is a theme with its parsed words.
type themeLex struct {
	slug, tag              string
	phrases, titles, rules words
	// domains are the domain indexes the theme implies.
	domains []int
}

// domainLex is a domain with its phrases.
type domainLex struct {
	slug    string
	phrases words
}

// verbLex is a parsed verbPhrase.
type verbLex struct {
	one, many string
	rest      tmpl
}

// place is a municipality as the corpus uses it.
type place struct {
	ref casus.MunicipalityRef
	// name is as written in text: the everyday name.
	name       string
	province   string
	population int
	// end is the first day a former municipality no longer existed.
	end casus.Date
}

// placeTable is a weighted list of municipalities.
type placeTable struct {
	idx []int
	w   weighted
}

// newLexicon loads the gazetteer and taxonomy and parses the word lists.
func newLexicon() (*lexicon, error) {
	gaz, err := gazetteer.Load()
	if err != nil {
		return nil, fmt.Errorf("scale: %w", err)
	}
	tax, err := taxonomy.Load()
	if err != nil {
		return nil, fmt.Errorf("scale: %w", err)
	}
	lex := &lexicon{}
	if err := lex.addTaxonomy(tax); err != nil {
		return nil, err
	}
	lex.addPlaces(gaz)
	if len(lex.places) == 0 || len(lex.formers) == 0 {
		return nil, fmt.Errorf("scale: the gazetteer has %d current and %d usable former municipalities", len(lex.places), len(lex.formers))
	}
	if err := lex.addTemplates(); err != nil {
		return nil, err
	}
	lex.sourceWeight = zipfWeighted(len(sources), wordSkew)
	return lex, nil
}

// addTaxonomy takes the themes and domains of the taxonomy, in its order,
// with their words from themeLexicon and domainLexicon.
func (lex *lexicon) addTaxonomy(tax *taxonomy.Taxonomy) error {
	domainIdx := map[string]int{}
	for _, d := range tax.Domains() {
		phrases, ok := domainLexicon[d.Slug]
		if !ok {
			return fmt.Errorf("scale: the taxonomy's domain %q has no words", d.Slug)
		}
		domainIdx[d.Slug] = len(lex.domains)
		lex.domains = append(lex.domains, domainLex{slug: d.Slug, phrases: newWords(phrases, phraseSkew)})
	}
	if len(domainIdx) != len(domainLexicon) {
		return fmt.Errorf("scale: words for %d domains, the taxonomy has %d", len(domainLexicon), len(domainIdx))
	}
	var weights []float64
	for _, th := range tax.Themes() {
		w, ok := themeLexicon[th.Slug]
		if !ok {
			return fmt.Errorf("scale: the taxonomy's theme %q has no words", th.Slug)
		}
		tl := themeLex{slug: th.Slug, tag: w.tag, phrases: newWords(w.phrases, phraseSkew),
			titles: newWords(w.titles, wordSkew), rules: newWords(w.rules, wordSkew)}
		for _, d := range tax.ThemeDomains(th.Slug) {
			tl.domains = append(tl.domains, domainIdx[d])
		}
		lex.themes = append(lex.themes, tl)
		weights = append(weights, w.weight)
	}
	if len(lex.themes) != len(themeLexicon) {
		return fmt.Errorf("scale: words for %d themes, the taxonomy has %d", len(themeLexicon), len(lex.themes))
	}
	lex.themeWeight = newWeighted(weights)
	lookup := func(slugs []string) ([]int, error) {
		var out []int
		for _, s := range slugs {
			i, ok := domainIdx[s]
			if !ok {
				return nil, fmt.Errorf("scale: unknown domain %q", s)
			}
			out = append(out, i)
		}
		return out, nil
	}
	var err error
	if lex.fallbackIdx, err = lookup(fallbackDomains); err != nil {
		return err
	}
	if lex.extraIdx, err = lookup(extraDomains); err != nil {
		return err
	}
	lex.fallback = zipfWeighted(len(lex.fallbackIdx), wordSkew)
	lex.extra = zipfWeighted(len(lex.extraIdx), wordSkew)
	return nil
}

// addPlaces takes the current municipalities weighted by population, and
// the former ones that merged into a single current one after
// formerFromYear began.
func (lex *lexicon) addPlaces(gaz *gazetteer.Gazetteer) {
	var weights []float64
	byProvince := map[string][]int{}
	var provinces []string
	for _, m := range gaz.Current() {
		if m.Population <= 0 {
			continue
		}
		i := len(lex.places)
		lex.places = append(lex.places, place{ref: gaz.Ref(m.Code), name: textName(m), province: m.Province, population: m.Population})
		weights = append(weights, math.Pow(float64(m.Population), populationSkew))
		if _, ok := byProvince[m.Province]; !ok {
			provinces = append(provinces, m.Province)
		}
		byProvince[m.Province] = append(byProvince[m.Province], i)
	}
	lex.placeWeight = newWeighted(weights)
	lex.provinces = map[string]placeTable{}
	for _, p := range provinces {
		idx := byProvince[p]
		w := make([]float64, len(idx))
		for k, i := range idx {
			w[k] = weights[i]
		}
		lex.provinces[p] = placeTable{idx: idx, w: newWeighted(w)}
	}
	for _, m := range gaz.Former() {
		ref := gaz.Ref(m.Code)
		if ref.CurrentCode == "" || m.EndDate.Year() < formerFromYear {
			continue
		}
		lex.formers = append(lex.formers, place{ref: ref, name: textName(m), province: m.Province, end: m.EndDate})
	}
}

// textName is the name a page writes: the everyday name, except where that
// lost the apostrophe of the official one ('s-Hertogenbosch).
func textName(m gazetteer.Municipality) string {
	if strings.HasPrefix(m.Name, "'") && m.CommonName == strings.TrimPrefix(m.Name, "'") {
		return m.Name
	}
	return m.CommonName
}

// addTemplates parses every list with slots.
func (lex *lexicon) addTemplates() error {
	for _, l := range []struct {
		dst *list
		src []string
	}{
		{&lex.sentences, sentences}, {&lex.tails, tails}, {&lex.openers, openers},
		{&lex.titlesOne, titlesOne}, {&lex.titlesMany, titlesMany}, {&lex.titlesNone, titlesNone},
		{&lex.headQuestion, headingsQuestion}, {&lex.headApproach, headingsApproach},
		{&lex.headPhase, headingsPhase}, {&lex.headResult, headingsResult}, {&lex.headLesson, headingsLesson},
		{&lex.chapters, chapters}, {&lex.articles, articles}, {&lex.clauses, clauses},
		{&lex.introOne, introOne}, {&lex.introMany, introMany}, {&lex.introNone, introNone},
		{&lex.themeMentions, themeMentions}, {&lex.domainMentions, domainMentions},
		{&lex.closings, closings}, {&lex.regulationIntros, regulationIntros},
	} {
		parsed, err := newList(l.src, templateSkew)
		if err != nil {
			return err
		}
		*l.dst = parsed
	}
	for _, v := range verbs {
		rest, err := parseTemplate(v.rest)
		if err != nil {
			return err
		}
		lex.verbs = append(lex.verbs, verbLex{one: v.one, many: v.many, rest: rest})
	}
	lex.verbWeight = zipfWeighted(len(lex.verbs), templateSkew)
	for _, w := range []struct {
		dst *words
		src []string
	}{
		{&lex.subjectsOne, subjectsOne}, {&lex.subjectsMany, subjectsMany}, {&lex.objects, objects},
		{&lex.compounds, compounds}, {&lex.numbers, numbers}, {&lex.roles, roles},
		{&lex.firstNames, firstNames}, {&lex.surnames, surnames}, {&lex.serviceTags, serviceTags},
		{&lex.kinds, regulationKinds},
	} {
		*w.dst = newWords(w.src, wordSkew)
	}
	var inflected []string
	for _, a := range adjectives {
		base, infl, ok := strings.Cut(a, "|")
		if !ok {
			return fmt.Errorf("scale: adjective %q is not base|inflected", a)
		}
		lex.adjectiveBase = append(lex.adjectiveBase, base)
		inflected = append(inflected, infl)
	}
	lex.adjectives = newWords(inflected, wordSkew)
	for _, h := range compoundHeadsDe {
		lex.heads = append(lex.heads, compoundHead{word: h})
	}
	for _, h := range compoundHeadsHet {
		lex.heads = append(lex.heads, compoundHead{word: h, het: true})
	}
	for _, h := range compoundHeadsMany {
		lex.heads = append(lex.heads, compoundHead{word: h, plural: true})
	}
	return nil
}

// weighted draws indexes with given weights.
type weighted struct{ cum []float64 }

func newWeighted(weights []float64) weighted {
	cum := make([]float64, len(weights))
	total := 0.0
	for i, w := range weights {
		total += w
		cum[i] = total
	}
	return weighted{cum: cum}
}

// zipfWeighted weighs n entries 1/(k+1)^skew.
func zipfWeighted(n int, skew float64) weighted {
	w := make([]float64, n)
	for k := range w {
		w[k] = 1 / math.Pow(float64(k+1), skew)
	}
	return newWeighted(w)
}

// pick draws an index.
func (w weighted) pick(r *rand.Rand) int {
	x := r.Float64() * w.cum[len(w.cum)-1]
	return min(sort.SearchFloat64s(w.cum, x), len(w.cum)-1)
}

// words is a list of plain entries, the first ones the most common.
type words struct {
	items []string
	w     weighted
}

func newWords(items []string, skew float64) words {
	return words{items: slices.Clone(items), w: zipfWeighted(len(items), skew)}
}

func (w words) pick(r *rand.Rand) string { return w.items[w.w.pick(r)] }

// index draws the index of an entry.
func (w words) index(r *rand.Rand) int { return w.w.pick(r) }

// list is a list of templates, the first ones the most common.
type list struct {
	items []tmpl
	w     weighted
}

func newList(src []string, skew float64) (list, error) {
	l := list{w: zipfWeighted(len(src), skew)}
	for _, s := range src {
		t, err := parseTemplate(s)
		if err != nil {
			return list{}, err
		}
		l.items = append(l.items, t)
	}
	return l, nil
}

// listTries is how often pick draws before it takes the first usable entry.
const listTries = 8

// pick draws a template usable for the document: one whose slots it can
// fill. Every list has entries without municipality or population slots.
func (l list) pick(r *rand.Rand, can needs) tmpl {
	for range listTries {
		if t := l.items[l.w.pick(r)]; can.covers(t.needs) {
			return t
		}
	}
	for _, t := range l.items {
		if can.covers(t.needs) {
			return t
		}
	}
	return l.items[0]
}
