package search

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
)

// term is one unit of the user's query: a word or a quoted phrase.
type term struct {
	text   string
	phrase bool
	// member marks words the user typed apart that make up a synonym
	// ("sociaal team"): one phrase term for the synonyms, whose own words
	// need not stand together.
	member bool
	// profile is the profile value the term names ("Drentse" →
	// "provincie:drenthe"), matched beside its words; see profileTerms.
	profile string
	// domain is the domain the term names by its label ("sociaal domein"
	// → "sociaal"), matched beside its words; see domainTerms.
	domain string
}

// parsedText is the user's query split into its parts (README, "The API in
// brief": words, "phrases", -exclusions and OR): every group must match,
// where a group is one term or terms joined by OR, and no excluded term may
// match.
type parsedText struct {
	groups   [][]term
	excluded []term
}

// orOperator joins the terms on either side into a disjunction. Only the
// upper-case form is an operator, so the word "or" in a title still counts.
const orOperator = "OR"

// parseText splits q into words, "quoted phrases" (an unclosed quote runs to
// the end), -excluded terms and OR groups. An OR without a term on both sides
// is ignored.
func parseText(q string) parsedText {
	var p parsedText
	afterGroup := false // the last token was a positive term
	joinNext := false   // the last token was an OR after a positive term
	for rest := strings.TrimSpace(q); rest != ""; rest = strings.TrimLeftFunc(rest, unicode.IsSpace) {
		negate := false
		if r, _ := utf8.DecodeRuneInString(rest[1:]); rest[0] == '-' && len(rest) > 1 && !unicode.IsSpace(r) {
			negate = true
			rest = rest[1:]
		}
		var t term
		t, rest = nextTerm(rest)
		switch {
		case t.text == "" || negate:
			if t.text != "" {
				p.excluded = append(p.excluded, t)
			}
			afterGroup, joinNext = false, false
		case !t.phrase && t.text == orOperator:
			joinNext, afterGroup = afterGroup, false
		case joinNext:
			last := len(p.groups) - 1
			p.groups[last] = append(p.groups[last], t)
			afterGroup, joinNext = true, false
		default:
			p.groups = append(p.groups, []term{t})
			afterGroup = true
		}
	}
	return p
}

// nextTerm reads one word or quoted phrase from the start of s and returns it
// with the remaining text.
func nextTerm(s string) (term, string) {
	if s[0] == '"' {
		s = s[1:]
		end := strings.IndexByte(s, '"')
		if end < 0 {
			return term{text: strings.TrimSpace(s), phrase: true}, ""
		}
		return term{text: strings.TrimSpace(s[:end]), phrase: true}, s[end+1:]
	}
	end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
	if end < 0 {
		end = len(s)
	}
	// end > 0: s starts with neither a space (the caller trims them) nor a
	// quote (handled above), so every call consumes input.
	return term{text: s[:end]}, s[end:]
}

// Weights of the ways a query word can match, relative to an exact match
// in the body (1). Every expansion weighs less than the exact word, so a
// document with the word itself ranks above one with only a part, synonym or
// near spelling of it.
const (
	// partsBoost weighs a match on a part of a compound ("zorg" in
	// "jeugdzorg").
	partsBoost = 0.25
	// splitBoost weighs the parts of a compound query word found apart
	// ("jeugdzorg" in "zorg voor de jeugd").
	splitBoost = 0.3
	// synonymBoost weighs a synonym or abbreviation ("jeugdhulp" for
	// "jeugdzorg").
	synonymBoost = 0.6
	// everydayBoost weighs the field's word for an everyday one
	// ("schuldhulp" for "geldzorgen"): a hint of what is meant.
	everydayBoost = 0.4
	// headBoost weighs a compound that an unknown query word opens
	// ("parkstad" in "Parkstadgemeenten"): the word itself, in a longer one.
	headBoost = 1.0
	// fuzzyBoost weighs a word one or two edits away.
	fuzzyBoost = 0.2
	// correctionBoost weighs the closest known word, with its expansions,
	// for a query word the index has never seen.
	correctionBoost = 0.8
	// pairBoost weighs two query words standing together near the start of
	// a document (nearPairsBytes), apart from stop words.
	pairBoost = 1.0
	// facetBoost weighs a document carrying a theme the query names.
	facetBoost = 0.6
	// placeBoost weighs a document of a municipality the query names: a
	// visitor who names a place wants its cases before those elsewhere that
	// share more words. Three to five times facetBoost did best on the
	// tuning halves of the questions; this is three.
	placeBoost = 1.8
	// profileBoost weighs a case whose municipality has the province or
	// size a query term names ("Drentse", "een kleine gemeente") against
	// one whose text has the term's words.
	profileBoost = 1.2
	// domainBoost weighs a case of the domain a query names by its label;
	// domainWordShare weighs the label's words, which pages about anything
	// in the domain repeat ("sociaal domein"), against that: within 0.002
	// of the best of 0–1 on the tuning halves of the questions, with the
	// higher MRR.
	domainBoost     = 1.0
	domainWordShare = 0.25
	// successorShare is the share of placeBoost that the cases of a named
	// former municipality's successors get.
	successorShare = 0.5
	// themeBoost weighs a case of the one theme a query word names.
	themeBoost = 2.0
	// recencyBoost weighs a case from the last recencyYears calendar years
	// (this one included): mild, so it orders cases of similar relevance
	// rather than beating relevance. It is added apart from the other
	// boosts (textQuery.recency), so it does not multiply them.
	recencyBoost = 0.05
	recencyYears = 3
)

