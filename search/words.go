package search

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/blevesearch/vellum"
)

// Spelling words: completions and did-you-mean read how many cases hold
// each folded word of the titles and openings (spellLeadBytes). The counts
// are kept beside the bleve index, not in a field of it: as a field every
// (case, word) was a posting that bleve built into segments and merged again,
// and at 10^4 cases that took 30% of the time of indexing.
//
// An index being written counts in memory (wordCounts) and writes the words
// with their counts to wordsFile when it closes, before its generation is
// finished; a generation is read from there (wordList).

// wordsFile, in an index directory, holds its spelling words as an FST:
// each word with the number of cases holding it.
const wordsFile = "words.fst"

// fieldSpell names the spelling words where vocab reads a field's words.
const fieldSpell = "spell"

// wordList is a sorted, unchanging list of words with their counts. A nil
// list has no words: an index made by an older casus, read to migrate it.
type wordList struct {
	fst *vellum.FST
	// data is what fst reads: the content of wordsFile.
	data []byte
}

// buildWordList builds the list of words (sorted, each once) with counts.
func buildWordList(words []string, counts []uint64) (*wordList, error) {
	data, err := encodeWords(words, counts)
	if err != nil {
		return nil, err
	}
	return loadWordList(data)
}

func encodeWords(words []string, counts []uint64) ([]byte, error) {
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		return nil, fmt.Errorf("spelling words: %w", err)
	}
	for i, w := range words {
		if err := b.Insert([]byte(w), counts[i]); err != nil {
			return nil, fmt.Errorf("spelling word %q: %w", w, err)
		}
	}
	if err := b.Close(); err != nil {
		return nil, fmt.Errorf("spelling words: %w", err)
	}
	return buf.Bytes(), nil
}

func loadWordList(data []byte) (*wordList, error) {
	fst, err := vellum.Load(data)
	if err != nil {
		return nil, fmt.Errorf("spelling words: %w", err)
	}
	return &wordList{fst: fst, data: data}, nil
}

// readWordList reads the spelling words of the index directory dir.
func readWordList(dir string) (*wordList, error) {
	data, err := os.ReadFile(filepath.Join(dir, wordsFile))
	if err != nil {
		return nil, fmt.Errorf("index %s: read spelling words: %w", dir, err)
	}
	l, err := loadWordList(data)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", dir, err)
	}
	return l, nil
}

// count returns the number of cases holding word.
func (l *wordList) count(word string) uint64 {
	if l == nil {
		return 0
	}
	n, ok, err := l.fst.Get([]byte(word))
	if err != nil || !ok {
		return 0
	}
	return n
}

// scan calls fn with the words that start with prefix and their counts, in
// byte order, until fn returns false.
func (l *wordList) scan(prefix string, fn func(word string, count uint64) bool) {
	if l == nil {
		return
	}
	it, err := l.fst.Iterator([]byte(prefix), prefixEnd([]byte(prefix)))
	for err == nil {
		w, n := it.Current()
		if !fn(string(w), n) {
			return
		}
		err = it.Next()
	}
}

// prefixEnd is the first byte string after every one starting with p; nil
// when there is none.
func prefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// wordCounts counts the cases holding each spelling word of an index being
// written. It is safe for concurrent use.
type wordCounts struct {
	mu sync.Mutex
	// slot numbers the words seen; words and counts are indexed by it.
	// Looking a word up by slot converts its bytes without allocating.
	slot   map[string]int
	words  []string
	counts []int64
	// list is the sorted list of the counts as they are; nil after a
	// change.
	list *wordList
}

func newWordCounts() *wordCounts { return &wordCounts{slot: map[string]int{}} }

// countsOf returns counts holding the words of l.
func countsOf(l *wordList) (*wordCounts, error) {
	c := newWordCounts()
	it, err := l.fst.Iterator(nil, nil)
	for err == nil {
		w, n := it.Current()
		c.slot[string(w)] = len(c.words)
		c.words = append(c.words, string(w))
		c.counts = append(c.counts, int64(n))
		err = it.Next()
	}
	if !errors.Is(err, vellum.ErrIteratorDone) {
		return nil, fmt.Errorf("spelling words: %w", err)
	}
	c.list = l
	return c, nil
}

// change adds the documents in added and removes those in removed: each
// element is the distinct words of one document.
func (c *wordCounts) change(added, removed [][][]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, doc := range added {
		for _, w := range doc {
			c.add(w, 1)
		}
	}
	for _, doc := range removed {
		for _, w := range doc {
			c.add(w, -1)
		}
	}
	if len(added) > 0 || len(removed) > 0 {
		c.list = nil
	}
}

func (c *wordCounts) add(w []byte, d int64) {
	i, ok := c.slot[string(w)]
	if !ok {
		i = len(c.words)
		c.slot[string(w)] = i
		c.words = append(c.words, string(w))
		c.counts = append(c.counts, 0)
	}
	c.counts[i] += d
}

// snapshot returns the sorted list of the counts as they are now: the words
// held by at least one document.
func (c *wordCounts) snapshot() (*wordList, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.list != nil {
		return c.list, nil
	}
	order := make([]int, 0, len(c.words))
	for i, n := range c.counts {
		if n > 0 {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(c.words[a], c.words[b]) })
	words := make([]string, len(order))
	counts := make([]uint64, len(order))
	for j, i := range order {
		words[j], counts[j] = c.words[i], uint64(c.counts[i])
	}
	l, err := buildWordList(words, counts)
	if err != nil {
		return nil, err
	}
	c.list = l
	return l, nil
}

// write writes the words held by at least one document to wordsFile in
// dir, replacing it whole.
func (c *wordCounts) write(dir string) error {
	l, err := c.snapshot()
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, wordsFile+tmpSuffix)
	if err := os.WriteFile(tmp, l.data, 0o644); err != nil {
		return fmt.Errorf("index %s: write spelling words: %w", dir, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, wordsFile)); err != nil {
		return fmt.Errorf("index %s: write spelling words: %w", dir, err)
	}
	return nil
}
