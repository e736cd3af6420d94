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
	Comparable(ctx context.Context, code string, size int) (casus.Comparison, error)
}
