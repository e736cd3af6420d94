package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/casus-nl/casus/search"
)

// defaultAddr is where demo and serve listen unless told otherwise.
const defaultAddr = "127.0.0.1:8080"

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve")
	indexDir := fs.String("index", "", "index directory (required)")
	addr := fs.String("addr", defaultAddr, "address to listen on")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *indexDir == "" {
		return usageErrorf("--index is required")
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	k, err := loadKnowledge()
	if err != nil {
		return err
	}
	live, err := search.OpenLive(*indexDir, k.searchOptions())
	if err != nil {
		return err
	}
	defer live.Close()
	b := &backend{}
	b.set(live.Index())
	srv, err := listenHTTP(*addr, b, e.logger)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "casus serves %s at %s\n", *indexDir, srv.URL())
	defer startFollowing(ctx, live, e.logger)()
	return srv.serve(ctx)
}

// refreshInterval is how often serve looks for a generation written by a
// crawl: reading one small file, so cheap, and soon enough for people.
const refreshInterval = time.Second

// startFollowing switches live to each generation a crawl makes live, until
// the returned stop is called; stop waits for the follower, so live can be
// closed right after it.
func startFollowing(ctx context.Context, live *search.Live, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		follow(ctx, live, refreshInterval, logger)
	}()
	return func() {
		cancel()
		<-done
	}
}

// follow switches live to each new generation until ctx is done. A failed
// switch keeps the served generation and is tried again at the next tick.
func follow(ctx context.Context, live *search.Live, every time.Duration, logger *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		switched, err := live.Refresh()
		if err != nil {
			logger.Warn("index refresh failed; serving the previous state", "err", err)
		}
		if switched {
			logger.Info("index switched", "generation", live.Generation())
		}
	}
}
