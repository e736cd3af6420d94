package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync/atomic"

	"github.com/casus-nl/casus"
)

// Guard stands between the HTTP layer and the search backend. A panic in
// the backend (as a damaged index may give) becomes an error, so the
// request is answered, logged and counted as a 500 like any other failure.
// It marks the index unreadable, as does an error of the backend that wraps
// one of the guard's damage errors: /readyz answers 503 until another
// generation is served.
type Guard struct {
	generation func() string
	logger     *slog.Logger
	damage     []error
	// broken holds the generation found unreadable; nil while none was.
	broken atomic.Pointer[string]
}

// NewGuard returns a guard following generation (nil: one generation for
// ever) that logs to logger (nil discards); backend errors wrapping one of
// damage mean the index cannot be read.
func NewGuard(generation func() string, logger *slog.Logger, damage ...error) *Guard {
	if generation == nil {
		generation = func() string { return "" }
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Guard{generation: generation, logger: logger, damage: damage}
}

// Searcher returns s behind the guard; the search page takes it too, so a
// panic there marks the index as well.
func (g *Guard) Searcher(s Searcher) Searcher { return guardedSearcher{g, s} }

// unreadableError is the readiness failure after a backend panic or
// damage. It wraps casus.ErrUnavailable, so it is answered as 503.
type unreadableError struct {
	generation string
}

func (e unreadableError) Error() string {
	return fmt.Sprintf("index unreadable: a search on generation %q failed on damage or panicked; ready again once another generation is served", e.generation)
}

func (e unreadableError) Unwrap() error { return casus.ErrUnavailable }

// Unreadable returns an error wrapping casus.ErrUnavailable while the
// served generation is one found unreadable, nil otherwise.
func (g *Guard) Unreadable() error {
	broken := g.broken.Load()
	if broken == nil || *broken != g.generation() {
		return nil
	}
	return unreadableError{generation: *broken}
}

// isDamage reports whether err wraps one of the guard's damage errors.
func (g *Guard) isDamage(err error) bool {
	return err != nil && slices.ContainsFunc(g.damage, func(d error) bool { return errors.Is(err, d) })
}

// markUnreadable marks the served generation unreadable after the call op
// failed with err, logging that the first time (with stack, where the
// failure was a panic).
func (g *Guard) markUnreadable(op string, err error, stack []byte) {
	gen := g.generation()
	if old := g.broken.Swap(&gen); old != nil && *old == gen {
		return
	}
	attrs := []any{"generation", gen, "op", op, "err", err}
	if stack != nil {
		attrs = append(attrs, "stack", string(stack))
	}
	g.logger.Error("index unreadable: the search backend failed on it; /readyz answers 503 until another generation is served", attrs...)
}

// guarded calls f, turning a panic in it into an error; a panic or a
// damage error marks the index unreadable.
func guarded[T any](g *Guard, op string, f func() (T, error)) (res T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			res, err = zero, fmt.Errorf("%s: search backend panicked: %v", op, r)
			g.markUnreadable(op, err, debug.Stack())
		}
	}()
	res, err = f()
	if g.isDamage(err) {
		g.markUnreadable(op, err, nil)
	}
	return res, err
}

type guardedSearcher struct {
	g *Guard
	s Searcher
}

func (s guardedSearcher) Ready() bool { return s.s.Ready() }

func (s guardedSearcher) Search(ctx context.Context, q casus.Query) (casus.Result, error) {
	return guarded(s.g, "search", func() (casus.Result, error) { return s.s.Search(ctx, q) })
}

// Documents returns d behind the guard, for the pages that show cases.
func (g *Guard) Documents(d Documents) Documents { return guardedDocuments{g, d} }

// Municipalities returns m behind the guard, for the municipality pages.
func (g *Guard) Municipalities(m Municipalities) Municipalities { return guardedMunicipalities{g, m} }

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

func (m guardedMunicipalities) Comparable(ctx context.Context, code string, size int, filter casus.CaseFilter) (casus.Comparison, error) {
	return guarded(m.g, "comparable", func() (casus.Comparison, error) { return m.m.Comparable(ctx, code, size, filter) })
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