// Typo tolerance (README, "Dutch relevance"): one edit from fuzzyMinRunes
// letters, two from fuzzyTwoEditRunes; at most maxFuzzyExpansions index
// words per query word, the most frequent, so a query never explodes.
const (
	fuzzyMinRunes      = 5
	fuzzyTwoEditRunes  = 9
	maxFuzzyExpansions = 8
	// fuzzyPrefix is how many leading characters a near spelling must share:
	// people rarely mistype the first letter, and it keeps expansion cheap.
	fuzzyPrefix = 1
	// maxTypoWords is how many words of a query get typo tolerance; each
	// costs a dictionary scan.
	maxTypoWords = 8
)

// Compound heads: an unknown query word of minHeadRunes or more letters
// matches at most maxHeadExpansions index words it opens, the most frequent.
const (
	minHeadRunes      = 5
	maxHeadExpansions = 8
)

// textQuery is the user's words as bleve clauses, with the terms that analyse
// to nothing (stop words such as "de", "van") already dropped.
type textQuery struct {
	groups   []query.Query // each must match (strict) or any may (relaxed)
	terms    []query.Query // every positive term, for any-word matching
	excluded []query.Query
	// boosts score without restricting: words together, named
	// municipalities and themes. bleve scales the sum of the optional
	// clauses a document matches by the share it matches.
	boosts []query.Query
	// recency lifts recent cases, on top of the rest of the score: among
	// the boosts, a recent case would get every other boost it matched
	// multiplied by the larger share; nil when switched off.
	recency query.Query
	// partsOnly are the words the index knows only through their parts
	// (Result.PartsOnly).
	partsOnly []string
	// question marks a query phrased as a question ("hoe verminder je
	// wachtlijsten in de jeugdzorg"): most of its words must match, not
	// all, since a question names its subject in more words than a page.
	question bool
	// partsFill marks a question about one compound ("wie heeft ervaring
	// met dorpsgesprekken?"), whose terms then hold any of its parts too:
	// its few cases are followed by those with a part.
	partsFill bool
}

// questionShare is the share of a question's words that must match.
const questionShare = 1.0 / 3

// buildText turns parsed text into clauses, analysing each term with the
// index analyzer to drop those that would otherwise match nothing. v reads
// the index vocabulary for typo tolerance and fixes are the corrections of
// unknown words; both may be nil.
func (ix *Index) buildText(p parsedText, v *vocab, fixes []correction) textQuery {
	var tq textQuery
	p = ix.profileTerms(p, fixes)
	p = ix.domainTerms(p, fixes)
	before := len(p.groups)
	p = ix.dropQuestionWords(p)
	tq.question = len(p.groups) < before
	p = ix.joinSynonymPhrases(p)
	var words []string
	var plain []string // the words typed alone that match something
	typoChecked := 0
	for _, g := range p.groups {
		var alts []query.Query
		for _, t := range g {
			// Near spellings are looked up in the dictionary for the first
			// maxTypoWords words only, so a long query stays cheap.
			tv := v
			if typoChecked++; typoChecked > maxTypoWords {
				tv = nil
			}
			if q := ix.themeQuery(t, tq.question, fixes, profileQuery(t, ix.termQuery(t, tv, fixes))); q != nil {
				alts = append(alts, q)
			}
		}
		if len(g) == 1 && len(alts) == 1 && ix.partsOnly(g[0], v, fixes) {
			tq.partsOnly = append(tq.partsOnly, g[0].text)
		}
		switch len(alts) {
		case 0:
		case 1:
			tq.groups = append(tq.groups, alts[0])
		default:
			tq.groups = append(tq.groups, query.NewDisjunctionQuery(alts))
		}
		tq.terms = append(tq.terms, alts...)
		if len(g) == 1 && len(alts) == 1 && !g[0].phrase {
			plain = append(plain, g[0].text)
		}
		if len(g) == 1 {
			words = append(words, g[0].text)
		}
	}
	if tq.question && len(tq.groups) == 1 && len(plain) == 1 && !ix.opts.Disable.Compounds {
		if split := ix.splitQuery(plain[0], true); split != nil {
			tq.terms = append(tq.terms, split)
			tq.partsFill = true
		}
	}
	for _, t := range p.excluded {
		if q := ix.exactQuery(t); q != nil {
			tq.excluded = append(tq.excluded, q)
			if !ix.opts.Disable.Compounds && !t.phrase {
				// "-inkoop" leaves out "zorginkoop" too.
				tq.excluded = append(tq.excluded, ix.matchFields(t.text, partFields[:], 1, false))
			}
		}
	}
	if len(tq.terms) > 0 {
		tq.boosts = ix.boosts(strings.Join(words, " "))
		tq.recency = ix.recency()
	}
	return tq
}

