package main

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser-test harness, for every browser test in this package:
//
//	base := browserServer(t)          // casus over the demo index, shared by the test binary
//	ctx := newTab(t, 1280, 900)       // a headless Chromium tab with that viewport
//	chromedp.Run(ctx, chromedp.Navigate(base+"/?q=jeugd"))
//	checkAxe(t, ctx)                  // fails on any WCAG 2.1 A/AA violation (axe-core)
//
// Chromium is Debian's /usr/bin/chromium (.ci/run installs it); without it
// the browser tests skip. axe-core comes from testdata/axe (no network).

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// axeTags are the rule sets checkAxe runs: WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// browserDemo is the one demo of the test binary, started by the first
// browserServer call and running until the process ends (its data lives in
// a temporary directory; the index is built once, not per test).
var browserDemo struct {
	once sync.Once
	base string
	err  error
}

// browserServer returns the base URL (without a final "/") of a real casus
// server over the demo index. The first call starts the demo (sites, crawl,
// index, server) and waits until it is ready; later calls, from any test,
// share it. Tests must not change the index.
func browserServer(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test (needs the demo index); skipped with -short")
	}
	browserDemo.once.Do(func() {
		browserDemo.base, browserDemo.err = startBrowserDemo()
	})
	if browserDemo.err != nil {
		t.Fatalf("browser demo: %v", browserDemo.err)
	}
	return browserDemo.base
}

// browserDemoPrefix names the shared demo's temporary data directories.
const browserDemoPrefix = "casus-browser-test-"

// startBrowserDemo starts the shared demo and waits for /readyz. The demo
// runs until the test binary exits, so its directory outlives it; the
// directories of earlier runs whose demo lock is free are removed here.
func startBrowserDemo() (string, error) {
	removeStaleBrowserDemos()
	dir, err := os.MkdirTemp("", browserDemoPrefix)
	if err != nil {
		return "", err
	}
	app, err := newDemoApp(demoConfig{Addr: "127.0.0.1:0", DataDir: dir,
		Logger: slog.New(slog.DiscardHandler), Stdout: io.Discard})
	if err != nil {
		return "", err
	}
	go func() { _ = app.Run(context.Background()) }()
	base := strings.TrimSuffix(app.URL(), "/")
	deadline := time.Now().Add(readyTimeout)
	for {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, nil
			}
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("demo not ready within %s (data in %s)", readyTimeout, dir)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// newTab starts a headless Chromium (Debian's, at /usr/bin/chromium) with a
// tab whose viewport is width×height CSS pixels, closed when the test ends.
// Without Chromium the test is skipped.
func newTab(t *testing.T, width, height int) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no Chromium at %s: browser tests skipped (.ci/run installs it with apt-get install -y chromium)", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.NoSandbox,
		// A headless window is at least 500 px wide; the viewport can be less.
		chromedp.WindowSize(max(width, 500), height),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "nl-NL"))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	return ctx
}

// axeSource is axe-core's axe.min.js, read once from testdata/axe.
var axeSource = sync.OnceValues(func() (string, error) {
	return readAxe(filepath.Join("testdata", "axe"))
})

// readAxe reads axe.min.js from dir, plain or gzipped (axe.min.js.gz).
func readAxe(dir string) (string, error) {
	if b, err := os.ReadFile(filepath.Join(dir, "axe.min.js")); err == nil {
		return string(b), nil
	}
	f, err := os.Open(filepath.Join(dir, "axe.min.js.gz"))
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(zr)
	return string(b), err
}

// checkAxe injects axe-core into the page of ctx and fails the test on each
// violation of WCAG 2.0/2.1 level A and AA (axeTags), naming the page, the
// rule and the element.
func checkAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	type violation struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src+"\n;undefined")); err != nil {
		t.Fatalf("load axe: %v", err)
	}
	tags := `['` + strings.Join(axeTags, `','`) + `']`
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
		`axe.run(document, {runOnly: {type: 'tag', values: `+tags+`}, resultTypes: ['violations']}).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
	for _, v := range violations {
		for _, n := range v.Nodes {
			t.Errorf("axe on %s: %s (%s): %v — %s", where, v.ID, v.Help, n.Target, n.Summary)
		}
	}
}

// removeStaleBrowserDemos removes the data directories of earlier test
// binaries' demos: those with a demo lock nobody holds any more.
func removeStaleBrowserDemos() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), browserDemoPrefix+"*"))
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, demoLockFile)); err != nil {
			continue // not locked yet: maybe starting right now
		}
		lock, err := lockDataDir(dir)
		if err != nil {
			continue // in use
		}
		_ = os.RemoveAll(dir)
		_ = lock.Close()
	}
}
