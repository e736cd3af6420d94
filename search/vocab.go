package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	index "github.com/blevesearch/bleve_index_api"
)

// vocab reads the term dictionaries of one index snapshot, for typo
// tolerance and spelling suggestions. Close it after use.
type vocab struct {
	r       index.IndexReader
	release func()
}

// openVocab opens a snapshot of ix's dictionaries.
func (ix *Index) openVocab() (*vocab, error) {
	idx, release := ix.idx, func() {}
	if ix.dictionaries != nil {
		var err error
		if idx, release, err = ix.dictionaries(); err != nil {
			return nil, err
		}
	}
	fail := func(err error) (*vocab, error) {
		release()
		return nil, fmt.Errorf("open vocabulary: %w", ix.unavailable(err))
	}
	adv, err := idx.Advanced()
	if err != nil {
		return fail(err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fail(err)
	}
	return &vocab{r: r, release: release}, nil
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
	want := []rune(term)
	prefix := string(want[:min(fuzzyPrefix, len(want))])
	d, err := v.r.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil
	}
	defer d.Close()
	var out []entry
	for scanned := 0; scanned < maxDictScan; scanned++ {
		de, err := d.Next()
		if err != nil || de == nil {
			break
		}
		if de.Term == term {
			continue
		}
		if dist := editDistance(want, []rune(de.Term), edits); dist <= edits {
			out = append(out, entry{term: de.Term, count: de.Count, edits: dist})
		}
	}
	slices.SortFunc(out, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(b.count, a.count), cmp.Compare(a.term, b.term))
	})
	return out[:min(n, len(out))]
}

// maxDictScan bounds the dictionary entries read per lookup: the words of
// one field that share the first letter.
const maxDictScan = 50000

// editDistance is the optimal-string-alignment distance of a and b (an
// insertion, deletion, substitution or swap of neighbours costs 1), or
// limit+1 once it must exceed limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

// count returns how many documents hold term in field. A term reader is
// several times cheaper than a one-term dictionary range.
func (v *vocab) count(field, term string) uint64 {
	r, err := v.r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer r.Close()
	return r.Count()
}
