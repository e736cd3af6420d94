package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"
)

// fixtures is the fake backend's data, read from testdata/backend.json.
type fixtures struct {
	Hit            casus.Hit                            `json:"hit"`
	UndatedHit     casus.Hit                            `json:"undated_hit"`
	Facets         casus.Facets                         `json:"facets"`
	Document       casus.Document                       `json:"document"`
	Suggestions    []casus.Suggestion                   `json:"suggestions"`
	Municipalities []casus.MunicipalitySummary          `json:"municipalities"`
	Profiles       map[string]casus.MunicipalityProfile `json:"profiles"`
	Comparable     []casus.ComparableMunicipality       `json:"comparable"`
	Explanation    json.RawMessage                      `json:"explanation"`
}

// fakeBackend serves every API interface from fixtures, so real responses
// of every endpoint can be checked against the OpenAPI document.
type fakeBackend struct {
	fx       fixtures
	notReady bool
	// fail makes Search fail with an internal error.
	fail bool
	// filter is the last filter Comparable was given.
	filter casus.CaseFilter
}

var (
	_ Searcher       = (*fakeBackend)(nil)
	_ Suggester      = (*fakeBackend)(nil)
	_ Documents      = (*fakeBackend)(nil)
	_ Municipalities = (*fakeBackend)(nil)
)

func newFakeBackend(t testing.TB) *fakeBackend {
	t.Helper()
	b, err := os.ReadFile("testdata/backend.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx fixtures
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatalf("testdata/backend.json: %v", err)
	}
	return &fakeBackend{fx: fx}
}

func (f *fakeBackend) Ready() bool { return !f.notReady }

func (f *fakeBackend) Search(_ context.Context, q casus.Query) (casus.Result, error) {
	switch {
	case f.notReady:
		return casus.Result{}, fmt.Errorf("fake search: %w", casus.ErrUnavailable)
	case f.fail:
		return casus.Result{}, fmt.Errorf("fake search: disk /var/secret broke")
	}
	hits := []casus.Hit{f.fx.Hit, f.fx.UndatedHit}
	if q.Explain {
		for i := range hits {
			hits[i].Explanation = f.fx.Explanation
		}
	}
	var suggestion *string
	if q.Text == "wijkteems" {
		s := "wijkteams"
		suggestion = &s
	}
	return casus.Result{Query: q.Text, Total: len(hits), Page: q.Page, Size: q.Size, TookMS: 1.5,
		Hits: hits, Facets: f.fx.Facets, Suggestion: suggestion}, nil
}

func (f *fakeBackend) Suggest(_ context.Context, text string, size int) (casus.Suggestions, error) {
	s := casus.Suggestions{Query: text, Suggestions: []casus.Suggestion{}}
	if text != "" {
		s.Suggestions = f.fx.Suggestions[:min(size, len(f.fx.Suggestions))]
	}
	return s, nil
}

func (f *fakeBackend) Document(_ context.Context, id string) (casus.Document, error) {
	if id != f.fx.Document.ID {
		return casus.Document{}, fmt.Errorf("document %q: %w", id, casus.ErrNotFound)
	}
	return f.fx.Document, nil
}

func (f *fakeBackend) Similar(_ context.Context, id string, size int) (casus.SimilarResult, error) {
	if id != f.fx.Document.ID {
		return casus.SimilarResult{}, fmt.Errorf("document %q: %w", id, casus.ErrNotFound)
	}
	hits := []casus.Hit{f.fx.UndatedHit}
	return casus.SimilarResult{Hits: hits[:min(size, len(hits))]}, nil
}

func (f *fakeBackend) Municipalities(_ context.Context, prefix string, size int) ([]casus.MunicipalitySummary, error) {
	out := []casus.MunicipalitySummary{}
	for _, m := range f.fx.Municipalities {
		if len(out) < size && strings.HasPrefix(strings.ToLower(m.Name), strings.ToLower(prefix)) {
			out = append(out, m)
		}
	}
	return out, nil
}

