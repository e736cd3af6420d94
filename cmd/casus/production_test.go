package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/admin"
	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/search/analytics"
)

const prodToken = "test-admin-token-0123456789abcdef"

// gatedSite is a loopback site of one case page whose requests wait while
// the gate is held, so a test can keep a crawl running.
type gatedSite struct {
	mu      sync.Mutex
	held    chan struct{}
	waiting atomic.Int32
	pages   atomic.Int32
}

func (g *gatedSite) hold() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.held = make(chan struct{})
}

func (g *gatedSite) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.held != nil {
		close(g.held)
		g.held = nil
	}
}

// newGatedSite serves the site and returns a sources file for it.
func newGatedSite(t *testing.T) (*gatedSite, string) {
	t.Helper()
	g := &gatedSite{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/cases/a/" {
			http.NotFound(w, r)
			return
		}
		g.mu.Lock()
		held := g.held
		g.mu.Unlock()
		if held != nil {
			g.waiting.Add(1)
			select {
			case <-held:
			case <-r.Context().Done():
			}
			g.waiting.Add(-1)
		}
		g.pages.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body><article><h1>Wijkteams Houten</h1><p>Een evaluatie van de wijkteams in de gemeente Houten.</p></article></body></html>")
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(g.release) // before srv.Close, which waits for handlers
	yaml := fmt.Sprintf("sources:\n  - id: s\n    name: S\n    start_urls: [%s/cases/a/]\n    allow: ['^/cases/']\n    delay: 0s\n", srv.URL)
	path := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return g, path
}

// eventually polls cond until it holds or 20 seconds passed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// served is a running casus serve.
type served struct {
	public, admin string
	out           *syncBuffer
	stop          func()
}

var (
	servesAt = regexp.MustCompile(`casus serves .* at (http://\S+)/\n`)
	adminAt  = regexp.MustCompile(`admin at (http://\S+)/admin/ `)
)

// startServe runs casus serve with args (plus --addr and --admin-addr on
// free loopback ports) until stop.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	s := &served{out: &syncBuffer{}}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	e := env{stdout: s.out, stderr: logs, logger: slog.New(slog.NewTextHandler(logs, nil))}
	go func() {
		done <- cmdServe(ctx, e, append([]string{"--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"}, args...))
	}()
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v\n%s", err, logs)
			}
		})
	}
	t.Cleanup(s.stop)
	eventually(t, "serve to listen", func() bool {
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s", err, logs)
		default:
		}
		m, a := servesAt.FindStringSubmatch(s.out.String()), adminAt.FindStringSubmatch(s.out.String())
		if m == nil || a == nil {
			return false
		}
		s.public, s.admin = m[1], a[1]
		return true
	})
	return s
}