// profileTerms joins the single-word groups that name a province or a size
// ("Drentse", "kleine gemeente", "30.000 inwoners") into one term carrying
// its profile value: a case in Drenthe seldom says "Drentse", so the term
// matches the cases of the profile as well as its words (profileQuery). A
// misspelt word names what its correction (fixes) names.
func (ix *Index) profileTerms(p parsedText, fixes []correction) parsedText {
	if ix.opts.Municipalities == nil || ix.opts.Disable.FacetBoost {
		return p
	}
	return ix.joinNamed(p, fixes, ix.opts.Municipalities.NamedProfiles, func(t *term, value string) { t.profile = value })
}

// domainTerms joins the single-word groups that name a domain by its label
// ("sociaal domein") into one term carrying the domain: nearly every case of
// the domain is about it, whether or not its text says so, so the term
// matches the cases of the domain as well as its words (profileQuery). A
// misspelt word names what its correction (fixes) names ("sociaal domien").
func (ix *Index) domainTerms(p parsedText, fixes []correction) parsedText {
	if ix.opts.Taxonomy == nil || ix.opts.Disable.FacetBoost {
		return p
	}
	return ix.joinNamed(p, fixes, ix.opts.Taxonomy.NamedDomains, func(t *term, value string) { t.domain = value })
}

// joinNamed joins each run of neighbouring plain single-word groups to
// which name gives the same value (one per word, "" for none) into one
// term, which set marks with the value. A misspelt word counts as its
// correction (fixes), in what it names and in the joined term: "sociaal
// domien" is the term "sociaal domein".
func (ix *Index) joinNamed(p parsedText, fixes []correction, name func(words []string) []string, set func(t *term, value string)) parsedText {
	fix := func(word string) string {
		if fixed, ok := fixFor(fixes, word); ok && !ix.opts.Disable.Fuzzy {
			return fixed
		}
		return word
	}
	var texts []string
	var at []int // the group of each text
	for i, g := range p.groups {
		if len(g) == 1 && !g[0].phrase && g[0].profile == "" && g[0].domain == "" {
			texts = append(texts, fix(g[0].text))
			at = append(at, i)
		}
	}
	value := make([]string, len(p.groups))
	for k, v := range name(texts) {
		value[at[k]] = v
	}
	var groups [][]term
	for i := 0; i < len(p.groups); {
		if value[i] == "" {
			groups = append(groups, p.groups[i])
			i++
			continue
		}
		words := []string{fix(p.groups[i][0].text)}
		end := i + 1
		for ; end < len(p.groups) && value[end] == value[i]; end++ {
			words = append(words, fix(p.groups[end][0].text))
		}
		t := term{text: strings.Join(words, " "), phrase: len(words) > 1}
		set(&t, value[i])
		groups = append(groups, []term{t})
		i = end
	}
	p.groups = groups
	return p
}

// profileQuery matches a term that names a profile value or a domain on
// that value as well as on its words (q, nil when they analyse to nothing;
// changed in place); a term naming a place matches the cases of its
// municipality.
func profileQuery(t term, q query.Query) query.Query {
	var named query.Query
	switch {
	case t.domain != "":
		named = boostedTerm(fieldDomain, t.domain, domainBoost)
		if q != nil {
			q = boosted(q, domainWordShare)
		}
	case gazetteer.IsPopulationRange(t.profile):
		named = populationQuery(t.profile)
	case t.profile != "":
		field, value := profileField(t.profile), t.profile
		if code, ok := gazetteer.MunicipalityOfPlace(t.profile); ok {
			field, value = fieldMunicipality, code
		}
		named = boostedTerm(field, value, profileBoost)
	default:
		return q
	}
	switch {
	case named == nil:
		return q
	case q == nil:
		return named
	}
	return query.NewDisjunctionQuery([]query.Query{q, named})
}

