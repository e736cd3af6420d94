// Package loadtest is a closed-loop load generator for a running casus
// server: a fixed number of clients each send a request from a fixed, named
// query mix (Mix), wait for the whole answer, record its latency and status,
// and send the next. Results are reported per class of request, per
// endpoint group and overall, with exact percentiles of the recorded
// latencies.
//
// The loop runs against a Target: the casus HTTP API (Run, HTTPTarget) or
// anything else that can answer the same requests, such as the PostgreSQL
// comparison in loadtest/pgcompare (RunTarget).
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults and bounds of a run.
const (
	// DefaultClients is the number of concurrent clients when Config.Clients
	// is zero.
	DefaultClients = 16
	// MaxClients bounds Config.Clients.
	MaxClients = 1024
	// DefaultTimeout bounds one request when Config.Timeout is zero; a
	// request that takes longer counts as an error of kind "timeout".
	DefaultTimeout = 30 * time.Second
)

// Config describes a run.
type Config struct {
	// BaseURL is the casus server, such as http://127.0.0.1:8080; only
	// loopback hosts are accepted (see CheckBaseURL). Run needs it;
	// RunTarget does not use it.
	BaseURL string
	// Clients is the number of concurrent closed-loop clients;
	// DefaultClients when zero.
	Clients int
	// Duration is how long requests are measured, after Warmup. Zero
	// means no time bound; then Requests must be set.
	Duration time.Duration
	// Requests, when positive, ends the run after that many measured
	// requests (or at Duration, whichever comes first).
	Requests int
	// Warmup is sent before measuring starts and not recorded.
	Warmup time.Duration
	// Seed makes the sequence of requests of every client reproducible.
	Seed uint64
	// NoCache makes every search request with a q unique, so server-side
	// result caches cannot answer it: q gets an excluded word no document
	// has (" -zq17x", a counter), which changes neither the hits nor their
	// order. Searches without q (search-empty-facets, search-filters-only),
	// suggest, similar and comparable are sent unchanged; the report marks
	// which classes were made unique.
	NoCache bool
	// Only keeps the classes whose class or group name is listed; all
	// classes when empty.
	Only []string
	// Timeout bounds one request; DefaultTimeout when zero.
	Timeout time.Duration
	// HTTPClient sends the requests of Run; when nil, NewHTTPClient(Clients).
	HTTPClient *http.Client
}

// Corpus is what a Target tells the run before it starts.
type Corpus struct {
	// IDs are document ids for the similar class.
	IDs []string
	// Docs is the number of documents the target holds, for the report.
	Docs int
}

// Target answers the requests of the mix.
type Target interface {
	// Name labels the target in reports, such as "casus".
	Name() string
	// Prepare is called once before the run: it returns up to n document
	// ids for the similar class and the number of documents.
	Prepare(ctx context.Context, n int) (Corpus, error)
	// Skip returns why the target cannot answer a class, or "" when it
	// can. Skipped classes are left out of the run and listed in the
	// report.
	Skip(c Class) string
	// Do sends r, reads the whole answer and returns an error for anything
	// but a success. Errors with a Kind() string method are counted under
	// that kind; others under "error".
	Do(ctx context.Context, r Request) error
}

// Run measures the casus server at cfg.BaseURL over HTTP.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if err := CheckBaseURL(cfg.BaseURL); err != nil {
		return Report{}, err
	}
	cfg = cfg.withDefaults()
	client := cfg.HTTPClient
	if client == nil {
		client = NewHTTPClient(cfg.Clients)
	}
	return RunTarget(ctx, cfg, NewHTTPTarget(cfg.BaseURL, client))
}

