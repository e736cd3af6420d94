package search

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/casus-nl/casus"
)

// statePageSize bounds the documents read per request by State, and so its
// memory per step.
const statePageSize = 1000

// PageState is the crawl state kept with a document: what the next crawl
// needs to revalidate its page. It is stored, not indexed, and not part of
// the public Document.
type PageState struct {
	URL          string `json:"url"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	ContentHash  string `json:"content_hash,omitempty"`
}

// Record is a document with its crawl state.
type Record struct {
	Doc   casus.Document
	State PageState
}

// PutRecords adds or replaces documents together with their crawl state,
// in batches like Put.
func (ix *Index) PutRecords(ctx context.Context, recs []Record) error {
	return ix.put(ctx, recs)
}

// State returns the crawl state of the documents of a source, by document
// id. Documents stored without state are listed with their URL only.
func (ix *Index) State(ctx context.Context, source string) (map[string]PageState, error) {
	q := query.NewTermQuery(source)
	q.SetField(fieldSource)
	out := map[string]PageState{}
	err := ix.scan(ctx, q, func(h *bsearch.DocumentMatch) error {
		st, err := hitState(h)
		out[h.ID] = st
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read crawl state of %s: %w", source, err)
	}
	return out, nil
}

// records returns every document with its crawl state.
func (ix *Index) records(ctx context.Context) ([]Record, error) {
	var out []Record
	err := ix.scan(ctx, query.NewMatchAllQuery(), func(h *bsearch.DocumentMatch) error {
		d, err := hitDocument(h)
		if err != nil {
			return err
		}
		var st PageState
		if raw, _ := h.Fields[fieldCrawl].(string); raw != "" {
			if err := json.Unmarshal([]byte(raw), &st); err != nil {
				return fmt.Errorf("decode crawl state of %q: %w", h.ID, err)
			}
		}
		out = append(out, Record{Doc: d, State: st})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	return out, nil
}

// scan calls fn for every document matching q, with its stored fields, in
// pages of statePageSize ordered by id.
func (ix *Index) scan(ctx context.Context, q query.Query, fn func(*bsearch.DocumentMatch) error) error {
	var after []string
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		req := bleve.NewSearchRequestOptions(q, statePageSize, 0, false)
		req.SortByCustom(bsearch.SortOrder{&bsearch.SortDocID{}})
		req.Fields = append([]string{fieldCrawl}, storedFields...)
		if after != nil {
			req.SearchAfter = after
		}
		res, err := ix.idx.SearchInContext(ctx, req)
		if err != nil {
			return ix.unavailable(err)
		}
		for _, h := range res.Hits {
			if err := fn(h); err != nil {
				return err
			}
		}
		if len(res.Hits) < statePageSize {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// hitState decodes the crawl state of a hit, falling back to the URL of the
// stored document.
func hitState(h *bsearch.DocumentMatch) (PageState, error) {
	var st PageState
	if raw, _ := h.Fields[fieldCrawl].(string); raw != "" {
		if err := json.Unmarshal([]byte(raw), &st); err != nil {
			return st, fmt.Errorf("decode crawl state of %q: %w", h.ID, err)
		}
		return st, nil
	}
	d, err := hitDocument(h)
	if err != nil {
		return st, err
	}
	return PageState{URL: d.URL}, nil
}
