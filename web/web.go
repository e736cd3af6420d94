// Package web serves casus's search page: a server-rendered Dutch page with
// a search box, highlighted results and facet lists whose values filter when
// clicked. It works without JavaScript and calls the same search backend as
// the JSON API.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/contract"
)

//go:embed templates/*.html static
var assets embed.FS

// The search page's template file and the template every page executes
// (layout.html).
const (
	pageTemplate   = "templates/page.html"
	layoutTemplate = "layout"
)

// layoutFuncs are the helpers every page may use.
var layoutFuncs = template.FuncMap{
	"datum":  dutchDate,
	"aantal": dutchNumber,
}

// parseWithLayout parses layout.html (from the embedded assets) and then the
// files matching patterns in fsys into one template set, so the page's
// definitions of the layout's blocks ("title", "main", "head", ...) replace
// the defaults. Render the result with ExecuteTemplate(w, "layout", data).
// funcs (may be nil) are added to layoutFuncs.
func parseWithLayout(funcs template.FuncMap, fsys fs.FS, patterns ...string) (*template.Template, error) {
	t, err := template.New(layoutTemplate).Funcs(layoutFuncs).Funcs(funcs).ParseFS(assets, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	if t, err = t.ParseFS(fsys, patterns...); err != nil {
		return nil, fmt.Errorf("web: parse %s: %w", strings.Join(patterns, ", "), err)
	}
	return t, nil
}

// Searcher answers search queries; errors wrapping casus.ErrUnavailable mean
// the index is still being built.
type Searcher interface {
	Search(ctx context.Context, q casus.Query) (casus.Result, error)
}

// Handler serves the page and its static files.
type Handler struct {
	searcher Searcher
	logger   *slog.Logger
	tmpl     *template.Template
	// files are the static files, served under /static/.
	files fs.FS
	// advisor serves the municipality and case pages and the CSV export
	// (advisor.go); nil until EnableAdvisor.
	advisor *advisor
}

// New parses the templates (failing fast when one is missing or broken) and
// returns the handler. A nil logger discards.
func New(searcher Searcher, logger *slog.Logger) (*Handler, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	tmpl, err := parseWithLayout(template.FuncMap{"lower": strings.ToLower}, assets, pageTemplate)
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	return &Handler{
		searcher: searcher,
		logger:   logger,
		tmpl:     tmpl,
		files:    static,
	}, nil
}

// ServeHTTP serves "/" (the page) and "/static/..." (stylesheet).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.advisor != nil && h.advisor.serve(w, r) {
		return
	}
	switch {
	case r.URL.Path == "/":
		h.servePage(w, r)
	case strings.HasPrefix(r.URL.Path, "/static/"):
		h.serveStatic(w, r)
	case r.URL.Path == WidgetPath:
		ServeWidget(w, r)
	default:
		h.notFound(w)
	}
}

// serveStatic serves one static file; a directory (its listing), a path
// that is not clean and a missing file are all 404.
func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if info, err := fs.Stat(h.files, name); err != nil || info.IsDir() {
		http.Error(w, "Niet gevonden.", http.StatusNotFound)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, h.files, name)
}

func (h *Handler) servePage(w http.ResponseWriter, r *http.Request) {
	status := http.StatusOK
	var data page
	q, err := casus.ParseQuery(r.URL.Query())
	if err == nil {
		err = contract.CheckDates(q)
	}
	if err == nil {
		var res casus.Result
		res, err = h.searcher.Search(r.Context(), q)
		if err == nil && res.Total > 0 && q.Page > lastPage(q, res) {
			// Past the last page: go to the last one.
			http.Redirect(w, r, withPage(q, lastPage(q, res)), http.StatusSeeOther)
			return
		}
		if err == nil {
			data = newPage(q, res)
		}
	}
	if err != nil {
		if q.Text == "" {
			// Keep the words in the search box when another parameter failed.
			if text := strings.TrimSpace(r.URL.Query().Get("q")); utf8.ValidString(text) && utf8.RuneCountInString(text) <= casus.MaxQueryRunes {
				q.Text = text
			}
		}
		data, status = errorPage(q, err)
		if status >= http.StatusInternalServerError && status != http.StatusServiceUnavailable {
			h.logger.Error("search page failed", "err", err)
		}
	}
	var buf bytes.Buffer
	if err := h.tmpl.ExecuteTemplate(&buf, layoutTemplate, data); err != nil {
		h.logger.Error("render search page", "err", err)
		http.Error(w, "De pagina kon niet worden opgebouwd.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// notFound answers a path casus does not serve with a Dutch page.
func (h *Handler) notFound(w http.ResponseWriter) {
	data := page{Failed: true, Heading: "Pagina niet gevonden",
		Notice: "Deze pagina bestaat niet. Misschien is de link oud of bevat hij een tikfout."}
	var buf bytes.Buffer
	if err := h.tmpl.ExecuteTemplate(&buf, layoutTemplate, data); err != nil {
		h.logger.Error("render not found page", "err", err)
		http.Error(w, "Niet gevonden.", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = buf.WriteTo(w)
}

// dateLabels are the page's Dutch names of the date parameters.
var dateLabels = map[string]string{"from": "vanaf", "to": "tot en met"}

// errorPage turns an error into the page's message and status.
// dateRangeMessage says in Dutch which date is out of range.
func dateRangeMessage(e *contract.DateRangeError) string {
	return fmt.Sprintf("De datum %s bij ‘%s’ valt buiten het bereik van deze zoekmachine: kies een datum van %s tot en met %s.",
		e.Date, dateLabels[e.Param], contract.MinDate, contract.MaxDate)
}

// invalidErrorMessage says in Dutch what is wrong with a parameter of a
// request the backend refused as invalid.
func invalidErrorMessage(err error) string {
	var perr *casus.ParamError
	param := ""
	if errors.As(err, &perr) {
		param = perr.Param
	}
	return invalidMessage(param)
}

func errorPage(q casus.Query, err error) (page, int) {
	p := page{Query: q, Text: q.Text, Failed: true}
	var dateErr *contract.DateRangeError
	switch {
	case errors.Is(err, context.Canceled):
		// The client is gone; nothing failed here.
		p.Notice = "De zoekopdracht is afgebroken."
		return p, contract.StatusClientClosedRequest
	case errors.As(err, &dateErr):
		p.Notice = dateRangeMessage(dateErr)
		return p, http.StatusBadRequest
	case errors.Is(err, casus.ErrUnavailable):
		p.Notice = "De index wordt nog opgebouwd. Deze pagina ververst zichzelf zo."
		p.Refresh = true
		return p, http.StatusServiceUnavailable
	case errors.Is(err, casus.ErrInvalid):
		p.Notice = invalidErrorMessage(err)
		return p, http.StatusBadRequest
	default:
		p.Notice = "Er ging iets mis bij het zoeken. Probeer het later opnieuw."
		return p, http.StatusInternalServerError
	}
}