// themeQuery matches a term that names one theme by a strong term of it
// ("jeugdzorg", "wijkteams", "werk en inkomen") on the cases of that theme
// as well as on q, its words: a case about youth care need not use the
// query's word for it. In a question, which names its subject in everyday
// words, a medium term names the theme too ("begeleiding", "bijstand"); in a
// query of words, a typo names the theme of its correction ("jeugzorg"). A
// phrase the user quoted keeps to its words.
func (ix *Index) themeQuery(t term, question bool, fixes []correction, q query.Query) query.Query {
	if q == nil || ix.opts.Taxonomy == nil || ix.opts.Disable.FacetBoost ||
		t.phrase && !t.member || t.profile != "" || t.domain != "" {
		return q
	}
	named := ix.opts.Taxonomy.NamedThemes
	if question {
		named = ix.opts.Taxonomy.MentionedThemes
	}
	text := t.text
	if fixed, ok := fixFor(fixes, t.text); ok && !ix.opts.Disable.Fuzzy && (!question || ix.synonymSpelling(fixed)) {
		text = fixed
	}
	themes := named(text)
	if len(themes) == 0 && !ix.opts.Disable.Synonyms {
		themes = ix.everydayThemes(text, named)
	}
	if len(themes) != 1 {
		return q
	}
	return query.NewDisjunctionQuery([]query.Query{q, boostedTerm(fieldTheme, themes[0], themeBoost)})
}

// synonymSpelling reports whether word is one of the synonyms' single words
// as the spelling analyzer gives them.
func (ix *Index) synonymSpelling(word string) bool {
	_, ok := slices.BinarySearch(ix.synonymSpellings(), word)
	return ok
}

// everydayThemes returns the themes the field's words for an everyday word
// name ("deurwaarder" → schuldhulp → schulden), each once.
func (ix *Index) everydayThemes(text string, named func(string) []string) []string {
	var themes []string
	for _, w := range ix.synonymTable().related(ix.opts.Synonyms, analysedTerms(ix.analyzer, text)) {
		for _, th := range named(w) {
			if !slices.Contains(themes, th) {
				themes = append(themes, th)
			}
		}
	}
	return themes
}

// populationQuery matches the cases whose municipalities' populations lie
// in a range of inhabitants a query named ("minder dan 25.000 inwoners"),
// through the population bands the cases are indexed under; nil for a
// range no band lies in. A case is in one band, and bleve scores a match
// on one of n alternatives at 1/n, so each band weighs n times profileBoost:
// a case in the range weighs as much as one with a named province.
func populationQuery(value string) query.Query {
	bands := gazetteer.PopulationBands(value)
	if len(bands) == 0 {
		return nil
	}
	alts := make([]query.Query, len(bands))
	for i, b := range bands {
		alts[i] = boostedTerm(fieldProfile, b, profileBoost*float64(len(bands)))
	}
	return query.NewDisjunctionQuery(alts)
}

// profileField is the field that holds a profile value.
func profileField(value string) string {
	if gazetteer.IsRegion(value) {
		return fieldRegion
	}
	return fieldProfile
}

// dropQuestionWords removes the single words and phrases that only phrase
// a question ("hoe", "kun je", "ik werk bij"), unless nothing else would be
// left.
func (ix *Index) dropQuestionWords(p parsedText) parsedText {
	if ix.opts.Synonyms == nil {
		return p
	}
	plain := func(g []term) bool { return len(g) == 1 && !g[0].phrase && g[0].profile == "" && g[0].domain == "" }
	words := make([]string, len(p.groups)) // "" for a group that is no plain word
	for i, g := range p.groups {
		if plain(g) {
			words[i] = g[0].text
		}
	}
	var kept [][]term
	for i := 0; i < len(p.groups); i++ {
		// A question phrase opens the question ("ik werk bij een kleine
		// gemeente; …"): later, "ik werk bij" may ask for work ("hoe vind
		// ik werk bij een werkgever").
		if n := ix.opts.Synonyms.questionPhraseAt(words, i); i == 0 && n > 0 {
			i += n - 1
			continue
		}
		if plain(p.groups[i]) && ix.opts.Synonyms.isQuestionWord(words[i]) {
			continue
		}
		kept = append(kept, p.groups[i])
	}
	if len(kept) == 0 {
		return p
	}
	p.groups = kept
	return p
}

