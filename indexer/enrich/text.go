package enrich

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// isApostrophe reports the characters Dutch uses inside words ("auto's",
// "'s-Hertogenbosch"); they are dropped when folding.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', '`', '´':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || isApostrophe(r)
}

// tokenize splits text into words: runs of letters, digits and apostrophes.
// Everything else (spaces, hyphens, punctuation) separates words, so
// "Súdwest-Fryslân" and "Sudwest Fryslan" give the same folded words.
func tokenize(text string) []token {
	var out []token
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		raw := text[start:end]
		if f := fold(raw); f != "" {
			out = append(out, token{raw: raw, folded: f, start: start, end: end})
		}
		start = -1
	}
	for i, r := range text {
		switch {
		case r == utf8.RuneError:
			flush(i)
		case isWordRune(r):
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

// fold lowercases s and removes diacritics and apostrophes: "Súdwest" ->
// "sudwest", "auto's" -> "autos". Ligatures are split ("ĳ" -> "ij").
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case isApostrophe(r):
		case r < utf8.RuneSelf:
			b.WriteRune(unicode.ToLower(r))
		default:
			for _, d := range norm.NFKD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(unicode.ToLower(d))
				}
			}
		}
	}
	return b.String()
}

// foldWords is the folded words of s, as tokenize finds them.
func foldWords(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.folded
	}
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
