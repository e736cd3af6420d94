package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/casus-nl/casus/api"
	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/web"
)

// HTTP server bounds.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 256 << 10 // above api.MaxURIBytes, so long URIs get a JSON 414
	shutdownTimeout   = 10 * time.Second
)

// httpServer is the service's listener: API, health checks and web page.
type httpServer struct {
	ln     net.Listener
	srv    *http.Server
	logger *slog.Logger
}

// listenHTTP binds addr at once, so the URL is known (and a busy port is an
// error) before anything slow happens. apiCfg carries the API settings from
// flags; the backend, web page and logger are filled in here.
func listenHTTP(addr string, b *backend, logger *slog.Logger, apiCfg api.Config) (*httpServer, error) {
	// One guard for the API and the page: a panic or damage found in
	// either marks the index unreadable for /readyz.
	guard := api.NewGuard(b.Generation, logger, search.ErrDamaged)
	page, err := web.New(api.NoteSearches(guard.Searcher(b)), logger) // counted by apiCfg.Analytics
	if err != nil {
		return nil, err
	}
	if err := page.EnableAdvisor(web.Advisor{Documents: guard.Documents(b), Municipalities: guard.Municipalities(b),
		Places: b.places, Labels: b.labels}); err != nil {
		return nil, err
	}
	apiCfg.Searcher, apiCfg.Web, apiCfg.Logger, apiCfg.Guard = b, page, logger, guard
	apiCfg.Suggester, apiCfg.Documents, apiCfg.Municipalities = b, b, b
	apiCfg.Generation = b.Generation
	handler := api.New(apiCfg)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return &httpServer{
		ln: ln,
		srv: &http.Server{
			Handler:           handler,
			ReadHeaderTimeout: readHeaderTimeout,
			ReadTimeout:       readTimeout,
			WriteTimeout:      writeTimeout,
			IdleTimeout:       idleTimeout,
			MaxHeaderBytes:    maxHeaderBytes,
			ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		},
		logger: logger,
	}, nil
}

// URL is the address to open in a browser.
func (s *httpServer) URL() string { return "http://" + s.ln.Addr().String() + "/" }

// serve serves until ctx is done, then shuts down gracefully within
// shutdownTimeout.
func (s *httpServer) serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("http shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http server: %w", err)
	}
	return nil
}
