package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	index "github.com/blevesearch/bleve_index_api"
)

// columns hold, for one index snapshot, which documents carry each facet
// value (as bitmaps of internal document numbers) and each document's date.
// Filters and facet counts then become bitmap operations instead of a
// visit to every matching document's stored values: counting the facets of
// 50,000 matches costs a few hundred bitmap intersections, not 50,000 doc
// value lookups. A generation never changes, so its columns are built once.
type columns struct {
	// all holds every live document.
	all *roaring.Bitmap
	// facets maps a facet field to its values.
	facets map[string]facetColumn
	// dates holds each document's date in Unix nanoseconds, noDate when it
	// has none; indexed by document number.
	dates []int64
	// idRank holds the place of each document's id in id order, indexed by
	// document number: equal scores and dates are ordered by id, so an
	// answer does not depend on where a document sits in the index.
	idRank []uint32
}

// facetColumn is one facet field: its values in term order and, for each,
// the documents carrying it.
type facetColumn struct {
	values []string
	docs   []*roaring.Bitmap
}

// noDate marks a document without a date; it sorts after every date.
const noDate = math.MinInt64

// docNum is the document number of an internal id: scorch's ids are the
// big-endian number of the document across the snapshot's segments.
func docNum(id index.IndexInternalID) uint32 {
	return uint32(binary.BigEndian.Uint64(id))
}

// internalID is the internal id of a document number.
func internalID(n uint32) index.IndexInternalID {
	id := make(index.IndexInternalID, 8)
	binary.BigEndian.PutUint64(id, uint64(n))
	return id
}

// buildColumns reads the columns of the snapshot r.
func buildColumns(ctx context.Context, r index.IndexReader) (*columns, error) {
	c := &columns{all: roaring.New(), facets: map[string]facetColumn{}}
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return nil, fmt.Errorf("columns: list documents: %w", err)
	}
	var maxDoc uint32
	for {
		id, err := ids.Next()
		if err != nil {
			_ = ids.Close()
			return nil, fmt.Errorf("columns: list documents: %w", err)
		}
		if id == nil {
			break
		}
		n := docNum(id)
		c.all.Add(n)
		maxDoc = max(maxDoc, n)
	}
	if err := ids.Close(); err != nil {
		return nil, fmt.Errorf("columns: list documents: %w", err)
	}
	for _, field := range facetFields {
		col, err := readFacetColumn(ctx, r, field)
		if err != nil {
			return nil, err
		}
		c.facets[field] = col
	}
	if c.dates, err = readDates(r, c.all, maxDoc); err != nil {
		return nil, err
	}
	if c.idRank, err = rankIDs(r, c.all, maxDoc); err != nil {
		return nil, err
	}
	return c, nil
}

// rankIDs orders the documents by id.
func rankIDs(r index.IndexReader, all *roaring.Bitmap, maxDoc uint32) ([]uint32, error) {
	type docID struct {
		n  uint32
		id string
	}
	docs := make([]docID, 0, all.GetCardinality())
	it := all.Iterator()
	for it.HasNext() {
		n := it.Next()
		id, err := r.ExternalID(internalID(n))
		if err != nil {
			return nil, fmt.Errorf("columns: id of document %d: %w", n, err)
		}
		docs = append(docs, docID{n, id})
	}
	slices.SortFunc(docs, func(a, b docID) int { return strings.Compare(a.id, b.id) })
	rank := make([]uint32, int(maxDoc)+1)
	for i, d := range docs {
		rank[d.n] = uint32(i)
	}
	return rank, nil
}

// readFacetColumn reads the documents of every value of a keyword field.
func readFacetColumn(ctx context.Context, r index.IndexReader, field string) (facetColumn, error) {
	var col facetColumn
	dict, err := r.FieldDict(field)
	if err != nil {
		return col, fmt.Errorf("columns: values of %s: %w", field, err)
	}
	defer dict.Close()
	for {
		entry, err := dict.Next()
		if err != nil {
			return col, fmt.Errorf("columns: values of %s: %w", field, err)
		}
		if entry == nil {
			return col, nil
		}
		docs, err := postings(ctx, r, field, entry.Term)
		if err != nil {
			return col, err
		}
		if !docs.IsEmpty() {
			col.values = append(col.values, entry.Term)
			col.docs = append(col.docs, docs)
		}
	}
}

// postings returns the documents holding term in field.
func postings(ctx context.Context, r index.IndexReader, field, term string) (*roaring.Bitmap, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return nil, fmt.Errorf("columns: documents of %s %q: %w", field, term, err)
	}
	defer tfr.Close()
	docs := roaring.New()
	for {
		tfd, err := tfr.Next(nil)
		if err != nil {
			return nil, fmt.Errorf("columns: documents of %s %q: %w", field, term, err)
		}
		if tfd == nil {
			return docs, nil
		}
		docs.Add(docNum(tfd.ID))
	}
}

// readDates reads every document's date from the doc values of the date
// field, whose full-precision term (shift 0) is the date itself.
func readDates(r index.IndexReader, all *roaring.Bitmap, maxDoc uint32) ([]int64, error) {
	dates := make([]int64, int(maxDoc)+1)
	for i := range dates {
		dates[i] = noDate
	}
	dv, err := r.DocValueReader([]string{fieldDate})
	if err != nil {
		return nil, fmt.Errorf("columns: dates: %w", err)
	}
	it := all.Iterator()
	for it.HasNext() {
		n := it.Next()
		err := dv.VisitDocValues(internalID(n), func(_ string, term []byte) {
			pc := numeric.PrefixCoded(term)
			if shift, err := pc.Shift(); err != nil || shift != 0 {
				return
			}
			if v, err := pc.Int64(); err == nil {
				dates[n] = v
			}
		})
		if err != nil {
			return nil, fmt.Errorf("columns: date of document %d: %w", n, err)
		}
	}
	return dates, nil
}

// date returns the date of document n, or noDate.
func (c *columns) date(n uint32) int64 {
	if int(n) >= len(c.dates) {
		return noDate
	}
	return c.dates[n]
}

// anyOf returns the documents carrying any of values in field; values the
// index does not know match nothing.
func (c *columns) anyOf(field string, values []string) *roaring.Bitmap {
	col := c.facets[field]
	out := roaring.New()
	for _, v := range values {
		for i, have := range col.values {
			if have == v {
				out.Or(col.docs[i])
				break
			}
		}
	}
	return out
}

// between returns the documents dated from from to to, inclusive, in Unix
// nanoseconds; math.MinInt64+1 and math.MaxInt64 leave an end open.
func (c *columns) between(from, to int64) *roaring.Bitmap {
	out := roaring.New()
	it := c.all.Iterator()
	for it.HasNext() {
		n := it.Next()
		if d := c.date(n); d != noDate && d >= from && d <= to {
			out.Add(n)
		}
	}
	return out
}

// count returns how many documents of set carry each value of field, for
// the values with at least one.
func (c *columns) count(field string, set *roaring.Bitmap) []valueCount {
	col := c.facets[field]
	var out []valueCount
	for i, docs := range col.docs {
		if n := set.AndCardinality(docs); n > 0 {
			out = append(out, valueCount{value: col.values[i], count: int(n)})
		}
	}
	return out
}

// valueCount is a facet value with the number of documents carrying it.
type valueCount struct {
	value string
	count int
}
