package compare

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/casus-nl/casus"
)

// Bounds of the cases Comparable returns.
const (
	// hitsSize is the number of cases from comparable municipalities.
	hitsSize = 10
	// maxHitMunicipalities bounds the comparable municipalities whose cases
	// are searched, as a request's municipality filter is bounded.
	maxHitMunicipalities = casus.MaxFilterValues
	// maxHitThemes bounds the target's themes the case search asks for.
	maxHitThemes = 3
)

// Comparable finds the size (0 means DefaultSize) current municipalities
// most like the one with code, for GET
// /api/v1/municipalities/{code}/comparable, each with its similarity (see
// the weights in similarity.go) and reasons, plus the best cases from them
// (see hits; filter narrows them by words and themes as in a search).
// The municipality itself, its predecessors and its successors are never
// candidates. The error wraps casus.ErrNotFound for a malformed or unknown
// code and is a ParamError on "size" for a size out of 1..MaxSize.
func (s *Service) Comparable(ctx context.Context, code string, size int, filter casus.CaseFilter) (casus.Comparison, error) {
	size, err := checkSize(size)
	if err != nil {
		return casus.Comparison{}, err
	}
	m, err := s.lookup(code)
	if err != nil {
		return casus.Comparison{}, err
	}
	st, err := s.stats(ctx)
	if err != nil {
		return casus.Comparison{}, err
	}
	target := newCandidate(m, st[m.Code])
	skip := map[string]bool{m.Code: true}
	for _, c := range append(s.g.Predecessors(m.Code), s.g.Successors(m.Code)...) {
		skip[c] = true
	}
	var ranked []scored
	for _, c := range s.g.Current() {
		if !skip[c.Code] {
			ranked = append(ranked, s.score(target, newCandidate(c, st[c.Code])))
		}
	}
	slices.SortFunc(ranked, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.similarity, a.similarity), cmp.Compare(b.stats.Cases, a.stats.Cases),
			cmp.Compare(a.m.Code, b.m.Code))
	})
	ranked = ranked[:min(size, len(ranked))]
	out := casus.Comparison{
		Municipality: s.profile(m, target.stats),
		Comparable:   make([]casus.ComparableMunicipality, 0, len(ranked)),
	}
	for _, r := range ranked {
		out.Comparable = append(out.Comparable, casus.ComparableMunicipality{
			Code: r.m.Code, Name: r.m.Name, Province: r.m.Province, Population: r.m.Population,
			Similarity: r.similarity, Reasons: r.reasons, Cases: r.stats.Cases,
		})
	}
	if out.Hits, err = s.hits(ctx, ranked, out.Municipality.Themes, filter); err != nil {
		return casus.Comparison{}, err
	}
	return out, nil
}

// hits searches the cases of the comparable municipalities that have any.
// With a filter, it searches its words and themes, and only them: what the
// user asked for may find nothing. Without one, it searches the target's top
// themes when it has some, and any theme when that finds nothing. It never
// returns nil hits.
func (s *Service) hits(ctx context.Context, ranked []scored, themes []casus.FacetValue, filter casus.CaseFilter) ([]casus.Hit, error) {
	q := casus.Query{Page: 1, Size: hitsSize, Text: filter.Text, Themes: slices.Clone(filter.Themes)}
	for _, r := range ranked {
		if r.stats.Cases > 0 && len(q.Municipalities) < maxHitMunicipalities {
			q.Municipalities = append(q.Municipalities, r.m.Code)
		}
	}
	if len(q.Municipalities) == 0 {
		return []casus.Hit{}, nil
	}
	if filter.IsZero() {
		for _, t := range themes[:min(maxHitThemes, len(themes))] {
			q.Themes = append(q.Themes, t.Value)
		}
	}
	res, err := s.cases.Search(ctx, q)
	if err == nil && res.Total == 0 && len(q.Themes) > 0 && filter.IsZero() {
		q.Themes = nil
		res, err = s.cases.Search(ctx, q)
	}
	if err != nil {
		return nil, fmt.Errorf("search cases of comparable municipalities: %w", err)
	}
	if res.Hits == nil {
		return []casus.Hit{}, nil
	}
	return res.Hits, nil
}
