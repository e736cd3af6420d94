package search

import (
	"context"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"
)

// Damage done to a generation in the tests.
const (
	// damageSeed seeds the random bytes written into a segment.
	damageSeed = 7
	// damageBytes is how many bytes of a segment are overwritten.
	damageBytes = 4096
	// storedIndexFromEnd is where zap (v17) keeps the offset of its
	// stored-fields index: 28 bytes before the end of a segment file,
	// before the offsets of the sections, chunk mode, version and CRC.
	storedIndexFromEnd = 28
)

// segmentOf returns the newest segment file of generation gen of dir, the
// one compaction merged all documents into. (Segments it merged away may
// still lie beside it.) Segment names are zero-padded numbers, so Glob's
// order is their age.
func segmentOf(t *testing.T, dir, gen string) string {
	t.Helper()
	segs, err := filepath.Glob(filepath.Join(dir, gen, "store", "*.zap"))
	if err != nil || len(segs) == 0 {
		t.Fatalf("segments of %s: %v, %v", gen, segs, err)
	}
	return segs[len(segs)-1]
}

// overwrite writes b into the file at path at offset off (from the end
// when negative).
func overwrite(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if off < 0 {
		st, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		off += st.Size()
	}
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

// truncateHalf cuts the file at path to half its size.
func truncateHalf(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, st.Size()/2); err != nil {
		t.Fatal(err)
	}
}

func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(damageSeed, damageSeed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// TestDamagedGeneration: a live generation whose files were damaged after
// it was written is refused by a crawl with an error naming it, without
// any change to the directory; a server does not switch to it and keeps
// serving the generation before, and reports the damage once.
func TestDamagedGeneration(t *testing.T) {
	ctx := context.Background()
	docs := loadFixtures(t)
	tests := []struct {
		name   string
		damage func(t *testing.T, gen string)
		want   string
	}{
		{"random bytes in a segment", func(t *testing.T, gen string) {
			seg := segmentOf(t, filepath.Dir(gen), filepath.Base(gen))
			st, err := os.Stat(seg)
			if err != nil {
				t.Fatal(err)
			}
			overwrite(t, seg, st.Size()/2-damageBytes/2, randomBytes(damageBytes))
		}, "has checksum"},
		{"truncated segment", func(t *testing.T, gen string) {
			truncateHalf(t, segmentOf(t, filepath.Dir(gen), filepath.Base(gen)))
		}, "bytes, want"},
		{"truncated root.bolt", func(t *testing.T, gen string) {
			truncateHalf(t, filepath.Join(gen, "store", "root.bolt"))
		}, "store/root.bolt has"},
		{"mapping removed", func(t *testing.T, gen string) {
			if err := os.Remove(filepath.Join(gen, metaFile)); err != nil {
				t.Fatal(err)
			}
		}, metaFile + " is missing"},
		{"finished mark garbled", func(t *testing.T, gen string) {
			if err := os.WriteFile(filepath.Join(gen, finishedFile), []byte("{"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, finishedFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			build(t, dir, true, func(b *Build) error { return b.Put(ctx, docs[:2]) })
			served, err := OpenLive(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer served.Close()
			build(t, dir, true, func(b *Build) error { return b.Put(ctx, docs[2:4]) })
			tt.damage(t, filepath.Join(dir, "gen-2"))
			wantMsg := "generation gen-2 in " + dir + " is damaged: "
			check := func(what string, err error) {
				t.Helper()
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), wantMsg) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: %v, want ErrDamaged with %q and %q", what, err, wantMsg, tt.want)
				}
			}

			_, err = BeginBuild(dir, Options{})
			check("crawl", err)
			if diff := cmp.Diff([]int{1, 2}, genDirs(t, dir)); diff != "" {
				t.Errorf("a refused crawl changed the generations (-want +got):\n%s", diff)
			}
			_, err = OpenLive(dir, Options{})
			check("serve", err)

			switched, err := served.Refresh()
			check("switch", err)
			if switched || served.Generation() != "gen-1" || liveCount(t, served) != 2 {
				t.Errorf("after the refused switch: switched %v, serving %s with %d cases; want gen-1 with 2",
					switched, served.Generation(), liveCount(t, served))
			}
			if switched, err := served.Refresh(); switched || err != nil {
				t.Errorf("second refresh: switched %v, %v; want the damage reported once", switched, err)
			}
		})
	}
}

// farOffset is an offset far beyond the end of any test segment.
var farOffset = []byte{0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0}

// damageStoredIndex points the offset of the stored-fields index far
// beyond the end of the segment: bleve panics opening it.
func damageStoredIndex(t *testing.T, seg string) {
	overwrite(t, seg, -storedIndexFromEnd, farOffset)
}

// damageStoredDoc points the stored fields of the first document far
// beyond the end of the segment: bleve opens it and panics reading them.
func damageStoredDoc(t *testing.T, seg string) {
	b, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	at := int64(binary.BigEndian.Uint64(b[len(b)-storedIndexFromEnd:]))
	overwrite(t, seg, at, farOffset)
}

// TestIndexLibraryPanics: damage no finished mark finds (in a generation
// written by an older casus) makes bleve panic opening or reading it; the
// crawl and the server get an error naming the generation instead of a
// crash.
func TestIndexLibraryPanics(t *testing.T) {
	ctx := context.Background()
	docs := loadFixtures(t)
	tests := []struct {
		name   string
		damage func(t *testing.T, seg string)
		// atOpen: the panic comes when the generation is opened, else when
		// the crawl reads its state.
		atOpen bool
	}{
		{"stored-fields index", damageStoredIndex, true},
		{"stored fields of a document", damageStoredDoc, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			build(t, dir, true, func(b *Build) error { return b.Put(ctx, docs[:2]) })
			if err := os.Remove(filepath.Join(dir, "gen-1", finishedFile)); err != nil {
				t.Fatal(err)
			}
			tt.damage(t, segmentOf(t, dir, "gen-1"))
			wantMsg := "generation gen-1 in " + dir + " is damaged: the index library failed reading it"
			check := func(what string, err error) {
				t.Helper()
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), wantMsg) {
					t.Errorf("%s: %v, want ErrDamaged with %q", what, err, wantMsg)
				}
			}

			b, err := BeginBuild(dir, Options{})
			if tt.atOpen {
				check("crawl", err)
			} else {
				if err != nil {
					t.Fatal(err)
				}
				_, err = b.State(ctx, docs[0].Source)
				check("crawl state", err)
				if err := b.Close(); err != nil {
					t.Error(err)
				}
			}

			// A server reads document ids while it opens a generation.
			_, err = OpenLive(dir, Options{})
			check("serve", err)
		})
	}
}