func (f *fakeBackend) Municipality(_ context.Context, code string) (casus.MunicipalityProfile, error) {
	p, ok := f.fx.Profiles[code]
	if !ok {
		return casus.MunicipalityProfile{}, fmt.Errorf("municipality %q: %w", code, casus.ErrNotFound)
	}
	return p, nil
}

// Comparable lists the fixture hit unless filter asks for themes it lacks,
// and remembers filter.
func (f *fakeBackend) Comparable(ctx context.Context, code string, size int, filter casus.CaseFilter) (casus.Comparison, error) {
	f.filter = filter
	p, err := f.Municipality(ctx, code)
	if err != nil {
		return casus.Comparison{}, err
	}
	hits := []casus.Hit{}
	if len(filter.Themes) == 0 || slices.ContainsFunc(f.fx.Hit.Themes, func(t string) bool { return slices.Contains(filter.Themes, t) }) {
		hits = append(hits, f.fx.Hit)
	}
	return casus.Comparison{Municipality: p, Comparable: f.fx.Comparable[:min(size, len(f.fx.Comparable))],
		Hits: hits}, nil
}

// config is the API configuration over the backend.
func (f *fakeBackend) config() Config {
	return Config{Searcher: f, Suggester: f, Documents: f, Municipalities: f}
}

// loadOpenAPI parses and validates the embedded document.
func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatalf("parse openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
	}
	return doc
}

func TestOpenAPIDocumentServed(t *testing.T) {
	srv := httptest.NewServer(New(newFakeBackend(t).config()))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, openAPIDocument) {
		t.Fatalf("GET /api/openapi.json = %d, %d bytes; want 200 and the embedded document", resp.StatusCode, len(body))
	}
	if _, err := openapi3.NewLoader().LoadFromData(body); err != nil {
		t.Fatalf("served document does not parse: %v", err)
	}
}

