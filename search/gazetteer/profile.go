package gazetteer

import (
	"slices"
	"strconv"
	"strings"

	"github.com/casus-nl/casus/search/textfold"
)

// A profile value describes where and how large a municipality is, in the
// terms a policy advisor searches by: "provincie:drenthe",
// "grootte:klein", "inwoners:35000" (bands.go). Cases are indexed under the
// profile values of their municipalities, and a query naming a province
// ("Drentse gemeenten"), a size ("een kleine gemeente") or a number of
// inhabitants ("minder dan 25.000 inwoners") raises the cases with that
// value or in that range.
const (
	provincePrefix = "provincie:"
	sizePrefix     = "grootte:"
)

// CollaborationValue is the profile value of a case about two or more
// municipalities: work they did together, which a question about
// neighbouring municipalities ("met de buurgemeenten", "een gemeenschappelijke
// regeling") asks for.
const CollaborationValue = "samenwerking:gemeenten"

// collaborationMin is how many municipalities make a case one of
// collaboration.
const collaborationMin = 2

// collaborationWords are the phrases that ask for work municipalities did
// together.
var collaborationWords = []string{
	"buurgemeente", "buurgemeenten", "regiogemeente", "regiogemeenten",
	"omliggende gemeenten", "omringende gemeenten", "andere gemeenten in de regio",
	"met andere gemeenten", "samenwerkende gemeenten", "meerdere gemeenten",
	"intergemeentelijk", "intergemeentelijke", "intergemeentelijke samenwerking",
	"gemeenschappelijke regeling", "regionaal", "regionale", "regionale samenwerking",
	"in de regio samen", "samen in de regio", "samenwerken in de regio",
	"samen inkopen", "samen ingekocht", "gezamenlijk inkopen", "gezamenlijk ingekocht",
	"gezamenlijke inkoop",
}

// Size groups of profile values, by population: the CBS classes below
// 20,000, from 20,000 to 100,000, and from 100,000.
const (
	SizeSmall  = "klein"
	SizeMedium = "middelgroot"
	SizeLarge  = "groot"
	// smallBelow and largeFrom are the population bounds of the groups.
	smallBelow = 20_000
	largeFrom  = 100_000
)

// SizeGroup returns the size group of a population; "" for 0 or less.
func SizeGroup(population int) string {
	switch {
	case population <= 0:
		return ""
	case population < smallBelow:
		return SizeSmall
	case population < largeFrom:
		return SizeMedium
	}
	return SizeLarge
}

// ProvinceValue is the profile value of a province name ("Noord-Brabant"
// → "provincie:noord-brabant").
func ProvinceValue(province string) string {
	return provincePrefix + strings.Join(textfold.Words(province), "-")
}

// SizeValue is the profile value of a size group.
func SizeValue(group string) string { return sizePrefix + group }

