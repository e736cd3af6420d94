package search

import (
	"context"
	"fmt"
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
// Cost: the counts come from the generation's facet columns, one bitmap
// intersection per municipality and theme, and no search: about a
// millisecond at 10^5 cases.
func (ix *Index) MunicipalityStats(ctx context.Context) (map[string]MunicipalityStats, error) {
	g, release, err := ix.borrow()
	if err != nil {
		return nil, fmt.Errorf("municipality stats: %w", err)
	}
	defer release()
	_, cols, done, err := ix.snapshot(ctx, g)
	if err != nil {
		return nil, fmt.Errorf("municipality stats: %w", err)
	}
	defer done()
	munis, themes := cols.facets[fieldMunicipality], cols.facets[fieldTheme]
	out := make(map[string]MunicipalityStats, len(munis.values))
	for i, code := range munis.values[:min(statsMaxMunicipalities, len(munis.values))] {
		st := MunicipalityStats{Cases: int(munis.docs[i].GetCardinality()), Themes: map[string]int{}}
		for j, theme := range themes.values[:min(statsMaxThemes, len(themes.values))] {
			if n := munis.docs[i].AndCardinality(themes.docs[j]); n > 0 {
				st.Themes[theme] = int(n)
			}
		}
		out[code] = st
	}
	return out, nil
}
