package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// exchange is one request to the API and what must hold of the answer.
type exchange struct {
	method string
	target string
	header map[string]string
	body   string
	// remoteAddr is the peer's address; "" is httptest's default.
	remoteAddr string
	// wantStatus is the expected status code.
	wantStatus int
	// wantHeader maps header names to expected values; "" means absent,
	// "*" means present with any value.
	wantHeader map[string]string
	// wantCode is the expected error code, if any.
	wantCode string
}

// do sends ex to h and checks the answer.
func (ex exchange) do(t *testing.T, h http.Handler) *httptest.ResponseRecorder {
	t.Helper()
	method := ex.method
	if method == "" {
		method = http.MethodGet
	}
	req := httptest.NewRequest(method, ex.target, strings.NewReader(ex.body))
	if ex.remoteAddr != "" {
		req.RemoteAddr = ex.remoteAddr
	}
	for k, v := range ex.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != ex.wantStatus {
		t.Errorf("%s %s: status = %d, want %d; body %.300s", method, ex.target, rec.Code, ex.wantStatus, rec.Body)
	}
	for k, want := range ex.wantHeader {
		got, present := rec.Header().Get(k), len(rec.Header().Values(k)) > 0
		switch {
		case want == "" && present:
			t.Errorf("%s %s: header %s = %q, want none", method, ex.target, k, got)
		case want == "*" && !present:
			t.Errorf("%s %s: header %s missing", method, ex.target, k)
		case want != "" && want != "*" && got != want:
			t.Errorf("%s %s: header %s = %q, want %q", method, ex.target, k, got, want)
		}
	}
	if ex.wantCode != "" {
		var body errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code != ex.wantCode || body.Error.Message == "" {
			t.Errorf("%s %s: body %s, want error code %q with a message", method, ex.target, rec.Body, ex.wantCode)
		}
	}
	return rec
}

