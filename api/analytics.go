package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/casus-nl/casus"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// Analytics counts searches and clicks for editors (package
// search/analytics). It receives query texts and filters and counts of
// hits, never anything about who asked.
type Analytics interface {
	// RecordSearch counts one answered search.
	RecordSearch(q casus.Query, total int, relaxed bool, suggestion string)
	// RecordClick counts that a case was opened from the hits of query;
	// false when the query was not searched (and nothing was counted).
	RecordClick(query string) bool
}

// routeClick is the click beacon: POST {"query": "...", "id": "..."} when
// someone opens a case from the hits of a query.
const routeClick = "/api/v1/click"

// MaxClickQueryBytes bounds the query of a click.
const MaxClickQueryBytes = 1 << 10

// searchOutcome is what a search answered, as far as analytics cares.
type searchOutcome struct {
	q          casus.Query
	total      int
	relaxed    bool
	suggestion string
}

// noteKey is the context key of the *searchNote of a request.
type noteKey struct{}

// searchNote receives the first search a request makes.
type searchNote struct {
	set bool
	searchOutcome
}

// NoteSearches returns s, noting the outcome of the first search each
// request recorded by the analytics middleware makes: give the search page
// its searcher through it, so page searches are counted. The API's own
// searcher is wrapped by New.
func NoteSearches(s Searcher) Searcher { return notingSearcher{s} }

type notingSearcher struct{ Searcher }

func (s notingSearcher) Search(ctx context.Context, q casus.Query) (casus.Result, error) {
	res, err := s.Searcher.Search(ctx, q)
	if err != nil {
		return res, err
	}
	if n, ok := ctx.Value(noteKey{}).(*searchNote); ok && !n.set {
		n.set = true
		n.searchOutcome = searchOutcome{q: q, total: res.Total, relaxed: res.Relaxed}
		if res.Suggestion != nil {
			n.suggestion = *res.Suggestion
		}
	}
	return res, nil
}

// searchRecorder counts the searches of the page ("/") and of
// /api/v1/search in Analytics and in casus_search_queries_total. It sits
// outside the response cache: an answer served from the cache did not
// search, so its outcome is taken from remembered, the outcomes of recent
// searches by generation and request.
type searchRecorder struct {
	analytics  Analytics
	generation func() string
	queries    *prometheus.CounterVec
	remembered *lru.Cache[string, searchOutcome]
}

func newSearchRecorder(a Analytics, generation func() string, reg prometheus.Registerer, logger *slog.Logger) *searchRecorder {
	queries := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "casus",
		Name:      "search_queries_total",
		Help:      "Searches of the page and the API (first pages, with words or filters), by result: hits, zero (none) or relaxed (found only by dropping words).",
	}, []string{"result"})
	queries = register(reg, queries, logger)
	for _, r := range []string{"hits", "zero", "relaxed"} {
		queries.WithLabelValues(r) // present from the start, at 0
	}
	rec := &searchRecorder{analytics: a, generation: generation, queries: queries}
	rec.remembered, _ = lru.New[string, searchOutcome](MaxCachedResponses)
	return rec
}

// counted reports whether a search is counted: a first page with words or
// filters; the bare page and further pages are not new questions.
func counted(q casus.Query) bool {
	if q.Page > 1 {
		return false
	}
	return q.Text != "" || len(q.Municipalities)+len(q.Themes)+len(q.Domains)+len(q.Sources)+len(q.Years) > 0 ||
		!q.From.IsZero() || !q.To.IsZero()
}

func (rec *searchRecorder) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method == http.MethodGet && strings.HasPrefix(req.URL.Path, "/cases/") {
			return rec.caseVisit(c, next)
		}
		if req.Method != http.MethodGet || (req.URL.Path != "/" && req.URL.Path != "/api/v1/search") {
			return next(c)
		}
		n := &searchNote{}
		c.SetRequest(req.WithContext(context.WithValue(req.Context(), noteKey{}, n)))
		err := next(c)
		if status := c.Response().Status; err != nil || (status != http.StatusOK && status != http.StatusNotModified) {
			return err
		}
		gen := ""
		if rec.generation != nil {
			gen = rec.generation()
		}
		key := gen + "\x00" + req.URL.Path + "?" + req.URL.RawQuery
		out := n.searchOutcome
		if n.set {
			rec.remembered.Add(key, out)
		} else if out, n.set = rec.remembered.Get(key); !n.set {
			return nil // not searched (or forgotten): nothing to count
		}
		if !counted(out.q) {
			return nil
		}
		switch {
		case out.relaxed:
			rec.queries.WithLabelValues("relaxed").Inc()
		case out.total == 0:
			rec.queries.WithLabelValues("zero").Inc()
		default:
			rec.queries.WithLabelValues("hits").Inc()
		}
		if rec.analytics != nil {
			rec.analytics.RecordSearch(out.q, out.total, out.relaxed, out.suggestion)
		}
		return nil
	}
}

// caseVisit counts a click when a case page (/cases/{id}) is opened from
// the hits of the search page: the browser names that page in Referer (the
// default policy sends the whole URL within one origin), and its q is the
// query. Only the query is taken from it. Other clients (the widget, sites
// linking to cases) report clicks with the beacon.
func (rec *searchRecorder) caseVisit(c echo.Context, next echo.HandlerFunc) error {
	err := next(c)
	if err != nil || c.Response().Status != http.StatusOK || rec.analytics == nil {
		return err
	}
	req := c.Request()
	if !validID(strings.TrimPrefix(req.URL.Path, "/cases/")) {
		return nil
	}
	from, perr := url.Parse(req.Referer())
	if perr != nil || from.Host != req.Host || from.Path != "/" {
		return nil
	}
	if q := from.Query().Get("q"); q != "" && len(q) <= MaxClickQueryBytes && utf8.ValidString(q) {
		rec.analytics.RecordClick(q)
	}
	return nil
}

// click is the body of a click beacon.
type click struct {
	Query string `json:"query"`
	ID    string `json:"id"`
}

// click counts a click reported by the page: 204, whether or not the query
// was searched (the beacon's sender cannot act on it anyway).
func (rec *searchRecorder) click(c echo.Context) error {
	var body click
	dec := json.NewDecoder(io.LimitReader(c.Request().Body, MaxBodyBytesClick))
	if err := dec.Decode(&body); err != nil {
		return casus.InvalidParam("body", `must be JSON like {"query": "wijkteam", "id": "0123456789abcdef"}`)
	}
	switch {
	case len(body.Query) > MaxClickQueryBytes || !utf8.ValidString(body.Query):
		return casus.InvalidParam("query", "must be UTF-8 of at most 1024 bytes")
	case !validID(body.ID):
		return casus.InvalidParam("id", "must be a case id: 16 hexadecimal digits")
	}
	rec.analytics.RecordClick(body.Query)
	return c.NoContent(http.StatusNoContent)
}

// MaxBodyBytesClick bounds the body of a click beacon.
const MaxBodyBytesClick = 4 << 10

// validID reports whether id has the form of casus.DocumentID.
func validID(id string) bool {
	if len(id) != 16 {
		return false
	}
	for _, r := range id {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}
