package api

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync/atomic"

	"github.com/casus-nl/casus"
)

// Guard stands between the HTTP layer and the search backend. A panic in
// the backend (as a damaged index gives) becomes an error, so the request
// is answered, logged and counted as a 500 like any other failure, and it
// marks the index unreadable: /readyz answers 503 until another generation
// is served.
type Guard struct {
	generation func() string
	logger     *slog.Logger
	// broken holds the generation a backend call panicked on; nil while
	// none did.
	broken atomic.Pointer[string]
}

// NewGuard returns a guard following generation (nil: one generation for
// ever) that logs to logger (nil discards).
func NewGuard(generation func() string, logger *slog.Logger) *Guard {
	if generation == nil {
		generation = func() string { return "" }
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Guard{generation: generation, logger: logger}
}

// Searcher returns s behind the guard; the search page takes it too, so a
// panic there marks the index as well.
func (g *Guard) Searcher(s Searcher) Searcher { return guardedSearcher{g, s} }

// unreadableError is the readiness failure after a backend panic. It wraps
// casus.ErrUnavailable, so it is answered as 503.
type unreadableError struct {
	generation string
}

func (e unreadableError) Error() string {
	return fmt.Sprintf("index unreadable: a search on generation %q panicked; ready again once another generation is served", e.generation)
}

func (e unreadableError) Unwrap() error { return casus.ErrUnavailable }

// Unreadable returns an error wrapping casus.ErrUnavailable while the
// served generation is one a backend call panicked on, nil otherwise.
func (g *Guard) Unreadable() error {
	broken := g.broken.Load()
	if broken == nil || *broken != g.generation() {
		return nil
	}
	return unreadableError{generation: *broken}
}

// recovered turns a recovered panic value into the error of the call op,
// marking the served generation unreadable and logging that (with the
// stack) the first time.
func (g *Guard) recovered(op string, r any) error {
	gen := g.generation()
	if old := g.broken.Swap(&gen); old == nil || *old != gen {
		g.logger.Error("index unreadable: the search backend panicked; /readyz answers 503 until another generation is served",
			"generation", gen, "op", op, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	}
	return fmt.Errorf("%s: search backend panicked: %v", op, r)
}

// guarded calls f, turning a panic in it into an error.
func guarded[T any](g *Guard, op string, f func() (T, error)) (res T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			res, err = zero, g.recovered(op, r)
		}
	}()
	return f()
}

type guardedSearcher struct {
	g *Guard
	s Searcher
}

func (s guardedSearcher) Ready() bool { return s.s.Ready() }

func (s guardedSearcher) Search(ctx context.Context, q casus.Query) (casus.Result, error) {
	return guarded(s.g, "search", func() (casus.Result, error) { return s.s.Search(ctx, q) })
}

type guardedSuggester struct {
	g *Guard
	s Suggester
}

func (s guardedSuggester) Suggest(ctx context.Context, text string, size int) (casus.Suggestions, error) {
	return guarded(s.g, "suggest", func() (casus.Suggestions, error) { return s.s.Suggest(ctx, text, size) })
}

type guardedDocuments struct {
	g *Guard
	d Documents
}

func (d guardedDocuments) Document(ctx context.Context, id string) (casus.Document, error) {
	return guarded(d.g, "document", func() (casus.Document, error) { return d.d.Document(ctx, id) })
}

func (d guardedDocuments) Similar(ctx context.Context, id string, size int) (casus.SimilarResult, error) {
	return guarded(d.g, "similar", func() (casus.SimilarResult, error) { return d.d.Similar(ctx, id, size) })
}

type guardedMunicipalities struct {
	g *Guard
	m Municipalities
}

func (m guardedMunicipalities) Municipalities(ctx context.Context, prefix string, size int) ([]casus.MunicipalitySummary, error) {
	return guarded(m.g, "municipalities", func() ([]casus.MunicipalitySummary, error) { return m.m.Municipalities(ctx, prefix, size) })
}

func (m guardedMunicipalities) Municipality(ctx context.Context, code string) (casus.MunicipalityProfile, error) {
	return guarded(m.g, "municipality", func() (casus.MunicipalityProfile, error) { return m.m.Municipality(ctx, code) })
}

func (m guardedMunicipalities) Comparable(ctx context.Context, code string, size int) (casus.Comparison, error) {
	return guarded(m.g, "comparable", func() (casus.Comparison, error) { return m.m.Comparable(ctx, code, size) })
}

// guard puts cfg's backends behind g; absent ones stay absent.
func (g *Guard) guard(cfg *Config) {
	cfg.Searcher = g.Searcher(cfg.Searcher)
	if cfg.Suggester != nil {
		cfg.Suggester = guardedSuggester{g, cfg.Suggester}
	}
	if cfg.Documents != nil {
		cfg.Documents = guardedDocuments{g, cfg.Documents}
	}
	if cfg.Municipalities != nil {
		cfg.Municipalities = guardedMunicipalities{g, cfg.Municipalities}
	}
}
