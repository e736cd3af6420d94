package main

import (
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/casus-nl/casus/api/admin"
	"github.com/casus-nl/casus/search"
)

// Page outcomes of a crawl, the label values of the crawl metrics.
var crawlOutcomes = []string{"indexed", "unchanged", "removed", "skipped", "failed"}

// outcomePages returns the pages of s per outcome: indexed are new and
// updated pages, failed the pages that could not be fetched or stored.
func outcomePages(s *admin.CrawlSummary) map[string]int {
	return map[string]int{"indexed": s.New + s.Updated, "unchanged": s.Unchanged, "removed": s.Removed,
		"skipped": s.Skipped, "failed": s.Errors}
}

// serveMetrics exports on serve's /metrics what the HTTP metrics do not
// know: the crawls (this process's, and the last one casus crawl left in
// the index directory) and the served generation. The gauges are read at
// each scrape; the counters count the crawls of this process.
type serveMetrics struct {
	dir     string
	b       *backend
	crawler *crawler // nil without --sources
	now     func() time.Time

	pages  *prometheus.CounterVec
	crawls *prometheus.CounterVec

	descs struct {
		lastPages, lastDuration, lastSuccess, lastFailed, running *prometheus.Desc
		genAge, genNumber, documents                              *prometheus.Desc
	}

	mu sync.Mutex
	// lastSuccess is the end of the latest successful crawl seen.
	lastSuccess time.Time
}

func newServeMetrics(dir string, b *backend) *serveMetrics {
	m := &serveMetrics{dir: dir, b: b, now: time.Now,
		pages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "casus", Name: "crawl_pages_total",
			Help: "Pages of the crawls this process ran, by outcome (indexed: new or updated; failed: errors).",
		}, []string{"outcome"}),
		crawls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "casus", Name: "crawls_total",
			Help: "Crawls this process ran, by result (ok, failed).",
		}, []string{"result"}),
	}
	for _, o := range crawlOutcomes {
		m.pages.WithLabelValues(o)
	}
	m.crawls.WithLabelValues("ok")
	m.crawls.WithLabelValues("failed")
	d := &m.descs
	d.lastPages = prometheus.NewDesc("casus_crawl_last_pages", "Pages of the last crawl (of this process or casus crawl), by outcome.", []string{"outcome"}, nil)
	d.lastDuration = prometheus.NewDesc("casus_crawl_last_duration_seconds", "Duration of the last crawl.", nil, nil)
	d.lastSuccess = prometheus.NewDesc("casus_crawl_last_success_timestamp_seconds", "End of the last crawl that succeeded, in Unix seconds; absent while none is known.", nil, nil)
	d.lastFailed = prometheus.NewDesc("casus_crawl_last_failed", "1 if the last crawl failed as a whole, else 0.", nil, nil)
	d.running = prometheus.NewDesc("casus_crawl_running", "1 while this process crawls, else 0.", nil, nil)
	d.genAge = prometheus.NewDesc("casus_index_generation_age_seconds", "Age of the served index generation (since it was finished).", nil, nil)
	d.genNumber = prometheus.NewDesc("casus_index_generation", "Number N of the served index generation gen-N.", nil, nil)
	d.documents = prometheus.NewDesc("casus_index_documents", "Documents in the served index generation.", nil, nil)
	if s, err := readLastCrawl(dir); err == nil {
		m.noteSuccess(s)
	}
	return m
}

// register registers the metrics on reg; a failure is logged, never fatal.
func (m *serveMetrics) register(reg prometheus.Registerer, logger *slog.Logger) {
	for _, c := range []prometheus.Collector{m.pages, m.crawls, m} {
		if err := reg.Register(c); err != nil {
			logger.Error("metrics not exported", "err", err)
		}
	}
}

// observeCrawl counts a crawl of this process that ended.
func (m *serveMetrics) observeCrawl(s *admin.CrawlSummary) {
	for o, n := range outcomePages(s) {
		m.pages.WithLabelValues(o).Add(float64(n))
	}
	if s.Error != "" {
		m.crawls.WithLabelValues("failed").Inc()
	} else {
		m.crawls.WithLabelValues("ok").Inc()
	}
	m.noteSuccess(s)
}

// noteSuccess keeps s's end when s succeeded and is the latest success.
func (m *serveMetrics) noteSuccess(s *admin.CrawlSummary) {
	if s == nil || s.Error != "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s.End.After(m.lastSuccess) {
		m.lastSuccess = s.End
	}
}

// Describe sends the descriptions of the gauges read at scrape time.
func (m *serveMetrics) Describe(ch chan<- *prometheus.Desc) {
	d := m.descs
	for _, desc := range []*prometheus.Desc{d.lastPages, d.lastDuration, d.lastSuccess, d.lastFailed, d.running, d.genAge, d.genNumber, d.documents} {
		ch <- desc
	}
}

// Collect reads the crawl and generation gauges.
func (m *serveMetrics) Collect(ch chan<- prometheus.Metric) {
	d := m.descs
	gauge := func(desc *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v, labels...)
	}
	var last *admin.CrawlSummary
	if m.crawler != nil {
		st := m.crawler.status()
		last = st.Last
		gauge(d.running, boolFloat(st.Running))
	} else if s, err := readLastCrawl(m.dir); err == nil {
		last = s
	}
	if last != nil {
		m.noteSuccess(last) // a casus crawl of another process
		for _, o := range crawlOutcomes {
			gauge(d.lastPages, float64(outcomePages(last)[o]), o)
		}
		gauge(d.lastDuration, last.Seconds)
		gauge(d.lastFailed, boolFloat(last.Error != ""))
	}
	m.mu.Lock()
	success := m.lastSuccess
	m.mu.Unlock()
	if !success.IsZero() {
		gauge(d.lastSuccess, float64(success.UnixNano())/1e9)
	}
	gen := m.b.Generation()
	if gen == "" {
		return
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(gen, "gen-")); err == nil {
		gauge(d.genNumber, float64(n))
	}
	if at, err := search.FinishedAt(m.dir, gen); err == nil {
		gauge(d.genAge, max(0, m.now().Sub(at).Seconds()))
	}
	if ix := m.b.ix.Load(); ix != nil {
		if n, err := ix.Count(); err == nil {
			gauge(d.documents, float64(n))
		}
	}
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
