package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/source"
)

// outBufferBytes is more than the --out buffer holds, so a document this
// large is written through at once.
const outBufferBytes = 8 << 10

// errDiskFull stands for the error of a full disk.
var errDiskFull = errors.New("no space left on device")

// failingTarget is an outTarget whose writes, sync or close fail.
type failingTarget struct {
	failWrite, failSync, failClose bool
	closed                         bool
}

func (f *failingTarget) Write(p []byte) (int, error) {
	if f.failWrite {
		return 0, errDiskFull
	}
	return len(p), nil
}

func (f *failingTarget) Sync() error {
	if f.failSync {
		return errDiskFull
	}
	return nil
}

func (f *failingTarget) Close() error {
	f.closed = true
	if f.failClose {
		return errDiskFull
	}
	return nil
}

// TestOutFileFailures: every way writing --out can fail is reported, the
// last buffered bytes included.
func TestOutFileFailures(t *testing.T) {
	small := casus.Document{ID: "a", Title: "Wijkteams Houten"}
	large := casus.Document{ID: "b", Body: strings.Repeat("wijkteam ", outBufferBytes/len("wijkteam "))}
	tests := []struct {
		name         string
		target       *failingTarget
		doc          casus.Document
		wantWriteErr bool
		wantStep     string
	}{
		{"final flush fails", &failingTarget{failWrite: true}, small, false, "flush"},
		{"write fails", &failingTarget{failWrite: true}, large, true, ""},
		{"sync fails", &failingTarget{failSync: true}, small, false, "sync"},
		{"close fails", &failingTarget{failClose: true}, small, false, "close"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOutFile(tt.target, "docs.jsonl", "", true)
			if err := o.write(tt.doc); (err != nil) != tt.wantWriteErr {
				t.Errorf("write err = %v, want an error: %v", err, tt.wantWriteErr)
			}
			err := o.finish()
			if !errors.Is(err, errDiskFull) || !strings.Contains(err.Error(), "docs.jsonl: "+tt.wantStep) {
				t.Errorf("finish err = %v, want the disk error at %q", err, tt.wantStep)
			}
			if !tt.target.closed {
				t.Error("the file was not closed")
			}
		})
	}
}

// caseSite serves one case page, and returns a sources file for it.
func caseSite(t *testing.T) (string, []source.Source) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cases/a/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body><article><h1>Wijkteams Houten</h1><p>Een evaluatie van de wijkteams in de gemeente Houten.</p></article></body></html>")
	}))
	t.Cleanup(srv.Close)
	yaml := fmt.Sprintf("sources:\n  - id: s\n    name: S\n    start_urls: [%s/cases/a/]\n    allow: ['^/cases/']\n    delay: 0s\n", srv.URL)
	path := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	srcs, err := source.Parse([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return path, srcs
}

// assertNothingPublished fails when the index directory has a live
// generation.
func assertNothingPublished(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "CURRENT")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the index was published (CURRENT: %v)", err)
	}
}

// TestCrawlOutNotWrittenPublishesNothing: when the last bytes of --out
// cannot be written, the crawl fails and the index stays as it was.
func TestCrawlOutNotWrittenPublishesNothing(t *testing.T) {
	_, srcs := caseSite(t)
	k, err := loadKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	job := crawlJob{dir: dir, sources: srcs, concurrency: 1,
		out: newOutFile(&failingTarget{failWrite: true}, "docs.jsonl", "", true)}
	res, err := job.run(context.Background(), slog.New(slog.DiscardHandler), k)
	if !errors.Is(err, errDiskFull) || res.live {
		t.Errorf("run = live %v, err %v; want the disk error", res.live, err)
	}
	assertNothingPublished(t, dir)
}

// TestCrawlCommandOut runs `casus crawl --out` end to end: a file is
// written whole or the crawl fails with exit status 1 and publishes nothing.
func TestCrawlCommandOut(t *testing.T) {
	sourcesFile, _ := caseSite(t)
	outDir := t.TempDir()
	tests := []struct {
		name     string
		out      string
		wantCode int
		wantErr  string
	}{
		{"written whole", filepath.Join(outDir, "docs.jsonl"), exitOK, ""},
		{"disk full", "/dev/full", exitFailed, "no space left on device"},
		{"no such directory", filepath.Join(outDir, "nergens", "docs.jsonl"), exitFailed, "create --out file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.out); tt.out == "/dev/full" && err != nil {
				t.Skipf("no /dev/full here (%v); TestCrawlOutNotWrittenPublishesNothing covers a full disk", err)
			}
			dir := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"crawl", "--sources", sourcesFile, "--index", dir, "--out", tt.out}, &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("exit %d, want %d with %q; stderr:\n%s", code, tt.wantCode, tt.wantErr, stderr.String())
			}
			if tt.wantCode != exitOK {
				assertNothingPublished(t, dir)
				return
			}
			checkOutFile(t, tt.out)
		})
	}
}

// checkOutFile checks that path holds the one case as a JSON line and that
// no temporary file is left beside it.
func checkOutFile(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d casus.Document
	if err := json.Unmarshal(data, &d); err != nil || d.Title != "Wijkteams Houten" || !bytes.HasSuffix(data, []byte("}\n")) {
		t.Errorf("--out holds %q (%v), want the case as one JSON line", data, err)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("beside --out: %v, want only the file itself", entries)
	}
}
