package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/casus-nl/casus/api"
)

func TestDemoHostPage(t *testing.T) {
	h, err := listenDemoHost("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if got := h.withOrigin([]string{"https://a.example"}); !slices.Equal(got, []string{"https://a.example", h.Origin()}) {
		t.Errorf("withOrigin = %q", got)
	}
	if got := h.withOrigin([]string{"*"}); !slices.Equal(got, []string{"*"}) {
		t.Errorf("withOrigin(*) = %q, want just *", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.serve(ctx, "http://127.0.0.1:9/", slog.New(slog.DiscardHandler)) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	resp, err := http.Get(h.URL())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("host page: status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{`<script src="http://127.0.0.1:9/widget.js" async></script>`, `<div data-casus-search`, `lang="nl"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("host page lacks %s", want)
		}
	}
	if resp, err := http.Get(h.Origin() + "/other"); err == nil {
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("/other: status %d, want 404", resp.StatusCode)
		}
	}
}

// TestDemoAllowsHostOrigin checks that the demo lets its host page call the
// API, besides the origins given with --cors-origin.
func TestDemoAllowsHostOrigin(t *testing.T) {
	app, err := newDemoApp(demoConfig{Addr: "127.0.0.1:0", DataDir: t.TempDir(),
		Logger: slog.New(slog.DiscardHandler), Stdout: io.Discard,
		API: api.Config{CORSOrigins: []string{"https://www.gemeente.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer app.abandon(nil)
	origin := strings.TrimSuffix(app.HostURL(), "/")
	if app.HostURL() == app.URL() || !strings.HasPrefix(origin, "http://127.0.0.1:") {
		t.Fatalf("host page at %s, casus at %s: want another loopback origin", app.HostURL(), app.URL())
	}
	if want := []string{"https://www.gemeente.example", origin}; !slices.Equal(app.cfg.API.CORSOrigins, want) {
		t.Errorf("CORS origins %q, want %q", app.cfg.API.CORSOrigins, want)
	}
}
