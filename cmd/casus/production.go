package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"sync"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/admin"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/search/analytics"
)

// defaultAdminAddr is where the admin listener listens unless told
// otherwise: loopback, next to defaultAddr.
const defaultAdminAddr = "127.0.0.1:8081"

// productionFlags are serve's flags for running it for real: scheduled
// crawls, the admin listener and query analytics.
type productionFlags struct {
	fs          *flag.FlagSet
	sources     *string
	crawlEvery  *time.Duration
	concurrency *int
	adminAddr   *string
	tokenFile   *string
	analytics   *bool
}

func addProductionFlags(fs *flag.FlagSet) *productionFlags {
	return &productionFlags{
		fs:          fs,
		sources:     fs.String("sources", "", "sources file to crawl from this process: at start when the index is empty, every --crawl-every, and on POST /admin/crawl"),
		crawlEvery:  fs.Duration("crawl-every", 0, "crawl --sources incrementally this often (like 6h; at least 1m); 0: no scheduled crawls"),
		concurrency: fs.Int("concurrency", defaultConcurrency, "requests in flight at most in this process's crawls"),
		adminAddr:   fs.String("admin-addr", defaultAdminAddr, "address of the admin listener (/admin/: status, crawl, analytics); needs --admin-token-file; \"\" turns it off"),
		tokenFile:   fs.String("admin-token-file", "", "file holding the admin token (at least 16 bytes; readable by the service only); without it there is no admin listener"),
		analytics:   fs.Bool("analytics", true, "count searches and clicks per day for editors (no addresses or other visitor data), kept in the index directory as "+analytics.FileName),
	}
}

// production is the checked settings.
type production struct {
	sources     string
	every       time.Duration
	concurrency int
	adminAddr   string
	token       []byte
	analytics   bool
	// metrics, when set, receives the crawl and generation metrics.
	metrics *serveMetrics
}

// check validates the flags and reads the token file.
func (f *productionFlags) check(logger *slog.Logger) (production, error) {
	p := production{sources: *f.sources, every: *f.crawlEvery, concurrency: *f.concurrency, adminAddr: *f.adminAddr, analytics: *f.analytics}
	addrGiven := false
	f.fs.Visit(func(fl *flag.Flag) { addrGiven = addrGiven || fl.Name == "admin-addr" })
	switch {
	case p.every != 0 && p.sources == "":
		return p, usageErrorf("--crawl-every needs --sources")
	case p.every < 0 || (p.every > 0 && p.every < minCrawlEvery):
		return p, usageErrorf("--crawl-every %s: must be at least %s (or 0 for none)", p.every, minCrawlEvery)
	case p.concurrency < 1 || p.concurrency > maxConcurrency:
		return p, usageErrorf("--concurrency must be from 1 to %d", maxConcurrency)
	}
	if *f.tokenFile == "" {
		if addrGiven && p.adminAddr != "" {
			return p, usageErrorf("--admin-addr needs --admin-token-file: the admin listener answers only requests with its token")
		}
		if p.adminAddr != "" {
			logger.Info("admin listener off: start serve with --admin-token-file to get /admin/ on " + p.adminAddr)
		}
		p.adminAddr = ""
		return p, nil
	}
	if p.adminAddr == "" {
		return p, nil
	}
	token, err := readToken(*f.tokenFile, logger)
	if err != nil {
		return p, err
	}
	p.token = token
	if !isLoopback(p.adminAddr) {
		logger.Warn("the admin listener is not on loopback: anyone who can reach it may try the token; put TLS in front of it", "addr", p.adminAddr)
	}
	return p, nil
}

// readToken reads the admin token: the file's content without surrounding
// whitespace, at least admin.MinTokenBytes.
func readToken(path string, logger *slog.Logger) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--admin-token-file: %w", err)
	}
	token := bytes.TrimSpace(data)
	if len(token) < admin.MinTokenBytes {
		return nil, usageErrorf("--admin-token-file %s: the token must be at least %d bytes (make one with: openssl rand -hex 32 > %s)", path, admin.MinTokenBytes, path)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		logger.Warn("the admin token file is readable by others; chmod 600 it", "file", path)
	}
	return token, nil
}

// isLoopback reports whether addr's host is a loopback address or
// "localhost"; an empty host (all interfaces) is not.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// servedIndex is the live index a server serves once it has one: opened at
// start, or after the first crawl into an empty directory.
type servedIndex struct {
	dir    string
	opts   search.Options
	b      *backend
	logger *slog.Logger
	ctx    context.Context

	mu   sync.Mutex
	live *search.Live
	stop func()
}

// open opens the live generation and follows the generations crawls make
// live; without a generation yet it does nothing and reports false.
func (s *servedIndex) open() (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live != nil {
		return true, nil
	}
	gen, err := search.LiveGeneration(s.dir)
	if err != nil || gen == "" {
		return false, err
	}
	live, err := search.OpenLive(s.dir, s.opts)
	if err != nil {
		return false, err
	}
	s.live = live
	s.b.set(live)
	s.stop = startFollowing(s.ctx, live, s.logger)
	return true, nil
}

