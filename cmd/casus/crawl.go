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
	"sync"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search"
	"golang.org/x/term"
)

// Crawl bounds for the command line; see indexer.Options.
const (
	defaultConcurrency = 4
	maxConcurrency     = 64
)

func cmdCrawl(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "crawl")
	sourcesFile := fs.String("sources", "", "sources file (YAML; indexer/source/testdata/example.yaml in the repository explains every field) (required)")
	indexDir := fs.String("index", "", "index directory (required)")
	full := fs.Bool("full", false, "refetch every page instead of revalidating")
	out := fs.String("out", "", "also write every document extracted in this crawl as a JSON line to this file")
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
	limitMemory(buildMemoryLimit)
	sources, err := source.Load(*sourcesFile)
	if err != nil {
		return err
	}
	k, err := loadKnowledge()
	if err != nil {
		return err
	}
	job := crawlJob{dir: *indexDir, sources: sources, concurrency: *concurrency, full: *full}
	if isTerminal(e.stderr) {
		job.bar = e.stderr
	}
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("create --out file: %w", err)
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		defer w.Flush()
		job.out = &docWriter{enc: json.NewEncoder(w)}
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
	// out, when set, receives every document extracted in the crawl.
	out *docWriter
	// bar, when set, is a terminal to draw a live progress bar on; without
	// it the crawl logs plain lines.
	bar io.Writer
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
	report := newProgress(j.bar, j.bar != nil, logger)
	sum, err := j.crawl(ctx, report, k, buildStore{b: b})
	if err != nil {
		return crawlResult{crawled: true, summary: sum}, err
	}
	live, err := b.Commit()
	return crawlResult{crawled: true, summary: sum, live: live}, err
}

// crawl runs the real crawler over the job's sources into sink.
func (j crawlJob) crawl(ctx context.Context, report *progress, k knowledge, sink indexer.Sink) (indexer.Summary, error) {
	enricher, err := k.enricher()
	if err != nil {
		return indexer.Summary{}, err
	}
	opts := indexer.DefaultOptions()
	opts.Concurrency = j.concurrency
	opts.Full = j.full
	opts.OnEvent = report.Event
	if j.out != nil {
		opts.OnDocument = j.out.write
	}
	sum, err := indexer.New(opts, enricher, sink).Crawl(ctx, j.sources)
	report.Finish()
	if err == nil && j.out != nil {
		err = j.out.err
	}
	return sum, err
}

// docWriter writes documents as JSON lines for --out. It is safe for
// concurrent use; the first write error stops further writes and fails the
// crawl at its end.
type docWriter struct {
	mu  sync.Mutex
	enc *json.Encoder
	err error
}

func (w *docWriter) write(d casus.Document) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		if err := w.enc.Encode(d); err != nil {
			w.err = fmt.Errorf("write --out: %w", err)
		}
	}
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

// isTerminal reports whether w is a terminal, where a live bar makes sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
