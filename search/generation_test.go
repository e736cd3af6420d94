package search

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

// build runs one build of dir: fn writes, and commit decides whether it is
// committed. It returns what Commit reported.
func build(t *testing.T, dir string, commit bool, fn func(*Build) error) bool {
	t.Helper()
	b, err := BeginBuild(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	}()
	if err := fn(b); err != nil {
		t.Fatal(err)
	}
	if !commit {
		return false
	}
	live, err := b.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return live
}

func liveCount(t *testing.T, l *Live) uint64 {
	t.Helper()
	n, err := l.Index().Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func genDirs(t *testing.T, dir string) []int {
	t.Helper()
	gens, err := generations(dir)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(gens)
	return gens
}

func TestBuildsAndLive(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	docs := loadFixtures(t)
	if _, err := OpenLive(dir, Options{}); err == nil || !strings.Contains(err.Error(), "run casus crawl") {
		t.Fatalf("OpenLive of a missing index: %v, want a hint to crawl", err)
	}
	put := func(ds ...casus.Document) func(*Build) error {
		return func(b *Build) error { return b.Put(ctx, ds) }
	}
	if !build(t, dir, true, put(docs[:2]...)) {
		t.Fatal("first build with documents did not go live")
	}
	live, err := OpenLive(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if n := liveCount(t, live); n != 2 {
		t.Fatalf("live index has %d documents, want 2", n)
	}

	steps := []struct {
		name     string
		commit   bool
		fn       func(*Build) error
		wantLive bool
		want     uint64 // documents served after Refresh
		gens     []int
	}{
		{"no change writes no generation", true, func(*Build) error { return nil }, false, 2, []int{1}},
		{"uncommitted build changes nothing", false, put(docs[2:4]...), false, 2, []int{1}},
		{"more documents", true, put(docs[2:4]...), true, 4, []int{1, 2}},
		{"deletion", true, func(b *Build) error { return b.Delete(ctx, []string{docs[0].ID}) }, true, 3, []int{2, 3}},
	}
	for _, st := range steps {
		if got := build(t, dir, st.commit, st.fn); got != st.wantLive {
			t.Errorf("%s: Commit reported live %v, want %v", st.name, got, st.wantLive)
		}
		switched, err := live.Refresh()
		if err != nil {
			t.Fatalf("%s: refresh: %v", st.name, err)
		}
		if switched != st.wantLive {
			t.Errorf("%s: refresh switched %v, want %v", st.name, switched, st.wantLive)
		}
		if n := liveCount(t, live); n != st.want {
			t.Errorf("%s: live index has %d documents, want %d", st.name, n, st.want)
		}
		if diff := cmp.Diff(st.gens, genDirs(t, dir)); diff != "" {
			t.Errorf("%s: generation directories (-want +got):\n%s", st.name, diff)
		}
	}
	if _, err := live.Index().Get(ctx, docs[0].ID); !errors.Is(err, casus.ErrNotFound) {
		t.Errorf("deleted document: %v, want not found", err)
	}
}

func TestBuildLockAndLayout(t *testing.T) {
	dir := t.TempDir()
	first, err := BeginBuild(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BeginBuild(dir, Options{}); !errors.Is(err, ErrCrawlRunning) {
		t.Errorf("second build while the first runs: %v, want ErrCrawlRunning", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := BeginBuild(dir, Options{})
	if err != nil {
		t.Fatalf("build after the first closed: %v", err)
	}
	_ = second.Close()

	old := t.TempDir()
	if err := os.WriteFile(filepath.Join(old, metaFile), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func() error{
		"BeginBuild": func() error { _, err := BeginBuild(old, Options{}); return err },
		"OpenLive":   func() error { _, err := OpenLive(old, Options{}); return err },
	} {
		if err := open(); err == nil || !strings.Contains(err.Error(), "old single-index layout") {
			t.Errorf("%s on the old layout: %v, want a rebuild message", name, err)
		}
	}
}

func TestCrawlStateRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	docs := loadFixtures(t)
	a, b := docs[0], docs[1]
	b.Source = a.Source + "-other"
	st := PageState{URL: a.URL, ETag: `"x1"`, LastModified: "Mon, 01 Jan 2024 10:00:00 GMT", ContentHash: "abc"}
	build(t, dir, true, func(bd *Build) error {
		return bd.PutRecords(ctx, []Record{{Doc: a, State: st}, {Doc: b}})
	})
	bd, err := BeginBuild(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bd.Close()
	got, err := bd.State(ctx, a.Source)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]PageState{a.ID: st}, got); diff != "" {
		t.Errorf("state of %s (-want +got):\n%s", a.Source, diff)
	}
	got, err = bd.State(ctx, b.Source)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]PageState{b.ID: {URL: b.URL}}, got); diff != "" {
		t.Errorf("state of a document stored without state (-want +got):\n%s", diff)
	}
	stored, err := bd.base.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(a)
	gotJSON, _ := json.Marshal(stored)
	if string(wantJSON) != string(gotJSON) {
		t.Errorf("the public document changed with crawl state:\n got %s\nwant %s", gotJSON, wantJSON)
	}
}

// TestBuildMigratesOlderMapping: a live generation written by an older casus
// cannot be served, and the next crawl rewrites its documents and crawl
// state under the current mapping even when it changes nothing itself.
func TestBuildMigratesOlderMapping(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	docs := loadFixtures(t)
	st := PageState{URL: docs[0].URL, ETag: `"v1"`, ContentHash: "h"}
	build(t, dir, true, func(b *Build) error {
		return b.PutRecords(ctx, []Record{{Doc: docs[0], State: st}, {Doc: docs[1]}})
	})
	name, err := readCurrent(dir)
	if err != nil {
		t.Fatal(err)
	}
	old, err := Open(filepath.Join(dir, name), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.idx.SetInternal([]byte(mappingVersionKey), []byte("0")); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	// An older casus wrote no finished mark.
	if err := os.Remove(filepath.Join(dir, name, finishedFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenLive(dir, Options{}); err == nil || !strings.Contains(err.Error(), "migrate") {
		t.Fatalf("OpenLive of an old index = %v, want a request to migrate", err)
	}

	if !build(t, dir, true, func(*Build) error { return nil }) {
		t.Fatal("a migrating build that wrote nothing else was not committed")
	}
	l, err := OpenLive(dir, Options{})
	if err != nil {
		t.Fatalf("OpenLive after migration: %v", err)
	}
	defer l.Close()
	if n := liveCount(t, l); n != 2 {
		t.Errorf("migrated index holds %d documents, want 2", n)
	}
	got, err := l.Index().State(ctx, docs[0].Source)
	if err != nil {
		t.Fatal(err)
	}
	if got[docs[0].ID] != st {
		t.Errorf("crawl state after migration = %+v, want %+v", got[docs[0].ID], st)
	}
}

// TestCommitCompacts writes a generation in many small batches, each a
// segment of its own, and finds one segment file after Commit.
func TestCommitCompacts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	docs := loadFixtures(t)
	build(t, dir, true, func(b *Build) error {
		for _, d := range docs {
			if err := b.Put(context.Background(), []casus.Document{d}); err != nil {
				return err
			}
		}
		return nil
	})
	gen, err := LiveGeneration(dir)
	if err != nil {
		t.Fatal(err)
	}
	segments, err := filepath.Glob(filepath.Join(dir, gen, "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(segments) != 1 {
		t.Errorf("generation %s holds %d segment files, want 1: %v", gen, len(segments), segments)
	}
	live, err := OpenLive(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if n := liveCount(t, live); n != uint64(len(docs)) {
		t.Errorf("compacted generation holds %d cases, want %d", n, len(docs))
	}
}
