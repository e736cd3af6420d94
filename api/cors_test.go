package api

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// varyNames returns the names in all of h's Vary values, in order.
func varyNames(h http.Header) []string {
	var names []string
	for _, v := range h.Values("Vary") {
		for n := range strings.SplitSeq(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
	return names
}

// TestCORS checks cross-origin access to the public API: exact origins,
// "*", preflights, Vary: Origin, and no CORS headers anywhere else.
func TestCORS(t *testing.T) {
	const (
		allowed = "https://www.gemeente.example"
		other   = "https://evil.example"
	)
	web := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("page")) })
	tests := []struct {
		name    string
		origins []string
		method  string
		target  string
		header  map[string]string
		status  int
		// allowOrigin is the expected Access-Control-Allow-Origin, "" none.
		allowOrigin string
		// allowMethods is the expected Access-Control-Allow-Methods, "" none.
		allowMethods string
		// varyOrigin says whether Vary must name Origin.
		varyOrigin bool
	}{
		{name: "allowed origin", origins: []string{allowed}, target: "/api/v1/search?q=wijkteams",
			header: map[string]string{"Origin": allowed}, status: 200, allowOrigin: allowed, varyOrigin: true},
		{name: "allowed origin, HEAD", origins: []string{allowed}, method: http.MethodHead, target: "/api/v1/search?q=wijkteams",
			header: map[string]string{"Origin": allowed}, status: 200, allowOrigin: allowed, varyOrigin: true},
		{name: "allowed origin with trailing slash in the flag", origins: []string{allowed + "/"}, target: "/api/v1/search",
			header: map[string]string{"Origin": allowed}, status: 200, allowOrigin: allowed, varyOrigin: true},
		{name: "refused origin", origins: []string{allowed}, target: "/api/v1/search",
			header: map[string]string{"Origin": other}, status: 200, varyOrigin: true},
		{name: "subdomain refused (exact match)", origins: []string{allowed}, target: "/api/v1/search",
			header: map[string]string{"Origin": "https://sub.www.gemeente.example"}, status: 200, varyOrigin: true},
		{name: "other port refused", origins: []string{allowed}, target: "/api/v1/search",
			header: map[string]string{"Origin": allowed + ":8443"}, status: 200, varyOrigin: true},
		{name: "no Origin: no CORS headers but Vary", origins: []string{allowed}, target: "/api/v1/search",
			status: 200, varyOrigin: true},
		{name: "any origin when * is given", origins: []string{allowed, "*"}, target: "/api/v1/search",
			header: map[string]string{"Origin": other}, status: 200, allowOrigin: "*", varyOrigin: true},
		{name: "preflight", origins: []string{allowed}, method: http.MethodOptions, target: "/api/v1/search?q=x",
			header: map[string]string{"Origin": allowed, "Access-Control-Request-Method": "GET"},
			status: 204, allowOrigin: allowed, allowMethods: "GET,HEAD,OPTIONS", varyOrigin: true},
		{name: "preflight refused", origins: []string{allowed}, method: http.MethodOptions, target: "/api/v1/search",
			header: map[string]string{"Origin": other, "Access-Control-Request-Method": "GET"}, status: 204, varyOrigin: true},
		{name: "not on the page", origins: []string{allowed}, target: "/",
			header: map[string]string{"Origin": allowed}, status: 200},
		{name: "not on health checks", origins: []string{"*"}, target: "/healthz",
			header: map[string]string{"Origin": allowed}, status: 200},
		{name: "not on the OpenAPI document", origins: []string{allowed}, target: "/api/openapi.json",
			header: map[string]string{"Origin": allowed}, status: 200},
		{name: "none configured", target: "/api/v1/search",
			header: map[string]string{"Origin": allowed}, status: 200},
		{name: "none configured, preflight", method: http.MethodOptions, target: "/api/v1/search",
			header: map[string]string{"Origin": allowed, "Access-Control-Request-Method": "GET"}, status: 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := newFakeBackend(t).config()
			cfg.CORSOrigins, cfg.Web = tt.origins, web
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			req := httptest.NewRequest(method, tt.target, nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			New(cfg).ServeHTTP(rec, req)
			h := rec.Header()
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if got := h.Get("Access-Control-Allow-Origin"); got != tt.allowOrigin {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.allowOrigin)
			}
			if got := h.Get("Access-Control-Allow-Methods"); got != tt.allowMethods {
				t.Errorf("Access-Control-Allow-Methods %q, want %q", got, tt.allowMethods)
			}
			if got := slices.Contains(varyNames(h), "Origin"); got != tt.varyOrigin {
				t.Errorf("Vary %q names Origin: %v, want %v", varyNames(h), got, tt.varyOrigin)
			}
			if tt.allowOrigin != "" && method != http.MethodOptions {
				if got := h.Get("Access-Control-Expose-Headers"); !strings.Contains(got, "Retry-After") {
					t.Errorf("Access-Control-Expose-Headers %q, want Retry-After in it", got)
				}
			}
			if tt.allowOrigin == "" && h.Get("Access-Control-Expose-Headers") != "" {
				t.Errorf("Access-Control-Expose-Headers %q on an answer without CORS", h.Get("Access-Control-Expose-Headers"))
			}
		})
	}
}

// TestCORSVaryOnKeptAnswers checks that an answer replayed from the
// response cache keeps both Vary names (Origin from CORS, Accept-Encoding
// from gzip) and the CORS headers of the request it answers.
func TestCORSVaryOnKeptAnswers(t *testing.T) {
	const origin = "https://www.gemeente.example"
	cfg := newFakeBackend(t).config()
	cfg.CORSOrigins = []string{origin}
	cfg.Generation = func() string { return "gen-1" }
	h := New(cfg)
	for i, o := range []string{origin, origin, "", "https://evil.example"} {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/search?q=wijkteams", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		if o != "" {
			req.Header.Set("Origin", o)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("request %d: status %d", i, rec.Code)
		}
		names := varyNames(rec.Header())
		slices.Sort(names)
		if !slices.Equal(names, []string{"Accept-Encoding", "Origin"}) {
			t.Errorf("request %d: Vary names %q, want Accept-Encoding and Origin once each", i, names)
		}
		want := ""
		if o == origin {
			want = origin
		}
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("request %d (Origin %q): Access-Control-Allow-Origin %q, want %q", i, o, got, want)
		}
	}
}

// TestWidgetRoute checks that /widget.js reaches the web handler (GET and
// HEAD), without CORS headers: a <script> needs none.
func TestWidgetRoute(t *testing.T) {
	cfg := newFakeBackend(t).config()
	cfg.CORSOrigins = []string{"*"}
	cfg.Web = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/widget.js" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write([]byte("/* widget */"))
	})
	h := New(cfg)
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		req := httptest.NewRequest(method, "/widget.js", nil)
		req.Header.Set("Origin", "https://www.gemeente.example")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Errorf("%s /widget.js: status %d, Content-Type %q", method, rec.Code, rec.Header().Get("Content-Type"))
		}
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s /widget.js: Access-Control-Allow-Origin %q, want none", method, got)
		}
	}
}
