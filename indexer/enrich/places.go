package enrich

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/textfold"
)

//go:embed names.yaml
var namesYAML []byte

// namesFile is the format of names.yaml.
type namesFile struct {
	CommonWords           []string            `yaml:"common_words"`
	NotMunicipalities     []string            `yaml:"not_municipalities"`
	Aliases               map[string][]string `yaml:"aliases"`
	GemeenteWords         []string            `yaml:"gemeente_words"`
	Prepositions          []string            `yaml:"prepositions"`
	ListWords             []string            `yaml:"list_words"`
	Qualifiers            []string            `yaml:"qualifiers"`
	ReferenceCues         []string            `yaml:"reference_cues"`
	SentenceCues          []string            `yaml:"sentence_reference_cues"`
	PersonTitles          []string            `yaml:"person_titles"`
	NamesakePlaces        map[string][]string `yaml:"namesake_places"`
	Denials               []string            `yaml:"denials"`
	Exclusions            []string            `yaml:"exclusions"`
	ExclusionPrefixes     []string            `yaml:"exclusion_prefixes"`
	NegatablePrefixes     []string            `yaml:"negatable_exclusion_prefixes"`
	ClauseNegations       []string            `yaml:"clause_negations"`
	Subordinators         []string            `yaml:"subordinators"`
	AdjacentExclusions    []string            `yaml:"adjacent_exclusion_prefixes"`
	Participations        []string            `yaml:"participations"`
	ParticipationPrefixes []string            `yaml:"participation_prefixes"`
	ParticipationDoubts   []string            `yaml:"participation_doubts"`
	RelativeWords         []string            `yaml:"relative_words"`
	WithdrawalVerbs       []string            `yaml:"withdrawal_verbs"`
	SeparableExclusions   []string            `yaml:"separable_exclusions"`
	ProvinceAbbrevs       map[string][]string `yaml:"province_abbreviations"`
	CountNumbers          map[string]int      `yaml:"count_numbers"`
	CountNouns            []string            `yaml:"count_nouns"`
	CountOthersWords      []string            `yaml:"count_others_words"`
}

// alias is one way of writing a municipality name, a name shared by several
// municipalities (choices), or a phrase that is not a municipality (neither).
type alias struct {
	words []string
	// caps[k] says that word k must be capitalised in running text; articles
	// and linking words ("de", "aan", "en") need not be.
	caps    []bool
	code    string
	choices []string
	common  bool
}

// names reports whether the alias names one or more municipalities.
func (a alias) names() bool { return a.code != "" || len(a.choices) > 0 }

