package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
)

// maxStemCacheWords bounds the words whose stems the shared memory holds
// (see wordMemo); past it the memory starts afresh. Words follow Zipf's
// law, so the common ones come back at once and the rare ones are stemmed
// again. A larger memory costs more per lookup and per garbage collection
// than it saves: at 10^5 generated cases (340,000 distinct words), with the
// same bound for splits, 2^17 built 7% faster than 2^18 and 4% faster than
// 2^16, and 2^19 was slower still (one build per core, side by side).
const maxStemCacheWords = 1 << 17

// stemFilter is the Snowball Dutch stemmer (the one of bleve's stemmer_nl_snowball
// filter) with a memory of the stems it computed: every indexed text is
// stemmed for several fields, and most of its words were stemmed before.
type stemFilter struct {
	stems *wordMemo[[]byte]
}

// newStemFilter returns the registry constructor of stem filters sharing
// one memory.
func newStemFilter() registry.TokenFilterConstructor {
	stems := newWordMemo(stem, maxStemCacheWords)
	return func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return stemFilter{stems: stems}, nil
	}
}

// Filter replaces each term by its stem. The stems are shared between
// tokens and must not be written to, which no later filter does.
func (f stemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	local := f.stems.borrow()
	defer f.stems.giveBack(local)
	for _, tok := range input {
		tok.Term = f.stems.get(local, tok.Term)
	}
	return input
}

// stemExceptions are words whose Snowball stem joins them with a word of
// another meaning in the sociaal domein: "ouderen" (the elderly, a Wmo
// subject) and "ouders" (parents, a youth one) both stem to "ouder". Their
// own stem keeps them apart, two edits from "ouder" so that typo tolerance
// does not join them again; "oudere inwoners" stays with "ouderen".
var stemExceptions = map[string]string{
	"ouderen": "ouderen",
	"oudere":  "ouderen",
}

// stem returns the Dutch stem of word.
func stem(word string) []byte {
	if s, ok := stemExceptions[word]; ok {
		return []byte(s)
	}
	env := snowballstem.NewEnv(word)
	dutch.Stem(env)
	return []byte(env.Current())
}
