package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search"
)

// Crawl bounds for the command line; see indexer.Options.
const (
	defaultConcurrency = 4
	maxConcurrency     = 64
)

func cmdCrawl(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "crawl")
	sourcesFile := fs.String("sources", "", "sources file (YAML, see CONTRACT.md) (required)")
	indexDir := fs.String("index", "", "index directory (required)")
	// Every crawl fetches every page in full for now, which is what --full
	// asks for; the flag is accepted so scripts written to the contract work.
	fs.Bool("full", false, "refetch every page instead of revalidating")
	out := fs.String("out", "", "also write every extracted document as a JSON line to this file")
	concurrency := fs.Int("concurrency", defaultConcurrency, "requests in flight at most")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *sourcesFile == "":
		return usageErrorf("--sources is required")
	case *indexDir == "":
		return usageErrorf("--index is required")
	case *concurrency < 1 || *concurrency > maxConcurrency:
		return usageErrorf("--concurrency must be from 1 to %d", maxConcurrency)
	case fs.NArg() > 0:
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	sources, err := source.Load(*sourcesFile)
	if err != nil {
		return err
	}
	k, err := loadKnowledge()
	if err != nil {
		return err
	}
	ix, err := search.Open(*indexDir, k.searchOptions())
	if err != nil {
		return err
	}
	defer ix.Close()
	var sink indexer.Sink = ix
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("create --out file: %w", err)
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		defer w.Flush()
		sink = teeSink{next: ix, out: json.NewEncoder(w)}
	}
	summary, err := crawl(ctx, e.logger, k, sources, sink, *concurrency)
	printSummary(e.stdout, summary)
	return err
}

// crawl runs the real crawler over sources into sink.
func crawl(ctx context.Context, logger *slog.Logger, k knowledge, sources []source.Source, sink indexer.Sink, concurrency int) (indexer.Summary, error) {
	enricher, err := k.enricher()
	if err != nil {
		return indexer.Summary{}, err
	}
	opts := indexer.DefaultOptions()
	opts.Concurrency = concurrency
	opts.OnEvent = func(ev indexer.Event) {
		logger.Info("crawl", "source", ev.Source, "event", ev.Kind, "url", ev.URL, "reason", ev.Reason)
	}
	return indexer.New(opts, enricher, sink).Crawl(ctx, sources)
}

// teeSink writes documents to the index and, as JSON lines, to a file.
type teeSink struct {
	next indexer.Sink
	out  *json.Encoder
}

func (t teeSink) Put(ctx context.Context, docs []casus.Document) error {
	for _, d := range docs {
		if err := t.out.Encode(d); err != nil {
			return fmt.Errorf("write --out: %w", err)
		}
	}
	return t.next.Put(ctx, docs)
}

func printSummary(w io.Writer, s indexer.Summary) {
	fmt.Fprintf(w, "crawl done: fetched %d, new %d, updated %d, unchanged %d, removed %d, skipped %d, errors %d\n",
		s.Fetched, s.New, s.Updated, s.Unchanged, s.Removed, s.Skipped, s.Errors)
	if len(s.SkipReasons) == 0 {
		return
	}
	reasons := make([]string, 0, len(s.SkipReasons))
	for r, n := range s.SkipReasons {
		reasons = append(reasons, fmt.Sprintf("%s %d", r, n))
	}
	sort.Strings(reasons)
	fmt.Fprintf(w, "skipped: %s\n", strings.Join(reasons, ", "))
}
