package enrich

import (
	"unicode"
	"unicode/utf8"

	"github.com/casus-nl/casus/search/textfold"
)

// token is one word of a text.
type token struct {
	// raw is the word as written, so capitalisation can be checked.
	raw string
	// folded is the word lowercased, without diacritics or apostrophes: the
	// form vocabulary and names are compared in.
	folded string
	// start and end are byte offsets of raw in the text.
	start, end int
}

// bytesPerWord is about how many bytes of Dutch prose make one word with
// its space and punctuation; tokenize sizes its result by it, as growing it
// word by word was two fifths of what enrichment allocated.
const bytesPerWord = 6

// tokenize splits text into words: runs of letters, digits and apostrophes.
// Everything else (spaces, hyphens, punctuation) separates words, so
// "Súdwest-Fryslân" and "Sudwest Fryslan" give the same folded words.
func tokenize(text string) []token {
	out := make([]token, 0, len(text)/bytesPerWord+1)
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		raw := text[start:end]
		if f := textfold.Word(raw); f != "" {
			out = append(out, token{raw: raw, folded: f, start: start, end: end})
		}
		start = -1
	}
	for i, r := range text {
		switch {
		case r == utf8.RuneError:
			flush(i)
		case textfold.IsWordRune(r):
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// capitalised reports whether the first letter of a raw word is upper case.
func capitalised(raw string) bool {
	for _, r := range raw {
		if unicode.IsLetter(r) {
			return unicode.IsUpper(r)
		}
	}
	return false
}