// joinSynonymPhrases merges neighbouring single-word groups that together
// form a multi-word synonym ("sociaal team", "werk en inkomen") into one
// phrase term, so the phrase and its synonyms are matched as a whole.
func (ix *Index) joinSynonymPhrases(p parsedText) parsedText {
	if ix.opts.Disable.Synonyms || ix.opts.Synonyms == nil {
		return p
	}
	table := ix.synonymTable()
	// words[k] are the analysed terms of group k when it is one plain word;
	// nil otherwise, which ends a run.
	words := make([][]string, len(p.groups))
	for k, g := range p.groups {
		if len(g) == 1 && !g[0].phrase {
			words[k] = analysedTerms(ix.analyzer, g[0].text)
		}
	}
	out := p
	out.groups = nil
	for i := 0; i < len(p.groups); {
		var terms []string
		k := i
		for ; k < len(p.groups) && k-i < maxSynonymWords && words[k] != nil; k++ {
			terms = append(terms, words[k]...)
		}
		n := 0
		if k-i >= 2 {
			n = spanWords(words[i:k], table.longest(terms))
		}
		if n < 2 {
			out.groups = append(out.groups, p.groups[i])
			i++
			continue
		}
		texts := make([]string, 0, n)
		for _, g := range p.groups[i : i+n] {
			texts = append(texts, g[0].text)
		}
		out.groups = append(out.groups, []term{{text: strings.Join(texts, " "), phrase: true, member: true}})
		i += n
	}
	return out
}

// spanWords returns how many words (given as their analysed terms) make up
// the first terms terms, or 0 when they do not end on a word boundary.
func spanWords(words [][]string, terms int) int {
	if terms == 0 {
		return 0
	}
	seen := 0
	for k, w := range words {
		seen += len(w)
		if seen == terms {
			return k + 1
		}
		if seen > terms {
			return 0
		}
	}
	return 0
}

// fieldBoost is a field of the Dutch text with its weight.
type fieldBoost struct {
	name  string
	boost float64
}

var (
	// textFields are the fields of exact matches: a title match weighs
	// titleBoost body matches.
	textFields = [...]fieldBoost{{fieldTitle, titleBoost}, {fieldBody, 1}, {fieldHeadings, headingBoost}}
	// partFields are the compound-part fields, weighted like their text.
	partFields = [...]fieldBoost{{fieldTitleParts, titleBoost}, {fieldBodyParts, 1}}
)

// termQuery matches t exactly or through its expansions (compound parts,
// synonyms, near spellings), in title or body; nil when t analyses to no
// tokens. The exact match and the expansions are two clauses of one
// disjunction, so a document with both scores highest.
func (ix *Index) termQuery(t term, v *vocab, fixes []correction) query.Query {
	terms := analysedTerms(ix.analyzer, t.text)
	if len(terms) == 0 {
		return nil
	}
	exact := ix.matchFields(t.text, textFields[:], 1, t.phrase && !t.member)
	var expansions []query.Query
	off := ix.opts.Disable
	unknown := !t.phrase && v != nil && !known(terms, v)
	// A word in many cases is spelled right, and its exact matches fill
	// the first pages: near spellings and its parts found apart, each a
	// fraction of a match, would only add cases behind them, at the cost of
	// many more term lookups.
	common := !t.phrase && v != nil && len(terms) == 1 && docsWith(terms[0], v) >= commonWordDocs
	if !off.Compounds && !t.phrase {
		expansions = append(expansions, ix.matchFields(t.text, partFields[:], partsBoost, false))
		if !common {
			if split := ix.splitQuery(t.text, unknown); split != nil {
				expansions = append(expansions, split)
			}
		}
	}
	if !off.Compounds && unknown {
		// No case holds the word itself, so the compounds it opens stand
		// in for its exact match.
		if hq := headQuery(terms, v); hq != nil {
			exact = hq
		}
	}
	if !off.Synonyms {
		expansions = append(expansions, ix.synonymQueries(terms)...)
	}
	if !off.Fuzzy && !t.phrase && v != nil && !common {
		if fq := fuzzyQuery(terms, v); fq != nil {
			expansions = append(expansions, fq)
		}
		// A word the index has never seen is most likely a typo: the
		// closest known word counts, with all its expansions, nearly as
		// much as the word itself would.
		if fixed, ok := fixFor(fixes, t.text); ok && unknown && allowedEdits(t.text) > 0 {
			if q := ix.termQuery(term{text: fixed}, nil, nil); q != nil {
				expansions = append(expansions, boosted(q, correctionBoost))
			}
		}
	}
	if len(expansions) == 0 {
		return exact
	}
	return query.NewDisjunctionQuery([]query.Query{exact, query.NewDisjunctionQuery(expansions)})
}

// exactQuery matches t itself (its stems) in title or body; nil when t
// analyses to no tokens.
func (ix *Index) exactQuery(t term) query.Query {
	if len(ix.analyzer.Analyze([]byte(t.text))) == 0 {
		return nil
	}
	return ix.matchFields(t.text, textFields[:], 1, t.phrase)
}

