package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// vocab reads the term dictionaries of one index snapshot, for typo
// tolerance and spelling suggestions. Close it after use.
type vocab struct {
	r index.IndexReader
	// words are the spelling words of the generation.
	words   *wordList
	release func()
	// cache keeps near words per generation; nil for none.
	cache *genCache
}

// openVocab borrows ix's generation and opens a snapshot of its
// dictionaries; Close returns both.
func (ix *Index) openVocab() (*vocab, error) {
	g, release, err := ix.borrow()
	if err != nil {
		return nil, err
	}
	v, err := ix.vocabOf(g)
	if err != nil {
		release()
		return nil, err
	}
	v.release = release
	return v, nil
}

// vocabOf opens a snapshot of the dictionaries of a borrowed generation.
func (ix *Index) vocabOf(g lease) (*vocab, error) {
	adv, err := g.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("open vocabulary: %w", ix.unavailable(err))
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("open vocabulary: %w", ix.unavailable(err))
	}
	return &vocab{r: r, words: g.words, release: func() {}, cache: g.cache}, nil
}

// Close releases the snapshot.
func (v *vocab) Close() error {
	defer v.release()
	return v.r.Close()
}

// entry is a dictionary word with the number of documents holding it and
// its distance from the word looked up.
type entry struct {
	term  string
	count uint64
	edits int
}

// near returns up to n other terms of field within edits of term, sharing
// its first fuzzyPrefix characters: fewest edits first, then the most
// frequent. A swap of neighbouring letters is one edit. Errors count as no
// candidates: typo tolerance is a bonus. (bleve's FieldDictFuzzy builds a
// Levenshtein automaton per call, which costs about a millisecond; scanning
// the words with the same first letter is far cheaper at casus's scale.)
func (v *vocab) near(field, term string, edits, n int) []string {
	es := v.nearEntries(field, term, edits, n)
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.term
	}
	return out
}

func (v *vocab) nearEntries(field, term string, edits, n int) []entry {
	key := fmt.Sprintf("%s\x00%s\x00%d\x00%d", field, term, edits, n)
	return v.cached(key, func() []entry { return v.scanNear(field, term, edits, n) })
}

// cached returns the entries of key from the generation's cache of
// dictionary lookups, computing them once.
func (v *vocab) cached(key string, compute func() []entry) []entry {
	if v.cache == nil {
		return compute()
	}
	if es, ok := v.cache.near.Get(key); ok {
		return es
	}
	es := compute()
	v.cache.near.Add(key, es)
	return es
}

// scanNear scans the dictionary for nearEntries.
func (v *vocab) scanNear(field, term string, edits, n int) []entry {
	want := []rune(term)
	prefix := string(want[:min(fuzzyPrefix, len(want))])
	var out []entry
	var rows editRows
	v.scan(field, prefix, maxDictScan, func(w string, count uint64) bool {
		if w == term {
			return true
		}
		if dist := rows.distance(want, []rune(w), edits); dist <= edits {
			out = append(out, entry{term: w, count: v.exactCount(field, w, count), edits: dist})
		}
		return true
	})
	slices.SortFunc(out, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(b.count, a.count), cmp.Compare(a.term, b.term))
	})
	return out[:min(n, len(out))]
}

// heads returns up to n terms of field that start with term and go on with
// another term of the field, after a linking "s" or "e(n)" if any
// ("parkstad" in "parkstadgemeent"): the compounds the term opens, most
// frequent first. Results are cached with the near spellings.
func (v *vocab) heads(field, term string, n int) []string {
	key := fmt.Sprintf("head\x00%s\x00%s\x00%d", field, term, n)
	es := v.cached(key, func() []entry { return v.scanHeads(field, term, n) })
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.term
	}
	return out
}

// Compound heads: the tail after a query word must be a word of at least
// minHeadTailRunes letters, so "parkstad" does not open "parkstadion"; at
// most maxHeadScan dictionary words starting with the query word are read
// (at 10^5 cases the first lookup of "werkg" took 54 ms with 2,000 and 8 ms
// with 500; later ones are cached).
const (
	minHeadTailRunes = 4
	maxHeadScan      = 500
)

// headLinks are what may stand between the parts of a compound.
var headLinks = []string{"", "s", "e", "en"}

