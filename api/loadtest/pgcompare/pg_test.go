package pgcompare

import (
	"cmp"
	"context"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/loadtest"
	"github.com/casus-nl/casus/indexer/scale"
)

// testDocs is the size of the corpus loaded by the PostgreSQL tests.
const testDocs = 1000

// isolatedDSN gives the test a schema of its own in the database of dsn,
// dropped when the test ends.
func isolatedDSN(t *testing.T, dsn, schema string) string {
	t.Helper()
	isolated, drop, err := IsolatedSchema(context.Background(), dsn, schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return isolated
}

// loadedStore connects to CASUS_PG_DSN and loads testDocs documents of the
// scale corpus, replacing the comparison tables of that database. Without
// the variable the test is skipped: PostgreSQL is an optional, external
// dependency.
func loadedStore(t *testing.T) (*Store, LoadStats) {
	t.Helper()
	dsn := os.Getenv("CASUS_PG_DSN")
	if dsn == "" {
		t.Skip("CASUS_PG_DSN is not set: the PostgreSQL comparison is tested only against a throwaway database named by it")
	}
	ctx := context.Background()
	s, err := Open(ctx, isolatedDSN(t, dsn, "casus_test_pgcompare"), 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	corpus, err := scale.New(scale.Config{Seed: 1, Docs: testDocs, Profile: scale.ProfileCases})
	if err != nil {
		t.Fatal(err)
	}
	docs := slices.Collect(corpus.Documents())
	batches := make(chan []casus.Document, 3)
	for i := 0; i < len(docs); i += 400 {
		batches <- docs[i:min(i+400, len(docs))]
	}
	close(batches)
	st, err := s.Load(ctx, batches)
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

func TestPostgres(t *testing.T) {
	s, st := loadedStore(t)
	ctx := context.Background()
	if st.Docs != testDocs || st.Total <= 0 {
		t.Fatalf("load stats %+v, want %d documents", st, testDocs)
	}
	tgt, err := s.Target(ctx)
	if err != nil {
		t.Fatal(err)
	}
	count := func(where string, args ...any) int {
		var n int
		if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM "+tableDocs+" WHERE "+where, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("search", func(t *testing.T) {
		tests := []struct {
			params url.Values
			// theme, when set, is a filter every hit must carry.
			theme string
		}{
			{params: url.Values{"q": {"jeugdzorg"}}},
			{params: url.Values{"q": {"jeugdzorg"}, "theme": {"jeugd"}}, theme: "jeugd"},
			{params: url.Values{"q": {`"sociaal domein"`}, "size": {"50"}}},
			{params: url.Values{"q": {"inkoop -zq12x"}, "sort": {"date"}}},
			{params: url.Values{"theme": {"wmo"}}, theme: "wmo"},
			{params: url.Values{}},
		}
		for _, tc := range tests {
			res, err := tgt.Search(ctx, loadtest.Request{Group: loadtest.GroupSearch, Params: tc.params})
			if err != nil {
				t.Fatalf("%v: %v", tc.params, err)
			}
			q, _ := casus.ParseQuery(tc.params)
			where, args := "true", []any{}
			if q.Text != "" {
				where, args = "tsv @@ websearch_to_tsquery('dutch', $1)", append(args, q.Text)
			}
			if tc.theme != "" {
				args = append(args, tc.theme)
				where += " AND $" + strconv.Itoa(len(args)) + " = ANY(themes)"
			}
			if want := count(where, args...); res.Total != want || want == 0 {
				t.Errorf("%v: total %d, want %d (and some)", tc.params, res.Total, want)
			}
			if len(res.Hits) != min(res.Total, q.Size) {
				t.Errorf("%v: %d hits of %d, size %d", tc.params, len(res.Hits), res.Total, q.Size)
			}
			for _, h := range res.Hits {
				if tc.theme != "" && !slices.Contains(h.Themes, tc.theme) {
					t.Errorf("%v: hit %s without theme %s", tc.params, h.ID, tc.theme)
				}
				if q.Text != "" && !strings.Contains(h.SnippetHTML+h.TitleHTML, "<mark>") {
					t.Errorf("%v: hit %s has no marked word: %q", tc.params, h.ID, h.SnippetHTML)
				}
			}
			if q.EffectiveSort() == casus.SortDate && !slices.IsSortedFunc(res.Hits, func(a, b casus.Hit) int { return b.Date.Time().Compare(a.Date.Time()) }) {
				t.Errorf("%v: hits not newest first", tc.params)
			}
			if q.EffectiveSort() == casus.SortRelevance && !slices.IsSortedFunc(res.Hits, func(a, b casus.Hit) int { return cmp.Compare(b.Score, a.Score) }) {
				t.Errorf("%v: hits not by score", tc.params)
			}
			if tc.theme != "" {
				// Disjunctive: the theme facet ignores the theme filter, so
				// the selected theme counts exactly the hits.
				i := slices.IndexFunc(res.Facets.Theme, func(f casus.FacetValue) bool { return f.Value == tc.theme })
				if i < 0 || !res.Facets.Theme[i].Selected || res.Facets.Theme[i].Count != res.Total || len(res.Facets.Theme) < 2 {
					t.Errorf("%v: theme facet %+v, want %s selected with %d and the other themes", tc.params, res.Facets.Theme, tc.theme, res.Total)
				}
			}
			if len(res.Facets.Year) == 0 || len(res.Facets.Municipality) == 0 {
				t.Errorf("%v: facets %+v lack years or municipalities", tc.params, res.Facets)
			}
		}
	})

	t.Run("suggest", func(t *testing.T) {
		res, err := tgt.Suggest(ctx, loadtest.Request{Group: loadtest.GroupSuggest, Params: url.Values{"q": {"jeug"}}})
		if err != nil {
			t.Fatal(err)
		}
		terms, docs := 0, 0
		for _, s := range res.Suggestions {
			switch s.Kind {
			case casus.SuggestTerm:
				terms++
				if !strings.HasPrefix(s.Text, "jeug") {
					t.Errorf("term %q does not start with jeug", s.Text)
				}
			case casus.SuggestDocument:
				docs++
				if s.ID == "" {
					t.Errorf("title %q without id", s.Text)
				}
			}
		}
		if terms == 0 || docs == 0 || len(res.Suggestions) > casus.DefaultSuggestSize {
			t.Errorf("suggestions %+v: want terms and titles, at most %d", res.Suggestions, casus.DefaultSuggestSize)
		}
	})

	t.Run("similar", func(t *testing.T) {
		c, err := tgt.Prepare(ctx, loadtest.StartupIDs)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.IDs) != loadtest.StartupIDs || c.Docs != testDocs {
			t.Fatalf("prepare: %d ids, %d docs", len(c.IDs), c.Docs)
		}
		res, err := tgt.Similar(ctx, loadtest.Request{Group: loadtest.GroupSimilar, ID: c.IDs[0], Params: url.Values{"size": {"5"}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 5 {
			t.Errorf("%d similar hits, want 5", len(res.Hits))
		}
		for _, h := range res.Hits {
			if h.ID == c.IDs[0] {
				t.Error("a document is similar to itself")
			}
		}
	})

	t.Run("run", func(t *testing.T) {
		rep, err := loadtest.RunTarget(ctx, loadtest.Config{Clients: 2, Duration: time.Second, Seed: 1}, tgt)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Total.Count == 0 || rep.Total.Errors != 0 {
			t.Errorf("run: %d requests, %d errors %v", rep.Total.Count, rep.Total.Errors, rep.ErrorExamples)
		}
		if len(rep.Skipped) != 1 || rep.Skipped[0].Class != "comparable" {
			t.Errorf("skipped %+v, want comparable", rep.Skipped)
		}
	})
}