// call makes a request and returns status and body.
func call(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func writeToken(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "admin-token")
	if err := os.WriteFile(path, []byte(prodToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func adminStatus(t *testing.T, s *served) admin.Status {
	t.Helper()
	code, body := call(t, "GET", s.admin+"/admin/status", prodToken, "")
	if code != 200 {
		t.Fatalf("status: %d %s", code, body)
	}
	var st admin.Status
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestServeInProduction runs casus serve with sources, the admin listener
// and analytics over real HTTP: the first crawl at start fills the empty
// index, the admin endpoints need the token and exist only on the admin
// listener, a crawl on demand is refused while one runs, and searches and
// clicks are counted and survive a restart.
func TestServeInProduction(t *testing.T) {
	site, sources := newGatedSite(t)
	dir := filepath.Join(t.TempDir(), "index")
	token := writeToken(t)
	s := startServe(t, "--index", dir, "--sources", sources, "--admin-token-file", token)
	eventually(t, "the first crawl", func() bool {
		code, _ := call(t, "GET", s.public+"/readyz", "", "")
		return code == 200
	})

	for _, tc := range []struct {
		name, method, url, token string
		want                     int
	}{
		{"status without token", "GET", s.admin + "/admin/status", "", 401},
		{"status with a wrong token", "GET", s.admin + "/admin/status", "wrong-" + prodToken, 401},
		{"status with the token", "GET", s.admin + "/admin/status", prodToken, 200},
		{"page with the token", "GET", s.admin + "/admin/", prodToken, 200},
		{"analytics with the token", "GET", s.admin + "/admin/analytics?window=week", prodToken, 200},
		{"public: page", "GET", s.public + "/admin/", prodToken, 404},
		{"public: status", "GET", s.public + "/admin/status", prodToken, 404},
		{"public: analytics", "GET", s.public + "/admin/analytics", prodToken, 404},
		{"public: crawl", "POST", s.public + "/admin/crawl", prodToken, 404},
		{"public: crawl by PUT", "PUT", s.public + "/admin/crawl", prodToken, 404},
		{"admin listener: no API", "GET", s.admin + "/api/v1/search?q=wijkteams", prodToken, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, body := call(t, tc.method, tc.url, tc.token, ""); code != tc.want {
				t.Errorf("%s %s: %d, want %d: %s", tc.method, tc.url, code, tc.want, body)
			}
		})
	}
	st := adminStatus(t, s)
	if st.Documents != 1 || st.Generation == "" || st.Crawl.Last == nil || st.Crawl.Last.Trigger != "start" || !st.Crawl.Last.Live {
		t.Errorf("status after the first crawl: %+v %+v", st, st.Crawl.Last)
	}

	// A crawl on demand, and a second while it runs.
	site.hold()
	if code, body := call(t, "POST", s.admin+"/admin/crawl", prodToken, ""); code != 202 {
		t.Fatalf("crawl: %d %s", code, body)
	}
	eventually(t, "the crawl to fetch", func() bool { return site.waiting.Load() > 0 })
	if code, body := call(t, "POST", s.admin+"/admin/crawl", prodToken, ""); code != 409 {
		t.Errorf("crawl while one runs: %d %s", code, body)
	}
	if st := adminStatus(t, s); !st.Crawl.Running || st.Crawl.Since == nil {
		t.Errorf("status while crawling: %+v", st.Crawl)
	}
	site.release()
	eventually(t, "the crawl to end", func() bool { return !adminStatus(t, s).Crawl.Running })
	if last := adminStatus(t, s).Crawl.Last; last.Trigger != "admin" || last.Error != "" || last.Fetched != 1 {
		t.Errorf("last crawl: %+v", last)
	}

	// Searches and a click.
	code, body := call(t, "GET", s.public+"/api/v1/search?q=+Wijkteams++Houten", "", "")
	var res casus.Result
	if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil || len(res.Hits) != 1 {
		t.Fatalf("search: %d %v %s", code, err, body)
	}
	call(t, "GET", s.public+"/?q=xyzzyq", "", "")
	if code, body := call(t, "POST", s.public+"/api/v1/click", "", `{"query": "wijkteams houten", "id": "`+res.Hits[0].ID+`"}`); code != 204 {
		t.Errorf("click: %d %s", code, body)
	}
	// The search page's hit links to /cases/{id}; the browser names the
	// page in Referer.
	req, _ := http.NewRequest(http.MethodGet, s.public+"/cases/"+res.Hits[0].ID, nil)
	req.Header.Set("Referer", s.public+"/?q=xyzzyq")
	if visit, err := http.DefaultClient.Do(req); err != nil || visit.StatusCode != 200 {
		t.Errorf("case page: %v %v", visit, err)
	} else {
		visit.Body.Close()
	}
	_, metrics := call(t, "GET", s.public+"/metrics", "", "")
	for _, want := range []string{`casus_search_queries_total{result="hits"} 1`, `casus_search_queries_total{result="zero"} 1`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	checkReport := func(s *served) {
		t.Helper()
		code, body := call(t, "GET", s.admin+"/admin/analytics?window=day", prodToken, "")
		var rep analytics.Report
		if err := json.Unmarshal([]byte(body), &rep); code != 200 || err != nil {
			t.Fatalf("analytics: %d %v %s", code, err, body)
		}
		if rep.Searches != 2 || rep.Clicks != 2 || len(rep.ZeroResults) != 1 || rep.ZeroResults[0].Query != "xyzzyq" || len(rep.NoClick) != 0 {
			t.Errorf("analytics: %+v", rep)
		}
	}
	checkReport(s)
	s.stop()

	data, err := os.ReadFile(filepath.Join(dir, analytics.FileName))
	if err != nil {
		t.Fatalf("analytics not saved at shutdown: %v", err)
	}
	if strings.Contains(string(data), "127.0.0.1") || !strings.Contains(string(data), "wijkteams houten") {
		t.Errorf("analytics file: %s", data)
	}
	// Restarted without sources: the counts and the last crawl are back.
	s2 := startServe(t, "--index", dir, "--admin-token-file", token)
	checkReport(s2)
	if st := adminStatus(t, s2); st.Crawl.Last == nil || st.Crawl.Last.Trigger != "admin" || st.Crawl.Every != "" {
		t.Errorf("status after restart: %+v", st.Crawl)
	}
	if code, _ := call(t, "POST", s2.admin+"/admin/crawl", prodToken, ""); code != 409 {
		t.Errorf("crawl without sources: %d, want 409", code)
	}
}

// TestScheduledCrawls: the schedule starts crawls, skips ticks while one
// runs, and a crawl another process holds the lock for counts as busy.
func TestScheduledCrawls(t *testing.T) {
	site, sources := newGatedSite(t)
	dir := t.TempDir()
	k, err := loadKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := newCrawler(ctx, dir, sources, 1, k, slog.New(slog.DiscardHandler))
	var made atomic.Int32
	c.made = func() { made.Add(1) }

	site.hold()
	sctx, stopSchedule := context.WithCancel(ctx)
	scheduled := make(chan struct{})
	go func() {
		defer close(scheduled)
		c.schedule(sctx, 20*time.Millisecond)
	}()
	eventually(t, "a scheduled crawl to fetch", func() bool { return site.waiting.Load() > 0 })
	eventually(t, "ticks to be skipped", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.skipped >= 3
	})
	if site.waiting.Load() != 1 {
		t.Errorf("%d crawls fetch at once", site.waiting.Load())
	}
	if err := c.start("admin"); !errors.Is(err, admin.ErrCrawlBusy) {
		t.Errorf("start while busy: %v", err)
	}
	site.release()
	eventually(t, "two scheduled crawls", func() bool { return site.pages.Load() >= 2 })
	stopSchedule()
	<-scheduled
	c.wait()
	if made.Load() != 1 {
		t.Errorf("%d crawls made a generation live, want 1 (the rest found nothing new)", made.Load())
	}
	st := c.status()
	if st.Running || st.Last == nil || st.Last.Trigger != "schedule" || st.Last.Error != "" || st.Every != "20ms" {
		t.Errorf("status %+v last %+v", st, st.Last)
	}
	if _, err := os.Stat(filepath.Join(dir, lastCrawlFile)); err != nil {
		t.Errorf("no %s: %v", lastCrawlFile, err)
	}

	// Another process (casus crawl from cron) holds the lock.
	b, err := search.BeginBuild(dir, k.searchOptions())
	if err != nil {
		t.Fatal(err)
	}
	err = c.start("admin")
	_ = b.Close()
	if !errors.Is(err, admin.ErrCrawlBusy) || !errors.Is(err, search.ErrCrawlRunning) {
		t.Errorf("start while another process crawls: %v", err)
	}
}

func TestProductionFlags(t *testing.T) {
	token := writeToken(t)
	short := filepath.Join(t.TempDir(), "short")
	if err := os.WriteFile(short, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		args      []string
		wantErr   string
		wantAdmin string
	}{
		{"defaults: no admin without a token", nil, "", ""},
		{"token: admin on loopback", []string{"--admin-token-file", token}, "", defaultAdminAddr},
		{"admin address without token", []string{"--admin-addr", "0.0.0.0:8081"}, "needs --admin-token-file", ""},
		{"admin off", []string{"--admin-addr", "", "--admin-token-file", token}, "", ""},
		{"public admin with token", []string{"--admin-addr", "0.0.0.0:9", "--admin-token-file", token}, "", "0.0.0.0:9"},
		{"short token", []string{"--admin-token-file", short}, "at least 16 bytes", ""},
		{"missing token file", []string{"--admin-token-file", short + "x"}, "no such file", ""},
		{"crawl-every without sources", []string{"--crawl-every", "6h"}, "needs --sources", ""},
		{"crawl-every too short", []string{"--sources", "s.yaml", "--crawl-every", "10s"}, "at least 1m0s", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFlags(env{stderr: io.Discard}, "serve")
			pf := addProductionFlags(fs)
			if err := parseFlags(fs, tc.args); err != nil {
				t.Fatal(err)
			}
			p, err := pf.check(slog.New(slog.DiscardHandler))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || p.adminAddr != tc.wantAdmin {
				t.Errorf("admin %q, %v; want %q", p.adminAddr, err, tc.wantAdmin)
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8081": true, "[::1]:8081": true, "localhost:8081": true, "127.1.2.3:1": true,
		":8081": false, "0.0.0.0:8081": false, "[::]:8081": false, "192.168.1.5:8081": false, "example.nl:8081": false,
	} {
		if got := isLoopback(addr); got != want {
			t.Errorf("isLoopback(%q) = %v", addr, got)
		}
	}
}

// TestServeWaitsForAnotherCrawl: when another process holds the crawl lock
// of the empty index at start, the server serves "not ready" and opens
// the index as soon as that process (here casus crawl) made a generation.
func TestServeWaitsForAnotherCrawl(t *testing.T) {
	_, sources := newGatedSite(t)
	dir := filepath.Join(t.TempDir(), "index")
	k, err := loadKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	other, err := search.BeginBuild(dir, k.searchOptions())
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, "--index", dir, "--sources", sources, "--admin-token-file", writeToken(t))
	if code, _ := call(t, "GET", s.public+"/readyz", "", ""); code != 503 {
		t.Errorf("readyz before any generation: %d", code)
	}
	_ = other.Close()
	if err := cmdCrawl(context.Background(), env{stdout: io.Discard, stderr: io.Discard, logger: slog.New(slog.DiscardHandler)},
		[]string{"--sources", sources, "--index", dir}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the server to open the crawled index", func() bool {
		code, _ := call(t, "GET", s.public+"/readyz", "", "")
		return code == 200
	})
	if st := adminStatus(t, s); st.Documents != 1 || st.Crawl.Last == nil || st.Crawl.Last.Trigger != "crawl" {
		t.Errorf("status: %+v", st)
	}
}
