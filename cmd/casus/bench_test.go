package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// BenchmarkDemoSearchHTTP measures /api/v1/search over the demo corpus,
// through real HTTP, with facets, for the kinds of queries users type.
func BenchmarkDemoSearchHTTP(b *testing.B) {
	app, err := newDemoApp(demoConfig{Addr: "127.0.0.1:0", DataDir: b.TempDir(),
		Logger: slog.New(slog.DiscardHandler), Stdout: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer app.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	defer func() { cancel(); <-done }()
	base := strings.TrimSuffix(app.URL(), "/")
	deadline := time.Now().Add(readyTimeout)
	for !app.b.Ready() {
		if time.Now().After(deadline) {
			b.Fatal("demo not ready")
		}
		time.Sleep(20 * time.Millisecond)
	}
	queries := []url.Values{
		{"q": {"wijkteams"}},
		{"q": {"jeugdzorg"}, "theme": {"jeugd"}},
		{"q": {"inkoop beschermd wonen"}},
		{},
		{"q": {"schuldhulpverlening"}, "municipality": {"GM0363"}, "year": {"2019"}},
	}
	client := &http.Client{}
	for i := 0; b.Loop(); i++ {
		resp, err := client.Get(base + "/api/v1/search?" + queries[i%len(queries)].Encode())
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
