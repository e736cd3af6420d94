package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/contract"
	"github.com/casus-nl/casus/search/gazetteer"
)

// The pages for policy advisors: a municipality with its profile, cases,
// themes over the years and comparable municipalities (/gemeenten/{code}),
// a picker to find one (/gemeenten), a page per case with similar cases
// (/cases/{id}) and the CSV download of a result list (/export.csv). They
// are served only when EnableAdvisor gave them their backends.

//go:embed templates/advisor/*.html
var advisorTemplates embed.FS

// Documents serves single cases and the cases most like them; unknown ids
// give an error wrapping casus.ErrNotFound (implemented by the API's
// backend).
type Documents interface {
	Document(ctx context.Context, id string) (casus.Document, error)
	Similar(ctx context.Context, id string, size int) (casus.SimilarResult, error)
}

// Municipalities looks municipalities up and compares them; unknown codes
// give an error wrapping casus.ErrNotFound (implemented by the API's
// backend).
type Municipalities interface {
	Municipalities(ctx context.Context, prefix string, size int) ([]casus.MunicipalitySummary, error)
	Municipality(ctx context.Context, code string) (casus.MunicipalityProfile, error)
	Comparable(ctx context.Context, code string, size int, filter casus.CaseFilter) (casus.Comparison, error)
}

// Places knows when municipalities merged (implemented by
// *gazetteer.Gazetteer).
type Places interface {
	Lookup(code string) (gazetteer.Municipality, bool)
}

// Labels names themes and domains (implemented by *taxonomy.Taxonomy).
type Labels interface {
	ThemeLabel(slug string) string
	DomainLabel(slug string) string
}

// Advisor holds the backends of the advisor pages. Documents and
// Municipalities are required; without Places a merger is shown without its
// year, without Labels themes and domains by their slugs.
type Advisor struct {
	Documents      Documents
	Municipalities Municipalities
	Places         Places
	Labels         Labels
}

// advisor serves the advisor pages.
type advisor struct {
	Advisor
	h *Handler
	// pages are the advisor templates by name, each with the shared layout.
	pages map[string]*template.Template
}

// The advisor pages' templates.
const (
	tmplPicker       = "gemeenten.html"
	tmplMunicipality = "gemeente.html"
	tmplCase         = "case.html"
	tmplNotice       = "melding.html"
)

// EnableAdvisor serves the advisor pages with a's backends from now on; call
// it before serving. It fails when a backend is missing or a template does
// not parse.
func (h *Handler) EnableAdvisor(a Advisor) error {
	if a.Documents == nil || a.Municipalities == nil {
		return errors.New("web: the advisor pages need Documents and Municipalities")
	}
	pages, err := parseAdvisorPages()
	if err != nil {
		return err
	}
	h.advisor = &advisor{Advisor: a, h: h, pages: pages}
	return nil
}

// parseAdvisorPages parses each advisor page into its own set with the
// shared layout (layout.html) and the advisor parts (common.html: case
// list, picker, stylesheet), so pages may define the same blocks.
func parseAdvisorPages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range []string{tmplPicker, tmplMunicipality, tmplCase, tmplNotice} {
		t, err := parseWithLayout(advisorFuncs, advisorTemplates, "templates/advisor/common.html", "templates/advisor/"+name)
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// serveAdvisor serves the advisor paths and reports whether path was one.
func (a *advisor) serve(w http.ResponseWriter, r *http.Request) bool {
	path := r.URL.Path
	switch {
	case path == "/gemeenten" || path == "/gemeenten/":
		a.servePicker(w, r)
	case strings.HasPrefix(path, "/gemeenten/"):
		a.serveMunicipality(w, r, strings.TrimPrefix(path, "/gemeenten/"))
	case strings.HasPrefix(path, "/cases/"):
		a.serveCase(w, r, strings.TrimPrefix(path, "/cases/"))
	case path == "/export.csv":
		a.serveExport(w, r)
	default:
		return false
	}
	return true
}

// render writes page name with data and status, or a plain 500 when the
// template fails.
func (a *advisor) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := a.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		a.h.logger.Error("render page", "page", name, "err", err)
		http.Error(w, "De pagina kon niet worden opgebouwd.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// notice is a page that only says something: not found, a bad request, not
// ready yet, a failure.
type notice struct {
	Title   string
	Message string
	// Refresh reloads the page after a moment (the index is being built).
	Refresh bool
	// Links offer a way on.
	Links []link
}

// fail answers err as a Dutch notice page with its status: 404 for an
// unknown municipality or case, 400 for bad parameters, 503 while the index
// is built, 499 when the client went away and 500 (logged) otherwise.
// what names the thing asked for ("gemeente GM9999").
func (a *advisor) fail(w http.ResponseWriter, what string, err error) {
	n := notice{Links: []link{{Label: "Naar de zoekpagina", URL: "/"}, {Label: "Gemeente kiezen", URL: "/gemeenten"}}}
	var dateErr *contract.DateRangeError
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, context.Canceled):
		status = contract.StatusClientClosedRequest
		n.Title, n.Message = "Afgebroken", "De vraag is afgebroken."
	case errors.Is(err, casus.ErrNotFound):
		status = http.StatusNotFound
		n.Title = "Niet gevonden"
		n.Message = "We kennen " + what + " niet. Misschien is de link oud of bevat hij een tikfout."
	case errors.As(err, &dateErr):
		status = http.StatusBadRequest
		n.Title = "Datum buiten bereik"
		n.Message = dateRangeMessage(dateErr)
	case errors.Is(err, casus.ErrInvalid):
		status = http.StatusBadRequest
		n.Title = "Deze vraag klopt niet"
		n.Message = invalidErrorMessage(err)
	case errors.Is(err, casus.ErrUnavailable):
		status = http.StatusServiceUnavailable
		n.Title = "Even geduld"
		n.Message = "De index wordt nog opgebouwd. Deze pagina ververst zichzelf zo."
		n.Refresh = true
	default:
		n.Title = "Er ging iets mis"
		n.Message = "Er ging iets mis bij het opbouwen van deze pagina. Probeer het later opnieuw."
		a.h.logger.Error("advisor page failed", "what", what, "err", err)
	}
	a.render(w, status, tmplNotice, n)
}

