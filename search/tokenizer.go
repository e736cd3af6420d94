package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// wordTokenizer splits text into words by the rules of Unicode's word
// boundaries (UAX #29), like bleve's unicode tokenizer, and gives the same
// tokens. Dutch text written in Latin letters and common punctuation takes a
// direct path, several times faster than the general state machine; any
// other character sends the whole text to bleve's tokenizer. Indexing
// tokenizes every text for several fields, and the general path was the
// largest part of analysis.
type wordTokenizer struct {
	general analysis.Tokenizer
}

func newWordTokenizer(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
	return wordTokenizer{general: unicode.NewUnicodeTokenizer()}, nil
}

// wordClass is a character's word-break property, for the characters of the
// direct path.
type wordClass uint8

const (
	// classOther breaks words: spaces, punctuation, symbols.
	classOther wordClass = iota
	// classLetter is a letter (ALetter).
	classLetter
	// classDigit is a decimal digit (Numeric).
	classDigit
	// classMidLetter joins letters: "a:b", "a·b" (MidLetter).
	classMidLetter
	// classMidNum joins digits: "1,5" (MidNum).
	classMidNum
	// classMidNumLet joins letters and digits alike: "auto's", "1.000"
	// (MidNumLet and Single_Quote).
	classMidNumLet
	// classConnector joins anything word-like: "_" (ExtendNumLet).
	classConnector
	// classUnknown is outside the direct path.
	classUnknown
)

// classOf returns the word-break class of r, classUnknown for characters the
// direct path does not know.
func classOf(r rune) wordClass {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return classLetter
	case r >= '0' && r <= '9':
		return classDigit
	case r == '.', r == '\'', r == '\u2018', r == '\u2019':
		return classMidNumLet
	case r == ':', r == '\u00b7':
		return classMidLetter
	case r == ',', r == ';':
		return classMidNum
	case r == '_':
		return classConnector
	case r < 0x80:
		return classOther
	case r >= 0xc0 && r <= 0xff && r != 0xd7 && r != 0xf7, r == 0xaa, r == 0xb5, r == 0xba:
		return classLetter
	}
	switch r {
	case '\u00a0', '\u00a7', '\u00a9', '\u00ab', '\u00ae', '\u00b0', '\u00bb',
		'\u2013', '\u2014', '\u201c', '\u201d', '\u2022', '\u2026', '\u20ac', '\u2122':
		return classOther
	}
	return classUnknown
}

// Tokenize returns the words of input.
func (t wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	return t.tokenizeInto(input, nil)
}

// tokenBuffer holds the tokens of one text, to be used again for another
// once nothing refers to them.
type tokenBuffer struct {
	stream analysis.TokenStream
	tokens []analysis.Token
}

// tokenizeInto returns the words of input, made in buf when it is not nil,
// input takes the direct path and it has room for at most maxBufferTokens
// words.
func (t wordTokenizer) tokenizeInto(input []byte, buf *tokenBuffer) analysis.TokenStream {
	if !direct(input) {
		return t.general.Tokenize(input)
	}
	var out analysis.TokenStream
	var toks []analysis.Token
	// A word takes at least one byte and a separator: a buffer of most
	// tokens holds every word of input without growing.
	if most := len(input)/2 + 1; buf != nil && most <= maxBufferTokens {
		if cap(buf.tokens) < most {
			buf.stream, buf.tokens = make(analysis.TokenStream, 0, most), make([]analysis.Token, 0, most)
		}
		out, toks = buf.stream[:0], buf.tokens[:0]
	} else {
		// About one word in six bytes of Dutch prose.
		out = make(analysis.TokenStream, 0, len(input)/6+1)
		toks = make([]analysis.Token, 0, len(input)/6+1)
	}
	pos := 1
	for i := 0; i < len(input); {
		c, size := classAt(input, i)
		if c != classLetter && c != classDigit && c != classConnector {
			i += size
			continue
		}
		end, letters, digits := wordSpan(input, i)
		typ := analysis.AlphaNumeric
		if !letters && digits {
			typ = analysis.Numeric
		}
		if len(toks) == cap(toks) {
			toks = make([]analysis.Token, 0, cap(toks))
		}
		toks = append(toks, analysis.Token{Term: input[i:end], Start: i, End: end, Position: pos, Type: typ})
		out = append(out, &toks[len(toks)-1])
		pos++
		i = end
	}
	return out
}

// direct reports whether every character of input is one the direct path
// knows (which implies valid UTF-8).
func direct(input []byte) bool {
	for i := 0; i < len(input); {
		if input[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(input[i:])
		if r == utf8.RuneError || classOf(r) == classUnknown {
			return false
		}
		i += size
	}
	return true
}

// asciiClasses holds classOf of every ASCII character, for classAt.
var asciiClasses = func() (t [utf8.RuneSelf]wordClass) {
	for r := range t {
		t[r] = classOf(rune(r))
	}
	return t
}()

// classAt returns the class and byte length of the character at input[i].
func classAt(input []byte, i int) (wordClass, int) {
	if b := input[i]; b < utf8.RuneSelf {
		return asciiClasses[b], 1
	}
	r, size := utf8.DecodeRune(input[i:])
	return classOf(r), size
}

// wordSpan returns the end of the word starting at input[i] (a letter,
// digit or connector), and whether it holds letters and digits.
func wordSpan(input []byte, i int) (end int, letters, digits bool) {
	prev := classOther
	for i < len(input) {
		c, size := classAt(input, i)
		switch c {
		case classLetter:
			letters = true
		case classDigit:
			digits = true
		case classConnector:
		default:
			// A middle character stays inside the word only between two
			// letters (MidLetter, MidNumLet) or two digits (MidNum,
			// MidNumLet).
			if i+size >= len(input) {
				return i, letters, digits
			}
			next, _ := classAt(input, i+size)
			letterJoin := (c == classMidLetter || c == classMidNumLet) && prev == classLetter && next == classLetter
			digitJoin := (c == classMidNum || c == classMidNumLet) && prev == classDigit && next == classDigit
			if !letterJoin && !digitJoin {
				return i, letters, digits
			}
		}
		prev = c
		i += size
	}
	return i, letters, digits
}