// places recognises municipality names.
type places struct {
	// byWord maps a first folded word to the aliases starting with it,
	// longest first.
	byWord map[string][]alias
	// provinces maps each province to its folded name and adjective
	// ("noord holland", "noord hollandse"), to choose between namesakes.
	provinces     map[string][][]string
	gemeenteWords []string
	prepositions  []string
	listWords     []string
	// qualifiers make the name after them part of another body's name.
	qualifiers []string
	// referenceCues mark the rest of a sentence as about work elsewhere,
	// sentenceCues the whole sentence.
	referenceCues, sentenceCues phraseList
	personTitles                []string
	// namesakes maps a code to the folded names of places in it, to choose
	// between municipalities that share a name.
	namesakes map[string][][]string
	// denials are phrases, as folded words, that deny the name after them.
	denials [][]string
	// exclusions are phrases, as folded words, that say the municipalities
	// named just before them took no part ("deed niet mee");
	// exclusionPrefixes say it of those named just after them ("zonder").
	exclusions, exclusionPrefixes phraseList
	// negatablePrefixes are the exclusion prefixes that a negation in their
	// clause turns into taking part: "Zonder Putten was het niet gelukt".
	// clauseNegations are those negations; subordinators, after a comma,
	// open a clause of its own ("zonder Ede, omdat het niet wilde").
	negatablePrefixes              phraseList
	clauseNegations, subordinators []string
	// adjacentExclusions say it of the name right after them only (", niet
	// Steenwijkerland").
	adjacentExclusions phraseList
	// participations say that the municipalities named just before them
	// took part ("sloten zich aan"); participationPrefixes say it of those
	// named just after them ("deed ook"). Such a name is a subject of the
	// page wherever it stands.
	participations, participationPrefixes phraseList
	// participationDoubts, in a sentence, keep its participations from
	// counting.
	participationDoubts []string
	// relativeWords open a relative clause after a comma (", die Apeldoorn
	// met de buurgemeenten organiseert,"): a name inside one is not the
	// subject an exclusion or participation after the clause speaks of.
	relativeWords []string
	// withdrawalVerbs are the verbs of exclusions that say a municipality
	// left work it was part of ("trok zich terug", "haakte af").
	withdrawalVerbs []string
	// separableExclusions maps the verb of a separable exclusion ("haakte
	// af") to its particles, which may follow a few words later.
	separableExclusions map[string][][]string
	// provinceOf maps a code to its province; provinceAbbrevs a folded
	// abbreviation to its province.
	provinceOf      map[string]string
	provinceAbbrevs map[string]string
	// countNumbers maps a folded number word to its value; countNouns and
	// countOthersWords make a number a count of municipalities (see
	// places.counts).
	countNumbers                 map[string]int
	countNouns, countOthersWords []string
}

// foldPhrases returns each phrase as folded words.
func foldPhrases(phrases []string) [][]string {
	out := make([][]string, 0, len(phrases))
	for _, ph := range phrases {
		out = append(out, textfold.Words(ph))
	}
	return out
}

// mayBeLowercase reports the words of a name that people also write in
// lower case ("Den Haag" and "den Haag", "'s-Hertogenbosch").
func mayBeLowercase(folded string) bool {
	switch folded {
	case "de", "den", "het", "s", "t", "ten", "ter", "aan", "op", "en", "bij", "in", "van":
		return true
	}
	return false
}

// suffixed splits a CBS name with a province suffix: "Bergen (NH.)" gives
// "Bergen" and "NH.".
var suffixed = regexp.MustCompile(`^(.*\S)\s*\(([^()]+)\)$`)