// Bounds of the advisor pages.
const (
	// pickerSize is the number of municipalities the picker lists.
	pickerSize = 20
	// comparableSize is the number of comparable municipalities shown.
	comparableSize = 10
	// ownCasesShown is the number of a municipality's newest cases shown.
	ownCasesShown = 10
	// similarSize is the number of similar cases on a case page.
	similarSize = 5
	// maxIDBytes bounds a case id in a URL.
	maxIDBytes = 64
)

var (
	codeInPath = regexp.MustCompile(`^GM\d{4}$`)
	idInPath   = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// servePicker lists the municipalities whose name starts with q (the most
// cases first without q) and goes straight to the one named exactly.
func (a *advisor) servePicker(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	text, err := casus.ParseSuggestText(v)
	if err == nil && !validUTF8(v.Get("q")) {
		err = casus.InvalidParam("q", "is not valid UTF-8")
	}
	if err != nil {
		a.fail(w, "deze zoekopdracht", err)
		return
	}
	list, err := a.Municipalities.Municipalities(r.Context(), text, pickerSize)
	if err != nil {
		a.fail(w, "deze gemeente", err)
		return
	}
	for _, m := range list {
		if text != "" && (strings.EqualFold(m.Name, text) || strings.EqualFold(m.Code, text)) {
			http.Redirect(w, r, "/gemeenten/"+m.Code, http.StatusSeeOther)
			return
		}
	}
	a.render(w, http.StatusOK, tmplPicker, a.pickerPage(text, list))
}

// serveMunicipality serves the page of one municipality.
func (a *advisor) serveMunicipality(w http.ResponseWriter, r *http.Request, code string) {
	what := "gemeente ‘" + truncateRunes(code, 16) + "’"
	if !codeInPath.MatchString(code) {
		a.fail(w, what, fmt.Errorf("municipality %q: %w", code, casus.ErrNotFound))
		return
	}
	v := r.URL.Query()
	if !validUTF8(v.Get("q")) {
		a.fail(w, what, casus.InvalidParam("q", "is not valid UTF-8"))
		return
	}
	filter, err := casus.ParseCaseFilter(v)
	if err != nil {
		a.fail(w, what, err)
		return
	}
	p, err := a.municipalityPage(r.Context(), code, filter)
	if err != nil {
		a.fail(w, what, err)
		return
	}
	a.render(w, http.StatusOK, tmplMunicipality, p)
}

// serveCase serves the page of one case.
func (a *advisor) serveCase(w http.ResponseWriter, r *http.Request, id string) {
	what := "deze case"
	if len(id) > maxIDBytes || !idInPath.MatchString(id) {
		a.fail(w, what, fmt.Errorf("case %q: %w", truncateRunes(id, maxIDBytes), casus.ErrNotFound))
		return
	}
	p, err := a.casePage(r.Context(), id)
	if err != nil {
		a.fail(w, what, err)
		return
	}
	a.render(w, http.StatusOK, tmplCase, p)
}

// searchURL is the main search page for q.
func searchURL(q casus.Query) string {
	q.Page = 1
	v := q.Values()
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// municipalityURL is the page of the municipality with code.
func municipalityURL(code string) string { return "/gemeenten/" + url.PathEscape(code) }

// caseURL is the page of the case with id.
func caseURL(id string) string { return "/cases/" + url.PathEscape(id) }
