package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// pageStub stands in for the search page.
var pageStub = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<p>zoeken</p>")) })

func TestRateLimitOverHTTP(t *testing.T) {
	type request struct {
		target     string
		xff        string // X-Forwarded-For, "" for none
		wantStatus int
	}
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	elsewhere := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name     string
		trusted  []netip.Prefix
		requests []request
	}{
		{"the page is limited like the API", nil, []request{
			{"/", "", 200}, {"/api/v1/search", "", 200}, {"/", "", 429}, {"/api/v1/search", "", 429},
		}},
		{"unknown paths and the OpenAPI document are limited", nil, []request{
			{"/api/no/such/path", "", 404}, {"/api/openapi.json", "", 200}, {"/api/no/such/path", "", 429}, {"/api/openapi.json", "", 429},
		}},
		{"health, metrics and static files are not", nil, []request{
			{"/", "", 200}, {"/", "", 200}, {"/", "", 429},
			{"/healthz", "", 200}, {"/readyz", "", 200}, {"/metrics", "", 200}, {"/static/style.css", "", 200},
		}},
		{"forwarded-for from an untrusted loopback peer is ignored", nil, []request{
			{"/api/v1/search", "203.0.113.1", 200}, {"/api/v1/search", "203.0.113.2", 200},
			{"/api/v1/search", "203.0.113.3", 429}, {"/", "198.51.100.9", 429},
		}},
		{"forwarded-for from a peer outside the trusted networks is ignored", elsewhere, []request{
			{"/api/v1/search", "203.0.113.1", 200}, {"/api/v1/search", "203.0.113.2", 200},
			{"/api/v1/search", "203.0.113.3", 429},
		}},
		{"a trusted proxy's clients have budgets of their own", loopback, []request{
			{"/api/v1/search", "203.0.113.1", 200}, {"/api/v1/search", "203.0.113.1", 200},
			{"/api/v1/search", "203.0.113.1", 429}, {"/api/v1/search", "203.0.113.2", 200},
			{"/", "203.0.113.3", 200},
		}},
		{"a client cannot hide behind a forged hop", loopback, []request{
			// The proxy appends the real client; what the client wrote
			// before it is not believed.
			{"/api/v1/search", "10.9.9.1, 203.0.113.1", 200}, {"/api/v1/search", "10.9.9.2, 203.0.113.1", 200},
			{"/api/v1/search", "10.9.9.3, 203.0.113.1", 429},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := newFakeBackend(t).config()
			cfg.Web, cfg.RateLimit, cfg.RateBurst, cfg.TrustedProxies = pageStub, 0.001, 2, tt.trusted
			srv := httptest.NewServer(New(cfg))
			defer srv.Close()
			for i, r := range tt.requests {
				header := map[string]string{}
				if r.xff != "" {
					header["X-Forwarded-For"] = r.xff
				}
				status, hdr, body := get(t, srv.URL+r.target, header)
				if status != r.wantStatus {
					t.Errorf("request %d, %s (X-Forwarded-For %q): status %d, want %d; %.200s", i, r.target, r.xff, status, r.wantStatus, body)
				}
				if status == http.StatusTooManyRequests && (errorCode(body) != "rate_limited" || hdr.Get("Retry-After") == "") {
					t.Errorf("request %d: 429 without the contract's error or Retry-After: %v %s", i, hdr, body)
				}
			}
		})
	}
}

func TestRateLimiterMemoryIsBounded(t *testing.T) {
	l := newRateLimiter(1, 1, newRefusalLog(slog.New(slog.DiscardHandler), time.Hour), prometheus.NewCounter(prometheus.CounterOpts{Name: "x"}))
	for i := range 3 * MaxRateLimitedClients {
		l.allow(fmt.Sprintf("2001:db8:%x::1", i))
	}
	if n := l.clients.Len(); n != MaxRateLimitedClients {
		t.Errorf("%d clients kept after %d distinct ones, want the bound %d", n, 3*MaxRateLimitedClients, MaxRateLimitedClients)
	}
}

func TestClientKey(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"203.0.113.7", "203.0.113.7", true},
		{"203.0.113.7", "203.0.113.8", false},
		{"203.0.113.7", "::ffff:203.0.113.7", true},
		{"2001:db8:1:2::1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", true},
		{"2001:db8:1:2::1", "2001:db8:1:3::1", false},
		{"not an address", "not an address", true},
	}
	for _, tt := range tests {
		if got := clientKey(tt.a) == clientKey(tt.b); got != tt.same {
			t.Errorf("clientKey(%q) = %q, clientKey(%q) = %q; same = %v, want %v",
				tt.a, clientKey(tt.a), tt.b, clientKey(tt.b), got, tt.same)
		}
	}
}

func TestRefusalsAreSummedUp(t *testing.T) {
	var logs syncBuffer
	cfg := newFakeBackend(t).config()
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	cfg.RateLimit, cfg.RateBurst = 0.001, 1
	srv := httptest.NewServer(New(cfg))
	defer srv.Close()
	const refused = 50
	for range refused + 1 {
		get(t, srv.URL+"/api/v1/search", nil)
	}
	for _, l := range logs.lines(t) {
		if l["status"] == float64(http.StatusTooManyRequests) {
			t.Fatalf("a refused request has a log line of its own: %v", l)
		}
	}
	_, _, body := get(t, srv.URL+"/metrics", nil)
	for _, want := range []string{
		fmt.Sprintf("casus_http_rate_limited_total %d", refused),
		fmt.Sprintf(`casus_http_requests_total{code="429",method="GET",route="/api/v1/search"} %d`, refused),
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s:\n%s", want, grepLines(string(body), "casus_http_r"))
		}
	}
}

func TestRefusalLogSummary(t *testing.T) {
	var logs syncBuffer
	r := newRefusalLog(slog.New(slog.NewJSONHandler(&logs, nil)), 20*time.Millisecond)
	for _, c := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.1", "203.0.113.3", "203.0.113.1", "203.0.113.2"} {
		r.add(c)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(logs.lines(t)) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	lines := logs.lines(t)
	if len(lines) != 1 {
		t.Fatalf("%d summary lines, want 1: %v", len(lines), lines)
	}
	l := lines[0]
	top := fmt.Sprint(l["top"])
	if l["level"] != "WARN" || l["refused"] != float64(6) || l["clients"] != float64(3) ||
		top != "[203.0.113.1=3 203.0.113.2=2 203.0.113.3=1]" {
		t.Errorf("summary %v, want WARN, 6 refused from 3 clients, the most refused first", l)
	}
}