// newPlaces builds the name index from the gazetteer and names.yaml data.
func newPlaces(g *gazetteer.Gazetteer, data []byte) (*places, error) {
	var nf namesFile
	if err := yaml.UnmarshalWithOptions(data, &nf, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("names.yaml: %w", err)
	}
	p := &places{byWord: map[string][]alias{}, provinces: map[string][][]string{},
		gemeenteWords: foldAll(nf.GemeenteWords), prepositions: foldAll(nf.Prepositions),
		listWords: foldAll(nf.ListWords), qualifiers: foldAll(nf.Qualifiers),
		personTitles: foldAll(nf.PersonTitles), namesakes: map[string][][]string{}}
	p.referenceCues = newPhraseList(nf.ReferenceCues)
	p.sentenceCues = newPhraseList(nf.SentenceCues)
	p.denials = foldPhrases(nf.Denials)
	p.exclusions = newPhraseList(nf.Exclusions)
	p.exclusionPrefixes = newPhraseList(nf.ExclusionPrefixes)
	p.adjacentExclusions = newPhraseList(nf.AdjacentExclusions)
	p.negatablePrefixes = newPhraseList(nf.NegatablePrefixes)
	p.clauseNegations, p.subordinators = foldAll(nf.ClauseNegations), foldAll(nf.Subordinators)
	p.participations = newPhraseList(nf.Participations)
	p.participationPrefixes = newPhraseList(nf.ParticipationPrefixes)
	p.participationDoubts = foldAll(nf.ParticipationDoubts)
	p.relativeWords = foldAll(nf.RelativeWords)
	p.withdrawalVerbs = foldAll(nf.WithdrawalVerbs)
	p.separableExclusions = map[string][][]string{}
	for _, ph := range foldPhrases(nf.SeparableExclusions) {
		if len(ph) < 2 {
			return nil, fmt.Errorf("names.yaml: separable exclusion %q is not a verb and a particle", strings.Join(ph, " "))
		}
		p.separableExclusions[ph[0]] = append(p.separableExclusions[ph[0]], ph[1:])
	}
	p.countNumbers = map[string]int{}
	for word, n := range nf.CountNumbers {
		if n < 2 || n > maxCountedList {
			return nil, fmt.Errorf("names.yaml: count number %q is %d, not between 2 and %d", word, n, maxCountedList)
		}
		p.countNumbers[textfold.Word(word)] = n
	}
	p.countNouns, p.countOthersWords = foldAll(nf.CountNouns), foldAll(nf.CountOthersWords)
	p.provinceOf, p.provinceAbbrevs = map[string]string{}, map[string]string{}
	for _, m := range append(g.Current(), g.Former()...) {
		p.provinceOf[m.Code] = m.Province
	}
	for prov, abbrevs := range nf.ProvinceAbbrevs {
		for _, a := range abbrevs {
			p.provinceAbbrevs[strings.Join(textfold.Words(a), " ")] = prov
		}
	}
	for code, names := range nf.NamesakePlaces {
		if _, ok := g.Lookup(code); !ok {
			return nil, fmt.Errorf("names.yaml: namesake places for unknown municipality %s", code)
		}
		for _, n := range names {
			p.namesakes[code] = append(p.namesakes[code], textfold.Words(n))
		}
	}
	if err := p.addMunicipalities(g, nf); err != nil {
		return nil, fmt.Errorf("names.yaml: %w", err)
	}
	for _, n := range nf.NotMunicipalities {
		if len(textfold.Words(n)) == 0 {
			return nil, fmt.Errorf("names.yaml: empty entry in not_municipalities")
		}
		p.addAlias(alias{}, n)
	}
	for _, m := range g.Current() {
		if _, ok := p.provinces[m.Province]; !ok {
			name := textfold.Words(m.Province)
			adj := slices.Clone(name)
			adj[len(adj)-1] += "se"
			p.provinces[m.Province] = [][]string{name, adj}
		}
	}
	for w := range p.byWord {
		slices.SortStableFunc(p.byWord[w], func(a, b alias) int { return len(b.words) - len(a.words) })
	}
	return p, nil
}

// addMunicipalities indexes every spelling of every current and former
// municipality. A spelling shared by several municipalities (a bare
// "Bergen") becomes an alias with choices, settled per document by choose.
func (p *places) addMunicipalities(g *gazetteer.Gazetteer, nf namesFile) error {
	for code := range nf.Aliases {
		if _, ok := g.Lookup(code); !ok {
			return fmt.Errorf("alias for unknown municipality %s", code)
		}
	}
	spellings := map[string][]string{} // folded key -> codes
	texts := map[string]string{}       // folded key -> a written form, for capitalisation
	addSpelling := func(code, text string) {
		key := strings.Join(textfold.Words(text), " ")
		if key == "" || slices.Contains(spellings[key], code) {
			return
		}
		spellings[key] = append(spellings[key], code)
		if _, ok := texts[key]; !ok {
			texts[key] = text
		}
	}
	for _, m := range append(g.Current(), g.Former()...) {
		for _, n := range append([]string{m.Name, m.CommonName}, nf.Aliases[m.Code]...) {
			addSpelling(m.Code, n)
			if parts := suffixed.FindStringSubmatch(n); parts != nil {
				base := parts[1]
				addSpelling(m.Code, base)
				addSpelling(m.Code, base+" in "+m.Province)
				addSpelling(m.Code, base+" ("+m.Province+")")
			}
		}
	}
	common := map[string]bool{}
	for _, w := range nf.CommonWords {
		key := strings.Join(textfold.Words(w), " ")
		if len(spellings[key]) != 1 {
			return fmt.Errorf("common word %q is not the name of exactly one municipality", w)
		}
		common[key] = true
	}
	for key, codes := range spellings {
		if len(codes) == 1 {
			p.addAlias(alias{code: codes[0], common: common[key]}, texts[key])
			continue
		}
		// A shared name is treated as a common word too: "bergen" is one.
		slices.Sort(codes)
		p.addAlias(alias{choices: codes, common: true}, texts[key])
	}
	return nil
}

