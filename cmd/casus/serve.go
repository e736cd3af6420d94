package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/casus-nl/casus/api"
	"github.com/casus-nl/casus/search"
)

// defaultAddr is where demo and serve listen unless told otherwise.
const defaultAddr = "127.0.0.1:8080"

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve")
	indexDir := fs.String("index", "", "index directory (required)")
	addr := fs.String("addr", defaultAddr, "address to listen on")
	pprofAddr := fs.String("pprof-addr", "", "also serve Go's CPU and memory profiles on this loopback address, under /debug/pprof/")
	af := addAPIFlags(fs)
	pf := addProductionFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	apiCfg, err := af.config()
	if err != nil {
		return err
	}
	prod, err := pf.check(e.logger)
	if err != nil {
		return err
	}
	if *indexDir == "" {
		return usageErrorf("--index is required")
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	limitServeMemory()
	k, err := loadKnowledge()
	if err != nil {
		return err
	}
	b := newBackend(k)
	// Without a generation yet, a server that crawls serves "not ready"
	// until its first crawl made one (production.go).
	idx := &servedIndex{dir: *indexDir, opts: k.searchOptions(), b: b, logger: e.logger, ctx: ctx}
	if opened, err := idx.open(); err != nil {
		return err
	} else if !opened && prod.sources == "" {
		return fmt.Errorf("index %s has no live generation yet: run casus crawl first, or serve with --sources", *indexDir)
	}
	defer idx.close()
	if *pprofAddr != "" {
		at, err := startPprof(ctx, *pprofAddr, e.logger)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "profiles at http://%s/debug/pprof/\n", at)
	}
	// One registry for the HTTP metrics and those of crawls and generations.
	reg := prometheus.NewRegistry()
	apiCfg.Registry = reg
	prod.metrics = newServeMetrics(*indexDir, b)
	prod.metrics.register(reg, e.logger)
	run, err := startProduction(ctx, prod, *indexDir, k, b, idx, e.logger)
	if err != nil {
		return err
	}
	defer run.stop()
	if run.analytics != nil {
		apiCfg.Analytics = run.analytics
	}
	srv, err := listenHTTP(*addr, b, e.logger, apiCfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "casus serves %s at %s\n", *indexDir, srv.URL())
	if run.adminURL != "" {
		fmt.Fprintf(e.stdout, "admin at %s (with the token)\n", run.adminURL)
	}
	return srv.serve(ctx)
}

// Default API limits per client: room for several people behind one
// address typing (a suggest call per key) and paging, and for a script that
// checks the API, while a scraper hammering the endpoints gets 429s.
const (
	defaultRateLimit = 50
	defaultRateBurst = 100
)

// apiFlags are the HTTP API settings serve and demo share.
type apiFlags struct {
	corsOrigins    stringList
	trustedProxies stringList
	rateLimit      *float64
	rateBurst      *int
}

// addAPIFlags defines --cors-origin, --trusted-proxy, --rate-limit and
// --rate-burst on fs.
func addAPIFlags(fs *flag.FlagSet) *apiFlags {
	f := &apiFlags{}
	fs.Var(&f.corsOrigins, "cors-origin",
		"origin (like https://www.example.nl; exact match, or * for any) whose pages may call /api/v1/; repeatable or comma-separated (default none: no CORS)")
	fs.Var(&f.trustedProxies, "trusted-proxy",
		"address or CIDR network of a reverse proxy whose X-Forwarded-For names the client; repeatable or comma-separated (default none: the peer is the client)")
	f.rateLimit = fs.Float64("rate-limit", defaultRateLimit, "requests per second per client to the page and the API; 0 turns the limit off")
	f.rateBurst = fs.Int("rate-burst", defaultRateBurst, "requests a client may make at once above --rate-limit")
	return f
}

// config checks the flags and returns the API settings they give.
func (f *apiFlags) config() (api.Config, error) {
	var origins []string
	for _, v := range f.corsOrigins {
		for o := range strings.SplitSeq(v, ",") {
			o = strings.TrimSpace(o)
			if err := checkOrigin(o); err != nil {
				return api.Config{}, usageErrorf("--cors-origin %q: %v", o, err)
			}
			origins = append(origins, o)
		}
	}
	proxies, err := parseTrustedProxies(f.trustedProxies)
	if err != nil {
		return api.Config{}, err
	}
	if *f.rateLimit < 0 {
		return api.Config{}, usageErrorf("--rate-limit %g: must not be negative", *f.rateLimit)
	}
	if *f.rateBurst < 1 && *f.rateLimit > 0 {
		return api.Config{}, usageErrorf("--rate-burst %d: must be at least 1", *f.rateBurst)
	}
	return api.Config{CORSOrigins: origins, TrustedProxies: proxies, RateLimit: *f.rateLimit, RateBurst: *f.rateBurst}, nil
}

// parseTrustedProxies reads --trusted-proxy values: addresses (a /32 or
// /128 each) and CIDR networks, comma-separated or repeated.
func parseTrustedProxies(values []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, v := range values {
		for s := range strings.SplitSeq(v, ",") {
			s = strings.TrimSpace(s)
			p, err := parseProxy(s)
			if err != nil {
				return nil, usageErrorf("--trusted-proxy %q: must be an IP address or a CIDR network like 10.0.0.0/8", s)
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// parseProxy reads one address or network; an IPv4-mapped IPv6 address
// counts as IPv4.
func parseProxy(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap().WithZone("")
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// checkOrigin accepts what browsers send as Origin: scheme, host and an
// optional port, nothing else; or "*", any origin.
func checkOrigin(o string) error {
	if o == "*" {
		return nil // any origin, given explicitly
	}
	u, err := url.Parse(o)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("must start with http:// or https://")
	case u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		return errors.New("must be just scheme://host[:port]")
	case strings.ContainsAny(u.Host, "*?"):
		return errors.New("origins match exactly: no wildcards but \"*\" alone for any origin")
	}
	return nil
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
