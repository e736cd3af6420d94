package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

func TestOpenCreateCloseReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	docs := loadFixtures(t)
	if err := ix.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != uint64(len(docs)) {
		t.Errorf("Count() = %d, %v; want %d", n, err, len(docs))
	}
	got, err := ix.Get(ctx, "d06")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(docs[5], got, cmp.AllowUnexported(casus.Date{})); diff != "" {
		t.Errorf("Get(d06) after reopen (-want +got):\n%s", diff)
	}
	// The Dutch analyzer and the source names survive the reopen.
	r := mustSearch(t, ix, casus.Query{Text: "coordinatie", Sources: []string{"bureau-c"}})
	if diff := cmp.Diff([]string{"d06"}, hitIDs(r)); diff != "" {
		t.Errorf("search after reopen (-want +got):\n%s", diff)
	}
	if len(r.Facets.Source) != 1 || r.Facets.Source[0].Label != "Cadans Advies" {
		t.Errorf("source facet after reopen = %+v, want label Cadans Advies", r.Facets.Source)
	}
}

func TestOpenErrors(t *testing.T) {
	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  string
		want string
	}{
		{"no directory", "", "no directory given"},
		{"foreign directory", foreign, "holds no casus index"},
		{"a file", filepath.Join(foreign, "notes.txt"), "not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := Open(tt.dir, Options{})
			if err == nil {
				ix.Close()
				t.Fatalf("Open(%q) succeeded", tt.dir)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%q) = %v, want it to say %q", tt.dir, err, tt.want)
			}
		})
	}
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	second, err := Open(dir, Options{})
	if err == nil {
		second.Close()
		t.Fatal("second Open of a locked index succeeded")
	}
	if !strings.Contains(err.Error(), "is in use by another process") {
		t.Errorf("second Open = %v, want an in-use error", err)
	}
}

func TestOpenMappingVersionMismatch(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Pretend an older casus built this index.
	if err := ix.idx.SetInternal([]byte(mappingVersionKey), []byte("0")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, Options{})
	if err == nil {
		ix.Close()
		t.Fatal("Open of an index with another mapping version succeeded")
	}
	if !strings.Contains(err.Error(), "migrate") {
		t.Errorf("Open = %v, want it to ask for a migration", err)
	}
	// The failed Open released the index.
	ix, err = Open(dir, Options{})
	if err == nil {
		ix.Close()
	}
	if err == nil || strings.Contains(err.Error(), "in use") {
		t.Errorf("third Open = %v, want the version error again, not a lock", err)
	}
}

func TestGetPutDelete(t *testing.T) {
	ctx := context.Background()
	ix := fixtureIndex(t, Options{})

	if _, err := ix.Get(ctx, "nope"); !errors.Is(err, casus.ErrNotFound) {
		t.Errorf("Get(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := ix.Get(ctx, ""); !errors.Is(err, casus.ErrNotFound) {
		t.Errorf("Get(\"\") = %v, want ErrNotFound", err)
	}

	// Put replaces a document with the same id.
	d, err := ix.Get(ctx, "d01")
	if err != nil {
		t.Fatal(err)
	}
	d.Title = "Kwartiermaker voor gebiedsteams"
	if err := ix.Put(ctx, []casus.Document{d}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ix.Get(ctx, "d01"); got.Title != d.Title {
		t.Errorf("title after upsert = %q, want %q", got.Title, d.Title)
	}
	if r := mustSearch(t, ix, casus.Query{Text: "gebiedsteams"}); r.Total != 1 {
		t.Errorf("search for the new title found %d, want 1", r.Total)
	}
	if n, _ := ix.Count(); n != 16 {
		t.Errorf("Count() after upsert = %d, want 16", n)
	}

	if err := ix.Delete(ctx, []string{"d01", "unknown"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Get(ctx, "d01"); !errors.Is(err, casus.ErrNotFound) {
		t.Errorf("Get after Delete = %v, want ErrNotFound", err)
	}
	if n, _ := ix.Count(); n != 15 {
		t.Errorf("Count() after Delete = %d, want 15", n)
	}
}

func TestPutErrors(t *testing.T) {
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		docs []casus.Document
		want error
	}{
		{"empty id", context.Background(), []casus.Document{{ID: "a"}, {URL: "https://x.example/"}}, casus.ErrInvalid},
		{"cancelled", cancelled, []casus.Document{{ID: "a"}}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ix.Put(tt.ctx, tt.docs); !errors.Is(err, tt.want) {
				t.Errorf("Put = %v, want %v", err, tt.want)
			}
			if n, _ := ix.Count(); n != 0 {
				t.Errorf("Count() after failed Put = %d, want 0", n)
			}
		})
	}
	if err := ix.Delete(context.Background(), []string{""}); !errors.Is(err, casus.ErrInvalid) {
		t.Errorf("Delete(\"\") = %v, want ErrInvalid", err)
	}
}

func TestClosedIndexIsUnavailable(t *testing.T) {
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := ix.Search(ctx, casus.Query{}); !errors.Is(err, casus.ErrUnavailable) {
		t.Errorf("Search on closed index = %v, want ErrUnavailable", err)
	}
	if _, err := ix.Get(ctx, "d01"); !errors.Is(err, casus.ErrUnavailable) {
		t.Errorf("Get on closed index = %v, want ErrUnavailable", err)
	}
	if _, err := ix.Count(); !errors.Is(err, casus.ErrUnavailable) {
		t.Errorf("Count on closed index = %v, want ErrUnavailable", err)
	}
}
