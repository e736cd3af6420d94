// Package textfold compares Dutch words the way people type them: lower
// case, without diacritics or apostrophes ("Súdwest-Fryslân" and "sudwest
// fryslan", "'s-Hertogenbosch" and "s hertogenbosch" are the same words). It
// serves the recognisers and lookups that match names and terms outside the
// search index; the index's own analysis is configured in package search.
package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// IsApostrophe reports the characters Dutch uses inside words ("auto's",
// "'s-Hertogenbosch"); folding drops them.
func IsApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', '`', '´':
		return true
	}
	return false
}

// IsWordRune reports whether r belongs to a word: letters, digits,
// combining marks and apostrophes. Everything else separates words.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || IsApostrophe(r)
}

// Word lowercases s and removes diacritics and apostrophes: "Súdwest" ->
// "sudwest", "auto's" -> "autos". Ligatures are split ("ĳ" -> "ij").
func Word(s string) string {
	if folded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case IsApostrophe(r):
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

// folded reports whether Word leaves s as it is: ASCII without capitals
// or apostrophes, as most words of Dutch text are.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || c == '\'' || c == '`' {
			return false
		}
	}
	return true
}

// Words splits s into its folded words: runs of word runes, with spaces,
// hyphens and punctuation between them.
func Words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !IsWordRune(r) }) {
		if f := Word(w); f != "" {
			out = append(out, f)
		}
	}
	return out
}
