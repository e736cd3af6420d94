// Package admin serves casus's admin endpoints for operators and editors:
// status, a crawl on demand, query analytics and a page showing them. It
// is meant for its own listener (casus serve --admin-addr, on loopback by
// default), never the public one, and answers only requests that carry the
// admin token as "Authorization: Bearer <token>".
package admin

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/casus-nl/casus/search/analytics"
)

// MinTokenBytes is the shortest admin token accepted.
const MinTokenBytes = 16

// ErrCrawlBusy: a crawl is running (in this process or another).
var ErrCrawlBusy = errors.New("a crawl is running")

// ErrNoCrawler: the server has no sources to crawl.
var ErrNoCrawler = errors.New("this server does not crawl: start it with --sources")

// CrawlSummary is what one crawl did.
type CrawlSummary struct {
	// Trigger is what started it: "start" (empty index), "schedule" or
	// "admin".
	Trigger   string    `json:"trigger"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Duration  string    `json:"duration"`
	Seconds   float64   `json:"duration_seconds"`
	Fetched   int       `json:"fetched"`
	New       int       `json:"new"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Removed   int       `json:"removed"`
	Skipped   int       `json:"skipped"`
	// Errors counts pages that failed; Error is why the crawl failed as a
	// whole ("" when it succeeded).
	Errors      int            `json:"errors"`
	SkipReasons map[string]int `json:"skip_reasons,omitempty"`
	Error       string         `json:"error,omitempty"`
	// Live: the crawl changed the index and its generation is live.
	Live bool `json:"live"`
}

// CrawlStatus is the state of the crawls of this server.
type CrawlStatus struct {
	// Every is the schedule ("" without --crawl-every).
	Every   string        `json:"every,omitempty"`
	Running bool          `json:"running"`
	Since   *time.Time    `json:"running_since,omitempty"`
	Next    *time.Time    `json:"next,omitempty"`
	Last    *CrawlSummary `json:"last,omitempty"`
}

// Status is the answer of GET /admin/status.
type Status struct {
	Generation string      `json:"generation"`
	Documents  uint64      `json:"documents"`
	Crawl      CrawlStatus `json:"crawl"`
}

// Config is what the admin handler serves.
type Config struct {
	// Token is the admin token (at least MinTokenBytes).
	Token []byte
	// Status reports the server's state (required).
	Status func(ctx context.Context) Status
	// Crawl starts a crawl now and returns at once: ErrCrawlBusy when one
	// runs, ErrNoCrawler when the server does not crawl. nil is
	// ErrNoCrawler.
	Crawl func() error
	// Analytics is the query analytics; nil reports none.
	Analytics *analytics.Store
	// Nearest, when set, names a known word near a query without results
	// (the suggest backend), for queries without a "did you mean".
	Nearest func(ctx context.Context, text string) string
	Logger  *slog.Logger
}

// constantTimeCompare compares tokens; a variable so a test can see it is
// used.
var constantTimeCompare = subtle.ConstantTimeCompare

// New returns the admin handler, or an error when the token is too short.
func New(cfg Config) (http.Handler, error) {
	_, served, err := newHandler(cfg)
	return served, err
}

// newHandler returns the handler and what it serves: its routes behind the
// token check.
func newHandler(cfg Config) (*handler, http.Handler, error) {
	if len(cfg.Token) < MinTokenBytes {
		return nil, nil, fmt.Errorf("the admin token must be at least %d bytes", MinTokenBytes)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	h := &handler{cfg: cfg, want: sha256.Sum256(cfg.Token), wrong: &refusals{now: time.Now}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin/{$}", h.page)
	mux.HandleFunc("GET /admin/status", h.status)
	mux.HandleFunc("POST /admin/crawl", h.crawl)
	mux.HandleFunc("GET /admin/analytics", h.analytics)
	return h, h.authorized(mux), nil
}

type handler struct {
	cfg   Config
	want  [sha256.Size]byte
	wrong *refusals
}

// wrongTokenLogEvery is how often refused tokens are logged at most: the
// first at once, later ones summed up in one line, so guessing cannot
// flood the log.
const wrongTokenLogEvery = time.Minute

// refusals counts wrong tokens between two log lines.
type refusals struct {
	now    func() time.Time
	mu     sync.Mutex
	n      int
	logged time.Time
}

// note counts a wrong token for path and logs the count when a line is due.
func (r *refusals) note(logger *slog.Logger, path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	if now := r.now(); r.logged.IsZero() || now.Sub(r.logged) >= wrongTokenLogEvery {
		logger.Warn("admin: wrong token", "attempts", r.n, "last_path", path, "next_line_after", wrongTokenLogEvery)
		r.n, r.logged = 0, now
	}
}

// authorized answers 401 to requests without the right bearer token. Both
// sides are hashed first, so the comparison takes the same time whatever
// the token's length or content.
func (h *handler) authorized(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
		if !strings.HasPrefix(r.URL.Path, "/admin/") {
			http.NotFound(w, r)
			return
		}
		given, ok := bearer(r)
		got := sha256.Sum256([]byte(given))
		if constantTimeCompare(got[:], h.want[:]) != 1 || !ok {
			if ok {
				h.wrong.note(h.cfg.Logger, r.URL.Path)
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="casus admin"`)
			if r.URL.Path == "/admin/" && r.Method == http.MethodGet {
				writeLoginHelp(w, r)
				return
			}
			writeJSON(w, http.StatusUnauthorized, errorBody{Error: "unauthorized", Message: "send the admin token as Authorization: Bearer <token>"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearer returns the token of an Authorization: Bearer header.
func bearer(r *http.Request) (string, bool) {
	a := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(a, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

type errorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func (h *handler) status(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, h.cfg.Status(r.Context()))
}

// crawlStarted is the answer of POST /admin/crawl.
type crawlStarted struct {
	Status string `json:"status"`
}

func (h *handler) crawl(w http.ResponseWriter, r *http.Request) {
	err := ErrNoCrawler
	if h.cfg.Crawl != nil {
		err = h.cfg.Crawl()
	}
	switch {
	case err == nil:
		h.cfg.Logger.Info("admin: crawl started")
		writeJSON(w, http.StatusAccepted, crawlStarted{Status: "started"})
	case errors.Is(err, ErrCrawlBusy):
		writeJSON(w, http.StatusConflict, errorBody{Error: "crawl_running", Message: err.Error()})
	case errors.Is(err, ErrNoCrawler):
		writeJSON(w, http.StatusConflict, errorBody{Error: "no_crawler", Message: err.Error()})
	default:
		h.cfg.Logger.Error("admin: crawl not started", "err", err)
		writeJSON(w, http.StatusInternalServerError, errorBody{Error: "internal", Message: err.Error()})
	}
}

// report reads ?window= (default day) and reports it.
func (h *handler) report(r *http.Request) (analytics.Report, error) {
	window := r.URL.Query().Get("window")
	if window == "" {
		window = analytics.WindowDay
	}
	if h.cfg.Analytics == nil {
		if window != analytics.WindowDay && window != analytics.WindowWeek {
			return analytics.Report{}, analytics.ErrWindow
		}
		return analytics.Report{Window: window, Top: []analytics.Row{}, ZeroResults: []analytics.Row{},
			RelaxedResults: []analytics.Row{}, NoClick: []analytics.Row{}}, nil
	}
	return h.cfg.Analytics.Report(window)
}

func (h *handler) analytics(w http.ResponseWriter, r *http.Request) {
	rep, err := h.report(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{Error: "invalid_parameter", Message: "window: " + err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
