package compare

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

// fakeCases serves case counts and hits from testdata and records the
// queries it is asked.
type fakeCases struct {
	stats map[string]search.MunicipalityStats
	hits  []casus.Hit
	err   error // of every call
	// searchErr fails Search only.
	searchErr error
	queries   []casus.Query
	// statsCalls counts the calls of MunicipalityStats.
	statsCalls int
}

var _ Cases = (*fakeCases)(nil)

func (f *fakeCases) MunicipalityStats(context.Context) (map[string]search.MunicipalityStats, error) {
	f.statsCalls++
	return f.stats, f.err
}

// Search returns the hits about any of q's municipalities and, when q has
// themes, on any of them, as the index's filters would.
func (f *fakeCases) Search(_ context.Context, q casus.Query) (casus.Result, error) {
	f.queries = append(f.queries, q)
	if err := errors.Join(f.err, f.searchErr); err != nil {
		return casus.Result{}, err
	}
	var out []casus.Hit
	for _, h := range f.hits {
		inPlace := slices.ContainsFunc(h.Municipalities, func(m casus.MunicipalityRef) bool {
			return slices.Contains(q.Municipalities, m.Code)
		})
		onTheme := len(q.Themes) == 0 || slices.ContainsFunc(h.Themes, func(t string) bool {
			return slices.Contains(q.Themes, t)
		})
		if inPlace && onTheme {
			out = append(out, h)
		}
	}
	return casus.Result{Total: len(out), Hits: out}, nil
}

// readJSON decodes testdata/name into v.
func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
}

// newTestService returns a Service over the real gazetteer and taxonomy and
// fake cases from testdata.
func newTestService(t testing.TB) (*Service, *fakeCases) {
	t.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeCases{}
	readJSON(t, "stats.json", &f.stats)
	readJSON(t, "hits.json", &f.hits)
	return New(g, f, tax), f
}
