package search

import (
	"strings"
	"unicode/utf8"
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

// suggestion returns a corrected query when some word of text is unknown to
// the index and a close, known word exists; nil otherwise.
func (ix *Index) suggestion(text string, p parsedText, v *vocab) *string {
	if v == nil || ix.spell == nil {
		return nil
	}
	out := text
	changed := false
	checked := 0
	for _, g := range p.groups {
		for _, t := range g {
			if t.phrase {
				continue
			}
			if checked++; checked > maxTypoWords {
				break
			}
			if fixed, ok := ix.correct(t.text, v); ok {
				out = strings.Replace(out, t.text, fixed, 1)
				changed = true
			}
		}
	}
	if !changed {
		return nil
	}
	return &out
}

// correct returns the known word closest to an unknown word, written as a
// municipality's name when it is one ("beekdalen" → "Beekdaelen").
func (ix *Index) correct(word string, v *vocab) (string, bool) {
	toks := analysedTerms(ix.spell, word)
	if len(toks) != 1 {
		return "", false
	}
	w := toks[0]
	n := utf8.RuneCountInString(w)
	if n < suggestMinRunes || v.count(fieldSpell, w) > 0 {
		return "", false
	}
	edits := 1
	if n >= suggestTwoEditRunes {
		edits = 2
	}
	best := v.nearEntries(fieldSpell, w, edits, 1)
	if len(best) == 0 {
		return "", false
	}
	fixed := best[0].term
	if m := ix.opts.Municipalities; m != nil {
		if codes := m.Named(fixed); len(codes) == 1 {
			if name := m.Label(codes[0]); string(fold([]byte(strings.ToLower(name)))) == fixed {
				return name, true
			}
		}
	}
	return fixed, true
}