// addAlias indexes a written as text.
func (p *places) addAlias(a alias, text string) {
	for _, t := range tokenize(text) {
		a.words = append(a.words, t.folded)
		a.caps = append(a.caps, a.names() && capitalised(t.raw) && !mayBeLowercase(t.folded))
	}
	p.byWord[a.words[0]] = append(p.byWord[a.words[0]], a)
}

func foldAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = textfold.Word(w)
	}
	return out
}

// mention is a municipality name found in a text.
type mention struct {
	alias
	first, last int // token positions
}

// find returns the municipality names in toks, left to right; the longest
// name starting at a word wins and consumes its words.
func (p *places) find(toks []token) []mention {
	var out []mention
	for i := 0; i < len(toks); {
		a, ok := p.longestAt(toks, i)
		if !ok {
			i++
			continue
		}
		if a.names() {
			out = append(out, mention{alias: a, first: i, last: i + len(a.words) - 1})
		}
		i += len(a.words)
	}
	return out
}

func (p *places) longestAt(toks []token, i int) (alias, bool) {
	for _, a := range p.byWord[toks[i].folded] {
		if i+len(a.words) > len(toks) {
			continue
		}
		ok := true
		for k, w := range a.words {
			t := toks[i+k]
			if t.folded != w || (a.caps[k] && !capitalised(t.raw)) {
				ok = false
				break
			}
		}
		if ok {
			return a, true
		}
	}
	return alias{}, false
}

// choose resolves a name shared by several municipalities ("Bergen") to the
// one the text points at: its province or one of its villages is named, or it
// is itself named unambiguously ("Bergen (L.)"). When none or several
// qualify, it reports false.
func (p *places) choose(g lookup, choices []string, fields []field, named map[string]bool) (string, bool) {
	// A namesake written out unambiguously elsewhere ("Bergen (L)") settles
	// it before any province or village evidence.
	var explicit []string
	for _, code := range choices {
		if named[code] {
			explicit = append(explicit, code)
		}
	}
	if len(explicit) == 1 {
		return explicit[0], true
	}
	var found []string
	for _, code := range choices {
		m, ok := g.Lookup(code)
		if ok && (named[code] || p.mentioned(p.provinces[m.Province], fields) || p.mentioned(p.namesakes[code], fields)) {
			found = append(found, code)
		}
	}
	if len(found) != 1 {
		return "", false
	}
	return found[0], true
}

// mentioned reports whether one of the word sequences occurs in the fields.
func (p *places) mentioned(phrases [][]string, fields []field) bool {
	for _, f := range fields {
		for i := range f.toks {
			for _, ph := range phrases {
				if i+len(ph) <= len(f.toks) && slices.EqualFunc(ph, f.toks[i:i+len(ph)], isWord) {
					return true
				}
			}
		}
	}
	return false
}

// matchWhole returns the municipality a whole tag names, as in "Dalfsen" or
// "Gemeente Dalfsen", ignoring capitalisation.
func (p *places) matchWhole(toks []token) (string, bool) {
	if len(toks) > 1 && slices.Contains(p.gemeenteWords, toks[0].folded) {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return "", false
	}
	for _, a := range p.byWord[toks[0].folded] {
		if a.code == "" || len(a.words) != len(toks) {
			continue
		}
		same := true
		for k, w := range a.words {
			same = same && toks[k].folded == w
		}
		if same {
			return a.code, true
		}
	}
	return "", false
}