func (v *vocab) scanHeads(field, term string, n int) []entry {
	var out []entry
	v.scan(field, term, maxHeadScan, func(w string, count uint64) bool {
		if rest := w[len(term):]; rest != "" && v.isTail(field, rest) {
			out = append(out, entry{term: w, count: v.exactCount(field, w, count)})
		}
		return true
	})
	slices.SortFunc(out, func(a, b entry) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.term, b.term))
	})
	return out[:min(n, len(out))]
}

// isTail reports whether rest, what follows a query word inside a term of
// field, is a word of field, linked or not.
func (v *vocab) isTail(field, rest string) bool {
	for _, link := range headLinks {
		tail, ok := strings.CutPrefix(rest, link)
		if ok && utf8.RuneCountInString(tail) >= minHeadTailRunes && v.count(field, tail) > 0 {
			return true
		}
	}
	return false
}

// scan calls fn with the words of field that start with prefix, in byte
// order, at most limit of them, until fn returns false. The count fn gets
// is the number of documents holding the word, or for a field of the index
// possibly a wrong 1 (see exactCount).
func (v *vocab) scan(field, prefix string, limit int, fn func(word string, count uint64) bool) {
	if limit < 1 {
		return
	}
	seen := 0
	within := func(w string, count uint64) bool {
		seen++
		return fn(w, count) && seen < limit
	}
	if field == fieldSpell {
		v.words.scan(prefix, within)
		return
	}
	d, err := v.r.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return
	}
	defer d.Close()
	for {
		de, err := d.Next()
		if err != nil || de == nil || !within(de.Term, de.Count) {
			return
		}
	}
}

// maxDictScan bounds the dictionary entries read per lookup: the words of
// one field that share the first letter.
const maxDictScan = 50000

// editRows holds the rows of an optimal-string-alignment table (an
// insertion, deletion, substitution or swap of neighbours costs 1), reused
// across the words compared with one query word.
type editRows struct{ prev2, prev, cur []int }

// lastRow fills the table of a against b and returns its last row: entry j
// is the distance from a to b[:j]. It reports false as soon as every entry
// of a row exceeds limit, since the distance to any start of b then does.
func (r *editRows) lastRow(a, b []rune, limit int) ([]int, bool) {
	if n := len(b) + 1; cap(r.cur) < n {
		r.prev2, r.prev, r.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := r.prev2[:len(b)+1], r.prev[:len(b)+1], r.cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return nil, false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev, true
}

// distance is the edit distance of a and b, or limit+1 once it must exceed
// limit.
func (r *editRows) distance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	last, ok := r.lastRow(a, b, limit)
	if !ok {
		return limit + 1
	}
	return min(last[len(b)], limit+1)
}

// withinOne reports whether some start of word (of len(a)-1 to len(a)+1
// letters) is at most one edit from a: a typed prefix with one typo.
func (r *editRows) withinOne(a, word []rune) bool {
	b := word[:min(len(word), len(a)+1)]
	last, ok := r.lastRow(a, b, 1)
	if !ok {
		return false
	}
	for j := max(0, len(a)-1); j <= len(b); j++ {
		if last[j] <= 1 {
			return true
		}
	}
	return false
}

// editDistance is the edit distance of a and b (see editRows), or limit+1
// once it must exceed limit.
func editDistance(a, b []rune, limit int) int {
	var r editRows
	return r.distance(a, b, limit)
}

// exactCount returns how many documents hold word of field, which scan
// reported with count. A dictionary iterator of bleve's segment format
// (zapx v17) reuses one postings list for its entries and never clears the
// state of a term held by a single document, so on a merged segment every
// later entry of a field without term vectors reports 1 (blevesearch/zapx
// pull request 445). A count above 1 is right; a 1 is looked up afresh.
func (v *vocab) exactCount(field, word string, count uint64) uint64 {
	if count != 1 || field == fieldSpell {
		return count
	}
	return v.count(field, word)
}

// count returns how many documents hold term in field. For a field of the
// index, a term reader is several times cheaper than a one-term dictionary
// range.
func (v *vocab) count(field, term string) uint64 {
	if field == fieldSpell {
		return v.words.count(term)
	}
	r, err := v.r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer r.Close()
	return r.Count()
}
