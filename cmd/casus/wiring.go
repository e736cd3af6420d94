package main

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/enrich"
	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

// knowledge is the reference data every command shares.
type knowledge struct {
	gazetteer *gazetteer.Gazetteer
	taxonomy  *taxonomy.Taxonomy
	synonyms  *search.Synonyms
}

func loadKnowledge() (knowledge, error) {
	g, err := gazetteer.Load()
	if err != nil {
		return knowledge{}, fmt.Errorf("load municipalities: %w", err)
	}
	t, err := taxonomy.Load()
	if err != nil {
		return knowledge{}, fmt.Errorf("load taxonomy: %w", err)
	}
	syn, err := search.LoadSynonyms()
	if err != nil {
		return knowledge{}, fmt.Errorf("load synonyms: %w", err)
	}
	return knowledge{gazetteer: g, taxonomy: t, synonyms: syn}, nil
}

func (k knowledge) searchOptions() search.Options {
	return search.Options{Municipalities: k.gazetteer, Taxonomy: k.taxonomy, Synonyms: k.synonyms}
}

func (k knowledge) enricher() (*enrich.Enricher, error) {
	e, err := enrich.New(k.gazetteer, k.taxonomy)
	if err != nil {
		return nil, fmt.Errorf("build enricher: %w", err)
	}
	return e, nil
}

// backend is the searcher the HTTP layer sees: it answers "not ready" until
// an index is set, so the server can listen while the index is being built.
type backend struct {
	ix atomic.Pointer[search.Index]
}

func (b *backend) set(ix *search.Index) { b.ix.Store(ix) }

// Ready reports whether an index is set.
func (b *backend) Ready() bool { return b.ix.Load() != nil }

// Search searches the current index.
func (b *backend) Search(ctx context.Context, q casus.Query) (casus.Result, error) {
	ix := b.ix.Load()
	if ix == nil {
		return casus.Result{}, casus.ErrUnavailable
	}
	return ix.Search(ctx, q)
}