// Profile returns the profile values of the municipalities codes (current
// or former, each as it was: a case about Weesp in 2016 is about a small
// municipality; its region is that of the municipality it went into); with
// no codes, the size value of population, the size a page states without
// naming its municipality; and CollaborationValue for a case about two or
// more municipalities. Unknown codes add nothing.
func (g *Gazetteer) Profile(codes []string, population int) []string {
	var out []string
	add := func(v string) {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	for _, c := range codes {
		m, ok := g.byCode[c]
		if !ok {
			continue
		}
		add(ProvinceValue(m.Province))
		for _, r := range g.regionsOf(c) {
			add(RegionValue(r))
		}
		if s := SizeGroup(m.Population); s != "" {
			add(SizeValue(s))
			add(PopulationValue(m.Population))
		}
	}
	known := map[string]bool{}
	for _, c := range codes {
		if _, ok := g.byCode[c]; ok {
			known[c] = true
		}
	}
	if len(known) >= collaborationMin {
		add(CollaborationValue)
	}
	if len(codes) == 0 {
		if s := SizeGroup(population); s != "" {
			add(SizeValue(s))
			add(PopulationValue(population))
		}
	}
	return out
}

// profilePhrase is a phrase of folded words that names a profile value.
type profilePhrase struct {
	words []string
	value string
}

// provinceWords are the everyday names and adjectives of the provinces and
// of the regions people name instead; the provinces' own names come from
// the municipality table. A name a municipality also has is left to the
// municipality ("Groningen", "Utrecht") unless "provincie" precedes it.
var provinceWords = map[string][]string{
	"Drenthe":       {"drents", "drentse"},
	"Flevoland":     {"flevolands", "flevolandse"},
	"Friesland":     {"fryslan", "fries", "friese"},
	"Gelderland":    {"gelders", "gelderse"},
	"Groningen":     {"gronings", "groningse"},
	"Limburg":       {"limburgs", "limburgse"},
	"Noord-Brabant": {"brabant", "brabants", "brabantse", "noord brabants", "noord brabantse"},
	"Noord-Holland": {"noord hollands", "noord hollandse"},
	"Overijssel":    {"overijssels", "overijsselse"},
	"Utrecht":       {"utrechts", "utrechtse"},
	"Zeeland":       {"zeeuws", "zeeuwse"},
	"Zuid-Holland":  {"zuid hollands", "zuid hollandse"},
}

// regionWords are the everyday names and adjectives of COROP regions,
// beside their CBS names ("Het Gooi en Vechtstreek") that come from the
// place table.
var regionWords = map[string][]string{
	"Twente":                              {"twents", "twentse"},
	"Achterhoek":                          {"achterhoeks", "achterhoekse"},
	"Veluwe":                              {"veluws", "veluwse"},
	"Het Gooi en Vechtstreek":             {"het gooi", "gooi en vechtstreek", "regio gooi en vechtstreek"},
	"Zuid-Limburg":                        {"zuid limburgs", "zuid limburgse"},
	"Midden-Limburg":                      {"midden limburgs", "midden limburgse"},
	"Noord-Limburg":                       {"noord limburgs", "noord limburgse"},
	"Groot-Rijnmond":                      {"rijnmond", "regio rijnmond"},
	"Zeeuwsch-Vlaanderen":                 {"zeeuws vlaanderen", "zeeuws vlaamse"},
	"West-Noord-Brabant":                  {"west brabant", "west brabants", "west brabantse"},
	"Midden-Noord-Brabant":                {"midden brabant", "hart van brabant"},
	"Noordoost-Noord-Brabant":             {"noordoost brabant"},
	"Zuidoost-Noord-Brabant":              {"zuidoost brabant"},
	"Agglomeratie Leiden en Bollenstreek": {"bollenstreek", "duin en bollenstreek"},
	"Kop van Noord-Holland":               {"west friesland", "westfriese"},
}

// regionPhrase is the word before a region's name that names it in any
// case ("regio Utrecht").
const regionPhrase = "regio"

// regionCores returns the towns a COROP region is named after, which after
// regionPhrase name the region: "regio Alkmaar" for "Alkmaar en omgeving",
// "regio Haarlem" for "Agglomeratie Haarlem", "regio Leiden" for
// "Agglomeratie Leiden en Bollenstreek", "regio Arnhem" and "regio Nijmegen"
// for "Arnhem/Nijmegen".
func regionCores(region string) []string {
	switch {
	case strings.HasSuffix(region, " en omgeving"):
		return []string{strings.TrimSuffix(region, " en omgeving")}
	case strings.HasPrefix(region, "Agglomeratie "):
		core, _, _ := strings.Cut(strings.TrimPrefix(region, "Agglomeratie "), " en ")
		return []string{core}
	case strings.HasPrefix(region, "Groot-"):
		return []string{strings.TrimPrefix(region, "Groot-")}
	case strings.Contains(region, "/"):
		return strings.Split(region, "/")
	}
	return nil
}

// sizeWords are the phrases naming a size group.
var sizeWords = map[string][]string{
	SizeSmall: {"kleine gemeente", "kleine gemeenten", "kleinere gemeente", "kleinere gemeenten",
		"plattelandsgemeente", "plattelandsgemeenten", "kleine plattelandsgemeente", "kleine plattelandsgemeenten"},
	SizeMedium: {"middelgrote gemeente", "middelgrote gemeenten", "middelgrote stad", "middelgrote steden"},
	SizeLarge: {"grote gemeente", "grote gemeenten", "grotere gemeente", "grotere gemeenten", "grote stad",
		"grote steden", "grotere steden"},
}

// newProfilePhrases compiles the phrases that name a province, a region, a
// size or a place, by first word, longest first.
func newProfilePhrases(current []Municipality, names nameIndex, pl places) map[string][]profilePhrase {
	out := map[string][]profilePhrase{}
	add := func(text, value string) {
		words := textfold.Words(text)
		p := profilePhrase{words: words, value: value}
		if !slices.ContainsFunc(out[words[0]], func(q profilePhrase) bool { return q.value == value && slices.Equal(q.words, words) }) {
			out[words[0]] = append(out[words[0]], p)
		}
	}
	// isName reports whether text is a municipality's name ("Groningen",
	// "Utrecht"), which names the municipality rather than the province or
	// region.
	isName := func(text string) bool {
		words := textfold.Words(text)
		n, ok := names.longestAt(words, 0)
		return ok && len(n.words) == len(words)
	}
	provinces := map[string]bool{}
	for _, m := range current {
		provinces[m.Province] = true
	}
	for p := range provinces {
		v := ProvinceValue(p)
		add("provincie "+p, v)
		if !isName(p) {
			add(p, v)
		}
		for _, w := range provinceWords[p] {
			add(w, v)
		}
	}
	regions := map[string]bool{}
	for _, r := range pl.region {
		regions[r] = true
	}
	for r := range regions {
		v := RegionValue(r)
		if strings.HasPrefix(r, "Overig ") {
			continue
		}
		add(regionPhrase+" "+r, v)
		if !isName(r) && !provinces[r] {
			add(r, v)
		}
		for _, w := range regionWords[r] {
			add(w, v)
		}
		for _, c := range regionCores(r) {
			add(regionPhrase+" "+c, v)
		}
	}
	for _, ph := range collaborationWords {
		add(ph, CollaborationValue)
	}
	for group, phrases := range sizeWords {
		for _, ph := range phrases {
			add(ph, SizeValue(group))
		}
	}
	for name, code := range pl.municipality {
		words := strings.Fields(name)
		if !slices.ContainsFunc(out[words[0]], func(p profilePhrase) bool { return slices.Equal(p.words, words) }) {
			add(name, municipalityPrefix+code)
		}
	}
	for w, ps := range out {
		slices.SortFunc(ps, func(a, b profilePhrase) int {
			if len(a.words) != len(b.words) {
				return len(b.words) - len(a.words)
			}
			return strings.Compare(strings.Join(a.words, " "), strings.Join(b.words, " "))
		})
		out[w] = ps
	}
	return out
}

// NamedProfiles returns, for each term of a query, the profile value it
// names or helps name ("Drentse", "provincie Utrecht", "regio Twente",
// "kleine gemeente", "30.000 inwoners"), or the municipality of a place it
// names ("Emmeloord"; see MunicipalityOfPlace), "" for none; a phrase counts only when it covers
// whole terms. Terms are the words and phrases as typed; case, diacritics
// and hyphens are ignored.
func (g *Gazetteer) NamedProfiles(terms []string) []string {
	named := make([]string, len(terms))
	var words []string
	var termOf []int     // the term of each word
	var termStart []bool // whether the word starts its term
	for t, text := range terms {
		for k, w := range textfold.Words(text) {
			words = append(words, w)
			termOf = append(termOf, t)
			termStart = append(termStart, k == 0)
		}
	}
	wholeTerms := func(i, n int) bool {
		return termStart[i] && (i+n == len(words) || termStart[i+n])
	}
	add := func(v string, i, n int) {
		for k := i; k < i+n; k++ {
			named[termOf[k]] = v
		}
	}
	for i := 0; i < len(words); {
		if v, n := populationAt(words, i); n > 0 && wholeTerms(i, n) {
			add(v, i, n)
			i += n
			continue
		}
		n := 0
		for _, p := range g.profiles[words[i]] {
			if i+len(p.words) <= len(words) && slices.Equal(p.words, words[i:i+len(p.words)]) && wholeTerms(i, len(p.words)) {
				add(p.value, i, len(p.words))
				n = len(p.words)
				break
			}
		}
		i += max(n, 1)
	}
	return named
}

// populationAt reads "30.000 inwoners" (or "30000 inwoners"), optionally
// after a comparison ("minder dan 20.000 inwoners", "meer dan 100.000
// inwoners"), or a range ("tussen de 50.000 en 100.000 inwoners"), at word
// i: the population range it names and the words it spans, or 0 words. A
// number alone names the sizes around it, from two thirds to one and a
// half times it.
func populationAt(words []string, i int) (string, int) {
	if v, n := populationRangeAt(words, i); n > 0 {
		return v, n
	}
	around := phraseAt(words, i, aroundWords)
	below, above := 0, 0
	if around == 0 {
		below = phraseAt(words, i, belowWords)
	}
	if around == 0 && below == 0 {
		above = phraseAt(words, i, aboveWords)
	}
	v, n := numberOfInhabitants(words, i+below+above+around)
	if n == 0 {
		return "", 0
	}
	population, _ := strconv.Atoi(v)
	switch {
	case population <= 0:
		return "", 0
	case below > 0:
		return populationRange(0, population), below + n
	case above > 0:
		return populationRange(population, 0), above + n
	}
	return populationRange(population*2/3, population*3/2), around + n
}

// populationRangeAt reads a range of inhabitants at word i: "tussen (de)
// 50.000 en 100.000 inwoners", "(van) 20.000 tot 25.000 inwoners", "20.000 à
// 25.000 inwoners" or "20.000-25.000 inwoners": the range (the upper bound
// not included) and the words it spans, or 0 words.
func populationRangeAt(words []string, i int) (string, int) {
	j := i
	between := j < len(words) && words[j] == "tussen"
	if between {
		j++
		if j < len(words) && words[j] == "de" {
			j++
		}
	} else if j < len(words) && words[j] == "van" {
		j++
	}
	low, n := numberAt(words, j)
	if n == 0 || j+n >= len(words) {
		return "", 0
	}
	k := j + n
	switch w := words[k]; {
	case between && w == "en", !between && (w == "tot" || w == "a"):
		k++
	case between || !isDigits(w):
		return "", 0
	}
	high, m := numberOfInhabitants(words, k)
	if m == 0 {
		return "", 0
	}
	a, _ := strconv.Atoi(low)
	b, _ := strconv.Atoi(high)
	if b <= a {
		return "", 0
	}
	return populationRange(a, b), k + m - i
}

// phraseAt returns the length of the first of phrases that words hold at
// i with a word after it, 0 for none.
func phraseAt(words []string, i int, phrases [][]string) int {
	for _, c := range phrases {
		if i+len(c) < len(words) && slices.Equal(c, words[i:i+len(c)]) {
			return len(c)
		}
	}
	return 0
}

// belowWords and aboveWords are the comparisons before a number of
// inhabitants that put the size below or from it; aroundWords leave it
// around the number ("rond de 45.000 inwoners", "zo'n 30.000 inwoners") and
// belong to the phrase, so they are not searched as words.
var (
	belowWords  = [][]string{{"minder", "dan"}, {"kleiner", "dan"}, {"onder", "de"}, {"tot"}, {"max"}, {"maximaal"}}
	aboveWords  = [][]string{{"meer", "dan"}, {"groter", "dan"}, {"boven", "de"}, {"vanaf"}, {"minstens"}, {"minimaal"}}
	aroundWords = [][]string{{"rond", "de"}, {"rond"}, {"ongeveer"}, {"circa"}, {"ca"}, {"zo", "n"}, {"zon"},
		{"ruim"}, {"bijna"}, {"om", "en", "nabij"}, {"plusminus"}}
)

// numberOfInhabitants reads "30.000 inwoners" at word i: the number as
// digits and the words it spans, or 0 words.
func numberOfInhabitants(words []string, i int) (string, int) {
	digits, n := numberAt(words, i)
	if n == 0 || i+n >= len(words) || words[i+n] != "inwoners" {
		return "", 0
	}
	return digits, n + 1
}

// numberAt reads a number written in groups of three digits ("30.000" is
// the words "30" and "000") at word i: the digits and the words they span,
// or 0 words for none or one longer than maxPopulationDigits.
func numberAt(words []string, i int) (string, int) {
	n := 0
	digits := ""
	for j := i; j < len(words) && isDigits(words[j]); j++ {
		if j > i && len(words[j]) != 3 {
			break
		}
		digits += words[j]
		n++
	}
	if n == 0 || len(digits) > maxPopulationDigits {
		return "", 0
	}
	return digits, n
}

// maxPopulationDigits bounds the number read as a population: no Dutch
// municipality has ten million inhabitants.
const maxPopulationDigits = 7

func isDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}
