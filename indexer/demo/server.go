package demo

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"time"
)

// shutdownTimeout bounds how long Close waits for in-flight requests.
const shutdownTimeout = 5 * time.Second

// readHeaderTimeout bounds slow clients of the demo sites.
const readHeaderTimeout = 10 * time.Second

// Servers runs every demo site on its own loopback port, so each site is its
// own host (host:port) to the crawler, with its own robots.txt and sitemap.
type Servers struct {
	bases   map[string]string
	ports   map[string]int
	servers []*http.Server
}

// Start listens for each site. ports may ask for a port per site id (to keep
// the URLs of an earlier run valid); a site without one, or whose port is
// taken, gets a free port. Use Bases to learn where each site runs.
func Start(ports map[string]int) (*Servers, error) {
	sites, err := Sites()
	if err != nil {
		return nil, err
	}
	s := &Servers{bases: map[string]string{}, ports: map[string]int{}}
	for _, site := range sites {
		ln, err := listen(ports[site.ID])
		if err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("demo: listen for %s: %w", site.ID, err)
		}
		base := "http://" + ln.Addr().String()
		srv := &http.Server{Handler: site.Handler(base), ReadHeaderTimeout: readHeaderTimeout}
		s.bases[site.ID] = base
		s.ports[site.ID] = ln.Addr().(*net.TCPAddr).Port
		s.servers = append(s.servers, srv)
		go func() { _ = srv.Serve(ln) }()
	}
	return s, nil
}

func listen(port int) (net.Listener, error) {
	if port > 0 {
		if ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			return ln, nil
		}
	}
	return net.Listen("tcp", "127.0.0.1:0")
}

// Bases maps site id to base URL (http://127.0.0.1:port).
func (s *Servers) Bases() map[string]string {
	return maps.Clone(s.bases)
}

// Ports maps site id to the port it listens on.
func (s *Servers) Ports() map[string]int {
	return maps.Clone(s.ports)
}

// Close stops every site server.
func (s *Servers) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	var errs []error
	for _, srv := range s.servers {
		errs = append(errs, srv.Shutdown(ctx))
	}
	return errors.Join(errs...)
}
