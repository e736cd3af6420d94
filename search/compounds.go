package search

import (
	"sync"

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
	splits *splitCache
}

// newCompoundFilter returns the registry constructor of a compoundFilter
// sharing one word list and one memory of splits.
func newCompoundFilter(s *compound.Splitter) registry.TokenFilterConstructor {
	c := &splitCache{splitter: s, parts: make(map[string][]compound.Part)}
	return func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return compoundFilter{splits: c}, nil
	}
}

// Filter returns the parts of the compounds in input.
func (f compoundFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for _, tok := range input {
		for _, p := range f.splits.split(tok.Term) {
			out = append(out, &analysis.Token{
				Term: []byte(p.Text), Start: tok.Start, End: tok.End,
				Position: tok.Position, Type: tok.Type,
			})
		}
	}
	return out
}

// maxSplitCacheWords bounds the words whose splits are remembered; past it
// the memory starts afresh, as for stems.
const maxSplitCacheWords = 1 << 18

// splitCache remembers the compound splits of words, safe for concurrent
// use: every indexed text is split for its parts fields, and most of its
// words were split before.
type splitCache struct {
	splitter *compound.Splitter
	mu       sync.RWMutex
	parts    map[string][]compound.Part
}

// split returns the parts of word (none for a word that is not a compound).
func (c *splitCache) split(word []byte) []compound.Part {
	c.mu.RLock()
	ps, ok := c.parts[string(word)]
	c.mu.RUnlock()
	if ok {
		return ps
	}
	w := string(word)
	ps = c.splitter.Split(w)
	c.mu.Lock()
	if len(c.parts) >= maxSplitCacheWords {
		c.parts = make(map[string][]compound.Part, len(c.parts))
	}
	c.parts[w] = ps
	c.mu.Unlock()
	return ps
}

// pairsFilter replaces a token stream by the pairs of neighbouring tokens,
// "a b", each at the position of its first token. Run after the stop list,
// it pairs words that stand together apart from stop words.
type pairsFilter struct{}

func newPairsFilter(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
	return pairsFilter{}, nil
}

// Filter returns the pairs of input.
func (pairsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	if len(input) < 2 {
		return nil
	}
	out := make(analysis.TokenStream, 0, len(input)-1)
	for i := 1; i < len(input); i++ {
		a, b := input[i-1], input[i]
		term := make([]byte, 0, len(a.Term)+1+len(b.Term))
		term = append(append(append(term, a.Term...), ' '), b.Term...)
		out = append(out, &analysis.Token{
			Term: term, Start: a.Start, End: b.End, Position: a.Position, Type: a.Type,
		})
	}
	return out
}
