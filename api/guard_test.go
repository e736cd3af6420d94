package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/labstack/echo/v4"
)

// panickingBackend is the fake backend whose searches panic, as bleve does
// on a damaged index.
type panickingBackend struct {
	*fakeBackend
}

func (panickingBackend) Search(context.Context, casus.Query) (casus.Result, error) {
	panic("runtime error: index out of range [7] with length 3 in /var/secret/segment.zap")
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the JSON log lines written so far.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for line := range strings.Lines(b.buf.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// get sends a GET to url with the given headers over real HTTP and
// returns the status, headers and body (gunzipped where compressed).
func get(t *testing.T, url string, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	// A transport of its own, so that Accept-Encoding is exactly as given.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header, readBody(t, resp)
}

// errorCode returns the contract's error code in body, "" if there is none.
func errorCode(body []byte) string {
	var e errorBody
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return e.Error.Code
}

func TestPanicIsLoggedCountedJSON500(t *testing.T) {
	var logs syncBuffer
	var gen atomic.Value
	gen.Store("gen-1")
	cfg := panickingBackend{newFakeBackend(t)}.config()
	cfg.Searcher = panickingBackend{newFakeBackend(t)}
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	cfg.Generation = func() string { return gen.Load().(string) }
	h := New(cfg)
	// A panic in a handler itself, outside any backend, unwinds through
	// every middleware that swaps the response writer.
	h.(*echo.Echo).GET("/api/v1/boom", func(echo.Context) error { panic("handler bug") })
	srv := httptest.NewServer(h)
	defer srv.Close()

	tests := []struct {
		name       string
		target     string
		gzip       bool
		wantStatus int
		wantCode   string
		wantIn     string // in the body
	}{
		{"ready before the panic", "/readyz", false, 200, "", "ready"},
		{"backend panic", "/api/v1/search?q=jeugd", false, 500, "internal", internalMessage},
		{"backend panic, gzip accepted", "/api/v1/search?q=jeugd", true, 500, "internal", internalMessage},
		{"handler panic", "/api/v1/boom", false, 500, "internal", internalMessage},
		{"handler panic, gzip accepted", "/api/v1/boom", true, 500, "internal", internalMessage},
		{"unready after the backend panic", "/readyz", false, 503, "not_ready", "index unreadable"},
		{"other endpoints still answer", "/api/v1/documents/3f2a9c1d0b7e4a55", false, 200, "", "Wijkteams"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := map[string]string{}
			if tt.gzip {
				header["Accept-Encoding"] = "gzip"
			}
			status, hdr, body := get(t, srv.URL+tt.target, header)
			if status != tt.wantStatus || errorCode(body) != tt.wantCode || !strings.Contains(string(body), tt.wantIn) {
				t.Errorf("status %d, body %q; want %d, code %q, containing %q", status, body, tt.wantStatus, tt.wantCode, tt.wantIn)
			}
			if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			if strings.Contains(string(body), "secret") || strings.Contains(string(body), "bug") {
				t.Errorf("body leaks the panic: %s", body)
			}
		})
	}

	t.Run("logged", func(t *testing.T) {
		var access500, unreadable int
		for _, l := range logs.lines(t) {
			if l["msg"] == "request" && l["status"] == float64(500) {
				access500++
			}
			if l["level"] == "ERROR" && strings.HasPrefix(l["msg"].(string), "index unreadable") {
				unreadable++
			}
		}
		if access500 != 4 {
			t.Errorf("%d access log lines with status 500, want 4", access500)
		}
		if unreadable != 1 {
			t.Errorf("%d ERROR lines saying the index is unreadable, want 1 (the first panic of the generation)", unreadable)
		}
	})
	t.Run("counted", func(t *testing.T) {
		_, _, body := get(t, srv.URL+"/metrics", nil)
		for _, want := range []string{
			`casus_http_requests_total{code="500",method="GET",route="/api/v1/search"} 2`,
			`casus_http_requests_total{code="500",method="GET",route="/api/v1/boom"} 2`,
		} {
			if !strings.Contains(string(body), want) {
				t.Errorf("metrics lack %s:\n%s", want, grepLines(string(body), "casus_http_requests_total"))
			}
		}
	})
	t.Run("ready again on the next generation", func(t *testing.T) {
		gen.Store("gen-2")
		if status, _, body := get(t, srv.URL+"/readyz", nil); status != 200 {
			t.Errorf("/readyz on a new generation: %d %s, want 200", status, body)
		}
	})
}

func TestGuardSharedWithPage(t *testing.T) {
	guard := NewGuard(nil, nil)
	page := guard.Searcher(panickingBackend{newFakeBackend(t)})
	if _, err := page.Search(context.Background(), casus.Query{}); err == nil {
		t.Fatal("a panicking search returned no error")
	}
	cfg := newFakeBackend(t).config()
	cfg.Guard = guard
	srv := httptest.NewServer(New(cfg))
	defer srv.Close()
	if status, _, body := get(t, srv.URL+"/readyz", nil); status != 503 || !strings.Contains(string(body), "index unreadable") {
		t.Errorf("/readyz after a panic on the page: %d %s, want 503 index unreadable", status, body)
	}
}

// errDamagedForTest stands in for the search package's damage error.
var errDamagedForTest = errors.New("damaged")

// failingBackend's searches and documents fail with err.
type failingBackend struct {
	*fakeBackend
	err error
}

func (b failingBackend) Search(context.Context, casus.Query) (casus.Result, error) {
	return casus.Result{}, b.err
}

func (b failingBackend) Document(context.Context, string) (casus.Document, error) {
	return casus.Document{}, b.err
}

func TestGuardMarksUnreadable(t *testing.T) {
	damage := fmt.Errorf("generation gen-1 in /idx is %w: store/x.zap has checksum 1, want 2", errDamagedForTest)
	tests := []struct {
		name       string
		err        error
		target     string
		wantStatus int
		unreadable bool
	}{
		{"damage found by a search", damage, "/api/v1/search?q=jeugd", 500, true},
		{"damage found reading a document", damage, "/api/v1/documents/3f2a9c1d0b7e4a55", 500, true},
		{"an ordinary failure", errors.New("disk full"), "/api/v1/search?q=jeugd", 500, false},
		{"a bad parameter", casus.InvalidParam("q", "bad"), "/api/v1/search?q=jeugd", 400, false},
		{"not ready yet", casus.ErrUnavailable, "/api/v1/search?q=jeugd", 503, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs syncBuffer
			logger := slog.New(slog.NewJSONHandler(&logs, nil))
			backend := failingBackend{newFakeBackend(t), tt.err}
			cfg := backend.config()
			cfg.Searcher, cfg.Documents, cfg.Logger = backend, backend, logger
			cfg.Guard = NewGuard(nil, logger, errDamagedForTest)
			srv := httptest.NewServer(New(cfg))
			defer srv.Close()
			if status, _, body := get(t, srv.URL+tt.target, nil); status != tt.wantStatus {
				t.Errorf("%s: %d %s, want %d", tt.target, status, body, tt.wantStatus)
			}
			status, _, body := get(t, srv.URL+"/readyz", nil)
			if got := status == http.StatusServiceUnavailable && strings.Contains(string(body), "index unreadable"); got != tt.unreadable {
				t.Errorf("/readyz: %d %s; unreadable = %v, want %v", status, body, got, tt.unreadable)
			}
			if got := strings.Contains(fmt.Sprint(logs.lines(t)), "index unreadable"); got != tt.unreadable {
				t.Errorf("logged the index unreadable = %v, want %v", got, tt.unreadable)
			}
		})
	}
}
