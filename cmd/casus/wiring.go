package main

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/enrich"
	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/search/compare"
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
	ix    atomic.Pointer[search.Index]
	live  atomic.Pointer[search.Live]
	munis *compare.Service
	// places and labels name municipalities (with their mergers), themes
	// and domains on the pages.
	places *gazetteer.Gazetteer
	labels *taxonomy.Taxonomy
}

// newBackend returns a backend without an index yet; municipality answers
// combine k's gazetteer with the index's cases.
func newBackend(k knowledge) *backend {
	b := &backend{places: k.gazetteer, labels: k.taxonomy}
	b.munis = compare.New(k.gazetteer, b, k.taxonomy)
	return b
}

// index returns the current index or an error wrapping casus.ErrUnavailable.
func (b *backend) index() (*search.Index, error) {
	ix := b.ix.Load()
	if ix == nil {
		return nil, fmt.Errorf("no index yet: %w", casus.ErrUnavailable)
	}
	return ix, nil
}

// set serves the live index directory from now on.
func (b *backend) set(live *search.Live) {
	b.live.Store(live)
	b.ix.Store(live.Index())
}

// Generation names the generation being served, "" before there is one;
// answers depend on nothing else.
func (b *backend) Generation() string {
	if live := b.live.Load(); live != nil {
		return live.Generation()
	}
	return ""
}

// Ready reports whether an index is set.
func (b *backend) Ready() bool { return b.ix.Load() != nil }

// Search searches the current index.
func (b *backend) Search(ctx context.Context, q casus.Query) (casus.Result, error) {
	ix, err := b.index()
	if err != nil {
		return casus.Result{}, err
	}
	return ix.Search(ctx, q)
}

// Suggest completes what is being typed.
func (b *backend) Suggest(ctx context.Context, text string, size int) (casus.Suggestions, error) {
	ix, err := b.index()
	if err != nil {
		return casus.Suggestions{}, err
	}
	return ix.Suggest(ctx, text, size)
}

// Document returns one case.
func (b *backend) Document(ctx context.Context, id string) (casus.Document, error) {
	ix, err := b.index()
	if err != nil {
		return casus.Document{}, err
	}
	return ix.Get(ctx, id)
}

// Similar returns the cases most like one case.
func (b *backend) Similar(ctx context.Context, id string, size int) (casus.SimilarResult, error) {
	ix, err := b.index()
	if err != nil {
		return casus.SimilarResult{}, err
	}
	hits, err := ix.Similar(ctx, id, size)
	if err != nil {
		return casus.SimilarResult{}, err
	}
	return casus.SimilarResult{Hits: hits}, nil
}

// MunicipalityStats counts the current index's cases per municipality.
func (b *backend) MunicipalityStats(ctx context.Context) (map[string]search.MunicipalityStats, error) {
	ix, err := b.index()
	if err != nil {
		return nil, err
	}
	return ix.MunicipalityStats(ctx)
}

// Municipalities looks municipalities up by name prefix.
func (b *backend) Municipalities(ctx context.Context, prefix string, size int) ([]casus.MunicipalitySummary, error) {
	return b.munis.List(ctx, prefix, size)
}

// Municipality profiles one municipality.
func (b *backend) Municipality(ctx context.Context, code string) (casus.MunicipalityProfile, error) {
	return b.munis.Profile(ctx, code)
}

// Comparable finds municipalities like one and their best cases, narrowed
// by filter.
func (b *backend) Comparable(ctx context.Context, code string, size int, filter casus.CaseFilter) (casus.Comparison, error) {
	return b.munis.Comparable(ctx, code, size, filter)
}
