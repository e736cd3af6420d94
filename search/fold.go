package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// foldFilter removes diacritics from token terms: "coördinatie" becomes
// "coordinatie", "financiën" "financien". It is a token filter rather than
// bleve's asciifolding char filter because it rewrites only the term and
// leaves Start/End on the original bytes, so highlights stay aligned with the
// stored text.
type foldFilter struct{}

func newFoldFilter(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
	return foldFilter{}, nil
}

// Filter folds each term in place.
func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Term = fold(tok.Term)
	}
	return input
}

// fold decomposes b (NFD), drops the combining marks and recomposes what is
// left (NFC). ASCII input, the common case, is returned as is.
func fold(b []byte) []byte {
	if isASCII(b) {
		return b
	}
	decomposed := norm.NFD.Bytes(b)
	out := make([]byte, 0, len(decomposed))
	for i := 0; i < len(decomposed); {
		r, size := utf8.DecodeRune(decomposed[i:])
		if !unicode.Is(unicode.Mn, r) {
			out = append(out, decomposed[i:i+size]...)
		}
		i += size
	}
	return norm.NFC.Bytes(out)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