// refresh opens the index if it is not yet open, and else switches to the
// live generation now rather than at the follower's next tick.
func (s *servedIndex) refresh() {
	opened, err := s.open()
	if err != nil {
		s.logger.Error("index not opened", "err", err)
		return
	}
	if !opened {
		return
	}
	s.mu.Lock()
	live := s.live
	s.mu.Unlock()
	if _, err := live.Refresh(); err != nil {
		s.logger.Warn("index refresh failed; serving the previous state", "err", err)
	}
}

// watch opens the index as soon as a generation appears, until it is open
// or the returned stop is called.
func (s *servedIndex) watch(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(refreshInterval)
		defer t.Stop()
		for {
			if opened, err := s.open(); opened {
				return
			} else if err != nil {
				s.logger.Warn("index not opened", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// close stops following and closes the index.
func (s *servedIndex) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live == nil {
		return
	}
	s.stop()
	_ = s.live.Close()
}

// productionRun is what startProduction started.
type productionRun struct {
	crawler   *crawler
	analytics *analytics.Store
	adminURL  string
	stops     []func()
}

// stop stops the admin listener and the schedule, waits for a running
// crawl (canceled with serve's context) and saves the analytics.
func (r *productionRun) stop() {
	for i := len(r.stops) - 1; i >= 0; i-- {
		r.stops[i]()
	}
}

// startProduction starts the analytics store, the crawler and its schedule
// and the admin listener as p says.
func startProduction(ctx context.Context, p production, dir string, k knowledge, b *backend, idx *servedIndex, logger *slog.Logger) (*productionRun, error) {
	r := &productionRun{}
	ok := false
	defer func() {
		if !ok {
			r.stop()
		}
	}()
	if p.analytics {
		store, err := analytics.Open(dir)
		if err != nil {
			logger.Warn("analytics file unreadable; starting afresh (it is replaced at the next save)", "err", err)
		}
		r.analytics = store
		r.stops = append(r.stops, store.Run(ctx, analytics.SaveInterval, logger))
	}
	if p.sources != "" {
		// A broken sources file fails now, not at the first tick.
		if _, err := source.Load(p.sources); err != nil {
			return nil, err
		}
		c := newCrawler(ctx, dir, p.sources, p.concurrency, k, logger)
		c.made = idx.refresh
		if p.metrics != nil {
			c.ended = p.metrics.observeCrawl
			p.metrics.crawler = c
		}
		r.crawler = c
		r.stops = append(r.stops, c.wait)
		if gen, err := search.LiveGeneration(dir); err == nil && gen == "" {
			if err := c.start("start"); err != nil && !errors.Is(err, admin.ErrCrawlBusy) {
				return nil, err
			}
			// The first generation may come from another process's crawl.
			r.stops = append(r.stops, idx.watch(ctx))
		}
		if p.every > 0 {
			sctx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				c.schedule(sctx, p.every)
			}()
			r.stops = append(r.stops, func() { cancel(); <-done })
		}
	}
	if p.adminAddr != "" {
		url, stop, err := listenAdmin(ctx, p, r, b, dir, logger)
		if err != nil {
			return nil, err
		}
		r.adminURL = url
		r.stops = append(r.stops, stop)
	}
	ok = true
	return r, nil
}

// status is GET /admin/status.
func (r *productionRun) status(b *backend, dir string) func(context.Context) admin.Status {
	return func(ctx context.Context) admin.Status {
		st := admin.Status{Generation: b.Generation()}
		if ix := b.ix.Load(); ix != nil {
			if n, err := ix.Count(); err == nil {
				st.Documents = n
			}
		}
		if r.crawler != nil {
			st.Crawl = r.crawler.status()
		} else if s, err := readLastCrawl(dir); err == nil {
			st.Crawl.Last = s
		}
		return st
	}
}

// listenAdmin serves the admin handler on p.adminAddr until the returned
// stop is called.
func listenAdmin(ctx context.Context, p production, r *productionRun, b *backend, dir string, logger *slog.Logger) (string, func(), error) {
	cfg := admin.Config{Token: p.token, Status: r.status(b, dir), Analytics: r.analytics, Logger: logger,
		Nearest: func(ctx context.Context, text string) string {
			sug, err := b.Suggest(ctx, text, 5)
			if err != nil {
				return ""
			}
			for _, s := range sug.Suggestions {
				if s.Kind == casus.SuggestTerm && s.Text != text {
					return s.Text
				}
			}
			return ""
		}}
	if r.crawler != nil {
		cfg.Crawl = func() error { return r.crawler.start("admin") }
	}
	h, err := admin.New(cfg)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", p.adminAddr)
	if err != nil {
		return "", nil, fmt.Errorf("admin listener on %s: %w", p.adminAddr, err)
	}
	srv := &http.Server{
		Handler: h, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout, WriteTimeout: writeTimeout,
		IdleTimeout: idleTimeout, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("admin listener", "err", err)
		}
	}()
	stop := func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		defer cancel()
		_ = srv.Shutdown(sctx)
		<-done
	}
	return "http://" + ln.Addr().String() + "/admin/", stop, nil
}
