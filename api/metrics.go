package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// unmatchedRoute labels requests no route matched, so that scanners probing
// random paths cannot blow up the number of time series.
const unmatchedRoute = "unmatched"

// latencyBuckets are the histogram bounds in seconds: a search takes
// milliseconds, a cold one or a slow client up to seconds.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}

// metrics counts requests and their latency per method, route template and
// status.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// rateLimited counts the requests the rate limit refused; they are in
	// requests too, as code 429.
	rateLimited prometheus.Counter
}

// newMetrics registers the HTTP metrics, and the Go runtime and process
// collectors, on reg. Collectors reg already has (a second API on the same
// registry) are shared; a clash with a different metric of the same name is
// logged and leaves that metric out of /metrics rather than failing the
// service.
func newMetrics(reg prometheus.Registerer, logger *slog.Logger) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "casus",
			Name:      "http_requests_total",
			Help:      "HTTP requests answered, by method, route template and status code.",
		}, []string{"method", "route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "casus",
			Name:      "http_request_duration_seconds",
			Help:      "Time to answer HTTP requests, by method, route template and status code.",
			Buckets:   latencyBuckets,
		}, []string{"method", "route", "code"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "casus",
			Name:      "http_rate_limited_total",
			Help:      "HTTP requests refused by the per-client rate limit (429).",
		}),
	}
	m.requests = register(reg, m.requests, logger)
	m.latency = register(reg, m.latency, logger)
	m.rateLimited = register(reg, m.rateLimited, logger)
	register(reg, collectors.NewGoCollector(), logger)
	register(reg, collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), logger)
	return m
}

// trackClients exports the number of clients whose rate-limit budgets l
// keeps (at most MaxRateLimitedClients); without a limit it stays 0.
func (m *metrics) trackClients(reg prometheus.Registerer, l *rateLimiter, logger *slog.Logger) {
	register(reg, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: "casus",
		Name:      "http_rate_limit_clients",
		Help:      "Clients (IPv4 addresses, IPv6 /64s) whose rate-limit budgets are kept, at most " + strconv.Itoa(MaxRateLimitedClients) + ".",
	}, func() float64 {
		if l == nil {
			return 0
		}
		return float64(l.clients.Len())
	}), logger)
}

// register registers c on reg and returns it, or the equal collector reg
// already holds.
func register[C prometheus.Collector](reg prometheus.Registerer, c C, logger *slog.Logger) C {
	err := reg.Register(c)
	if err == nil {
		return c
	}
	var dup prometheus.AlreadyRegisteredError
	if errors.As(err, &dup) {
		if existing, ok := dup.ExistingCollector.(C); ok {
			return existing
		}
	}
	logger.Error("metrics not exported", "err", fmt.Errorf("register metrics: %w", err))
	return c
}

// middleware observes each request once its final status is known; it must
// run outside the access log, which writes error responses.
func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		// Echo sets the path to a route template, or for a 404 or 405 to
		// the registered node the path came closest to; either way one of
		// a fixed set, never the raw path.
		route := c.Path()
		if route == "" {
			route = unmatchedRoute
		}
		labels := prometheus.Labels{
			"method": methodLabel(c.Request().Method),
			"route":  route,
			"code":   strconv.Itoa(c.Response().Status),
		}
		m.requests.With(labels).Inc()
		m.latency.With(labels).Observe(time.Since(start).Seconds())
		return err
	}
}

// methodLabel keeps the method label to the standard methods.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// metricsHandler serves reg in the Prometheus text format. Compression is
// left to the gzip middleware.
func metricsHandler(reg prometheus.Gatherer) echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{DisableCompression: true}))
}