// TestResponsesMatchOpenAPI sends real requests to every endpoint and checks
// each request and response against openapi.json. Rows whose route is not in
// the document (other methods) are checked against the Error schema.
func TestResponsesMatchOpenAPI(t *testing.T) {
	doc := loadOpenAPI(t)
	tests := []struct {
		name   string
		method string
		target string
		header map[string]string
		body   string
		setup  func(*fakeBackend, *Config)
		want   int
	}{
		{name: "search", target: "/api/v1/search?q=wijkteams&theme=jeugd", want: 200},
		{name: "search all filters", target: "/api/v1/search?q=jeugd&municipality=GM0148&municipality=GM0363&theme=jeugd&domain=sociaal&source=bureau-a&year=2019&from=2015-01-01&to=2020-12-31&sort=date&page=1&size=5", want: 200},
		{name: "search empty", target: "/api/v1/search", want: 200},
		{name: "search explain", target: "/api/v1/search?q=wijkteams&explain=true", want: 200},
		{name: "search suggestion", target: "/api/v1/search?q=wijkteems", want: 200},
		{name: "search gzip", target: "/api/v1/search?q=wijkteams", header: map[string]string{"Accept-Encoding": "gzip"}, want: 200},
		{name: "search not modified", target: "/api/v1/search?q=wijkteams", header: map[string]string{"If-None-Match": "*"}, want: 304},
		{name: "search bad size", target: "/api/v1/search?size=500", want: 400},
		{name: "search bad explain", target: "/api/v1/search?explain=yes", want: 400},
		{name: "search date out of range", target: "/api/v1/search?to=2263-01-01", want: 400},
		{name: "search internal", target: "/api/v1/search", setup: func(f *fakeBackend, _ *Config) { f.fail = true }, want: 500},
		{name: "search not ready", target: "/api/v1/search", setup: func(f *fakeBackend, _ *Config) { f.notReady = true }, want: 503},
		{name: "search uri too long", target: "/api/v1/search?q=" + strings.Repeat("x", MaxURIBytes), want: 414},
		{name: "search body too large", target: "/api/v1/search", body: strings.Repeat("x", 100<<10), want: 413},
		{name: "search rate limited", target: "/api/v1/search",
			setup: func(_ *fakeBackend, c *Config) { c.RateLimit, c.RateBurst = 0.001, 1 }, want: 429},
		{name: "search wrong method", method: http.MethodPost, target: "/api/v1/search", want: 405},
		{name: "suggest", target: "/api/v1/suggest?q=jeug&size=8", want: 200},
		{name: "suggest empty", target: "/api/v1/suggest", want: 200},
		{name: "suggest bad size", target: "/api/v1/suggest?q=jeug&size=0", want: 400},
		{name: "suggest not UTF-8", target: "/api/v1/suggest?q=jeug%ff", want: 400},
		{name: "document", target: "/api/v1/documents/3f2a9c1d0b7e4a55", want: 200},
		{name: "document unknown", target: "/api/v1/documents/0000000000000000", want: 404},
		{name: "similar", target: "/api/v1/documents/3f2a9c1d0b7e4a55/similar?size=5", want: 200},
		{name: "similar unknown", target: "/api/v1/documents/0000000000000000/similar", want: 404},
		{name: "similar bad size", target: "/api/v1/documents/3f2a9c1d0b7e4a55/similar?size=51", want: 400},
		{name: "municipalities", target: "/api/v1/municipalities?q=dalf", want: 200},
		{name: "municipalities bad size", target: "/api/v1/municipalities?size=x", want: 400},
		{name: "municipalities not UTF-8", target: "/api/v1/municipalities?q=%c3", want: 400},
		{name: "municipality", target: "/api/v1/municipalities/GM0148", want: 200},
		{name: "municipality merged", target: "/api/v1/municipalities/GM0457", want: 200},
		{name: "municipality unknown", target: "/api/v1/municipalities/GM9999", want: 404},
		{name: "comparable", target: "/api/v1/municipalities/GM0148/comparable?size=10", want: 200},
		{name: "comparable unknown", target: "/api/v1/municipalities/GM9999/comparable", want: 404},
		{name: "comparable bad size", target: "/api/v1/municipalities/GM0148/comparable?size=-1", want: 400},
		{name: "comparable narrowed", target: "/api/v1/municipalities/GM0148/comparable?q=wijkteams&theme=toegang&theme=jeugd", want: 200},
		{name: "comparable narrowed to nothing", target: "/api/v1/municipalities/GM0148/comparable?theme=wmo", want: 200},
		{name: "comparable bad theme", target: "/api/v1/municipalities/GM0148/comparable?theme=Jeugd%20zorg", want: 400},
		{name: "comparable q too long", target: "/api/v1/municipalities/GM0148/comparable?q=" + strings.Repeat("x", 257), want: 400},
		{name: "comparable q not UTF-8", target: "/api/v1/municipalities/GM0148/comparable?q=%ff", want: 400},
		{name: "click", method: http.MethodPost, target: "/api/v1/click", header: map[string]string{"Content-Type": "application/json"},
			body: `{"query": "wijkteams", "id": "3f2a9c1d0b7e4a55"}`, setup: func(_ *fakeBackend, c *Config) { c.Analytics = &fakeAnalytics{} }, want: 204},
		{name: "click bad id", method: http.MethodPost, target: "/api/v1/click", header: map[string]string{"Content-Type": "application/json"},
			body: `{"query": "wijkteams", "id": "x"}`, setup: func(_ *fakeBackend, c *Config) { c.Analytics = &fakeAnalytics{} }, want: 400},
		{name: "openapi", target: "/api/openapi.json", want: 200},
		{name: "openapi rate limited", target: "/api/openapi.json",
			setup: func(_ *fakeBackend, c *Config) { c.RateLimit, c.RateBurst = 0.001, 1 }, want: 429},
		{name: "readyz unreadable", target: "/readyz", setup: func(f *fakeBackend, c *Config) {
			c.Guard = NewGuard(nil, nil)
			_, _ = c.Guard.Searcher(panickingBackend{f}).Search(context.Background(), casus.Query{})
		}, want: 503},
		{name: "healthz", target: "/healthz", want: 200},
		{name: "readyz", target: "/readyz", want: 200},
		{name: "readyz not ready", target: "/readyz", setup: func(f *fakeBackend, _ *Config) { f.notReady = true }, want: 503},
		{name: "metrics", target: "/metrics", want: 200},
		{name: "unknown route", target: "/api/v1/nothing", want: 404},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeBackend(t)
			cfg := fake.config()
			if tt.setup != nil {
				tt.setup(fake, &cfg)
			}
			srv := httptest.NewServer(New(cfg))
			defer srv.Close()
			if cfg.RateLimit > 0 {
				// Use up the burst so the request under test is refused.
				resp, err := http.Get(srv.URL + tt.target)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			router := newRouter(t, doc, srv.URL)
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			req, err := http.NewRequest(method, srv.URL+tt.target, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body := readBody(t, resp)
			if resp.StatusCode != tt.want {
				t.Fatalf("status = %d, want %d; body %s", resp.StatusCode, tt.want, body)
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				// Not a documented operation: the body must still be the
				// contract's error.
				checkErrorSchema(t, doc, body)
				return
			}
			if tt.want == http.StatusOK || tt.want == http.StatusNoContent {
				covered[route.Path] = true
			}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{IncludeResponseStatus: true}}
			if tt.want < http.StatusBadRequest && tt.body == "" {
				if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
					t.Errorf("request does not match the document: %v", err)
				}
			}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
				Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)), Options: in.Options}
			if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
				t.Errorf("response does not match the document: %v\nbody: %.500s", err, body)
			}
		})
	}
	for path := range doc.Paths.Map() {
		if !covered[path] {
			t.Errorf("no successful request validated for documented path %s", path)
		}
	}
}

