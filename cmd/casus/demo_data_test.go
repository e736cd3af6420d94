package main

import (
	"bytes"
	"context"
	"io/fs"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// demoFailTimeout bounds a demo run that should fail at once; a demo that
// wrongly starts is stopped after it.
const demoFailTimeout = 30 * time.Second

// treeSizes maps every file under dir to its size.
func treeSizes(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		out[rel] = info.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDemoKeepsDataWhenItCannotStart: a demo that cannot start, because its
// port is taken or another demo runs on the data directory, fails before it
// touches the index there.
func TestDemoKeepsDataWhenItCannotStart(t *testing.T) {
	tests := []struct {
		name string
		// hold takes what the demo needs and returns the address to give it.
		hold func(t *testing.T, dataDir string) string
		want string
	}{
		{"port in use", func(t *testing.T, _ string) string {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = ln.Close() })
			return ln.Addr().String()
		}, "listen on"},
		{"data directory in use", func(t *testing.T, dataDir string) string {
			lock, err := lockDataDir(dataDir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = lock.Close() })
			return "127.0.0.1:0"
		}, "another casus demo is running on DATA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir := t.TempDir()
			index := filepath.Join(dataDir, "index")
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{"index", "--in", "testdata/docs.jsonl", "--index", index}, &stdout, &stderr); code != exitOK {
				t.Fatalf("index: exit %d: %s", code, stderr.String())
			}
			before := treeSizes(t, index)
			addr := tt.hold(t, dataDir)

			ctx, cancel := context.WithTimeout(context.Background(), demoFailTimeout)
			defer cancel()
			stderr.Reset()
			code := run(ctx, []string{"demo", "--addr", addr, "--data", dataDir}, &stdout, &stderr)
			want := strings.ReplaceAll(tt.want, "DATA", dataDir)
			if code != exitFailed || !strings.Contains(stderr.String(), want) {
				t.Errorf("demo: exit %d, stderr %q; want %d and %q", code, stderr.String(), exitFailed, want)
			}
			if diff := cmp.Diff(before, treeSizes(t, index)); diff != "" {
				t.Errorf("the demo that failed changed the index (-before +after):\n%s", diff)
			}
		})
	}
}
