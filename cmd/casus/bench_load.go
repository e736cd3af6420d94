package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/casus-nl/casus/api/loadtest"
	"github.com/casus-nl/casus/api/loadtest/pgcompare"
)

// Defaults and bounds of casus bench load and casus bench pg.
const (
	// defaultLoadDuration is how long bench load measures.
	defaultLoadDuration = 30 * time.Second
	// defaultLoadWarmup is sent before measuring starts.
	defaultLoadWarmup = 5 * time.Second
	// maxLoadDuration and maxLoadWarmup bound --duration and --warmup.
	maxLoadDuration = time.Hour
	maxLoadWarmup   = 10 * time.Minute
)

// loadFlags are the flags of the closed loop, shared by load and pg.
type loadFlags struct {
	clients  *int
	duration *time.Duration
	warmup   *time.Duration
	requests *int
	seed     *uint64
	noCache  *bool
	json     *bool
	only     *string
}

func addLoadFlags(fs *flag.FlagSet, duration time.Duration) loadFlags {
	return loadFlags{
		clients:  fs.Int("clients", loadtest.DefaultClients, fmt.Sprintf("concurrent closed-loop clients, 1 to %d", loadtest.MaxClients)),
		duration: fs.Duration("duration", duration, "how long to measure, after the warm-up"),
		warmup:   fs.Duration("warmup", defaultLoadWarmup, "how long to send requests before measuring"),
		requests: fs.Int("requests", 0, "also stop after this many measured requests (0: no bound)"),
		seed:     fs.Uint64("seed", defaultBenchSeed, "seed of the request sequence of every client"),
		noCache:  fs.Bool("no-cache", false, `make every search with a q unique (adds an excluded word " -zq<n>x"), so result caches cannot answer it`),
		json:     fs.Bool("json", false, "print the report as JSON instead of tables"),
		only:     fs.String("only", "", "comma-separated classes or groups to run (search, suggest, similar, comparable, search-typo, …); all when empty"),
	}
}

// config checks the flags and returns the run they describe. A zero
// duration is accepted only when allowZero (bench pg without a run).
func (f loadFlags) config(allowZero bool) (loadtest.Config, error) {
	var only []string
	for _, s := range strings.Split(*f.only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			only = append(only, s)
		}
	}
	switch {
	case *f.clients < 1 || *f.clients > loadtest.MaxClients:
		return loadtest.Config{}, usageErrorf("--clients %d: must be from 1 to %d", *f.clients, loadtest.MaxClients)
	case *f.duration < 0 || *f.duration > maxLoadDuration || (*f.duration == 0 && !allowZero):
		return loadtest.Config{}, usageErrorf("--duration %s: must be above 0 and at most %s", *f.duration, maxLoadDuration)
	case *f.warmup < 0 || *f.warmup > maxLoadWarmup:
		return loadtest.Config{}, usageErrorf("--warmup %s: must be from 0 to %s", *f.warmup, maxLoadWarmup)
	case *f.requests < 0:
		return loadtest.Config{}, usageErrorf("--requests %d: must not be negative", *f.requests)
	}
	if err := loadtest.CheckOnly(only); err != nil {
		return loadtest.Config{}, usageErrorf("--%v", err)
	}
	return loadtest.Config{Clients: *f.clients, Duration: *f.duration, Warmup: *f.warmup, Requests: *f.requests,
		Seed: *f.seed, NoCache: *f.noCache, Only: only}, nil
}

// benchLoad runs the query mix against a casus server on this machine and,
// with --pg, the same mix against PostgreSQL, then compares them.
func benchLoad(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "bench load")
	base := fs.String("url", "", "the casus server, such as http://127.0.0.1:8080 (loopback only; start it with --rate-limit 0)")
	lf := addLoadFlags(fs, defaultLoadDuration)
	dsn := fs.String("pg", "", "also run the mix against PostgreSQL at this DSN (loopback or Unix socket; load it first with casus bench pg --in) and print the ratios")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := lf.config(false)
	switch {
	case err != nil:
		return err
	case *base == "":
		return usageErrorf("--url is required")
	case fs.NArg() > 0:
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	if err := loadtest.CheckBaseURL(*base); err != nil {
		return usageErrorf("--url: %v", err)
	}
	casusTarget := loadtest.Target(loadtest.NewHTTPTarget(*base, loadtest.NewHTTPClient(cfg.Clients)))
	var pg *pgcompare.Target
	if *dsn != "" {
		if _, err := pgcompare.CheckDSN(*dsn); err != nil {
			return usageErrorf("--pg: %v", err)
		}
		store, err := pgcompare.Open(ctx, *dsn, cfg.Clients)
		if err != nil {
			return err
		}
		defer store.Close()
		if pg, err = store.Target(ctx); err != nil {
			return err
		}
		casusTarget = sameClasses{Target: casusTarget, other: pg}
	}
	e.logger.Info("load run", "target", *base, "clients", cfg.Clients, "warmup", cfg.Warmup, "duration", cfg.Duration)
	casusRep, err := loadtest.RunTarget(ctx, cfg, casusTarget)
	if err != nil {
		return fmt.Errorf("casus: %w", err)
	}
	if pg == nil {
		return writeReports(e.stdout, *lf.json, casusRep)
	}
	e.logger.Info("load run", "target", "postgresql", "clients", cfg.Clients, "warmup", cfg.Warmup, "duration", cfg.Duration)
	pgRep, err := loadtest.RunTarget(ctx, cfg, pg)
	if err != nil {
		return fmt.Errorf("postgresql: %w", err)
	}
	return writeReports(e.stdout, *lf.json, casusRep, pgRep)
}

// sameClasses is a target that leaves out the classes another target
// cannot answer, so two runs measure the same mix.
type sameClasses struct {
	loadtest.Target
	other loadtest.Target
}

// Skip skips what either target skips.
func (s sameClasses) Skip(c loadtest.Class) string {
	if why := s.other.Skip(c); why != "" {
		return "left out to compare with " + s.other.Name() + ": " + why
	}
	return s.Target.Skip(c)
}

// writeReports prints one report, or two and their ratios, as tables or
// as one JSON document.
func writeReports(w io.Writer, asJSON bool, reps ...loadtest.Report) error {
	var ratios []loadtest.Ratio
	if len(reps) == 2 {
		ratios = loadtest.Compare(reps[0], reps[1])
	}
	if asJSON {
		out := map[string]any{"reports": reps}
		if ratios != nil {
			out["ratios"] = ratios
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		return nil
	}
	var errs []error
	for _, r := range reps {
		errs = append(errs, r.WriteTable(w))
	}
	if ratios != nil {
		if reps[0].Docs != reps[1].Docs {
			fmt.Fprintf(w, "note: %s has %d documents and %s %d; load the same corpus into both for a fair comparison\n",
				reps[0].Target, reps[0].Docs, reps[1].Target, reps[1].Docs)
		}
		errs = append(errs, loadtest.WriteRatios(w, reps[0].Target, reps[1].Target, ratios))
	}
	return errors.Join(errs...)
}
