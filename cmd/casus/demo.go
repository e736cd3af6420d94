package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"syscall"

	"github.com/casus-nl/casus/api"
	"github.com/casus-nl/casus/indexer/demo"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search"
)

// demoStateFile records where the demo sites ran, so a second run can serve
// them on the same ports and keep the indexed URLs valid.
const demoStateFile = "demo-sites.json"

// demoConcurrency bounds the demo crawl; the sites are in-process.
const demoConcurrency = 8

// demoLockFile, in the data directory, is held (flock) by the running demo,
// so that a second demo on the same directory fails instead of rebuilding
// the index the first one serves.
const demoLockFile = "demo.lock"

func cmdDemo(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "demo")
	addr := fs.String("addr", defaultAddr, "address to listen on")
	dataDir := fs.String("data", "", "data directory (default: casus-demo in the user cache dir)")
	af := addAPIFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	apiCfg, err := af.config()
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	if *dataDir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("no --data given and no user cache dir: %w", err)
		}
		*dataDir = filepath.Join(cache, "casus-demo")
	}
	app, err := newDemoApp(demoConfig{Addr: *addr, DataDir: *dataDir, API: apiCfg, Logger: e.logger, Stdout: e.stdout})
	if err != nil {
		return err
	}
	defer app.Close()
	return app.Run(ctx)
}

// demoConfig configures the demo.
type demoConfig struct {
	// Addr is where the API and the page listen ("127.0.0.1:0" picks a port).
	Addr string
	// DataDir holds the index (DataDir/index) and the demo state.
	DataDir string
	// API carries the API's CORS and rate-limit settings; the zero value
	// allows no cross-origin calls and does not limit.
	API    api.Config
	Logger *slog.Logger
	Stdout io.Writer
}

// demoApp is `casus demo`: bundled sites on loopback, the real crawler, the
// index and the HTTP server, in one process.
type demoApp struct {
	cfg demoConfig
	k   knowledge
	// lock is the data directory's demo lock, held until Close.
	lock  *os.File
	sites *demo.Servers
	// live is the served index; nil until it is built or found reusable.
	live  *search.Live
	b     *backend
	srv   *httpServer
	reuse bool

	// host serves a fictional municipality's page embedding the widget,
	// on another origin (allowed for CORS).
	host *demoHost
}

type demoState struct {
	Ports map[string]int `json:"ports"`
}

// newDemoApp takes the data directory's lock, binds the HTTP listener,
// starts the demo sites and opens the index; Run crawls (unless the index
// can be reused) and serves. Everything that can fail comes before the
// removal of a stale index, which takes the index's crawl lock: a busy
// port, a running demo or crawl leaves the data as it is.
func newDemoApp(cfg demoConfig) (*demoApp, error) {
	a := &demoApp{cfg: cfg}
	var err error
	if a.k, err = loadKnowledge(); err != nil {
		return nil, err
	}
	a.b = newBackend(a.k)
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	if a.lock, err = lockDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	if a.host, err = listenDemoHost(cfg.Addr); err != nil {
		return nil, a.abandon(err)
	}
	a.cfg.API.CORSOrigins = a.host.withOrigin(cfg.API.CORSOrigins)
	if a.srv, err = listenHTTP(cfg.Addr, a.b, cfg.Logger, a.cfg.API); err != nil {
		return nil, a.abandon(err)
	}
	state := a.readState()
	if a.sites, err = demo.Start(state.Ports); err != nil {
		return nil, a.abandon(err)
	}
	_, statErr := os.Stat(a.indexDir())
	if statErr == nil && maps.Equal(state.Ports, a.sites.Ports()) {
		a.reuse = a.openReusable()
	}
	if statErr == nil && !a.reuse {
		// The sites run on other ports than the indexed URLs name (the old
		// documents would all be dead links), or the index is unusable: the
		// demo index is rebuilt.
		if err := search.RemoveIndex(a.indexDir()); err != nil {
			return nil, a.abandon(fmt.Errorf("remove stale demo index: %w", err))
		}
	}
	return a, nil
}

// abandon undoes a newDemoApp that failed with err, listener included, and
// returns err.
func (a *demoApp) abandon(err error) error {
	if a.srv != nil {
		_ = a.srv.ln.Close()
	}
	if a.host != nil {
		a.host.close()
	}
	_ = a.Close()
	return err
}

// lockDataDir takes the demo lock of the data directory dir without
// waiting: a second demo on dir fails at once.
func lockDataDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, demoLockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("demo lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another casus demo is running on %s", dir)
		}
		return nil, fmt.Errorf("demo lock of %s: %w", dir, err)
	}
	return f, nil
}

