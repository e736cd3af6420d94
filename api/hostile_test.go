package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/web"
)

// hostileCase is one request a hostile or careless client may send, and
// what the service must answer.
type hostileCase struct {
	name   string
	method string // "" is GET
	target string
	header map[string]string
	body   string
	// searcher replaces the fake backend's searches, for the API and the
	// page alike.
	searcher func(*fakeBackend) Searcher
	// configure changes the API's settings.
	configure func(*Config)
	// first are targets requested before target, each from a new
	// X-Forwarded-For (to use up a rate limit, or to try to escape it).
	first []string
	want  int
	// code is the contract's error code of an API answer, "" for none.
	code string
	// has and hasNot are strings the body must and must not contain.
	has, hasNot []string
}

// xss is markup that must never come back unescaped.
const xss = `<script>alert(1)</script>`

var hostileCases = []hostileCase{
	// Query parameters of the API.
	{name: "unknown parameters are ignored", target: "/api/v1/search?q=wijkteams&foo=bar&__proto__=x&q%00=1", want: 200},
	{name: "repeated q takes the first", target: "/api/v1/search?q=wijkteams&q=other", want: 200},
	{name: "negative page", target: "/api/v1/search?page=-1", want: 400, code: "invalid_parameter", has: []string{`page`}},
	{name: "page beyond the bound", target: "/api/v1/search?page=101", want: 400, code: "invalid_parameter"},
	{name: "page that overflows", target: "/api/v1/search?page=99999999999999999999999", want: 400, code: "invalid_parameter"},
	{name: "size zero", target: "/api/v1/search?size=0", want: 400, code: "invalid_parameter"},
	{name: "size negative", target: "/api/v1/search?size=-5", want: 400, code: "invalid_parameter"},
	{name: "size huge", target: "/api/v1/search?size=1000000", want: 400, code: "invalid_parameter"},
	{name: "size in another notation", target: "/api/v1/search?size=0x10", want: 400, code: "invalid_parameter"},
	{name: "q one character too long", target: "/api/v1/search?q=" + strings.Repeat("x", 257), want: 400, code: "invalid_parameter", has: []string{"maximum is 256"}},
	{name: "q longer than the URI bound", target: "/api/v1/search?q=" + strings.Repeat("x", MaxURIBytes), want: 414, code: "uri_too_long"},
	{name: "q not UTF-8", target: "/api/v1/search?q=%ff%fe", want: 400, code: "invalid_parameter", has: []string{"UTF-8"}},
	{name: "q with control characters is a search", target: "/api/v1/search?q=jeugd%00%07%1b", want: 200},
	{name: "q with markup is echoed escaped", target: "/api/v1/search?q=" + urlEscape(xss), want: 200, hasNot: []string{"<script>"}},
	{name: "too many filter values", target: "/api/v1/search?" + strings.Repeat("theme=jeugd&", casus.MaxFilterValues+1), want: 400, code: "invalid_parameter", has: []string{"theme"}},
	{name: "markup in a filter value is not echoed", target: "/api/v1/search?theme=" + urlEscape(xss), want: 400, code: "invalid_parameter", hasNot: []string{"<script>"}},
	{name: "municipality not a CBS code", target: "/api/v1/search?municipality=GM036", want: 400, code: "invalid_parameter"},
	{name: "year of five digits", target: "/api/v1/search?year=20199", want: 400, code: "invalid_parameter"},
	{name: "sort unknown", target: "/api/v1/search?sort=DROP%20TABLE", want: 400, code: "invalid_parameter"},
	{name: "explain not a boolean", target: "/api/v1/search?explain=1", want: 400, code: "invalid_parameter"},
	{name: "date not a date", target: "/api/v1/search?from=2019-13-01", want: 400, code: "invalid_parameter"},
	{name: "to before from", target: "/api/v1/search?from=2020-01-01&to=2019-01-01", want: 400, code: "invalid_parameter"},
	{name: "to beyond the accepted dates", target: "/api/v1/search?to=2263-01-01", want: 400, code: "invalid_parameter", has: []string{"1900-01-01 to 2100-12-31"}},
	{name: "from before the accepted dates", target: "/api/v1/search?from=1677-12-31", want: 400, code: "invalid_parameter", has: []string{"1900-01-01 to 2100-12-31"}},
	{name: "broken percent encoding", target: "/api/v1/search?%zz=1&q=wijkteams", want: 200},
	{name: "suggest q not UTF-8", target: "/api/v1/suggest?q=jeug%ff", want: 400, code: "invalid_parameter", has: []string{"UTF-8"}},
	{name: "suggest q too long", target: "/api/v1/suggest?q=" + strings.Repeat("x", 101), want: 400, code: "invalid_parameter"},
	{name: "suggest size huge", target: "/api/v1/suggest?q=jeug&size=1000", want: 400, code: "invalid_parameter"},
	{name: "municipalities q not UTF-8", target: "/api/v1/municipalities?q=%c3", want: 400, code: "invalid_parameter", has: []string{"UTF-8"}},
	{name: "similar size negative", target: "/api/v1/documents/3f2a9c1d0b7e4a55/similar?size=-1", want: 400, code: "invalid_parameter"},

	// Paths, methods and bodies.
	{name: "traversal in a document id", target: "/api/v1/documents/..%2f..%2fetc%2fpasswd", want: 404, code: "not_found"},
	{name: "huge document id", target: "/api/v1/documents/" + strings.Repeat("a", 4000), want: 404, code: "not_found"},
	{name: "unknown path", target: "/wp-login.php", want: 404, has: []string{"niet gevonden"}},
	{name: "unknown API path", target: "/api/v1/wp-login.php", want: 404, code: "not_found"},
	{name: "POST", method: http.MethodPost, target: "/api/v1/search", want: 405, code: "method_not_allowed"},
	{name: "DELETE", method: http.MethodDelete, target: "/api/v1/documents/3f2a9c1d0b7e4a55", want: 405, code: "method_not_allowed"},
	{name: "body too large", method: http.MethodPost, target: "/api/v1/search", body: strings.Repeat("x", 100<<10), want: 413, code: "too_large"},
	{name: "HEAD on a health check", method: http.MethodHead, target: "/healthz", want: 200},
	{name: "HEAD on a search", method: http.MethodHead, target: "/api/v1/search?q=wijkteams", want: 200},
	{name: "static directory is not listed", target: "/static/", want: 404, hasNot: []string{"style.css"}},
	{name: "no way out of the static folder", target: "/static/..%2ftemplates%2fpage.html", want: 404, hasNot: []string{"{{"}},

	// Headers.
	{name: "forged request id is replaced", target: "/healthz", header: map[string]string{"X-Request-ID": strings.Repeat("a", 1000)}, want: 200},
	{name: "forwarded-for from an untrusted peer does not escape the limit", target: "/api/v1/search",
		configure: func(c *Config) { c.RateLimit, c.RateBurst = 0.001, 2 }, first: []string{"/api/v1/search", "/api/v1/search"},
		want: 429, code: "rate_limited"},
	{name: "the page is rate limited too", target: "/?q=wijkteams",
		configure: func(c *Config) { c.RateLimit, c.RateBurst = 0.001, 2 }, first: []string{"/api/v1/search", "/?q=jeugd"},
		want: 429, code: "rate_limited"},

	// A damaged index.
	{name: "a panicking search is a JSON 500", target: "/api/v1/search?q=jeugd", searcher: panicking,
		want: 500, code: "internal", hasNot: []string{"secret"}},
	{name: "a panicking search is a JSON 500 with gzip too", target: "/api/v1/search?q=jeugd", searcher: panicking,
		header: map[string]string{"Accept-Encoding": "gzip"}, want: 500, code: "internal", hasNot: []string{"secret"}},
	{name: "after a panic /readyz says why", target: "/readyz", searcher: panicking, first: []string{"/?q=jeugd"},
		want: 503, code: "not_ready", has: []string{"index unreadable"}},

	// The search page.
	{name: "page escapes markup in q", target: "/?q=" + urlEscape(xss), want: 200,
		has: []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, hasNot: []string{xss}},
	{name: "page escapes an attribute breakout in q", target: "/?q=" + urlEscape(`" autofocus onfocus="alert(1)`), want: 200,
		hasNot: []string{`onfocus="alert(1)"`}},
	{name: "page escapes markup in a bad filter", target: "/?theme=" + urlEscape(xss), want: 400, hasNot: []string{xss}},
	{name: "page with a negative page", target: "/?page=-1", want: 400, has: []string{"klopt niet"}},
	{name: "page with a date beyond the range", target: "/?to=2263-01-01", want: 400, has: []string{"kies een datum van 1900-01-01 tot en met 2100-12-31"}},
	{name: "page with a date before the range", target: "/?from=1677-12-31", want: 400, has: []string{"bij ‘vanaf’"}},
	{name: "page when the search panics", target: "/?q=jeugd", searcher: panicking, want: 500,
		has: []string{"Er ging iets mis"}, hasNot: []string{"secret"}},
}

