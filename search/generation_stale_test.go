package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

// abandon leaves a build as kill -9 would: its files stay where they are and
// its lock is gone. Its indexes are closed, so that no goroutine of theirs
// writes on as a killed process would not. With finish, the new generation
// is marked finished, as if the crawl died just before switching CURRENT.
func abandon(t *testing.T, b *Build, finish bool) {
	t.Helper()
	if err := b.next.Close(); err != nil {
		t.Fatal(err)
	}
	if finish {
		if err := finishGeneration(b.dir, b.nextName, b.baseName); err != nil {
			t.Fatal(err)
		}
	}
	if b.base != nil {
		if err := b.base.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.lock.release(); err != nil {
		t.Fatal(err)
	}
	b.next, b.base, b.lock, b.done = nil, nil, nil, true
}

// TestKilledBuildsAreRemoved: what killed crawls leave behind goes at the
// start of the next build, which keeps the live generation and its
// predecessor, and a finished build keeps only itself and the one before.
func TestKilledBuildsAreRemoved(t *testing.T) {
	ctx := context.Background()
	docs := loadFixtures(t)
	tests := []struct {
		name string
		// leave makes what killed crawls leave behind.
		leave func(t *testing.T, dir string)
		// building are the generations while the next build writes.
		building []int
		// after are the generations after it made its own live.
		after []int
	}{
		{"nothing left behind", func(*testing.T, string) {}, []int{1, 2, 3}, []int{2, 3}},
		{"killed while writing", func(t *testing.T, dir string) {
			b := beginWriting(t, dir, docs[2:3])
			abandon(t, b, false)
		}, []int{1, 2, 3}, []int{2, 3}},
		{"killed after finishing, before the switch", func(t *testing.T, dir string) {
			b := beginWriting(t, dir, docs[2:3])
			abandon(t, b, true)
		}, []int{1, 2, 3}, []int{2, 3}},
		{"killed while switching", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, currentFile+tmpSuffix), []byte("gen-3\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, []int{1, 2, 3}, []int{2, 3}},
		{"eight killed crawls", func(t *testing.T, dir string) {
			for i := range 8 {
				abandon(t, beginWriting(t, dir, docs[2+i:3+i]), i%2 == 0)
			}
		}, []int{1, 2, 3}, []int{2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			build(t, dir, true, func(b *Build) error { return b.Put(ctx, docs[:1]) })
			build(t, dir, true, func(b *Build) error { return b.Put(ctx, docs[1:2]) })
			tt.leave(t, dir)

			b := beginWriting(t, dir, docs[len(docs)-1:])
			if diff := cmp.Diff(tt.building, genDirs(t, dir)); diff != "" {
				t.Errorf("generations while building (-want +got):\n%s", diff)
			}
			if live, err := b.Commit(); err != nil || !live {
				t.Fatalf("commit: live %v, %v", live, err)
			}
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.after, genDirs(t, dir)); diff != "" {
				t.Errorf("generations after the build (-want +got):\n%s", diff)
			}
			if _, err := os.Stat(filepath.Join(dir, currentFile+tmpSuffix)); !os.IsNotExist(err) {
				t.Errorf("%s%s left behind: %v", currentFile, tmpSuffix, err)
			}
			live, err := OpenLive(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer live.Close()
			if n := liveCount(t, live); n != 3 {
				t.Errorf("live generation %s holds %d documents, want 3", live.Generation(), n)
			}
		})
	}
}

// beginWriting begins a build of dir and writes docs into its new
// generation.
func beginWriting(t *testing.T, dir string, docs []casus.Document) *Build {
	t.Helper()
	b, err := BeginBuild(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRemoveIndex: an index is removed under its crawl lock, so never while
// a crawl writes it.
func TestRemoveIndex(t *testing.T) {
	ctx := context.Background()
	docs := loadFixtures(t)
	dir := filepath.Join(t.TempDir(), "index")
	build(t, dir, true, func(b *Build) error { return b.Put(ctx, docs[:1]) })

	running := beginWriting(t, dir, docs[1:2])
	if err := RemoveIndex(dir); !errors.Is(err, ErrCrawlRunning) {
		t.Errorf("remove while a crawl runs: %v, want ErrCrawlRunning", err)
	}
	if diff := cmp.Diff([]int{1, 2}, genDirs(t, dir)); diff != "" {
		t.Errorf("a refused removal changed the generations (-want +got):\n%s", diff)
	}
	if err := running.Close(); err != nil {
		t.Fatal(err)
	}

	if err := RemoveIndex(dir); err != nil {
		t.Fatal(err)
	}
	if gen, err := LiveGeneration(dir); err != nil || gen != "" || len(genDirs(t, dir)) != 0 {
		t.Errorf("after removal: live %q (%v), generations %v; want none", gen, err, genDirs(t, dir))
	}
	if err := RemoveIndex(filepath.Join(t.TempDir(), "missing")); err != nil {
		t.Errorf("remove a missing index: %v", err)
	}
}
