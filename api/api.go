// Package api serves casus's JSON HTTP API (README, "The API in brief";
// the OpenAPI document openapi.json) with echo:
// handlers parse the request, call the search backend through a small
// interface and encode the answer; every error goes through one translator.
package api

import (
	"compress/gzip"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/contract"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
)

// Searcher answers search queries. It returns an error wrapping
// casus.ErrUnavailable while no index is open.
type Searcher interface {
	Search(ctx context.Context, q casus.Query) (casus.Result, error)
	// Ready reports whether an index is open and searchable.
	Ready() bool
}

// Config holds what the API needs.
type Config struct {
	// Searcher is the search backend (required).
	Searcher Searcher
	// Web serves everything that is not the API (the search page); nil serves 404s.
	Web http.Handler
	// Logger receives access logs and details of 5xx errors; nil discards them.
	Logger *slog.Logger
	// Suggester, Documents and Municipalities serve the endpoints of the
	// same names.
	Suggester      Suggester
	Documents      Documents
	Municipalities Municipalities
	// CORSOrigins are the origins (like "https://www.example.nl") whose
	// pages may call the API from the browser; none means no CORS headers.
	CORSOrigins []string
	// RateLimit is the number of requests per second one client (by IP
	// address; IPv6 by /64) may make to the page, the API and any other
	// path but the health checks, /metrics and /static/; 0 turns the limit
	// off.
	RateLimit float64
	// RateBurst is how many requests a client may make at once above
	// RateLimit; 0 means RateLimit rounded up.
	RateBurst int
	// TrustedProxies are the peers (single addresses as /32 or /128) whose
	// X-Forwarded-For names the client; from any other peer the header is
	// ignored. None: the peer is always the client.
	TrustedProxies []netip.Prefix
	// Registry receives the HTTP metrics served at /metrics; nil creates a
	// fresh one (never the global default registry).
	Registry *prometheus.Registry
	// Generation names what the answers are computed from (the index
	// generation); answers to the same request are kept and served again
	// until it changes. nil keeps nothing.
	Generation func() string
	// Analytics, when set, counts the searches of the page and the API and
	// the clicks reported to POST /api/v1/click (api/analytics.go); the
	// page's searcher must come through NoteSearches for its searches.
	Analytics Analytics
	// Guard turns panics of the backends into errors and marks the index
	// unreadable for /readyz; share it with the search page. nil makes
	// one following Generation.
	Guard *Guard
}

// New returns the HTTP handler of the whole service: API routes, health
// checks and the web page.
func New(cfg Config) http.Handler {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	reg := cfg.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := newMetrics(reg, logger)
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.IPExtractor = ipExtractor(cfg.TrustedProxies)
	e.HTTPErrorHandler = errorHandler(logger)
	guard := cfg.Guard
	if guard == nil {
		guard = NewGuard(cfg.Generation, logger)
	}
	guard.guard(&cfg)
	e.Use(requestID())
	e.Use(generationHeader(cfg.Generation))
	e.Use(m.middleware)
	e.Use(accessLog(logger))
	// Inside the access log and metrics, so a panic is logged and counted
	// as the 500 the error handler answers.
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisableStackAll: true, DisableErrorHandler: true, LogErrorFunc: logPanic(logger),
	}))
	e.Use(limitURI)
	e.Use(middleware.BodyLimit(MaxBodyBytes))
	e.Use(cors(cfg.CORSOrigins))
	limiter := newRateLimiter(cfg.RateLimit, cfg.RateBurst, newRefusalLog(logger, RefusalLogInterval), m.rateLimited)
	m.trackClients(reg, limiter, logger)
	e.Use(limiter.middleware)
	rec := newSearchRecorder(cfg.Analytics, cfg.Generation, reg, logger)
	e.Use(rec.middleware) // outside the cache, which answers without searching
	e.Use(newResponseCache(cfg.Generation).middleware)
	// BestSpeed: on a page of hits it takes about a third less time than
	// the default level (BenchmarkMiddleware) for about an eighth more bytes.
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Level: gzip.BestSpeed, MinLength: GzipMinBytes}))
	e.Use(caching)

	e.Match(readMethods, "/metrics", metricsHandler(reg))
	e.Match(readMethods, "/api/openapi.json", openAPI)

	h := &handlers{searcher: NoteSearches(cfg.Searcher), suggester: cfg.Suggester, documents: cfg.Documents, munis: cfg.Municipalities, guard: guard}
	e.Match(readMethods, "/healthz", h.healthz)
	e.Match(readMethods, "/readyz", h.readyz)
	e.Match(readMethods, "/api/v1/search", h.search)
	h.register(e.Group(""), cfg)
	if cfg.Analytics != nil {
		e.POST(routeClick, rec.click)
	}
	// The admin endpoints have their own listener (api/admin); here /admin/
	// is unknown whatever the method (a GET gets the page's 404 below).
	e.Any("/admin/*", func(echo.Context) error { return echo.ErrNotFound })
	if cfg.Web != nil {
		web := echo.WrapHandler(cfg.Web)
		e.Match(readMethods, "/", web)
		e.Match(readMethods, "/static/*", web)
		// The pages for policy advisors (web/advisor.go).
		for _, path := range []string{"/gemeenten", "/gemeenten/*", "/cases/*", "/export.csv"} {
			e.Match(readMethods, path, web)
		}
		e.Match(readMethods, "/widget.js", web)
		// Any other path is a page that does not exist: the page's Dutch
		// 404, except under /api/, where clients expect the JSON error.
		e.Match(readMethods, "/*", web)
		e.Match(readMethods, "/api/*", func(echo.Context) error { return echo.ErrNotFound })
		e.Match(readMethods, "/admin/*", web)
	}
	return e
}

type handlers struct {
	searcher  Searcher
	suggester Suggester
	documents Documents
	munis     Municipalities
	guard     *Guard
}

type status struct {
	Status string `json:"status"`
}

func (h *handlers) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, status{Status: "ok"})
}

func (h *handlers) readyz(c echo.Context) error {
	if !h.searcher.Ready() {
		return casus.ErrUnavailable
	}
	if err := h.guard.Unreadable(); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, status{Status: "ready"})
}

func (h *handlers) search(c echo.Context) error {
	q, err := casus.ParseQuery(c.QueryParams())
	if err != nil {
		return err
	}
	if err := contract.CheckDates(q); err != nil {
		return err
	}
	res, err := h.searcher.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

// MaxURIBytes bounds the request URI; longer ones get a 414 in the contract's
// JSON. (The HTTP server's header limit must be larger for this to answer.)
const MaxURIBytes = 8 << 10

func limitURI(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if n := len(c.Request().RequestURI); n > MaxURIBytes {
			return echo.NewHTTPError(http.StatusRequestURITooLong,
				fmt.Sprintf("the request URI is %d bytes long; the maximum is %d", n, MaxURIBytes))
		}
		return next(c)
	}
}