// withDefaults fills in the zero values that have defaults.
func (cfg Config) withDefaults() Config {
	if cfg.Clients == 0 {
		cfg.Clients = DefaultClients
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	return cfg
}

// validate checks the bounds of a config with its defaults filled in.
func (cfg Config) validate() error {
	switch {
	case cfg.Clients < 1 || cfg.Clients > MaxClients:
		return fmt.Errorf("clients %d: must be from 1 to %d", cfg.Clients, MaxClients)
	case cfg.Duration < 0:
		return fmt.Errorf("duration %s: must not be negative", cfg.Duration)
	case cfg.Requests < 0:
		return fmt.Errorf("requests %d: must not be negative", cfg.Requests)
	case cfg.Duration == 0 && cfg.Requests == 0:
		return errors.New("a run needs a duration or a number of requests")
	case cfg.Warmup < 0:
		return fmt.Errorf("warmup %s: must not be negative", cfg.Warmup)
	case cfg.Timeout < 0:
		return fmt.Errorf("timeout %s: must not be negative", cfg.Timeout)
	}
	return nil
}

// RunTarget runs the closed loop of cfg against t. When ctx ends, the
// clients stop at once (requests in flight are cancelled and not counted)
// and RunTarget returns what was measured so far with ctx's error.
func RunTarget(ctx context.Context, cfg Config, t Target) (Report, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return Report{}, fmt.Errorf("load run: %w", err)
	}
	classes, err := selectClasses(Mix(), cfg.Only)
	if err != nil {
		return Report{}, fmt.Errorf("load run: %w", err)
	}
	rep := Report{Target: t.Name(), Clients: cfg.Clients, Warmup: cfg.Warmup.Seconds(),
		Seed: cfg.Seed, NoCache: cfg.NoCache}
	var runnable []Class
	for _, c := range classes {
		if why := t.Skip(c); why != "" {
			rep.Skipped = append(rep.Skipped, Skipped{Class: c.Name, Reason: why})
			continue
		}
		runnable = append(runnable, c)
	}
	corpus, err := t.Prepare(ctx, StartupIDs)
	if err != nil {
		return Report{}, fmt.Errorf("load run: prepare %s: %w", t.Name(), err)
	}
	rep.Docs = corpus.Docs
	before := len(runnable)
	runnable = withDocuments(runnable, corpus.IDs)
	if len(runnable) < before {
		rep.Skipped = append(rep.Skipped, Skipped{Class: string(GroupSimilar), Reason: "no document ids at start-up"})
	}
	if len(runnable) == 0 {
		return Report{}, errors.New("load run: no classes left to run")
	}
	rec := runLoop(ctx, cfg, t, runnable)
	rep.fill(runnable, rec, cfg.NoCache)
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("load run: %w", err)
	}
	return rep, nil
}

// runLoop runs the clients until the duration or the request budget is
// used up, or ctx ends, and returns their merged recordings.
func runLoop(ctx context.Context, cfg Config, t Target, classes []Class) recording {
	start := time.Now()
	measureFrom := start.Add(cfg.Warmup)
	var end time.Time
	if cfg.Duration > 0 {
		end = measureFrom.Add(cfg.Duration)
	}
	var (
		budget  atomic.Int64 // measured requests claimed
		counter atomic.Uint64
		wg      sync.WaitGroup
		mu      sync.Mutex
		all     = newRecording()
	)
	for i := range cfg.Clients {
		wg.Go(func() {
			rec := newRecording()
			p := newPicker(classes, cfg.Seed, uint64(i))
			for ctx.Err() == nil {
				now := time.Now()
				if !end.IsZero() && !now.Before(end) {
					break
				}
				measured := !now.Before(measureFrom)
				if measured && cfg.Requests > 0 && budget.Add(1) > int64(cfg.Requests) {
					break
				}
				r := p.next()
				if cfg.NoCache {
					r = bustCache(r, counter.Add(1))
				}
				rctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
				t0 := time.Now()
				err := t.Do(rctx, r)
				took := time.Since(t0)
				cancel()
				if ctx.Err() != nil {
					break
				}
				if measured {
					rec.add(r.Class, took, err)
				}
			}
			mu.Lock()
			all.merge(rec)
			mu.Unlock()
		})
	}
	wg.Wait()
	all.elapsed = max(time.Since(measureFrom), 0)
	return all
}
