package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casus-nl/casus/search/textfold"
)

// Did-you-mean: a query word the index has never seen is replaced by the
// most frequent index word within suggestEdits of it.
const (
	// suggestMinRunes is the shortest word that gets a suggestion; shorter
	// words have too many neighbours to guess from.
	suggestMinRunes = 4
	// suggestTwoEditRunes is the length from which two edits are allowed.
	suggestTwoEditRunes = 8
)

// correction is an unknown query word and the known word closest to it.
type correction struct{ word, fixed string }

// corrections looks up the closest known word for each unknown plain word
// among the first maxTypoWords of p, in query order. Both the typo
// expansion of the query and the did-you-mean suggestion use them.
func (ix *Index) corrections(p parsedText, v *vocab) []correction {
	if v == nil || ix.spell == nil {
		return nil
	}
	var out []correction
	checked := 0
	for _, g := range p.groups {
		for _, t := range g {
			if t.phrase {
				continue
			}
			if checked++; checked > maxTypoWords {
				return out
			}
			if fixed, ok := ix.correct(t.text, v); ok {
				out = append(out, correction{t.text, fixed})
			}
		}
	}
	return out
}

// suggestion returns text with its corrections applied, nil when there are
// none.
func suggestion(text string, fixes []correction) *string {
	if len(fixes) == 0 {
		return nil
	}
	for _, c := range fixes {
		// Punctuation typed around the word stays ("jeugzorg?").
		core := strings.TrimLeftFunc(c.word, unicode.IsPunct)
		lead := c.word[:len(c.word)-len(core)]
		bare := strings.TrimRightFunc(core, unicode.IsPunct)
		text = strings.Replace(text, c.word, lead+c.fixed+core[len(bare):], 1)
	}
	return &text
}

// fixFor returns the correction of word, if any.
func fixFor(fixes []correction, word string) (string, bool) {
	for _, c := range fixes {
		if c.word == word {
			return c.fixed, true
		}
	}
	return "", false
}

// correct returns the known word closest to an unknown word, written as a
// municipality's name when it is one ("beekdalen" → "Beekdaelen"). A word
// of the synonyms that no case holds is known too: such a word is not
// corrected, and a typo of it is corrected to it when no index word is
// nearer ("deurwaader" → "deurwaarder", which then brings the field's
// words for it).
func (ix *Index) correct(word string, v *vocab) (string, bool) {
	toks := analysedTerms(ix.spell, word)
	if len(toks) != 1 {
		return "", false
	}
	w := toks[0]
	n := utf8.RuneCountInString(w)
	// A number is no typo ("20.000"), nor is a form of a word the index
	// holds ("vergoedingen" beside "vergoeding").
	if ix.synonymSpelling(w) || n < suggestMinRunes || v.count(fieldSpell, w) > 0 ||
		strings.ContainsFunc(w, unicode.IsDigit) || known(analysedTerms(ix.analyzer, word), v) {
		return "", false
	}
	edits := 1
	if n >= suggestTwoEditRunes {
		edits = 2
	}
	wr := []rune(w)
	fixed, dist := "", edits+1
	if best := v.nearEntries(fieldSpell, w, edits, 1); len(best) > 0 {
		fixed, dist = best[0].term, editDistance(wr, []rune(best[0].term), edits)
	}
	var rows editRows
	for _, s := range ix.synonymSpellings() {
		if d := rows.distance(wr, []rune(s), edits); d < dist {
			fixed, dist = s, d
		}
	}
	if fixed == "" {
		return "", false
	}
	if m := ix.opts.Municipalities; m != nil {
		if codes := m.Named(fixed); len(codes) == 1 {
			if name := m.Label(codes[0]); textfold.Word(name) == fixed {
				return name, true
			}
		}
	}
	return fixed, true
}
