package api

import (
	"context"

	"github.com/casus-nl/casus"
)

// Suggester completes what a user is typing (search-as-you-type).
type Suggester interface {
	Suggest(ctx context.Context, text string, size int) (casus.Suggestions, error)
}

// Documents serves single cases and the cases most like them. Unknown ids
// give an error wrapping casus.ErrNotFound.
type Documents interface {
	Document(ctx context.Context, id string) (casus.Document, error)
	Similar(ctx context.Context, id string, size int) (casus.SimilarResult, error)
}

// Municipalities looks up municipalities, their profiles and comparable
// municipalities. Unknown codes give an error wrapping casus.ErrNotFound.
type Municipalities interface {
	Municipalities(ctx context.Context, prefix string, size int) ([]casus.MunicipalitySummary, error)
	Municipality(ctx context.Context, code string) (casus.MunicipalityProfile, error)
	// Comparable's filter narrows the cases of the comparable municipalities
	// by words and themes, as in a search; its zero value asks for the best
	// cases on the municipality's own top themes.
	Comparable(ctx context.Context, code string, size int, filter casus.CaseFilter) (casus.Comparison, error)
}
