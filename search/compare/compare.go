// Package compare describes municipalities by their indexed cases and finds
// municipalities comparable to one another, with reasons in Dutch.
package compare

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/search/gazetteer"
)

// Bounds and defaults of the lookups.
const (
	// DefaultSize is the number of municipalities List and Comparable
	// return when size is 0.
	DefaultSize = 10
	// MaxSize bounds size, as casus.MaxSize bounds a page of hits.
	MaxSize = casus.MaxSize
	// MaxPrefixRunes bounds the prefix of List, as casus.MaxQueryRunes
	// bounds a query.
	MaxPrefixRunes = casus.MaxQueryRunes
)

// Cases is what the service needs from the search index (implemented by
// *search.Index).
type Cases interface {
	// MunicipalityStats counts the cases per municipality code and theme.
	MunicipalityStats(ctx context.Context) (map[string]search.MunicipalityStats, error)
	// Search answers a query; Comparable uses it for the cases of the
	// comparable municipalities.
	Search(ctx context.Context, q casus.Query) (casus.Result, error)
}

// Labels names themes (implemented by *taxonomy.Taxonomy).
type Labels interface {
	// ThemeLabel is the display label of a theme slug, "" when unknown.
	ThemeLabel(slug string) string
}

// Service answers the municipality endpoints: lookup by name, profile and
// comparable municipalities. Its only state is a short-lived cache of the
// case counts; it is safe for concurrent use when its dependencies are.
type Service struct {
	g      *gazetteer.Gazetteer
	cases  Cases
	labels Labels
	cache  *statsCache
}

// New returns a Service over the municipalities of g, the cases of cases and
// the theme labels of labels.
func New(g *gazetteer.Gazetteer, cases Cases, labels Labels) *Service {
	return &Service{g: g, cases: cases, labels: labels, cache: &statsCache{now: time.Now}}
}

var codePattern = regexp.MustCompile(`^GM\d{4}$`)

// lookup returns the municipality with code; the error wraps
// casus.ErrNotFound for a malformed or unknown code.
func (s *Service) lookup(code string) (gazetteer.Municipality, error) {
	if !codePattern.MatchString(code) {
		return gazetteer.Municipality{}, fmt.Errorf("municipality %q is not a CBS code like GM0363: %w", code, casus.ErrNotFound)
	}
	m, ok := s.g.Lookup(code)
	if !ok {
		return gazetteer.Municipality{}, fmt.Errorf("municipality %s: %w", code, casus.ErrNotFound)
	}
	return m, nil
}

// stats returns the case counts of every municipality, at most
// statsMaxAge old.
func (s *Service) stats(ctx context.Context) (map[string]search.MunicipalityStats, error) {
	return s.cache.get(ctx, s.cases)
}

// checkSize resolves size 0 to DefaultSize and rejects sizes out of
// 1..MaxSize with a ParamError on "size".
func checkSize(size int) (int, error) {
	switch {
	case size == 0:
		return DefaultSize, nil
	case size < 1 || size > MaxSize:
		return 0, casus.InvalidParam("size", "is %d; it must be between 1 and %d", size, MaxSize)
	}
	return size, nil
}

// themeLabel is the label of a theme, falling back to its slug.
func (s *Service) themeLabel(slug string) string {
	if s.labels != nil {
		if l := s.labels.ThemeLabel(slug); l != "" {
			return l
		}
	}
	return slug
}