func panicking(f *fakeBackend) Searcher { return panickingBackend{f} }

// urlEscape escapes s for a query string.
func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// newHostileServer wires the fake backend, the real page and the API as
// cmd/casus does: one guard for both.
func newHostileServer(t *testing.T, tc hostileCase) *httptest.Server {
	t.Helper()
	fake := newFakeBackend(t)
	var searcher Searcher = fake
	if tc.searcher != nil {
		searcher = tc.searcher(fake)
	}
	guard := NewGuard(nil, nil)
	page, err := web.New(guard.Searcher(searcher), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := fake.config()
	cfg.Searcher, cfg.Web, cfg.Guard = searcher, page, guard
	if tc.configure != nil {
		tc.configure(&cfg)
	}
	srv := httptest.NewServer(New(cfg))
	t.Cleanup(srv.Close)
	return srv
}

// send makes one request over real HTTP and returns the status and the
// body (gunzipped where compressed).
func send(t *testing.T, srv *httptest.Server, method, target, body string, header map[string]string) (int, []byte) {
	t.Helper()
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, srv.URL+target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if id := resp.Header.Get("X-Request-ID"); !validRequestID(id) {
		t.Errorf("X-Request-ID %q is not a valid id", id)
	}
	return resp.StatusCode, readBody(t, resp)
}

func TestHostileClients(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newHostileServer(t, tc)
			for i, target := range tc.first {
				send(t, srv, "", target, "", map[string]string{"X-Forwarded-For": fmt.Sprintf("203.0.113.%d", i+1)})
			}
			status, body := send(t, srv, tc.method, tc.target, tc.body, tc.header)
			if status != tc.want {
				t.Errorf("status %d, want %d; body %.300s", status, tc.want, body)
			}
			if tc.code != "" && errorCode(body) != tc.code {
				t.Errorf("body %.300s, want the contract's error with code %q", body, tc.code)
			}
			if tc.method == http.MethodHead && len(body) != 0 {
				t.Errorf("HEAD answered with a body: %.100s", body)
			}
			for _, s := range tc.has {
				if !strings.Contains(string(body), s) {
					t.Errorf("body lacks %q: %.500s", s, body)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(string(body), s) {
					t.Errorf("body contains %q: %.500s", s, body)
				}
			}
		})
	}
}
