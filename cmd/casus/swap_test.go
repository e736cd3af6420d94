package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/casus-nl/casus/api"
	"github.com/casus-nl/casus/indexer/demo"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search"
)

// Bounds of the crawl-while-serving test.
const (
	// maxQueriesDuringCrawl bounds the queries sent while the crawl runs.
	maxQueriesDuringCrawl = 5000
	// maxSwitchPolls bounds the polls for the server to show the new state.
	maxSwitchPolls = 500
	// testRefresh is the server's refresh interval in tests.
	testRefresh = 5 * time.Millisecond
)

// demoSources starts the demo sites and returns their sources.
func demoSources(t *testing.T) []source.Source {
	t.Helper()
	sites, err := demo.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sites.Close() })
	yaml, err := demo.SourcesYAML(sites.Bases())
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := source.Parse(yaml)
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}

func readCurrentFile(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCrawlWhileServing runs the code paths of `casus serve` and `casus
// crawl` on one index directory at the same time.
func TestCrawlWhileServing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logger := slog.New(slog.DiscardHandler)
	k, err := loadKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	srcs := demoSources(t)
	dir := filepath.Join(t.TempDir(), "index")
	first := crawlJob{dir: dir, sources: srcs[:1], concurrency: demoConcurrency}
	if res, err := first.run(ctx, logger, k); err != nil || !res.live {
		t.Fatalf("first crawl: live %v, %v", res.live, err)
	}

	// serve, as cmdServe wires it.
	live, err := search.OpenLive(dir, k.searchOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	b := newBackend(k)
	b.set(live)
	srv, err := listenHTTP("127.0.0.1:0", b, logger, api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.serve(ctx) }()
	go follow(ctx, live, testRefresh, logger)
	base := strings.TrimSuffix(srv.URL(), "/")
	before := searchAPI(t, base, nil).Total

	// An unchanged re-crawl writes no generation.
	if res, err := first.run(ctx, logger, k); err != nil || res.live || res.summary.Unchanged == 0 {
		t.Errorf("unchanged re-crawl: live %v, unchanged %d, %v; want no new generation", res.live, res.summary.Unchanged, err)
	}

	// A second crawl while one runs fails at once with a clear message.
	held, err := search.BeginBuild(dir, k.searchOptions())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.run(ctx, logger, k); !errors.Is(err, search.ErrCrawlRunning) ||
		!strings.Contains(err.Error(), "another crawl is running") {
		t.Errorf("concurrent crawl: %v, want ErrCrawlRunning", err)
	}
	_ = held.Close()

	// A failed crawl leaves CURRENT as it was.
	current := readCurrentFile(t, dir)
	failed, cancelFailed := context.WithCancel(ctx)
	cancelFailed()
	if _, err := (crawlJob{dir: dir, sources: srcs, concurrency: demoConcurrency}).run(failed, logger, k); err == nil {
		t.Error("cancelled crawl returned no error")
	}
	if got := readCurrentFile(t, dir); got != current {
		t.Errorf("failed crawl changed CURRENT from %q to %q", current, got)
	}

	// The full crawl runs while queries keep coming.
	done := make(chan error, 1)
	go func() {
		res, err := (crawlJob{dir: dir, sources: srcs, concurrency: demoConcurrency}).run(ctx, logger, k)
		if err == nil && !res.live {
			err = errors.New("the crawl with new sources made no new generation")
		}
		done <- err
	}()
	queries, failures := 0, 0
	crawling := true
	for crawling && queries < maxQueriesDuringCrawl {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("crawl while serving: %v", err)
			}
			crawling = false
		default:
		}
		queries++
		resp, err := http.Get(base + "/api/v1/search?" + url.Values{"q": {"jeugd"}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			failures++
		}
	}
	if crawling {
		if err := <-done; err != nil {
			t.Fatalf("crawl while serving: %v", err)
		}
	}
	t.Logf("%d queries during the crawl", queries)
	if failures > 0 {
		t.Errorf("%d of %d queries during the crawl failed", failures, queries)
	}
	after := before
	for range maxSwitchPolls {
		if after = searchAPI(t, base, nil).Total; after > before {
			break
		}
		time.Sleep(testRefresh)
	}
	if after <= before {
		t.Errorf("server still shows %d documents after the crawl, want more", after)
	}
	cancel()
	if err := <-served; err != nil {
		t.Error(err)
	}
}
