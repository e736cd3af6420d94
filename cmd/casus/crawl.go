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
	full := fs.Bool("full", false, "refetch every page instead of revalidating")
	out := fs.String("out", "", "also write every new or changed document as a JSON line to this file")
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
	job := crawlJob{dir: *indexDir, sources: sources, concurrency: *concurrency, full: *full}
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("create --out file: %w", err)
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		defer w.Flush()
		job.out = json.NewEncoder(w)
	}
	res, err := job.run(ctx, e.logger, k)
	if res.crawled {
		printSummary(e.stdout, res.summary)
	}
	if err == nil {
		printGeneration(e.stdout, res)
	}
	return err
}

// crawlJob is one crawl of sources into an index directory.
type crawlJob struct {
	dir         string
	sources     []source.Source
	concurrency int
	// full refetches without conditional requests.
	full bool
	// out, when set, receives every written document.
	out *json.Encoder
}

// crawlResult is what a crawl did to the index directory.
type crawlResult struct {
	// crawled is false when the crawl could not start (the index was locked
	// or unreadable); summary is empty then.
	crawled bool
	summary indexer.Summary
	// live is true when the crawl changed the index and its new generation
	// is now live.
	live bool
}

// run crawls into a new generation of the index directory and makes it
// live when the crawl succeeded and changed something. A failed crawl
// leaves the live generation as it was.
func (j crawlJob) run(ctx context.Context, logger *slog.Logger, k knowledge) (crawlResult, error) {
	b, err := search.BeginBuild(j.dir, k.searchOptions())
	if err != nil {
		return crawlResult{}, err
	}
	defer b.Close()
	sum, err := crawl(ctx, logger, k, j.sources, buildStore{b: b, out: j.out}, j.concurrency, j.full)
	if err != nil {
		return crawlResult{crawled: true, summary: sum}, err
	}
	live, err := b.Commit()
	return crawlResult{crawled: true, summary: sum, live: live}, err
}

// crawl runs the real crawler over sources into sink.
func crawl(ctx context.Context, logger *slog.Logger, k knowledge, sources []source.Source, sink indexer.Sink, concurrency int, full bool) (indexer.Summary, error) {
	enricher, err := k.enricher()
	if err != nil {
		return indexer.Summary{}, err
	}
	opts := indexer.DefaultOptions()
	opts.Concurrency = concurrency
	opts.Full = full
	opts.OnEvent = func(ev indexer.Event) {
		logger.Info("crawl", "source", ev.Source, "event", ev.Kind, "url", ev.URL, "reason", ev.Reason)
	}
	return indexer.New(opts, enricher, sink).Crawl(ctx, sources)
}

func printGeneration(w io.Writer, res crawlResult) {
	if res.live {
		fmt.Fprintln(w, "index updated: servers switch to the new state within seconds")
	} else {
		fmt.Fprintln(w, "index unchanged: nothing written")
	}
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