func TestMiddleware(t *testing.T) {
	const (
		allowed = "https://www.gemeente.example"
		denied  = "https://evil.example"
	)
	withCORS := func(c *Config) { c.CORSOrigins = []string{allowed} }
	withLimit := func(c *Config) { c.RateLimit, c.RateBurst = 0.5, 2 }
	tests := []struct {
		name      string
		configure func(*Config)
		exchanges []exchange
	}{
		{"cors allowed origin", withCORS, []exchange{{
			target: "/api/v1/search", header: map[string]string{"Origin": allowed}, wantStatus: 200,
			wantHeader: map[string]string{"Access-Control-Allow-Origin": allowed, "Access-Control-Expose-Headers": "*"},
		}}},
		{"cors denied origin", withCORS, []exchange{{
			target: "/api/v1/search", header: map[string]string{"Origin": denied}, wantStatus: 200,
			wantHeader: map[string]string{"Access-Control-Allow-Origin": ""},
		}}},
		{"cors preflight", withCORS, []exchange{{
			method: http.MethodOptions, target: "/api/v1/search",
			header:     map[string]string{"Origin": allowed, "Access-Control-Request-Method": "GET"},
			wantStatus: 204,
			wantHeader: map[string]string{"Access-Control-Allow-Origin": allowed, "Access-Control-Allow-Methods": "*", "Access-Control-Max-Age": "600"},
		}}},
		{"cors preflight denied", withCORS, []exchange{{
			method: http.MethodOptions, target: "/api/v1/search",
			header:     map[string]string{"Origin": denied, "Access-Control-Request-Method": "GET"},
			wantStatus: 204,
			wantHeader: map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""},
		}}},
		{"no cors configured", nil, []exchange{{
			target: "/api/v1/search", header: map[string]string{"Origin": allowed}, wantStatus: 200,
			wantHeader: map[string]string{"Access-Control-Allow-Origin": "", "Vary": "Accept-Encoding"},
		}}},
		{"rate limit after the burst", withLimit, []exchange{
			{target: "/api/v1/search", wantStatus: 200, wantHeader: map[string]string{"Retry-After": ""}},
			{target: "/api/v1/suggest?q=jeug", wantStatus: 200},
			{target: "/api/v1/search", wantStatus: 429, wantCode: "rate_limited",
				wantHeader: map[string]string{"Retry-After": "2", "X-Request-ID": "*"}},
			// Health checks and metrics are not limited.
			{target: "/healthz", wantStatus: 200},
			{target: "/metrics", wantStatus: 200},
			// A client cannot escape by claiming to be another one...
			{target: "/api/v1/search", header: map[string]string{"X-Forwarded-For": "203.0.113.7"}, wantStatus: 429},
			// ...also not through a local proxy that is not trusted.
			{target: "/api/v1/search", remoteAddr: "127.0.0.1:4000",
				header: map[string]string{"X-Forwarded-For": "203.0.113.7"}, wantStatus: 200},
			{target: "/api/v1/search", remoteAddr: "127.0.0.1:4000",
				header: map[string]string{"X-Forwarded-For": "203.0.113.8"}, wantStatus: 200},
			{target: "/api/v1/search", remoteAddr: "127.0.0.1:4000",
				header: map[string]string{"X-Forwarded-For": "203.0.113.9"}, wantStatus: 429},
		}},
		{"rate limit off", nil, []exchange{
			{target: "/api/v1/search", wantStatus: 200}, {target: "/api/v1/search", wantStatus: 200},
			{target: "/api/v1/search", wantStatus: 200}, {target: "/api/v1/search", wantStatus: 200},
		}},
		{"gzip when accepted", nil, []exchange{
			{target: "/api/v1/search", header: map[string]string{"Accept-Encoding": "gzip"}, wantStatus: 200,
				wantHeader: map[string]string{"Content-Encoding": "gzip"}},
			{target: "/api/v1/search", wantStatus: 200, wantHeader: map[string]string{"Content-Encoding": ""}},
			// Below GzipMinBytes compression does not pay.
			{target: "/healthz", header: map[string]string{"Accept-Encoding": "gzip"}, wantStatus: 200,
				wantHeader: map[string]string{"Content-Encoding": ""}},
		}},
		{"cache headers only on successful public GETs", nil, []exchange{
			{target: "/api/v1/search?q=x", wantStatus: 200,
				wantHeader: map[string]string{"Cache-Control": "public, max-age=60", "ETag": "*"}},
			{target: "/api/v1/documents/3f2a9c1d0b7e4a55", wantStatus: 200,
				wantHeader: map[string]string{"Cache-Control": "public, max-age=60", "ETag": "*"}},
			{target: "/api/v1/search?size=0", wantStatus: 400, wantCode: "invalid_parameter",
				wantHeader: map[string]string{"Cache-Control": "", "ETag": ""}},
			{target: "/api/v1/documents/nope", wantStatus: 404, wantCode: "not_found",
				wantHeader: map[string]string{"Cache-Control": "", "ETag": ""}},
			{target: "/healthz", wantStatus: 200, wantHeader: map[string]string{"Cache-Control": "", "ETag": ""}},
		}},
		{"request id generated", nil, []exchange{{
			target: "/healthz", wantStatus: 200, wantHeader: map[string]string{"X-Request-ID": "*"},
		}}},
		{"request id echoed", nil, []exchange{{
			target: "/api/v1/search", header: map[string]string{"X-Request-ID": "abc-123"}, wantStatus: 200,
			wantHeader: map[string]string{"X-Request-ID": "abc-123"},
		}}},
		{"request id on errors", nil, []exchange{{
			target: "/api/v1/nothing", header: map[string]string{"X-Request-ID": "err-1"}, wantStatus: 404,
			wantCode: "not_found", wantHeader: map[string]string{"X-Request-ID": "err-1"},
		}}},
		{"body too large", nil, []exchange{{
			target: "/api/v1/search", body: strings.Repeat("x", 100<<10), wantStatus: 413, wantCode: "too_large",
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := newFakeBackend(t).config()
			if tt.configure != nil {
				tt.configure(&cfg)
			}
			h := New(cfg)
			for _, ex := range tt.exchanges {
				ex.do(t, h)
			}
		})
	}
}