// matchFields matches text in each field with the field's boost times
// boost, as a phrase or as all of its words: a word that analyses to several
// tokens ("Wmo-consulent") needs all of them, as the user typed one word.
func (ix *Index) matchFields(text string, fields []fieldBoost, boost float64, phrase bool) query.Query {
	alts := make([]query.Query, 0, len(fields))
	// A text of one word is a term: bleve would wrap it in a conjunction
	// or phrase of one, which costs a layer of work per matching case.
	if terms := analysedTerms(ix.analyzer, text); len(terms) == 1 {
		for _, f := range fields {
			alts = append(alts, boostedTerm(f.name, terms[0], f.boost*boost))
		}
		return query.NewDisjunctionQuery(alts)
	}
	for _, f := range fields {
		if phrase {
			q := query.NewMatchPhraseQuery(text)
			q.SetField(f.name)
			q.Analyzer = analyzerName
			q.SetBoost(f.boost * boost)
			alts = append(alts, q)
			continue
		}
		q := query.NewMatchQuery(text)
		q.SetField(f.name)
		q.Analyzer = analyzerName
		q.SetOperator(query.MatchQueryOperatorAnd)
		q.SetBoost(f.boost * boost)
		alts = append(alts, q)
	}
	return query.NewDisjunctionQuery(alts)
}

// splitQuery matches the parts of a compound query word wherever they stand
// in title or body ("jeugdzorg" finds "zorg voor de jeugd"); nil when the
// word is not a compound. When the index has never seen the whole word
// ("armoedebestrijding"), any of its parts will do.
func (ix *Index) splitQuery(word string, anyPart bool) query.Query {
	if ix.parts == nil {
		return nil
	}
	parts := analysedTerms(ix.parts, word)
	if len(parts) < 2 {
		return nil
	}
	if !anyPart {
		return ix.matchFields(strings.Join(parts, " "), textFields[:], splitBoost, false)
	}
	alts := make([]query.Query, 0, len(parts))
	for _, p := range parts {
		alts = append(alts, ix.matchFields(p, textFields[:], splitBoost, false))
	}
	return query.NewDisjunctionQuery(alts)
}

// matchedPartsOnly returns the words matched only through their parts,
// when the search found anything.
func (tq textQuery) matchedPartsOnly(total int) []string {
	if total == 0 {
		return nil
	}
	return tq.partsOnly
}

// partsOnly reports whether the index knows t only through its parts as a
// compound: no case holds the word whole (its stem, in title or body, or
// inside a longer compound), a synonym of it or a near spelling, but the
// word splits into parts the index may hold apart.
func (ix *Index) partsOnly(t term, v *vocab, fixes []correction) bool {
	off := ix.opts.Disable
	if t.phrase || v == nil || off.Compounds {
		return false
	}
	terms := analysedTerms(ix.analyzer, t.text)
	if len(terms) == 0 || known(terms, v) {
		return false
	}
	for _, term := range terms {
		if v.count(fieldTitleParts, term) > 0 || v.count(fieldBodyParts, term) > 0 {
			return false
		}
	}
	if _, ok := fixFor(fixes, t.text); ok {
		return false
	}
	if !off.Fuzzy && fuzzyQuery(terms, v) != nil {
		return false
	}
	if headQuery(terms, v) != nil {
		return false
	}
	if !off.Synonyms && ix.opts.Synonyms != nil {
		table := ix.synonymTable()
		for _, alt := range slices.Concat(table.alternatives(ix.opts.Synonyms, terms), table.related(ix.opts.Synonyms, terms)) {
			if known(analysedTerms(ix.analyzer, alt), v) {
				return false
			}
		}
	}
	return ix.splitQuery(t.text, true) != nil
}

// commonWordDocs is how many cases a word must be in to count as common:
// two pages of the largest size.
const commonWordDocs = 2 * casus.MaxSize

// docsWith returns how many cases hold an analysed term in their body, or
// else in their title.
func docsWith(term string, v *vocab) uint64 {
	return max(v.count(fieldBody, term), v.count(fieldTitle, term))
}

// known reports whether the index holds every analysed term of a word in
// title or body.
func known(terms []string, v *vocab) bool {
	for _, term := range terms {
		if v.count(fieldTitle, term) == 0 && v.count(fieldBody, term) == 0 {
			return false
		}
	}
	return true
}

// boosted multiplies the boost of every scoring leaf of q by boost and
// returns q. bleve uses the boost of leaves (terms, matches, phrases) only
// and ignores that of a boolean, conjunction or disjunction, so the boost
// must reach the leaves. q is changed in place and must not be shared.
func boosted(q query.Query, boost float64) query.Query {
	switch c := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []query.Query{c.Must, c.Should} {
			if sub != nil {
				boosted(sub, boost)
			}
		}
	case *query.ConjunctionQuery:
		for _, sub := range c.Conjuncts {
			boosted(sub, boost)
		}
	case *query.DisjunctionQuery:
		for _, sub := range c.Disjuncts {
			boosted(sub, boost)
		}
	case query.BoostableQuery:
		c.SetBoost(c.Boost() * boost)
	}
	return q
}

