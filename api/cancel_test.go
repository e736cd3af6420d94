package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/casus-nl/casus"
)

// waitingBackend's searches run until their request is cancelled.
type waitingBackend struct {
	*fakeBackend
	started chan struct{}
}

func (b waitingBackend) Search(ctx context.Context, _ casus.Query) (casus.Result, error) {
	b.started <- struct{}{}
	<-ctx.Done()
	return casus.Result{}, fmt.Errorf("search: %w", ctx.Err())
}

func TestClientAbortIs499NotError(t *testing.T) {
	var logs syncBuffer
	backend := waitingBackend{newFakeBackend(t), make(chan struct{}, 1)}
	cfg := backend.config()
	cfg.Searcher = backend
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	srv := httptest.NewServer(New(cfg))
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v1/search?q=jeugd", nil)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		<-backend.started
		cancel()
	}()
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the cancelled request got an answer")
	}

	var access map[string]any
	for deadline := time.Now().Add(5 * time.Second); access == nil && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		for _, l := range logs.lines(t) {
			if l["msg"] == "request" {
				access = l
			}
		}
	}
	if access == nil || access["status"] != float64(499) || access["level"] != "INFO" {
		t.Errorf("access log line %v, want status 499 at INFO", access)
	}
	for _, l := range logs.lines(t) {
		if l["level"] == "ERROR" {
			t.Errorf("a client's abort logged as an ERROR: %v", l)
		}
	}
	_, _, body := get(t, srv.URL+"/metrics", nil)
	want := `casus_http_requests_total{code="499",method="GET",route="/api/v1/search"} 1`
	if !strings.Contains(string(body), want) {
		t.Errorf("metrics lack %s:\n%s", want, grepLines(string(body), "casus_http_requests_total"))
	}
}
