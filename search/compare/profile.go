package compare

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/search/gazetteer"
)

// List looks municipalities up by name for GET /api/v1/municipalities: up
// to size of them (0 means DefaultSize) whose name or a word of it starts
// with prefix, in the order of gazetteer.Complete, each with its number of
// cases. An empty prefix lists the current municipalities with the most
// cases, then, among equal counts, the most inhabitants, so the list is
// useful before anything is typed and never empty.
func (s *Service) List(ctx context.Context, prefix string, size int) ([]casus.MunicipalitySummary, error) {
	size, err := checkSize(size)
	if err != nil {
		return nil, err
	}
	prefix = strings.TrimSpace(prefix)
	if n := utf8.RuneCountInString(prefix); n > MaxPrefixRunes {
		return nil, casus.InvalidParam("q", "is %d characters long; the maximum is %d", n, MaxPrefixRunes)
	}
	st, err := s.stats(ctx)
	if err != nil {
		return nil, err
	}
	var ms []gazetteer.Municipality
	if prefix == "" {
		ms = s.g.Current()
		slices.SortStableFunc(ms, func(a, b gazetteer.Municipality) int {
			return cmp.Or(cmp.Compare(st[b.Code].Cases, st[a.Code].Cases), cmp.Compare(b.Population, a.Population))
		})
		ms = ms[:min(size, len(ms))]
	} else {
		ms = s.g.Complete(prefix, size)
	}
	out := make([]casus.MunicipalitySummary, 0, len(ms))
	for _, m := range ms {
		out = append(out, casus.MunicipalitySummary{
			Code: m.Code, Name: m.Name, Province: m.Province, Population: m.Population, Cases: st[m.Code].Cases,
		})
	}
	return out, nil
}

// Profile describes the municipality with code, current or former, for GET
// /api/v1/municipalities/{code}. The error wraps casus.ErrNotFound for a
// malformed or unknown code.
func (s *Service) Profile(ctx context.Context, code string) (casus.MunicipalityProfile, error) {
	m, err := s.lookup(code)
	if err != nil {
		return casus.MunicipalityProfile{}, err
	}
	st, err := s.stats(ctx)
	if err != nil {
		return casus.MunicipalityProfile{}, err
	}
	return s.profile(m, st[m.Code]), nil
}

// profile builds the profile of m from its case counts.
func (s *Service) profile(m gazetteer.Municipality, st search.MunicipalityStats) casus.MunicipalityProfile {
	p := casus.MunicipalityProfile{
		Code: m.Code, Name: m.Name, Province: m.Province, Population: m.Population,
		SizeClass:    SizeClass(m.Population),
		Predecessors: []casus.MunicipalityRef{},
		Cases:        st.Cases,
		Themes:       s.themes(st.Themes),
	}
	for _, c := range s.g.Predecessors(m.Code) {
		p.Predecessors = append(p.Predecessors, s.g.Ref(c))
	}
	if !m.Current {
		if cur, ok := s.g.Resolve(m.Code); ok {
			ref := s.g.Ref(cur.Code)
			p.MergedInto = &ref
		}
	}
	return p
}

// themes lists theme counts with their labels, most cases first, then by
// label. It never returns nil.
func (s *Service) themes(counts map[string]int) []casus.FacetValue {
	out := make([]casus.FacetValue, 0, len(counts))
	for slug, n := range counts {
		if n > 0 {
			out = append(out, casus.FacetValue{Value: slug, Label: s.themeLabel(slug), Count: n})
		}
	}
	slices.SortFunc(out, func(a, b casus.FacetValue) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)),
			cmp.Compare(a.Value, b.Value))
	})
	return out
}
