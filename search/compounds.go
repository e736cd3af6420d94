package search

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/casus-nl/casus/search/compound"
)

// compoundFilter replaces each compound word by its parts and drops every
// other token: it feeds the parts fields, so that "zorg" finds "jeugdzorg"
// while the whole word, matched in title and body, still ranks higher. A part
// keeps the compound's position and offsets, so the whole compound is marked
// in a highlight and a phrase of parts stays a phrase.
type compoundFilter struct {
	splits *wordMemo[[][]byte]
}

// newCompoundFilter returns the registry constructor of a compoundFilter
// sharing one word list and one memory of splits.
func newCompoundFilter(s *compound.Splitter) registry.TokenFilterConstructor {
	splits := newWordMemo(func(w string) [][]byte {
		var parts [][]byte
		for _, p := range s.Split(w) {
			parts = append(parts, []byte(p.Text))
		}
		return parts
	}, maxSplitCacheWords)
	return func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return compoundFilter{splits: splits}, nil
	}
}

// Filter returns the parts of the compounds in input. The parts' tokens
// are made in blocks, not one by one: a long page has thousands. Their
// terms are shared with the memory of splits and must not be written to,
// which no later filter does.
func (f compoundFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	local := f.splits.borrow()
	defer f.splits.giveBack(local)
	var out analysis.TokenStream
	var block []analysis.Token
	for _, tok := range input {
		for _, part := range f.splits.get(local, tok.Term) {
			if len(block) == cap(block) {
				block = make([]analysis.Token, 0, len(input)/partsPerBlock+1)
			}
			block = append(block, analysis.Token{
				Term: part, Start: tok.Start, End: tok.End,
				Position: tok.Position, Type: tok.Type,
			})
			out = append(out, &block[len(block)-1])
		}
	}
	return out
}

// partsPerBlock is about how many words of a text give one part token: the
// size of the blocks Filter makes its tokens in.
const partsPerBlock = 4

// makesNewTokens marks that Filter leaves its input as it is and returns
// tokens of its own (see onePass).
func (compoundFilter) makesNewTokens() {}

// maxSplitCacheWords bounds the words whose splits are remembered; past it
// the memory starts afresh, as for stems (see maxStemCacheWords for the
// measurements).
const maxSplitCacheWords = 1 << 17

// pairsFilter replaces a token stream by pairs of neighbouring tokens, "a
// b", each at the position of its first token. Run after the stop list, it
// pairs words that stand together apart from stop words. It keeps every
// pair that starts in the first allWithin bytes (a title, the opening of a
// body, a query) and further on only the known pairs, those of the synonym
// phrases ("sociaal team"): a pair is a term of its own, and the pairs of
// all text cost more to index than all other fields together.
type pairsFilter struct {
	known     map[string]bool
	allWithin int
}

// Configuration keys of the pairs filter. They live in the mapping stored
// with an index, so an index keeps answering with the pairs it was built
// with.
const (
	// pairsKnownKey lists the pairs kept anywhere.
	pairsKnownKey = "pairs"
	// pairsAllWithinKey is the byte offset before which every pair is kept.
	pairsAllWithinKey = "all_within"
)

func newPairsFilter(config map[string]any, _ *registry.Cache) (analysis.TokenFilter, error) {
	known, err := knownPairs(config)
	if err != nil {
		return nil, err
	}
	// A pointer, so filters can be compared (a map is not comparable).
	f := &pairsFilter{known: known}
	switch n := config[pairsAllWithinKey].(type) {
	case int:
		f.allWithin = n
	case float64: // the mapping read back from an index's JSON
		f.allWithin = int(n)
	case nil:
	default:
		return nil, fmt.Errorf("pairs filter: %q must be a number of bytes, not %T", pairsAllWithinKey, n)
	}
	return f, nil
}

// knownPairs reads the known pairs of a pairs filter's configuration.
func knownPairs(config map[string]any) (map[string]bool, error) {
	known := map[string]bool{}
	switch list := config[pairsKnownKey].(type) {
	case []string:
		for _, p := range list {
			known[p] = true
		}
	case []any: // the mapping read back from an index's JSON
		for _, p := range list {
			s, ok := p.(string)
			if !ok {
				return nil, fmt.Errorf("pairs filter: %v is not a pair of words", p)
			}
			known[s] = true
		}
	case nil:
	default:
		return nil, fmt.Errorf("pairs filter: %q must be a list of pairs, not %T", pairsKnownKey, list)
	}
	return known, nil
}

// makesNewTokens marks that Filter leaves its input as it is and returns
// tokens of its own (see onePass).
func (*pairsFilter) makesNewTokens() {}

// Filter returns the pairs of input it keeps.
func (f pairsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	var buf []byte
	for i := 1; i < len(input); i++ {
		a, b := input[i-1], input[i]
		buf = append(append(append(buf[:0], a.Term...), ' '), b.Term...)
		if a.Start >= f.allWithin && !f.known[string(buf)] {
			continue
		}
		out = append(out, &analysis.Token{
			Term: slices.Clone(buf), Start: a.Start, End: b.End, Position: a.Position, Type: a.Type,
		})
	}
	return out
}

// phrasePairs returns the pairs of neighbouring terms of every member of s
// of more than one word, everyday words and theirs included, analysed by a:
// what the pairs filter keeps.
func phrasePairs(s *Synonyms, a analysis.Analyzer) []string {
	var out []string
	for _, g := range slices.Concat(s.groups, s.everyday) {
		for _, m := range g {
			terms := analysedTerms(a, m)
			for i := 1; i < len(terms); i++ {
				out = append(out, terms[i-1]+" "+terms[i])
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