// indexDir is the demo's index directory, in the layout `casus serve`
// reads.
func (a *demoApp) indexDir() string { return filepath.Join(a.cfg.DataDir, "index") }

// openReusable opens the saved demo index and reports whether it has
// documents to serve.
func (a *demoApp) openReusable() bool {
	live, err := search.OpenLive(a.indexDir(), a.k.searchOptions())
	if err != nil {
		a.cfg.Logger.Warn("cannot reuse the demo index; rebuilding", "err", err)
		return false
	}
	if n, err := live.Index().Count(); err != nil || n == 0 {
		_ = live.Close()
		return false
	}
	a.live = live
	return true
}

// URL is where the page is served.
func (a *demoApp) URL() string { return a.srv.URL() }

// HostURL is where the host page with the widget is served.
func (a *demoApp) HostURL() string { return a.host.URL() }

// Run builds the index when needed, then serves until ctx is done. The page
// answers from the start; it shows "not ready" until the crawl is done.
func (a *demoApp) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- a.srv.serve(ctx) }()
	hosted := make(chan error, 1)
	go func() { hosted <- a.host.serve(ctx, a.URL(), a.cfg.Logger) }()
	defer func() {
		cancel()
		<-hosted
	}()
	fmt.Fprintf(a.cfg.Stdout, "casus demo: open %s\n", a.URL())
	fmt.Fprintf(a.cfg.Stdout, "widget on another site: %s\n", a.HostURL())
	if a.reuse {
		n, _ := a.live.Index().Count()
		fmt.Fprintf(a.cfg.Stdout, "reusing the demo index in %s (%d documents)\n", a.cfg.DataDir, n)
	} else if err := a.build(ctx); err != nil {
		cancel()
		<-served
		return err
	}
	a.b.set(a.live)
	// DIR/index is an ordinary index: a `casus crawl` into it goes live here
	// as it does in `casus serve`.
	defer startFollowing(ctx, a.live, a.cfg.Logger)()
	fmt.Fprintln(a.cfg.Stdout, "ready: search at", a.URL(), "— stop with Ctrl-C")
	return <-served
}

// build crawls the demo sites into the index with the real crawler.
func (a *demoApp) build(ctx context.Context) error {
	// Until the crawl has finished, no earlier state may vouch for the index.
	if err := os.Remove(a.statePath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reset demo state: %w", err)
	}
	yaml, err := demo.SourcesYAML(a.sites.Bases())
	if err != nil {
		return err
	}
	sources, err := source.Parse(yaml)
	if err != nil {
		return fmt.Errorf("demo sources: %w", err)
	}
	fmt.Fprintf(a.cfg.Stdout, "crawling %d demo sites into %s …\n", len(sources), a.cfg.DataDir)
	job := crawlJob{dir: a.indexDir(), sources: sources, concurrency: demoConcurrency}
	res, err := job.run(ctx, a.cfg.Logger, a.k)
	if res.crawled {
		printSummary(a.cfg.Stdout, res.summary)
	}
	if err != nil {
		return fmt.Errorf("demo crawl: %w", err)
	}
	if a.live, err = search.OpenLive(a.indexDir(), a.k.searchOptions()); err != nil {
		return err
	}
	return a.writeState()
}

func (a *demoApp) statePath() string { return filepath.Join(a.cfg.DataDir, demoStateFile) }

// readState returns the saved state, or an empty one when there is none or
// it is unreadable (the demo then simply rebuilds).
func (a *demoApp) readState() demoState {
	var s demoState
	b, err := os.ReadFile(a.statePath())
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			a.cfg.Logger.Warn("cannot read demo state; rebuilding", "err", err)
		}
		return s
	}
	if err := json.Unmarshal(b, &s); err != nil {
		a.cfg.Logger.Warn("bad demo state; rebuilding", "err", err)
		return demoState{}
	}
	return s
}

func (a *demoApp) writeState() error {
	b, err := json.Marshal(demoState{Ports: a.sites.Ports()})
	if err != nil {
		return fmt.Errorf("encode demo state: %w", err)
	}
	if err := os.WriteFile(a.statePath(), b, 0o644); err != nil {
		return fmt.Errorf("write demo state: %w", err)
	}
	return nil
}

// Close stops the sites, closes the index and releases the data
// directory's lock.
func (a *demoApp) Close() error {
	var errs []error
	if a.sites != nil {
		errs = append(errs, a.sites.Close())
	}
	if a.live != nil {
		errs = append(errs, a.live.Close())
	}
	if a.lock != nil {
		errs = append(errs, a.lock.Close())
		a.lock = nil
	}
	return errors.Join(errs...)
}
