package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// pprofReadHeaderTimeout bounds how long the profiling listener waits for a
// request's headers.
const pprofReadHeaderTimeout = 5 * time.Second

// startPprof serves Go's profiles (CPU, heap, allocations, goroutines) at
// addr under /debug/pprof/ until ctx ends. addr must be a loopback address:
// profiles show internals no visitor should see. It returns the address
// listened on.
func startPprof(ctx context.Context, addr string, logger *slog.Logger) (string, error) {
	if err := checkLoopback("--pprof-addr", addr); err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen for profiles: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: pprofReadHeaderTimeout}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("profiling listener stopped", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	return ln.Addr().String(), nil
}
