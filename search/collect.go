package search

import (
	"container/heap"
	"context"
	"fmt"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/casus-nl/casus"
)

// checkDoneEvery is how many matches are collected between looks at the
// request's deadline.
const checkDoneEvery = 1024

// readColumns reads the columns of a snapshot of idx.
func (ix *Index) readColumns(ctx context.Context, idx bleve.Index) (*columns, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("read columns: %w", ix.unavailable(err))
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("read columns: %w", ix.unavailable(err))
	}
	defer r.Close()
	return buildColumns(ctx, r)
}

// ranked is a matching document with what orders it.
type ranked struct {
	doc   uint32
	score float64
	date  int64
	// idRank is the document's place in id order.
	idRank uint32
}

// collection is what one pass over the matches of a text query found.
type collection struct {
	// matches are all documents matching the text, before filters.
	matches *roaring.Bitmap
	// total counts the matches that pass every filter.
	total int
	// top are the best matches passing every filter, best first, at most
	// as many as asked for.
	top []ranked
}

// collect runs bq over the snapshot r once: it notes every match, and keeps
// the best want of those in pass (nil: all) by the order of sort. A nil bq
// matches every document without scoring.
func (ix *Index) collect(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, cols *columns, bq query.Query, pass *roaring.Bitmap, sort casus.Sort, want int) (collection, error) {
	top := &topK{want: want, before: rankOrder(sort)}
	if bq == nil {
		matches := cols.all.Clone()
		keep := matches
		if pass != nil {
			keep = roaring.And(matches, pass)
		}
		it := keep.Iterator()
		for it.HasNext() {
			n := it.Next()
			top.offer(cols.ranked(n, 0))
		}
		return collection{matches: matches, total: int(keep.GetCardinality()), top: top.sorted()}, nil
	}
	s, err := bq.Searcher(ctx, r, m, bsearch.SearcherOptions{})
	if err != nil {
		return collection{}, fmt.Errorf("search: %w", err)
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       r,
	}
	c := collection{matches: roaring.New()}
	seen := 0
	for {
		if seen%checkDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return collection{}, fmt.Errorf("search: %w", err)
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return collection{}, fmt.Errorf("search: %w", err)
		}
		if dm == nil {
			break
		}
		seen++
		n := docNum(dm.IndexInternalID)
		c.matches.Add(n)
		if pass == nil || pass.Contains(n) {
			c.total++
			top.offer(cols.ranked(n, dm.Score))
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	c.top = top.sorted()
	return c, nil
}

// ranked describes document n with its score for ordering.
func (c *columns) ranked(n uint32, score float64) ranked {
	r := ranked{doc: n, score: score, date: c.date(n)}
	if int(n) < len(c.idRank) {
		r.idRank = c.idRank[n]
	}
	return r
}

// rankOrder returns whether a ranks before b in sort order: by score (for
// relevance), then newest first with undated cases last, then by id so the
// order is stable.
func rankOrder(sort casus.Sort) func(a, b ranked) bool {
	return func(a, b ranked) bool {
		if sort != casus.SortDate && a.score != b.score {
			return a.score > b.score
		}
		if a.date != b.date {
			return a.date > b.date
		}
		return a.idRank < b.idRank
	}
}

// topK keeps the want best of the documents offered.
type topK struct {
	want   int
	before func(a, b ranked) bool
	// items is a heap with the worst kept document at the root.
	items []ranked
}

func (t *topK) Len() int           { return len(t.items) }
func (t *topK) Less(i, j int) bool { return t.before(t.items[j], t.items[i]) }
func (t *topK) Swap(i, j int)      { t.items[i], t.items[j] = t.items[j], t.items[i] }
func (t *topK) Push(x any)         { t.items = append(t.items, x.(ranked)) }
func (t *topK) Pop() any {
	last := t.items[len(t.items)-1]
	t.items = t.items[:len(t.items)-1]
	return last
}

// offer keeps r when it is among the want best so far.
func (t *topK) offer(r ranked) {
	switch {
	case t.want <= 0:
	case len(t.items) < t.want:
		heap.Push(t, r)
	case t.before(r, t.items[0]):
		t.items[0] = r
		heap.Fix(t, 0)
	}
}

// sorted returns the kept documents, best first.
func (t *topK) sorted() []ranked {
	out := make([]ranked, len(t.items))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(t).(ranked)
	}
	return out
}

// filterBitmaps returns, per active filter (a facet field, or "date"), the
// documents it lets through.
func filterBitmaps(cols *columns, q casus.Query) map[string]*roaring.Bitmap {
	out := map[string]*roaring.Bitmap{}
	for _, field := range facetFields {
		if values := selectedValues(q, field); len(values) > 0 {
			out[field] = cols.anyOf(field, values)
		}
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		from, to := int64(math.MinInt64+1), int64(math.MaxInt64)
		if !q.From.IsZero() {
			from = q.From.Time().UnixNano()
		}
		if !q.To.IsZero() {
			to = q.To.Time().UnixNano()
		}
		out[dateFilter] = cols.between(from, to)
	}
	return out
}

// dateFilter names the date range among the filters.
const dateFilter = "date"

// passing returns the documents that pass every filter but the one named
// except ("" for none); nil when no filter applies.
func passing(filters map[string]*roaring.Bitmap, except string) *roaring.Bitmap {
	var out *roaring.Bitmap
	for name, f := range filters {
		if name == except {
			continue
		}
		if out == nil {
			out = f.Clone()
		} else {
			out.And(f)
		}
	}
	return out
}

// facetCounts counts every facet over the matches: each facet with every
// filter applied except its own, so its counts show what selecting another
// of its values would add (disjunctive facets), all from one pass.
func facetCounts(cols *columns, matches *roaring.Bitmap, filters map[string]*roaring.Bitmap) map[string][]valueCount {
	out := map[string][]valueCount{}
	var all *roaring.Bitmap // matches passing every filter, shared by the facets without one
	for _, field := range facetFields {
		var set *roaring.Bitmap
		if _, own := filters[field]; own {
			set = matches
			if p := passing(filters, field); p != nil {
				set = roaring.And(matches, p)
			}
		} else {
			if all == nil {
				all = matches
				if p := passing(filters, ""); p != nil {
					all = roaring.And(matches, p)
				}
			}
			set = all
		}
		out[field] = cols.count(field, set)
	}
	return out
}
