package search

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/casus-nl/casus"
)

// TestOnePassMatchesBleve checks the one-pass search (columns, one
// searcher, the page loaded last) against bleve doing it all (the path of
// explain=true): the same total, hits in the same order, the same facet
// counts.
func TestOnePassMatchesBleve(t *testing.T) {
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}, Taxonomy: fakeTaxonomy{}})
	d := func(s string) casus.Date {
		v, err := casus.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		q    casus.Query
	}{
		{"everything, by date", casus.Query{}},
		{"one word", casus.Query{Text: "jeugdzorg"}},
		{"two words", casus.Query{Text: "wijkteam dalfsen"}},
		{"phrase", casus.Query{Text: `"sociaal domein"`}},
		{"typo", casus.Query{Text: "jeugzorg"}},
		{"exclusion", casus.Query{Text: "toegang -wmo"}},
		{"relaxed", casus.Query{Text: "jeugdzorg xyzzyq"}},
		{"filter", casus.Query{Text: "inkoop", Themes: []string{"jeugd", "wmo"}}},
		{"filters only", casus.Query{Municipalities: []string{"GM0148"}, Years: []string{"2016", "2024"}}},
		{"dates", casus.Query{From: d("2018-01-01"), To: d("2021-12-31")}},
		{"date and facet", casus.Query{Text: "toegang", From: d("2016-01-01"), Sources: []string{"bureau-a"}}},
		{"by date with words", casus.Query{Text: "sociaal", Sort: casus.SortDate}},
		{"second page", casus.Query{Page: 2, Size: 5}},
		{"no match", casus.Query{Text: "qqqqzzzz"}},
		{"unknown filter value", casus.Query{Themes: []string{"bestaat-niet"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast := mustSearch(t, ix, tt.q)
			slowQ := tt.q
			slowQ.Explain = true
			slow := mustSearch(t, ix, slowQ)
			if fast.Total != slow.Total || fast.Relaxed != slow.Relaxed {
				t.Errorf("total %d relaxed %v, bleve %d %v", fast.Total, fast.Relaxed, slow.Total, slow.Relaxed)
			}
			if diff := cmp.Diff(hitIDs(slow), hitIDs(fast)); diff != "" {
				t.Errorf("hits (-bleve +one pass):\n%s", diff)
			}
			if diff := cmp.Diff(slow.Facets, fast.Facets); diff != "" {
				t.Errorf("facets (-bleve +one pass):\n%s", diff)
			}
			for i := range min(len(fast.Hits), len(slow.Hits)) {
				if fast.Hits[i].SnippetHTML != slow.Hits[i].SnippetHTML || fast.Hits[i].TitleHTML != slow.Hits[i].TitleHTML {
					t.Errorf("hit %s highlighted %q / %q, bleve %q / %q", fast.Hits[i].ID,
						fast.Hits[i].TitleHTML, fast.Hits[i].SnippetHTML, slow.Hits[i].TitleHTML, slow.Hits[i].SnippetHTML)
				}
			}
		})
	}
}

func TestGate(t *testing.T) {
	g := newGate(1)
	g.queueWait, g.runTime = 20*time.Millisecond, 50*time.Millisecond
	ctx := context.Background()
	busy, release, finished := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		_ = g.run(ctx, func(context.Context) error {
			close(busy)
			<-release
			return nil
		})
	}()
	<-busy
	err := g.run(ctx, func(context.Context) error { return nil })
	if !errors.Is(err, casus.ErrOverloaded) {
		t.Errorf("second computation while the only turn is taken: %v, want ErrOverloaded", err)
	}
	close(release)
	<-finished
	ran := false
	if err := g.run(ctx, func(context.Context) error { ran = true; return nil }); err != nil || !ran {
		t.Errorf("after the turn came free: ran %v, err %v", ran, err)
	}
	err = g.run(ctx, func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	})
	if !errors.Is(err, casus.ErrOverloaded) {
		t.Errorf("a computation past its time: %v, want ErrOverloaded", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := g.run(cancelled, func(ctx context.Context) error { return ctx.Err() }); errors.Is(err, casus.ErrOverloaded) {
		t.Errorf("a request its client gave up is not an overload: %v", err)
	}
}

// TestLiveAnswersFollowGenerations searches, publishes a generation with
// one more case, and searches again: the cached answer of the old
// generation must not be served.
func TestLiveAnswersFollowGenerations(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	docs := loadFixtures(t)
	build(t, dir, true, func(b *Build) error { return b.Put(context.Background(), docs[:10]) })
	live, err := OpenLive(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	q := casus.Query{Text: "sociaal"}
	before := mustSearch(t, live.Index(), q)
	if sug, err := live.Index().Suggest(context.Background(), "subsid", 5); err != nil || len(sug.Suggestions) != 0 {
		t.Fatalf("suggest a word the first generation lacks: %+v, %v", sug, err)
	}
	again := mustSearch(t, live.Index(), q)
	if diff := cmp.Diff(hitIDs(before), hitIDs(again)); diff != "" || before.Total != again.Total {
		t.Fatalf("the same search twice differs: %s", diff)
	}
	build(t, dir, true, func(b *Build) error { return b.Put(context.Background(), docs[10:]) })
	if switched, err := live.Refresh(); err != nil || !switched {
		t.Fatalf("Refresh = %v, %v", switched, err)
	}
	after := mustSearch(t, live.Index(), q)
	if after.Total <= before.Total {
		t.Errorf("after the new generation: %d cases, before %d; the old answer was served", after.Total, before.Total)
	}
	sug, err := live.Index().Suggest(context.Background(), "subsid", 5)
	if err != nil || len(sug.Suggestions) == 0 {
		t.Errorf("suggest a word only the new generation has: %+v, %v", sug, err)
	}
}

// TestCacheKindsApart computes two kinds of answer under the same key at
// the same time: they share the flight group and must not get each
// other's value.
func TestCacheKindsApart(t *testing.T) {
	c := newGenCache(nil)
	suggestions := func(c *genCache) *lru.Cache[string, casus.Suggestions] { return c.suggestions }
	similar := func(c *genCache) *lru.Cache[string, []casus.Hit] { return c.similar }
	both := make(chan struct{})
	started := make(chan struct{}, 2)
	wait := func() { started <- struct{}{}; <-both }
	type answer struct {
		sug  casus.Suggestions
		hits []casus.Hit
		err  error
	}
	got := make(chan answer, 2)
	go func() {
		v, _, err := cached(context.Background(), c, "suggest", suggestions, "8\x00d01", func(context.Context) (casus.Suggestions, error) {
			wait()
			return casus.Suggestions{Query: "d01"}, nil
		})
		got <- answer{sug: v, err: err}
	}()
	go func() {
		v, _, err := cached(context.Background(), c, "similar", similar, "8\x00d01", func(context.Context) ([]casus.Hit, error) {
			wait()
			return []casus.Hit{{ID: "d02"}}, nil
		})
		got <- answer{hits: v, err: err}
	}()
	for range 2 {
		select {
		case <-started:
		case <-time.After(2 * time.Second):
			close(both)
			t.Fatal("the two kinds of answer were computed as one")
		}
	}
	close(both)
	for range 2 {
		a := <-got
		if a.err != nil {
			t.Fatal(a.err)
		}
		if a.sug.Query == "" && (len(a.hits) != 1 || a.hits[0].ID != "d02") {
			t.Errorf("an answer got the other kind's value: %+v", a)
		}
	}
}