// readBody reads resp's body, gunzipping it where the server compressed it
// (the client does so itself only when it asked for gzip on its own).
func readBody(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("gzip body: %v", err)
		}
		r = zr
	}
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// newRouter matches requests to the document's operations on serverURL.
func newRouter(t *testing.T, doc *openapi3.T, serverURL string) routers.Router {
	t.Helper()
	local := *doc
	local.Servers = openapi3.Servers{{URL: serverURL}}
	r, err := gorillamux.NewRouter(&local)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkErrorSchema validates body against the document's Error schema.
func checkErrorSchema(t *testing.T, doc *openapi3.T, body []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, body)
	}
	if err := doc.Components.Schemas["Error"].Value.VisitJSON(v); err != nil {
		t.Errorf("error body does not match the Error schema: %v\nbody: %s", err, body)
	}
}

// TestErrorCodesMatchOpenAPI checks that the error code each documented
// error response names "(code x)" is the one the error table produces.
func TestErrorCodesMatchOpenAPI(t *testing.T) {
	doc := loadOpenAPI(t)
	tests := []struct {
		response string
		err      error
	}{
		{"BadRequest", casus.InvalidParam("size", "too big")},
		{"NotFound", fmt.Errorf("document: %w", casus.ErrNotFound)},
		{"MethodNotAllowed", echo.ErrMethodNotAllowed},
		{"TooLarge", echo.ErrStatusRequestEntityTooLarge},
		{"URITooLong", echo.NewHTTPError(http.StatusRequestURITooLong, "long")},
		{"TooManyRequests", echo.NewHTTPError(http.StatusTooManyRequests, "slow down")},
		{"Internal", fmt.Errorf("disk broke")},
		{"NotReady", fmt.Errorf("search: %w", casus.ErrUnavailable)},
	}
	for _, tt := range tests {
		t.Run(tt.response, func(t *testing.T) {
			ref := doc.Components.Responses[tt.response]
			if ref == nil || ref.Value.Description == nil {
				t.Fatalf("openapi.json has no described response %s", tt.response)
			}
			_, body := translate(tt.err)
			if want := "(code " + body.Error.Code + ")"; !strings.Contains(*ref.Value.Description, want) {
				t.Errorf("response %s is described as %q; the error table gives code %q",
					tt.response, *ref.Value.Description, body.Error.Code)
			}
		})
	}
}
