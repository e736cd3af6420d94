package main

import (
	"context"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer"
	"github.com/casus-nl/casus/search"
)

// buildStore lets the crawler write into a search.Build: it translates the
// crawler's state types to the index's, so neither package imports the
// other.
type buildStore struct {
	b *search.Build
}

var _ indexer.Store = buildStore{}

// Put implements indexer.Sink.
func (s buildStore) Put(ctx context.Context, docs []casus.Document) error {
	return s.b.Put(ctx, docs)
}

// PutRecords implements indexer.Store.
func (s buildStore) PutRecords(ctx context.Context, recs []indexer.Record) error {
	out := make([]search.Record, len(recs))
	for i, r := range recs {
		out[i] = search.Record{Doc: r.Doc, State: search.PageState(r.State)}
	}
	return s.b.PutRecords(ctx, out)
}

// State implements indexer.Store.
func (s buildStore) State(ctx context.Context, source string) (map[string]indexer.PageState, error) {
	st, err := s.b.State(ctx, source)
	if err != nil {
		return nil, err
	}
	out := make(map[string]indexer.PageState, len(st))
	for id, p := range st {
		out[id] = indexer.PageState(p)
	}
	return out, nil
}

// Delete implements indexer.Store.
func (s buildStore) Delete(ctx context.Context, ids []string) error {
	return s.b.Delete(ctx, ids)
}
