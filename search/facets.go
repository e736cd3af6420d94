package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/casus-nl/casus"
)

// maxFacetValues bounds the values listed per facet. It is above the 342
// municipalities of 2024 plus the former ones that older cases still name, so
// in practice every value is listed.
const maxFacetValues = 500

// facetFields are the facet fields in the order filters are combined; a
// read-only table.
var facetFields = [...]string{fieldMunicipality, fieldTheme, fieldDomain, fieldSource, fieldYear}

// selectedValues returns the filter values of q for a facet field.
func selectedValues(q casus.Query, field string) []string {
	switch field {
	case fieldMunicipality:
		return q.Municipalities
	case fieldTheme:
		return q.Themes
	case fieldDomain:
		return q.Domains
	case fieldSource:
		return q.Sources
	case fieldYear:
		return q.Years
	}
	return nil
}

// filterSet holds the active filters of a query: one per facet with selected
// values (values ORed) and the date range.
type filterSet struct {
	facets map[string]query.Query
	date   query.Query
}

// newFilterSet builds the filters of q. A municipality code also matches the
// cases of its predecessors, because they are indexed under their successors
// too (see indexFields).
func (ix *Index) newFilterSet(q casus.Query) filterSet {
	fs := filterSet{facets: map[string]query.Query{}}
	for _, field := range facetFields {
		values := selectedValues(q, field)
		if len(values) == 0 {
			continue
		}
		alts := make([]query.Query, 0, len(values))
		for _, v := range values {
			t := query.NewTermQuery(v)
			t.SetField(field)
			alts = append(alts, t)
		}
		fs.facets[field] = query.NewDisjunctionQuery(alts)
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		inclusive := true
		d := query.NewDateRangeInclusiveQuery(q.From.Time(), q.To.Time(), &inclusive, &inclusive)
		d.SetField(fieldDate)
		fs.date = d
	}
	return fs
}

// except returns every filter except the one of facet field ("" for none).
func (fs filterSet) except(field string) []query.Query {
	var out []query.Query
	for _, f := range facetFields {
		if q, ok := fs.facets[f]; ok && f != field {
			out = append(out, q)
		}
	}
	if fs.date != nil {
		out = append(out, fs.date)
	}
	return out
}

// addFacetRequests asks req for the counts of the given facet fields.
func addFacetRequests(req *bleve.SearchRequest, fields ...string) {
	for _, f := range fields {
		req.AddFacet(f, bleve.NewFacetRequest(f, maxFacetValues))
	}
}

// disjunctiveCounts recounts each facet that has an active filter with every
// filter except its own, so its counts show what selecting another value
// would add. The searches are independent and run concurrently.
func (ix *Index) disjunctiveCounts(ctx context.Context, idx bleve.Index, tq textQuery, relaxed bool, fs filterSet) (bsearch.FacetResults, error) {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		out  = bsearch.FacetResults{}
		errs []error
	)
	for _, field := range facetFields {
		if _, ok := fs.facets[field]; !ok {
			continue
		}
		wg.Go(func() {
			req := bleve.NewSearchRequestOptions(tq.query(relaxed, fs.except(field)), 0, 0, false)
			req.Score = bleve.ScoreNone
			addFacetRequests(req, field)
			res, err := idx.SearchInContext(ctx, req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("count facet %s: %w", field, ix.unavailable(err)))
				return
			}
			out[field] = res.Facets[field]
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return out, nil
}

// fromBleve turns bleve's facet results into counts per value.
func fromBleve(results bsearch.FacetResults) map[string][]valueCount {
	out := map[string][]valueCount{}
	for field, fr := range results {
		if fr == nil {
			continue
		}
		for _, t := range fr.Terms.Terms() {
			out[field] = append(out[field], valueCount{value: t.Term, count: t.Count})
		}
	}
	return out
}

// facets turns the counts per facet into the contract's lists.
func (ix *Index) facets(counts map[string][]valueCount, q casus.Query) casus.Facets {
	list := func(field string) []casus.FacetValue {
		return ix.facetValues(field, counts[field], selectedValues(q, field))
	}
	return casus.Facets{
		Municipality: list(fieldMunicipality),
		Theme:        list(fieldTheme),
		Domain:       list(fieldDomain),
		Source:       list(fieldSource),
		Year:         list(fieldYear),
	}
}

// facetValues lists the counted values of one facet, at most
// maxFacetValues of the most frequent, plus every selected value (count 0
// when absent), sorted by count, then label. It never returns nil.
func (ix *Index) facetValues(field string, counts []valueCount, selected []string) []casus.FacetValue {
	out := []casus.FacetValue{}
	counts = slices.Clone(counts)
	slices.SortFunc(counts, func(a, b valueCount) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.value, b.value))
	})
	for _, t := range counts[:min(maxFacetValues, len(counts))] {
		out = append(out, casus.FacetValue{
			Value: t.value, Label: ix.label(field, t.value), Count: t.count,
			Selected: slices.Contains(selected, t.value),
		})
	}
	for _, s := range selected {
		if !slices.ContainsFunc(out, func(v casus.FacetValue) bool { return v.Value == s }) {
			out = append(out, casus.FacetValue{Value: s, Label: ix.label(field, s), Selected: true})
		}
	}
	slices.SortFunc(out, func(a, b casus.FacetValue) int {
		return cmp.Or(
			cmp.Compare(b.Count, a.Count),
			cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)),
			cmp.Compare(a.Value, b.Value),
		)
	})
	return out
}

// label is the display label of a facet value, falling back to the value.
func (ix *Index) label(field, value string) string {
	var l string
	switch field {
	case fieldMunicipality:
		if ix.opts.Municipalities != nil {
			l = ix.opts.Municipalities.Label(value)
		}
	case fieldTheme:
		if ix.opts.Taxonomy != nil {
			l = ix.opts.Taxonomy.ThemeLabel(value)
		}
	case fieldDomain:
		if ix.opts.Taxonomy != nil {
			l = ix.opts.Taxonomy.DomainLabel(value)
		}
	case fieldSource:
		l = ix.sourceName(value)
	}
	return cmp.Or(l, value)
}
