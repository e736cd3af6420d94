package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/source"
)

func TestBenchGen(t *testing.T) {
	const docs = 40
	out := filepath.Join(t.TempDir(), "docs.jsonl")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bench", "gen", "--docs", "40", "--seed", "3", "--out", out}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids := map[string]bool{}
	bodyBytes := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, maxDocumentLine)
	for sc.Scan() {
		var d casus.Document
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("line %d: %v", len(ids)+1, err)
		}
		if d.ID == "" || d.Title == "" || d.Body == "" || ids[d.ID] {
			t.Errorf("line %d: id %q (seen before: %v), title %q, %d bytes of body", len(ids)+1, d.ID, ids[d.ID], d.Title, len(d.Body))
		}
		ids[d.ID] = true
		bodyBytes += len(d.Body)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(ids) != docs {
		t.Errorf("%d documents in the file, want %d", len(ids), docs)
	}
	if want := "wrote 40 documents (" + strconv.Itoa(bodyBytes) + " bytes of body text"; !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("summary %q, want it to start with %q", stdout.String(), want)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestBenchGenErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "docs.jsonl")
	for _, tt := range []struct {
		name string
		args []string
		code int
	}{
		{"no docs", []string{"--out", out}, exitUsage},
		{"zero docs", []string{"--docs", "0", "--out", out}, exitUsage},
		{"too many docs", []string{"--docs", "1000001", "--out", out}, exitUsage},
		{"docs not a number", []string{"--docs", "many", "--out", out}, exitUsage},
		{"unknown profile", []string{"--docs", "5", "--profile", "laws", "--out", out}, exitUsage},
		{"no out", []string{"--docs", "5"}, exitUsage},
		{"unknown flag", []string{"--docs", "5", "--out", out, "--bogus"}, exitUsage},
		{"extra argument", []string{"--docs", "5", "--out", out, "more"}, exitUsage},
		{"missing directory", []string{"--docs", "5", "--out", filepath.Join(dir, "missing", "docs.jsonl")}, exitFailed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"bench", "gen"}, tt.args...)
			if code := run(context.Background(), args, &stdout, &stderr); code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, stderr.String())
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", out)
			}
		})
	}
}

func TestBenchGenCancelled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "docs.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"bench", "gen", "--docs", "5", "--out", out}, &stdout, &stderr); code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) > 0 {
		t.Errorf("a cancelled run left %v", entries)
	}
}

func TestBenchSite(t *testing.T) {
	sourcesFile := filepath.Join(t.TempDir(), "sources.yaml")
	out := &syncBuffer{}
	var stderr bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"bench", "site", "--docs", "30", "--sources-out", sourcesFile}, out, &stderr)
	}()
	urlRE := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(readyTimeout); base == ""; {
		if m := urlRE.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("bench site ended with %d: %s", code, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("bench site printed no URL")
		}
	}
	resp, err := http.Get(base + "/robots.txt")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Sitemap: "+base+"/sitemap.xml") {
		t.Errorf("robots.txt: %d %q", resp.StatusCode, body)
	}
	srcs, err := source.Load(sourcesFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || srcs[0].StartURLs[0].String() != base+"/" {
		t.Errorf("sources file does not point at %s: %+v", base, srcs)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d after cancel; stderr %q", code, stderr.String())
	}
}

func TestBenchSiteErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"not loopback", []string{"--docs", "5", "--addr", "0.0.0.0:0"}},
		{"host name", []string{"--docs", "5", "--addr", "example.com:80"}},
		{"no port", []string{"--docs", "5", "--addr", "127.0.0.1"}},
		{"no docs", []string{"--addr", "127.0.0.1:0"}},
		{"unknown profile", []string{"--docs", "5", "--profile", "x"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"bench", "site"}, tt.args...)
			if code := run(context.Background(), args, &stdout, &stderr); code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %q", code, exitUsage, stderr.String())
			}
		})
	}
}