// copyQuery returns a deep copy of q, through bleve's JSON form of queries.
func copyQuery(q query.Query) (query.Query, error) {
	data, err := json.Marshal(q)
	if err != nil {
		return nil, fmt.Errorf("copy query: %w", err)
	}
	c, err := query.ParseQuery(data)
	if err != nil {
		return nil, fmt.Errorf("copy query: %w", err)
	}
	return c, nil
}

// synonymQueries matches, as phrases, the synonyms of the words whose
// analysed terms are given.
func (ix *Index) synonymQueries(terms []string) []query.Query {
	if ix.opts.Synonyms == nil {
		return nil
	}
	table := ix.synonymTable()
	var out []query.Query
	add := func(alts []string, boost float64) {
		for _, alt := range alts {
			altTerms := analysedTerms(ix.analyzer, alt)
			if slices.Equal(altTerms, terms) {
				continue
			}
			// A one-word synonym needs no phrase, whose searcher reads the
			// positions of every match.
			if len(altTerms) == 1 {
				out = append(out, ix.matchFields(alt, textFields[:], boost, false))
				continue
			}
			out = append(out, ix.synonymPhrase(alt, boost))
		}
	}
	add(table.alternatives(ix.opts.Synonyms, terms), synonymBoost)
	add(table.related(ix.opts.Synonyms, terms), everydayBoost)
	return out
}

// synonymPhrase matches a synonym of several words ("sociaal team") in the
// cases that have its words together in their title or opening: the pairs
// field holds each pair of a synonym phrase there. Those are looked up
// first, and the words score as they would in a phrase (bleve scores a
// phrase by its words), without reading positions: a phrase searcher reads
// the positions of its words in every such case, which made synonym
// expansions most of an uncached search's time at 10^5. An expansion is a
// hint, worth less than the word typed; a mention deep in a long page does
// not need it. A phrase whose pairs the index does not hold everywhere (a
// synonym added after the index was built) is searched as a phrase.
func (ix *Index) synonymPhrase(alt string, boost float64) query.Query {
	var pairs []string
	if ix.pairs != nil {
		pairs = analysedTerms(ix.pairs, alt)
	}
	if len(pairs) == 0 || slices.ContainsFunc(pairs, func(p string) bool { return !ix.phrasePairs[p] }) {
		return ix.matchFields(alt, textFields[:], boost, true)
	}
	parts := []query.Query{ix.matchFields(alt, textFields[:], boost, false)}
	for _, p := range pairs {
		// The pairs only choose where to look; the words score.
		parts = append(parts, boostedTerm(fieldPairs, p, 0))
	}
	return query.NewConjunctionQuery(parts)
}

