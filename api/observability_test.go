package api

import (
	"errors"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

// TestGenerationHeader: every answer names the generation live when the
// request arrived, cached answers too, and a switch shows at once; without
// an index there is no header.
func TestGenerationHeader(t *testing.T) {
	var gen atomic.Value
	gen.Store("")
	cfg := newFakeBackend(t).config()
	cfg.Generation = func() string { return gen.Load().(string) }
	srv := httptest.NewServer(New(cfg))
	defer srv.Close()
	if _, h, _ := get(t, srv.URL+"/healthz", nil); h.Get(HeaderGeneration) != "" {
		t.Errorf("without an index: %s %q, want none", HeaderGeneration, h.Get(HeaderGeneration))
	}
	for _, g := range []string{"gen-1", "gen-2"} {
		gen.Store(g)
		for _, path := range []string{"/api/v1/search?q=zorg", "/api/v1/search?q=zorg", "/readyz", "/"} {
			if status, h, _ := get(t, srv.URL+path, nil); h.Get(HeaderGeneration) != g {
				t.Errorf("%s on %s: %d, %s %q, want %q", path, g, status, HeaderGeneration, h.Get(HeaderGeneration), g)
			}
		}
	}
}

// TestRateLimitClientsGauge: /metrics reports the clients the rate limit
// keeps budgets for, by client address (here through a trusted proxy).
func TestRateLimitClientsGauge(t *testing.T) {
	cfg := newFakeBackend(t).config()
	cfg.RateLimit, cfg.RateBurst = 100, 100
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	srv := httptest.NewServer(New(cfg))
	defer srv.Close()
	for _, client := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.1", "2001:db8::1", "2001:db8::2"} {
		get(t, srv.URL+"/api/v1/search", map[string]string{"X-Forwarded-For": client})
	}
	_, _, body := get(t, srv.URL+"/metrics", nil)
	// Two IPv4 clients and one IPv6 /64.
	if want := "casus_http_rate_limit_clients 3\n"; !strings.Contains(string(body), want) {
		t.Errorf("metrics lack %q:\n%s", want, grepLines(string(body), "casus_http_rate"))
	}

	cfg.RateLimit, cfg.Registry = 0, nil
	off := httptest.NewServer(New(cfg))
	defer off.Close()
	_, _, body = get(t, off.URL+"/metrics", nil)
	if want := "casus_http_rate_limit_clients 0\n"; !strings.Contains(string(body), want) {
		t.Errorf("without a rate limit, metrics lack %q", want)
	}
}

// TestErrorLogHasRequestID: the ERROR line of a failed request carries the
// request id the client got, and the answer says nothing of the cause.
func TestErrorLogHasRequestID(t *testing.T) {
	var logs syncBuffer
	cfg := newFakeBackend(t).config()
	cfg.Searcher = failingBackend{newFakeBackend(t), errors.New("segment read: input/output error")}
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	srv := httptest.NewServer(New(cfg))
	defer srv.Close()
	status, h, body := get(t, srv.URL+"/api/v1/search?q=zorg", map[string]string{"X-Request-ID": "trace-500"})
	if status != 500 || h.Get("X-Request-ID") != "trace-500" || strings.Contains(string(body), "input/output") {
		t.Fatalf("failed search: %d, X-Request-ID %q, %s", status, h.Get("X-Request-ID"), body)
	}
	var errorLine, accessLine bool
	for _, l := range logs.lines(t) {
		if l["request_id"] != "trace-500" {
			continue
		}
		switch {
		case l["level"] == "ERROR" && strings.Contains(l["err"].(string), "input/output error"):
			errorLine = true
		case l["msg"] == "request" && l["status"] == float64(500):
			accessLine = true
		}
	}
	if !errorLine || !accessLine {
		t.Errorf("with request id trace-500: error line %v, access line %v, want both:\n%v", errorLine, accessLine, logs.lines(t))
	}
}