func TestETagNotModified(t *testing.T) {
	h := New(newFakeBackend(t).config())
	first := exchange{target: "/api/v1/search?q=wijkteams", wantStatus: 200}.do(t, h)
	etag := first.Header().Get("ETag")
	if !strings.HasPrefix(etag, `W/"`) {
		t.Fatalf("ETag = %q, want a weak validator", etag)
	}
	tests := []struct {
		name        string
		target      string
		ifNoneMatch string
		want        int
	}{
		{"same etag", "/api/v1/search?q=wijkteams", etag, 304},
		{"strong form of the same etag", "/api/v1/search?q=wijkteams", strings.TrimPrefix(etag, "W/"), 304},
		{"one of a list", "/api/v1/search?q=wijkteams", `"other", ` + etag, 304},
		{"other etag", "/api/v1/search?q=wijkteams", `W/"other"`, 200},
		{"other answer", "/api/v1/search?q=jeugd", etag, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := exchange{target: tt.target, header: map[string]string{"If-None-Match": tt.ifNoneMatch},
				wantStatus: tt.want, wantHeader: map[string]string{"ETag": "*"}}.do(t, h)
			if tt.want == http.StatusNotModified && rec.Body.Len() != 0 {
				t.Errorf("304 has a body: %s", rec.Body)
			}
			if tt.want == http.StatusOK && rec.Body.Len() == 0 {
				t.Error("200 has no body")
			}
		})
	}
}

