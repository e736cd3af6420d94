package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

// TestSpellingWordsFollowChanges checks that the spelling words of a
// generation count the cases it holds after documents were replaced,
// deleted, written twice in one batch and written by two writes at once:
// the same counts as an index that was only given the final documents.
func TestSpellingWordsFollowChanges(t *testing.T) {
	fixtures := loadFixtures(t)
	if len(fixtures) < 6 {
		t.Fatalf("%d fixtures; the test needs 6", len(fixtures))
	}
	final := map[string]casus.Document{}
	for _, d := range fixtures {
		final[d.ID] = d
	}
	changed := func(d casus.Document, n int) casus.Document {
		d.Title = fmt.Sprintf("Vervangen casus %d over woonwagenbeleid", n)
		d.Body = fmt.Sprintf("Een nieuwe tekst %d zonder de oude woorden: kwartiermaker en dorpsondersteuner.", n)
		return d
	}
	dir := filepath.Join(t.TempDir(), "index")
	build(t, dir, true, func(b *Build) error { return b.Put(context.Background(), fixtures) })

	replaced, twice, deleted := changed(fixtures[0], 0), changed(fixtures[1], 1), fixtures[2].ID
	build(t, dir, true, func(b *Build) error {
		ctx := context.Background()
		if err := b.Put(ctx, []casus.Document{replaced}); err != nil {
			return err
		}
		// One batch writes the second fixture twice: the last one counts.
		if err := b.Put(ctx, []casus.Document{changed(fixtures[1], 9), twice}); err != nil {
			return err
		}
		if err := b.Delete(ctx, []string{deleted, deleted, "no-such-case"}); err != nil {
			return err
		}
		// Two writes of the third and fourth fixtures at once.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() {
				errs[i] = b.Put(ctx, []casus.Document{changed(fixtures[3], 3+i), changed(fixtures[4], 3+i)})
			})
		}
		wg.Wait()
		return errors.Join(errs...)
	})
	final[replaced.ID], final[twice.ID] = replaced, twice
	delete(final, deleted)

	live, err := OpenLive(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = live.Close() })
	// Which of the two writes at once came last is up to the index; the
	// expected documents are the ones it holds.
	for _, d := range fixtures[3:5] {
		got, err := live.Index().Get(context.Background(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		final[d.ID] = got
	}
	fresh, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fresh.Close() })
	docs := make([]casus.Document, 0, len(final))
	for _, d := range final {
		docs = append(docs, d)
	}
	if err := fresh.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	want, got := allWords(t, fresh), allWords(t, live.Index())
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("spelling words of the changed generation (-index of the final documents +changed):\n%s", diff)
	}
	for _, w := range []string{"woonwagenbeleid", "kwartiermaker"} {
		if got[w] != 4 {
			t.Errorf("%q is in %d cases, want 4", w, got[w])
		}
	}
}

// allWords returns every spelling word of ix with its count.
func allWords(t *testing.T, ix *Index) map[string]uint64 {
	t.Helper()
	v, err := ix.openVocab()
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	out := map[string]uint64{}
	v.scan(fieldSpell, "", math.MaxInt, func(w string, n uint64) bool {
		out[w] = n
		return true
	})
	if len(out) == 0 {
		t.Fatal("no spelling words")
	}
	return out
}
