package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search"
)

// TestIndexCommand indexes JSON lines, as crawl --out writes them, into a
// new generation and searches it; bad input is refused by line and leaves
// the live generation as it was.
func TestIndexCommand(t *testing.T) {
	good, err := os.ReadFile("testdata/docs.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(good), "\n")
	tests := []struct {
		name     string
		input    string
		extra    []string
		wantCode int
		wantErr  string
		wantDocs int
	}{
		{name: "documents", input: string(good), wantCode: exitOK, wantDocs: lines},
		{name: "recognised again", input: string(good), extra: []string{"--enrich"}, wantCode: exitOK, wantDocs: lines},
		{name: "blank lines", input: "\n" + string(good) + "\n\n", wantCode: exitOK, wantDocs: lines},
		{name: "not json", input: string(good) + "{kapot\n", wantCode: exitFailed, wantErr: "line 7: not a document"},
		{name: "no id", input: `{"title": "Zonder id"}` + "\n", wantCode: exitFailed, wantErr: "line 1: the document has no id"},
		{name: "empty", input: "", wantCode: exitFailed, wantErr: "no documents"},
		{name: "line too long", input: `{"id": "x", "body": "` + strings.Repeat("a", maxDocumentLine) + `"}` + "\n", wantCode: exitFailed, wantErr: "line 1: longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			in := filepath.Join(t.TempDir(), "docs.jsonl")
			if err := os.WriteFile(in, []byte(tt.input), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			args := append([]string{"index", "--in", in, "--index", dir}, tt.extra...)
			if code := run(context.Background(), args, &stdout, &stderr); code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			if tt.wantErr != "" {
				if !strings.Contains(stderr.String(), tt.wantErr) {
					t.Errorf("stderr %q lacks %q", stderr.String(), tt.wantErr)
				}
				if gen, err := search.LiveGeneration(dir); err != nil || gen != "" {
					t.Errorf("a refused input published generation %q (%v)", gen, err)
				}
				return
			}
			k, err := loadKnowledge()
			if err != nil {
				t.Fatal(err)
			}
			live, err := search.OpenLive(dir, k.searchOptions())
			if err != nil {
				t.Fatal(err)
			}
			defer live.Close()
			res, err := live.Index().Search(context.Background(), casus.Query{Size: casus.MaxSize})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tt.wantDocs || !strings.Contains(stdout.String(), "gen-1 is live") {
				t.Errorf("indexed %d documents, want %d; stdout %q", res.Total, tt.wantDocs, stdout.String())
			}
		})
	}
}

func TestIndexUsage(t *testing.T) {
	for _, args := range [][]string{
		{"index", "--index", "x"},
		{"index", "--in", "x.jsonl"},
		{"index", "--in", "x.jsonl", "--index", "x", "extra"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}