// fuzzyQuery matches the index words within the allowed edits of a query
// word (given as its analysed terms) of fuzzyMinRunes or more letters; nil
// when there are none.
func fuzzyQuery(terms []string, v *vocab) query.Query {
	if len(terms) != 1 {
		return nil
	}
	edits := allowedEdits(terms[0])
	if edits == 0 {
		return nil
	}
	var alts []query.Query
	for _, f := range textFields {
		for _, cand := range v.near(f.name, terms[0], edits, maxFuzzyExpansions) {
			q := query.NewTermQuery(cand)
			q.SetField(f.name)
			q.SetBoost(f.boost * fuzzyBoost)
			alts = append(alts, q)
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(alts)
}

// headQuery matches the index words that an unknown query word (given as
// its analysed terms) of minHeadRunes or more letters opens as the first
// part of a compound ("parkstad" finds "Parkstadgemeenten"); nil when there
// are none.
func headQuery(terms []string, v *vocab) query.Query {
	if len(terms) != 1 || utf8.RuneCountInString(terms[0]) < minHeadRunes {
		return nil
	}
	var alts []query.Query
	for _, f := range textFields {
		for _, w := range v.heads(f.name, terms[0], maxHeadExpansions) {
			alts = append(alts, boostedTerm(f.name, w, f.boost*headBoost))
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(alts)
}

// allowedEdits is the typo tolerance for an analysed word.
func allowedEdits(term string) int {
	switch n := utf8.RuneCountInString(term); {
	case n >= fuzzyTwoEditRunes:
		return 2
	case n >= fuzzyMinRunes:
		return 1
	}
	return 0
}

// boosts returns the optional clauses that raise documents without
// restricting the result: query words standing together and the
// municipalities and themes the query names.
func (ix *Index) boosts(words string) []query.Query {
	var out []query.Query
	off := ix.opts.Disable
	if !off.Proximity && ix.pairs != nil {
		for _, pair := range analysedTerms(ix.pairs, words) {
			q := query.NewTermQuery(pair)
			q.SetField(fieldPairs)
			q.SetBoost(pairBoost)
			out = append(out, q)
		}
	}
	if !off.FacetBoost {
		if ix.opts.Municipalities != nil {
			for _, code := range ix.opts.Municipalities.Named(words) {
				out = append(out, boostedTerm(fieldMunicipality, code, placeBoost))
				// A former municipality lives on in what it merged into:
				// "Bussum" finds the cases of Gooise Meren, below its own.
				for _, succ := range ix.opts.Municipalities.Successors(code) {
					out = append(out, boostedTerm(fieldMunicipality, succ, placeBoost*successorShare))
				}
			}
		}
		if ix.opts.Taxonomy != nil {
			for _, slug := range ix.opts.Taxonomy.NamedThemes(words) {
				out = append(out, boostedTerm(fieldTheme, slug, facetBoost))
			}
		}
	}
	return out
}

// recency returns the optional clause that raises the cases of the last
// recencyYears calendar years; nil when switched off.
func (ix *Index) recency() query.Query {
	if ix.opts.Disable.Recency {
		return nil
	}
	now := time.Now
	if ix.opts.Now != nil {
		now = ix.opts.Now
	}
	// The year field is a cheap stand-in for the date: a date range query
	// expands into many numeric terms per search.
	year := now().Year()
	years := make([]query.Query, 0, recencyYears)
	for y := year - recencyYears + 1; y <= year; y++ {
		years = append(years, boostedTerm(fieldYear, strconv.Itoa(y), recencyBoost))
	}
	return query.NewDisjunctionQuery(years)
}

func boostedTerm(field, value string, boost float64) query.Query {
	q := query.NewTermQuery(value)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// canRelax reports whether any-word matching could find more than the
// all-words query: only with at least two required groups.
func (tq textQuery) canRelax() bool { return len(tq.groups) >= 2 }

// questionFillHits is how many cases a question's own query must find; with
// fewer, the cases with any of its words follow them (filled). A question
// names its subject in words a page may not use, and a visitor is better
// served by related cases than by two.
const questionFillHits = 10

// questionFillBoost lifts the cases that match a question's own query above
// those that only have one of its words.
const questionFillBoost = 10.0

// canFill reports whether a result of total cases for this query should be
// filled up with the cases that have any of its words.
func (tq textQuery) canFill(total int) bool {
	return tq.question && total < questionFillHits && (tq.canRelax() || tq.partsFill)
}

// filled is the any-word query of a question with the question's own query
// as a strong boost, so its cases come first; filters as in query. The own
// query is a copy, as it shares its clauses with the any-word query.
func (tq textQuery) filled(filters []query.Query) (query.Query, error) {
	own, err := copyQuery(tq.query(false, nil))
	if err != nil {
		return nil, err
	}
	return query.NewBooleanQuery([]query.Query{tq.query(true, filters)}, []query.Query{boosted(own, questionFillBoost)}, nil), nil
}

// text is the query of the text alone, without filters; nil when it has no
// clauses and so matches every document.
func (tq textQuery) text(relaxed bool) query.Query {
	q := tq.query(relaxed, nil)
	if _, all := q.(*query.MatchAllQuery); all {
		return nil
	}
	return q
}

// query combines the text clauses and the filters. relaxed asks for any
// positive term instead of all groups. Boosts only add to the score; filters
// restrict without scoring. No clauses at all match every document.
func (tq textQuery) query(relaxed bool, filters []query.Query) query.Query {
	b := query.NewBooleanQuery(nil, nil, nil)
	empty := true
	switch {
	case relaxed && len(tq.terms) > 0:
		b.AddMust(query.NewDisjunctionQuery(tq.terms))
		empty = false
	case tq.question && len(tq.groups) >= 3:
		most := query.NewDisjunctionQuery(tq.groups)
		most.SetMin(float64(int(math.Ceil(questionShare * float64(len(tq.groups))))))
		b.AddMust(most)
		empty = false
	case len(tq.groups) > 0:
		b.AddMust(tq.groups...)
		empty = false
	}
	text := !empty
	if text && len(tq.boosts) > 0 {
		b.AddShould(tq.boosts...)
	}
	if len(tq.excluded) > 0 {
		b.AddMustNot(tq.excluded...)
		empty = false
	}
	if len(filters) > 0 {
		b.AddFilter(query.NewConjunctionQuery(filters))
		empty = false
	}
	if empty {
		return query.NewMatchAllQuery()
	}
	if text && tq.recency != nil {
		return query.NewBooleanQuery([]query.Query{b}, []query.Query{tq.recency}, nil)
	}
	return b
}