// panicking is a bleve index whose every read panics.
type panicking struct{ bleveIndex }

func (panicking) SearchInContext(context.Context, *bleve.SearchRequest) (*bleve.SearchResult, error) {
	panic("search")
}
func (panicking) Document(string) (index.Document, error) { panic("document") }
func (panicking) DocCount() (uint64, error)               { panic("count") }
func (panicking) GetInternal([]byte) ([]byte, error)      { panic("internal") }

// TestGuardedIndex: every read of a guarded generation answers a panic of
// bleve with the error of a damaged generation.
func TestGuardedIndex(t *testing.T) {
	g := &guardedIndex{bleveIndex: panicking{}, dir: "DIR", name: "gen-3"}
	reads := []struct {
		name string
		read func() error
	}{
		{"search", func() error {
			_, err := g.Search(bleve.NewSearchRequest(bleve.NewMatchAllQuery()))
			return err
		}},
		{"document", func() error { _, err := g.Document("x"); return err }},
		{"count", func() error { _, err := g.DocCount(); return err }},
		{"internal data", func() error { _, err := g.GetInternal([]byte("k")); return err }},
	}
	for _, r := range reads {
		err := r.read()
		if !errors.Is(err, ErrDamaged) || !strings.HasPrefix(err.Error(), "generation gen-3 in DIR is damaged: ") {
			t.Errorf("%s: %v, want ErrDamaged naming gen-3", r.name, err)
		}
	}
}
