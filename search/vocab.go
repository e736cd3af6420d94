package search

import (
	"cmp"
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
// frequent. Errors count as no candidates: typo tolerance is a bonus.
func (v *vocab) near(field, term string, edits, n int) []string {
	es := v.nearEntries(field, term, edits, n)
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.term
	}
	return out
}

func (v *vocab) nearEntries(field, term string, edits, n int) []entry {
	fr, ok := v.r.(index.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	prefix := string([]rune(term)[:min(fuzzyPrefix, len([]rune(term)))])
	d, err := fr.FieldDictFuzzy(field, term, edits, prefix)
	if err != nil {
		return nil
	}
	defer d.Close()
	var out []entry
	for {
		de, err := d.Next()
		if err != nil || de == nil {
			break
		}
		if de.Term == term {
			continue
		}
		out = append(out, entry{term: de.Term, count: de.Count, edits: int(de.EditDistance)})
		if len(out) > maxDictScan {
			break
		}
	}
	slices.SortFunc(out, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(b.count, a.count), cmp.Compare(a.term, b.term))
	})
	return out[:min(n, len(out))]
}

// maxDictScan bounds the dictionary entries read per lookup.
const maxDictScan = 1000

// count returns how many documents hold term in field.
func (v *vocab) count(field, term string) uint64 {
	d, err := v.r.FieldDictRange(field, []byte(term), []byte(term))
	if err != nil {
		return 0
	}
	defer d.Close()
	de, err := d.Next()
	if err != nil || de == nil || de.Term != term {
		return 0
	}
	return de.Count
}
