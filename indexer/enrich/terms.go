package enrich

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/casus-nl/casus/search/taxonomy"
	"github.com/casus-nl/casus/search/textfold"
)

// MinCompoundStem is the shortest word that may carry a "*" in the
// vocabulary; shorter stems would match inside too many unrelated words.
const MinCompoundStem = 3

// wordPattern matches one word of a term.
type wordPattern struct {
	// forms are the folded word and its plural and adjective forms.
	forms []string
	// openEnd: more letters may follow (the word starts a compound).
	openEnd bool
	// openStart: more letters may precede (the word ends a compound).
	openStart bool
}

func (p wordPattern) match(w string) bool {
	for _, f := range p.forms {
		switch {
		case p.openStart && p.openEnd:
			if strings.Contains(w, f) {
				return true
			}
		case p.openEnd:
			if strings.HasPrefix(w, f) {
				return true
			}
		case p.openStart:
			if strings.HasSuffix(w, f) {
				return true
			}
		case w == f:
			return true
		}
	}
	return false
}

// term is a compiled vocabulary term.
type term struct {
	text   string
	bucket int // index in vocabulary.buckets
	weight int
	words  []wordPattern
}

// matchAt reports whether the term matches the words starting at i.
func (t *term) matchAt(toks []token, i int) bool {
	if i+len(t.words) > len(toks) {
		return false
	}
	for k, p := range t.words {
		if !p.match(toks[i+k].folded) {
			return false
		}
	}
	return true
}

func compileTerm(tt taxonomy.Term, bucket int) (term, error) {
	t := term{text: tt.Text, bucket: bucket, weight: tt.Weight}
	for _, w := range strings.Fields(tt.Text) {
		openStart, openEnd := strings.HasPrefix(w, "*"), strings.HasSuffix(w, "*")
		core := strings.Trim(w, "*")
		parts := textfold.Words(core)
		if len(parts) == 0 {
			return term{}, fmt.Errorf("term %q: word %q has no letters", tt.Text, w)
		}
		// A word with inner punctuation ("P&O") is several words; its
		// wildcards belong to its outer ends.
		for k, part := range parts {
			p := wordPattern{openStart: openStart && k == 0, openEnd: openEnd && k == len(parts)-1}
			if (p.openStart || p.openEnd) && utf8.RuneCountInString(part) < MinCompoundStem {
				return term{}, fmt.Errorf("term %q: %q is too short to be part of a compound", tt.Text, part)
			}
			p.forms = []string{part}
			if !p.openEnd {
				p.forms = inflections(part)
			}
			t.words = append(t.words, p)
		}
	}
	return t, nil
}

// inflections returns w with the plural and adjective forms that Dutch
// spelling derives from it: -s, -en, -e, -n after e, a doubled consonant
// after a short vowel (budget -> budgetten), a single vowel after a double
// one (sociaal -> sociale) and f/s becoming v/z (tarief -> tarieven).
func inflections(w string) []string {
	forms := []string{w, w + "s", w + "en", w + "e"}
	n := len(w)
	if n < 3 || !isASCIILetters(w) {
		return forms
	}
	last, prev, before := w[n-1], w[n-2], w[n-3]
	switch {
	case last == 'e':
		forms = append(forms, w+"n")
	case isVowel(last):
	case isVowel(prev) && prev == before:
		single := w[:n-2] + w[n-1:]
		forms = append(forms, single+"e", single+"en")
	case isVowel(prev) && !isVowel(before):
		forms = append(forms, w+string(last)+"en", w+string(last)+"e")
	}
	switch {
	case last == 'f':
		forms = append(forms, w[:n-1]+"ven")
	case last == 's' && isVowel(prev):
		forms = append(forms, w[:n-1]+"zen")
	}
	return forms
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
