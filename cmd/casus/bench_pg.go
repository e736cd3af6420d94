package main

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/sync/errgroup"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/loadtest"
	"github.com/casus-nl/casus/api/loadtest/pgcompare"
)

// pgDSNEnv names the environment variable with the DSN when --dsn is not
// given.
const pgDSNEnv = "CASUS_PG_DSN"

// benchPG loads a corpus into PostgreSQL (--in) and/or runs the query mix
// against it (--duration). Without --dsn and CASUS_PG_DSN it tries libpq's
// defaults (PGHOST, PGPORT, …) and, when nothing answers there, says the
// comparison is skipped and succeeds: PostgreSQL is optional.
func benchPG(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "bench pg")
	dsn := fs.String("dsn", "", "PostgreSQL to use, as a URL or key=value string, on a loopback address or Unix socket (default $"+pgDSNEnv+", else libpq's PG* defaults)")
	in := fs.String("in", "", "load this corpus, one JSON document a line (casus crawl --out, casus bench gen), replacing the comparison tables")
	lf := addLoadFlags(fs, 0)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := lf.config(true)
	switch {
	case err != nil:
		return err
	case *in == "" && cfg.Duration == 0:
		return usageErrorf("nothing to do: give --in to load a corpus and/or --duration to run the query mix")
	case fs.NArg() > 0:
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	explicit := *dsn != ""
	if !explicit {
		*dsn = os.Getenv(pgDSNEnv)
		explicit = *dsn != ""
	}
	if _, err := pgcompare.CheckDSN(*dsn); err != nil {
		return usageErrorf("--dsn: %v", err)
	}
	store, err := pgcompare.Open(ctx, *dsn, cfg.Clients)
	if err != nil {
		if explicit {
			return err
		}
		fmt.Fprintf(e.stdout, "PostgreSQL comparison skipped: %v\n", err)
		return nil
	}
	defer store.Close()
	version, err := store.Version(ctx)
	if err != nil {
		return err
	}
	if *in != "" {
		st, err := loadCorpus(ctx, store, *in)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "loaded %d documents into PostgreSQL %s in %.2f s (create %.2f s, copy with tsvector %.2f s, indexes %.2f s, analyze and word table %.2f s)\n",
			st.Docs, version, st.Total.Seconds(), st.Create.Seconds(), st.Copy.Seconds(), st.Index.Seconds(), st.Analyze.Seconds())
	}
	if cfg.Duration == 0 {
		return nil
	}
	tgt, err := store.Target(ctx)
	if err != nil {
		return err
	}
	e.logger.Info("load run", "target", "postgresql "+version, "clients", cfg.Clients, "warmup", cfg.Warmup, "duration", cfg.Duration)
	rep, err := loadtest.RunTarget(ctx, cfg, tgt)
	if err != nil {
		return err
	}
	return writeReports(e.stdout, *lf.json, rep)
}

// loadCorpus streams the documents of path into the store, in the batches
// casus index uses.
func loadCorpus(ctx context.Context, store *pgcompare.Store, path string) (pgcompare.LoadStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return pgcompare.LoadStats{}, fmt.Errorf("open --in: %w", err)
	}
	defer f.Close()
	g, gctx := errgroup.WithContext(ctx)
	batches := make(chan []casus.Document)
	g.Go(func() error {
		// On an error the channel stays open: the load then ends on the
		// cancelled context instead of indexing half a corpus.
		if err := readDocuments(gctx, f, nil, batches); err != nil {
			return err
		}
		close(batches)
		return nil
	})
	var st pgcompare.LoadStats
	g.Go(func() error {
		var err error
		st, err = store.Load(gctx, batches)
		return err
	})
	if err := g.Wait(); err != nil {
		return st, err
	}
	return st, nil
}
