package main

import (
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/casus-nl/casus/api/admin"
)

// metricValue returns the value of the sample named exactly series (name
// and labels as /metrics prints them) in body, and whether there is one.
func metricValue(body, series string) (float64, bool) {
	for line := range strings.SplitSeq(body, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			return v, err == nil
		}
	}
	return 0, false
}

// TestServeMetrics: casus serve's /metrics has the crawl metrics (pages by
// outcome, duration, last success), the served generation (number, age,
// documents) and the rate limit's clients, next to the HTTP metrics.
func TestServeMetrics(t *testing.T) {
	_, sources := newGatedSite(t)
	dir := t.TempDir() + "/index"
	s := startServe(t, "--index", dir, "--sources", sources, "--admin-token-file", writeToken(t))
	eventually(t, "the first crawl", func() bool {
		code, _ := call(t, "GET", s.public+"/readyz", "", "")
		return code == 200
	})
	eventually(t, "the crawl to end", func() bool { return !adminStatus(t, s).Crawl.Running })
	// A second crawl finds the page unchanged.
	if code, body := call(t, "POST", s.admin+"/admin/crawl", prodToken, ""); code != 202 {
		t.Fatalf("crawl: %d %s", code, body)
	}
	eventually(t, "the second crawl to end", func() bool {
		last := adminStatus(t, s).Crawl.Last
		return last != nil && last.Trigger == "admin" && !adminStatus(t, s).Crawl.Running
	})
	call(t, "GET", s.public+"/api/v1/search?q=wijkteams", "", "") // a client of the rate limit
	code, body := call(t, "GET", s.public+"/metrics", "", "")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	want := map[string]float64{
		`casus_crawl_pages_total{outcome="indexed"}`:   1,
		`casus_crawl_pages_total{outcome="unchanged"}`: 1,
		`casus_crawl_pages_total{outcome="removed"}`:   0,
		`casus_crawl_pages_total{outcome="skipped"}`:   0,
		`casus_crawl_pages_total{outcome="failed"}`:    0,
		`casus_crawls_total{result="ok"}`:              2,
		`casus_crawls_total{result="failed"}`:          0,
		`casus_crawl_last_pages{outcome="indexed"}`:    0,
		`casus_crawl_last_pages{outcome="unchanged"}`:  1,
		`casus_crawl_last_failed`:                      0,
		`casus_crawl_running`:                          0,
		`casus_index_generation`:                       1,
		`casus_index_documents`:                        1,
		`casus_http_rate_limit_clients`:                1,
	}
	for series, v := range want {
		if got, ok := metricValue(body, series); !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", series, got, ok, v)
		}
	}
	now := float64(time.Now().UnixNano()) / 1e9
	if got, ok := metricValue(body, "casus_crawl_last_success_timestamp_seconds"); !ok || got > now || got < now-60 {
		t.Errorf("casus_crawl_last_success_timestamp_seconds = %v (present %v), want within the last minute of %v", got, ok, now)
	}
	if got, ok := metricValue(body, "casus_index_generation_age_seconds"); !ok || got < 0 || got > 60 {
		t.Errorf("casus_index_generation_age_seconds = %v (present %v), want 0–60", got, ok)
	}
	if got, ok := metricValue(body, "casus_crawl_last_duration_seconds"); !ok || got <= 0 {
		t.Errorf("casus_crawl_last_duration_seconds = %v (present %v), want > 0", got, ok)
	}
	if !regexp.MustCompile(`casus_http_requests_total\{code="200",method="GET",route="/readyz"\} \d+`).MatchString(body) {
		t.Errorf("the HTTP metrics are missing from the same /metrics")
	}
}

// TestServeMetricsFromLastCrawlFile: without --sources the crawl gauges come
// from last-crawl.json, which casus crawl writes; a failed crawl keeps the
// time of the last success, and without an index there are no generation
// gauges.
func TestServeMetricsFromLastCrawlFile(t *testing.T) {
	dir := t.TempDir()
	ok := time.Date(2026, 12, 4, 6, 0, 0, 0, time.UTC)
	if err := writeLastCrawl(dir, &admin.CrawlSummary{End: ok, Seconds: 12, New: 3, Updated: 2, Unchanged: 40, Errors: 1}); err != nil {
		t.Fatal(err)
	}
	k, err := loadKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	m := newServeMetrics(dir, newBackend(k))
	reg := prometheus.NewRegistry()
	m.register(reg, slog.New(slog.DiscardHandler))
	gather := func() string {
		rec := httptest.NewRecorder()
		promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		return rec.Body.String()
	}
	body := gather()
	for series, v := range map[string]float64{
		`casus_crawl_last_pages{outcome="indexed"}`:   5,
		`casus_crawl_last_pages{outcome="unchanged"}`: 40,
		`casus_crawl_last_pages{outcome="failed"}`:    1,
		`casus_crawl_last_duration_seconds`:           12,
		`casus_crawl_last_failed`:                     0,
		`casus_crawl_last_success_timestamp_seconds`:  float64(ok.Unix()),
		`casus_crawls_total{result="ok"}`:             0,
	} {
		if got, present := metricValue(body, series); !present || got != v {
			t.Errorf("%s = %v (present %v), want %v", series, got, present, v)
		}
	}
	for _, absent := range []string{"casus_crawl_running", "casus_index_generation", "casus_index_documents"} {
		if _, present := metricValue(body, absent); present {
			t.Errorf("%s present without a crawler or an index", absent)
		}
	}

	if err := writeLastCrawl(dir, &admin.CrawlSummary{End: ok.Add(time.Hour), Seconds: 1, Error: "sources: no such file"}); err != nil {
		t.Fatal(err)
	}
	body = gather()
	if got, _ := metricValue(body, "casus_crawl_last_failed"); got != 1 {
		t.Errorf("casus_crawl_last_failed = %v after a failed crawl, want 1", got)
	}
	if got, _ := metricValue(body, "casus_crawl_last_success_timestamp_seconds"); got != float64(ok.Unix()) {
		t.Errorf("casus_crawl_last_success_timestamp_seconds = %v after a failed crawl, want the success before, %d", got, ok.Unix())
	}
}
