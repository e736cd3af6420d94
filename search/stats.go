package search

import (
	"context"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Bounds of MunicipalityStats.
const (
	// statsMaxMunicipalities bounds the municipality codes counted. It is well
	// above the 342 current municipalities plus the former ones in the
	// merger table, so no code is cut off in practice.
	statsMaxMunicipalities = 2000
	// statsMaxThemes bounds the themes counted, and so the searches one
	// call runs; the taxonomy has fewer than twenty.
	statsMaxThemes = 200
)

// MunicipalityStats counts the indexed cases of one municipality code.
type MunicipalityStats struct {
	// Cases is the number of cases about the municipality or, for a current
	// one, about any of its predecessors.
	Cases int
	// Themes counts those cases per theme slug; a case with two themes
	// counts for both.
	Themes map[string]int
}

// MunicipalityStats counts the cases per municipality code and, per code,
// per theme. Codes are counted as the municipality facet counts them: a case
// about Weesp counts for Weesp and for Amsterdam.
//
// Cost: one match-all search with the municipality and theme facets, then
// one term search per theme found with the municipality facet, run
// concurrently. No document is loaded or decoded, so the work grows with
// the postings of the facet fields, not with the stored text: a few
// milliseconds for 10^3 cases. Nothing is cached, because a Live index swaps
// its generation underneath the *Index and a cache could serve stale counts;
// callers that need it per request should cache with their own expiry.
func (ix *Index) MunicipalityStats(ctx context.Context) (map[string]MunicipalityStats, error) {
	all, err := ix.facetSearch(ctx, query.NewMatchAllQuery(), fieldMunicipality, fieldTheme)
	if err != nil {
		return nil, fmt.Errorf("municipality stats: %w", err)
	}
	out := map[string]MunicipalityStats{}
	for _, t := range facetTerms(all[fieldMunicipality]) {
		out[t.Term] = MunicipalityStats{Cases: t.Count, Themes: map[string]int{}}
	}
	themes := facetTerms(all[fieldTheme])
	perTheme := make([]bsearch.FacetResults, len(themes))
	errs := make([]error, len(themes))
	var wg sync.WaitGroup
	for i, t := range themes {
		wg.Go(func() {
			tq := query.NewTermQuery(t.Term)
			tq.SetField(fieldTheme)
			perTheme[i], errs[i] = ix.facetSearch(ctx, tq, fieldMunicipality)
		})
	}
	wg.Wait()
	for i, t := range themes {
		if errs[i] != nil {
			return nil, fmt.Errorf("municipality stats of theme %s: %w", t.Term, errs[i])
		}
		for _, m := range facetTerms(perTheme[i][fieldMunicipality]) {
			if s, ok := out[m.Term]; ok {
				s.Themes[t.Term] = m.Count
			}
		}
	}
	return out, nil
}

// facetSearch runs q without hits or scores and returns the counts of the
// given facet fields, up to the bounds of MunicipalityStats.
func (ix *Index) facetSearch(ctx context.Context, q query.Query, fields ...string) (bsearch.FacetResults, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = bleve.ScoreNone
	for _, f := range fields {
		size := statsMaxMunicipalities
		if f == fieldTheme {
			size = statsMaxThemes
		}
		req.AddFacet(f, bleve.NewFacetRequest(f, size))
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, ix.unavailable(err)
	}
	return res.Facets, nil
}

// facetTerms returns the counted terms of a facet result, none for nil.
func facetTerms(fr *bsearch.FacetResult) []*bsearch.TermFacet {
	if fr == nil || fr.Terms == nil {
		return nil
	}
	return fr.Terms.Terms()
}