func TestBodyETag(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"equal bodies", `{"total":1}`, `{"total":1}`, true},
		{"different bodies", `{"total":1}`, `{"total":2}`, false},
		{"only the timing differs", `{"total":1,"took_ms":1.25,"hits":[]}`, `{"total":1,"took_ms":17,"hits":[]}`, true},
		{"timing and content differ", `{"total":1,"took_ms":1.25}`, `{"total":2,"took_ms":1.25}`, false},
		{"a title mentioning took_ms", `{"title":"took_ms 1"}`, `{"title":"took_ms 2"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := bodyETag([]byte(tt.a)), bodyETag([]byte(tt.b))
			if (a == b) != tt.same {
				t.Errorf("ETags %s and %s: equal = %v, want %v", a, b, a == b, tt.same)
			}
		})
	}
}

func TestRequestIDReplacesBadOnes(t *testing.T) {
	tests := []struct {
		name string
		sent string
	}{
		{"too long", strings.Repeat("a", MaxRequestIDBytes+1)},
		{"space", "a b"},
		{"control character", "a\x01b"},
		{"non-ASCII", "aé"},
	}
	h := New(newFakeBackend(t).config())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
			req.Header.Set(echo.HeaderXRequestID, tt.sent)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			got := rec.Header().Get(echo.HeaderXRequestID)
			if got == "" || got == tt.sent || !validRequestID(got) {
				t.Errorf("X-Request-ID = %q for %q sent, want a fresh valid id", got, tt.sent)
			}
		})
	}
}

func TestAccessLogHasRequestID(t *testing.T) {
	var buf bytes.Buffer
	cfg := newFakeBackend(t).config()
	cfg.Logger = slog.New(slog.NewJSONHandler(&buf, nil))
	exchange{target: "/api/v1/search", header: map[string]string{"X-Request-ID": "trace-42"}, wantStatus: 200}.do(t, New(cfg))
	var line struct {
		RequestID string `json:"request_id"`
		Path      string `json:"path"`
		Status    int    `json:"status"`
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("access log %q: %v", buf.String(), err)
	}
	if line.RequestID != "trace-42" || line.Path != "/api/v1/search" || line.Status != 200 {
		t.Errorf("access log line = %+v, want request id trace-42, path /api/v1/search, status 200", line)
	}
}

func TestMetrics(t *testing.T) {
	h := New(newFakeBackend(t).config())
	for _, target := range []string{
		"/api/v1/documents/3f2a9c1d0b7e4a55",
		"/api/v1/documents/3f2a9c1d0b7e4a55",
		"/api/v1/documents/unknown",
		"/api/v1/search?q=x",
		"/no/such/path/at/all",
	} {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	rec := exchange{target: "/metrics", wantStatus: 200,
		wantHeader: map[string]string{"Content-Type": "*"}}.do(t, h)
	body := rec.Body.String()
	tests := []struct {
		name string
		line string
		want bool
	}{
		{"route template with count", `casus_http_requests_total{code="200",method="GET",route="/api/v1/documents/:id"} 2`, true},
		{"404 on the same route", `casus_http_requests_total{code="404",method="GET",route="/api/v1/documents/:id"} 1`, true},
		{"search", `casus_http_requests_total{code="200",method="GET",route="/api/v1/search"} 1`, true},
		{"latency histogram", `casus_http_request_duration_seconds_count{code="200",method="GET",route="/api/v1/documents/:id"} 2`, true},
		{"raw path never a label", `3f2a9c1d0b7e4a55`, false},
		{"unknown path never a label", `/no/such/path`, false},
		{"go runtime", `go_goroutines`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(body, tt.line) != tt.want {
				t.Errorf("metrics contain %q: %v, want %v\n%s", tt.line, !tt.want, tt.want, grepLines(body, "casus_http_requests_total"))
			}
		})
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q, want the Prometheus text format", ct)
	}
}

// grepLines returns the lines of s containing sub, for failure messages.
func grepLines(s, sub string) string {
	var out []string
	for line := range strings.Lines(s) {
		if strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}

func TestMetricsRegistry(t *testing.T) {
	cfg := newFakeBackend(t).config()
	cfg.Registry = prometheus.NewRegistry()
	// Two APIs on one registry share its collectors instead of failing.
	first, second := New(cfg), New(cfg)
	own := New(newFakeBackend(t).config())
	for _, h := range []http.Handler{first, second, own} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
	}
	tests := []struct {
		name string
		h    http.Handler
		want string
	}{
		{"shared registry counts both", first, `casus_http_requests_total{code="200",method="GET",route="/healthz"} 2`},
		{"own registry counts its own", own, `casus_http_requests_total{code="200",method="GET",route="/healthz"} 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := exchange{target: "/metrics", wantStatus: 200}.do(t, tt.h)
			if !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("metrics lack %q:\n%s", tt.want, grepLines(rec.Body.String(), "casus_http_requests_total"))
			}
		})
	}
}

// BenchmarkMiddleware measures a search answer through the whole stack
// (request id, metrics, access log, rate limit, gzip, ETag) against the
// bare handler, so the middleware's cost per request is visible.
func BenchmarkMiddleware(b *testing.B) {
	fake := newFakeBackend(b)
	full := fake.config()
	full.RateLimit, full.RateBurst = 1e9, 1e9
	full.CORSOrigins = []string{"https://www.gemeente.example"}
	cases := []struct {
		name   string
		h      http.Handler
		header map[string]string
	}{
		{"full stack", New(full), nil},
		{"full stack gzip", New(full), map[string]string{"Accept-Encoding": "gzip"}},
		{"full stack 304", New(full), map[string]string{"If-None-Match": "*"}},
		{"bare handler", bareSearch(fake), nil},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/api/v1/search?q=wijkteams", nil)
				for k, v := range c.header {
					req.Header.Set(k, v)
				}
				rec := httptest.NewRecorder()
				c.h.ServeHTTP(rec, req)
				if rec.Code >= http.StatusBadRequest {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

// bareSearch is the search handler on a plain echo without middleware.
func bareSearch(s Searcher) http.Handler {
	e := echo.New()
	e.GET("/api/v1/search", (&handlers{searcher: s}).search)
	return e
}
