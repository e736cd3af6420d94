package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/analytics"
)

const testToken = "0123456789abcdef0123456789abcdef"

func newTestServer(t *testing.T, crawl func() error, store *analytics.Store) *httptest.Server {
	t.Helper()
	h, err := New(Config{
		Token: []byte(testToken),
		Status: func(context.Context) Status {
			return Status{Generation: "gen-3", Documents: 42, Crawl: CrawlStatus{Every: "6h0m0s", Last: &CrawlSummary{Trigger: "schedule", Fetched: 5}}}
		},
		Crawl:     crawl,
		Analytics: store,
		Nearest:   func(context.Context, string) string { return "" },
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, method, url, auth string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

func TestToken(t *testing.T) {
	srv := newTestServer(t, nil, nil)
	for _, tc := range []struct {
		name, method, path, auth string
		want                     int
		body                     string
	}{
		{"status without token", "GET", "/admin/status", "", 401, "unauthorized"},
		{"status with a wrong token", "GET", "/admin/status", "Bearer " + testToken + "x", 401, "unauthorized"},
		{"status with a prefix of the token", "GET", "/admin/status", "Bearer " + testToken[:20], 401, "unauthorized"},
		{"status with the token as basic auth", "GET", "/admin/status", "Basic " + testToken, 401, "unauthorized"},
		{"status with an empty bearer", "GET", "/admin/status", "Bearer ", 401, "unauthorized"},
		{"status with the token", "GET", "/admin/status", "Bearer " + testToken, 200, `"generation": "gen-3"`},
		{"scheme in other case", "GET", "/admin/status", "bearer " + testToken, 200, `"documents": 42`},
		{"page without token explains", "GET", "/admin/", "", 401, "Authorization: Bearer"},
		{"page with the token", "GET", "/admin/", "Bearer " + testToken, 200, "Live generatie"},
		{"crawl without token", "POST", "/admin/crawl", "", 401, "unauthorized"},
		{"crawl without a crawler", "POST", "/admin/crawl", "Bearer " + testToken, 409, "no_crawler"},
		{"crawl by GET", "GET", "/admin/crawl", "Bearer " + testToken, 405, ""},
		{"analytics without store", "GET", "/admin/analytics?window=week", "Bearer " + testToken, 200, `"window": "week"`},
		{"analytics bad window", "GET", "/admin/analytics?window=year", "Bearer " + testToken, 400, "window"},
		{"unknown admin path", "GET", "/admin/nothing", "Bearer " + testToken, 404, ""},
		{"outside /admin/", "GET", "/api/v1/search", "Bearer " + testToken, 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body, h := do(t, tc.method, srv.URL+tc.path, tc.auth)
			if code != tc.want || !strings.Contains(body, tc.body) {
				t.Errorf("%s %s: %d %q, want %d with %q", tc.method, tc.path, code, body, tc.want, tc.body)
			}
			if h.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", h.Get("Cache-Control"))
			}
			if code == 401 && h.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

// TestConstantTimeCompare: every token check goes through
// crypto/subtle's comparison.
func TestConstantTimeCompare(t *testing.T) {
	var calls atomic.Int32
	orig := constantTimeCompare
	constantTimeCompare = func(x, y []byte) int {
		calls.Add(1)
		return orig(x, y)
	}
	t.Cleanup(func() { constantTimeCompare = orig })
	srv := newTestServer(t, nil, nil)
	for _, auth := range []string{"", "Bearer wrong", "Bearer " + testToken} {
		do(t, "GET", srv.URL+"/admin/status", auth)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("constant-time comparison called %d times for 3 requests", n)
	}
}

func TestShortToken(t *testing.T) {
	if _, err := New(Config{Token: []byte("short")}); err == nil {
		t.Error("a short token was accepted")
	}
}

func TestCrawl(t *testing.T) {
	var busy atomic.Bool
	srv := newTestServer(t, func() error {
		if busy.Swap(true) {
			return ErrCrawlBusy
		}
		return nil
	}, nil)
	auth := "Bearer " + testToken
	if code, body, _ := do(t, "POST", srv.URL+"/admin/crawl", auth); code != 202 {
		t.Errorf("first crawl: %d %s", code, body)
	}
	if code, body, _ := do(t, "POST", srv.URL+"/admin/crawl", auth); code != 409 || !strings.Contains(body, "crawl_running") {
		t.Errorf("second crawl: %d %s", code, body)
	}
}

// TestPageAnalytics: the page lists the queries and suggests a synonym
// line for a frequent zero-result query.
func TestPageAnalytics(t *testing.T) {
	store := analytics.New("")
	for range 4 {
		store.RecordSearch(casus.Query{Text: "Wijkteem"}, 0, false, "wijkteam")
	}
	store.RecordSearch(casus.Query{Text: "<script>alert(1)</script>"}, 3, false, "")
	srv := newTestServer(t, nil, store)
	code, body, _ := do(t, "GET", srv.URL+"/admin/", "Bearer "+testToken)
	if code != 200 {
		t.Fatalf("page: %d", code)
	}
	for _, want := range []string{"  - [wijkteem, wijkteam]", "Zonder resultaat", "&lt;script&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<script>") {
		t.Error("a query is not escaped")
	}
	_, js, _ := do(t, "GET", srv.URL+"/admin/analytics?window=day", "Bearer "+testToken)
	var rep analytics.Report
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Searches != 5 || rep.Zero != 4 || rep.ZeroResults[0].Query != "wijkteem" {
		t.Errorf("report %+v", rep)
	}
}

// TestWrongTokensLogSummed: guessing tokens gives one log line at once and
// then at most one a minute, with the attempts in between counted.
func TestWrongTokensLogSummed(t *testing.T) {
	var log strings.Builder
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	h, served, err := newHandler(Config{Token: []byte(testToken), Status: func(context.Context) Status { return Status{} },
		Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h.wrong.now = func() time.Time { return now }
	guess := func(n int) {
		for i := range n {
			req := httptest.NewRequest("GET", "/admin/status", nil)
			req.Header.Set("Authorization", fmt.Sprintf("Bearer guess-%d-0123456789abcdef", i))
			rec := httptest.NewRecorder()
			served.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("a wrong token got %d, want 401", rec.Code)
			}
		}
	}
	tests := []struct {
		guesses  int
		advance  time.Duration
		wantLine string // the line this step adds; "" for none
	}{
		{1, 0, "attempts=1"},
		{500, 30 * time.Second, ""},
		{1, wrongTokenLogEvery, "attempts=501"},
		{3, 0, ""},
	}
	for i, tt := range tests {
		before := strings.Count(log.String(), "\n")
		now = now.Add(tt.advance)
		guess(tt.guesses)
		lines := strings.Split(strings.TrimSpace(log.String()), "\n")
		added := strings.Count(log.String(), "\n") - before
		switch {
		case tt.wantLine == "" && added != 0:
			t.Errorf("step %d: %d guesses logged %d lines, want none: %q", i, tt.guesses, added, lines[len(lines)-1])
		case tt.wantLine != "" && (added != 1 || !strings.Contains(lines[len(lines)-1], tt.wantLine)):
			t.Errorf("step %d: %d guesses logged %d lines (last %q), want one with %s", i, tt.guesses, added, lines[len(lines)-1], tt.wantLine)
		}
	}
}
