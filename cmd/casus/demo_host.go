package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"slices"
)

// demoHostPage is the page of a fictional municipality that embeds the casus
// widget; `casus demo` serves it on a second loopback port, so the widget
// runs on another origin than casus, as on a real site.
//
//go:embed demohost/page.html
var demoHostPage string

var demoHostTmpl = template.Must(template.New("host").Parse(demoHostPage))

// demoHost serves the host page on its own listener.
type demoHost struct {
	ln  net.Listener
	srv *http.Server
}

// listenDemoHost binds the host page's listener on the host of casusAddr
// (port chosen by the system), before casus's own listener, so that its
// origin can be allowed for CORS.
func listenDemoHost(casusAddr string) (*demoHost, error) {
	host, _, err := net.SplitHostPort(casusAddr)
	if err != nil {
		return nil, fmt.Errorf("demo host page: address %q: %w", casusAddr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return nil, fmt.Errorf("demo host page: listen: %w", err)
	}
	return &demoHost{ln: ln}, nil
}

// Origin is what the browser sends as Origin from the host page.
func (h *demoHost) Origin() string { return "http://" + h.ln.Addr().String() }

// URL is the host page's address.
func (h *demoHost) URL() string { return h.Origin() + "/" }

// withOrigin returns origins with the host page's origin added (unless
// already allowed), as a new slice.
func (h *demoHost) withOrigin(origins []string) []string {
	if slices.Contains(origins, "*") || slices.Contains(origins, h.Origin()) {
		return origins
	}
	return append(slices.Clip(origins), h.Origin())
}

// serve serves the page, loading the widget from casusURL, until ctx is
// done.
func (h *demoHost) serve(ctx context.Context, casusURL string, logger *slog.Logger) error {
	var page bytes.Buffer
	if err := demoHostTmpl.Execute(&page, struct{ Origin, Casus string }{h.Origin(), casusURL}); err != nil {
		return fmt.Errorf("demo host page: %w", err)
	}
	h.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-cache")
			_, _ = w.Write(page.Bytes())
		}),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- h.srv.Serve(h.ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("demo host page: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	_ = h.srv.Shutdown(sctx)
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("demo host page: %w", err)
	}
	return nil
}

// close releases the listener of a host page that was never served.
func (h *demoHost) close() {
	if h.srv == nil {
		_ = h.ln.Close()
	}
}
