package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

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
	out := fs.String("out", "", "also write every document extracted in this crawl as a JSON line to this file (put in place only when the crawl succeeded and the file was written whole)")
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
	limitBuildMemory()
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
		o, err := createOut(*out)
		if err != nil {
			return err
		}
		defer o.discard()
		job.out = o
	}
	start := time.Now()
	res, err := job.run(ctx, e.logger, k)
	if res.crawled {
		printSummary(e.stdout, res.summary)
		// For the admin status of a server on this index (schedule.go).
		if werr := writeLastCrawl(*indexDir, newSummary("crawl", start, time.Now(), res, err)); werr != nil {
			e.logger.Warn("crawl summary not saved", "err", werr)
		}
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
	out *outFile
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
// live when the crawl succeeded and changed something. A failed crawl, or
// an --out file that could not be written whole, leaves the live
// generation as it was; the --out file takes its place only after the
// index did.
func (j crawlJob) run(ctx context.Context, logger *slog.Logger, k knowledge) (crawlResult, error) {
	b, err := search.BeginBuild(j.dir, k.searchOptions())
	if err != nil {
		return crawlResult{}, err
	}
	return j.runBuild(ctx, b, logger, k)
}

// runBuild is run with the build already begun (and the crawl lock held);
// it closes b.
func (j crawlJob) runBuild(ctx context.Context, b *search.Build, logger *slog.Logger, k knowledge) (crawlResult, error) {
	defer b.Close()
	report := newProgress(j.bar, j.bar != nil, logger)
	sum, err := j.crawl(ctx, report, k, buildStore{b: b})
	if err == nil && j.out != nil {
		err = j.out.finish()
	}
	if err != nil {
		return crawlResult{crawled: true, summary: sum}, err
	}
	live, err := b.Commit()
	if err == nil && j.out != nil {
		err = j.out.publish()
	}
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
	return sum, err
}

// outTarget is what an outFile writes to: an *os.File, or in tests a
// writer that fails.
type outTarget interface {
	io.Writer
	Sync() error
	Close() error
}

// outFile is the --out file: every document extracted in the crawl as a
// JSON line. A regular file is written under a temporary name beside it and
// renamed into place only when it was written, synced and closed without
// error, so a full disk never leaves a truncated file that looks complete;
// anything else (a pipe, a device, a link) is written in place. It is safe
// for concurrent use; the first write error is returned for every later
// document and stops the crawl.
type outFile struct {
	// path is the file the user named; tmp the temporary file written
	// instead, "" when writing in place.
	path, tmp string
	target    outTarget
	// sync: the target is a regular file, whose data is synced to disk
	// before it takes the name.
	sync bool

	mu     sync.Mutex
	buf    *bufio.Writer
	enc    *json.Encoder
	err    error
	closed bool
}

// createOut opens the --out file at path.
func createOut(path string) (*outFile, error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		f, err := os.Create(path)
		if err != nil {
			return nil, fmt.Errorf("create --out file: %w", err)
		}
		return newOutFile(f, path, "", false), nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create --out file: %w", err)
	}
	o := newOutFile(f, path, f.Name(), true)
	if err := f.Chmod(outFileMode); err != nil {
		o.discard()
		return nil, fmt.Errorf("create --out file: %w", err)
	}
	return o, nil
}

// newOutFile returns an outFile writing to target; tmp is target's name
// when it is a temporary file for path.
func newOutFile(target outTarget, path, tmp string, sync bool) *outFile {
	buf := bufio.NewWriter(target)
	return &outFile{path: path, tmp: tmp, target: target, sync: sync, buf: buf, enc: json.NewEncoder(buf)}
}

// write adds one document; indexer.Options.OnDocument calls it.
func (o *outFile) write(d casus.Document) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err == nil {
		if err := o.enc.Encode(d); err != nil {
			o.err = fmt.Errorf("write --out %s: %w", o.path, err)
		}
	}
	return o.err
}

// finish writes out what is buffered, syncs and closes the file, and
// reports the first error of any of that or of an earlier write.
func (o *outFile) finish() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return o.err
	}
	o.closed = true
	steps := []struct {
		what string
		do   func() error
	}{{"flush", o.buf.Flush}, {"sync", o.syncTarget}, {"close", o.target.Close}}
	for _, s := range steps {
		if err := s.do(); err != nil && o.err == nil {
			o.err = fmt.Errorf("write --out %s: %s: %w", o.path, s.what, err)
		}
	}
	return o.err
}

// syncTarget syncs a regular file; pipes and devices have nothing to sync.
func (o *outFile) syncTarget() error {
	if !o.sync {
		return nil
	}
	return o.target.Sync()
}

// publish gives the finished file its name.
func (o *outFile) publish() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.tmp == "" {
		return nil
	}
	if err := os.Rename(o.tmp, o.path); err != nil {
		return fmt.Errorf("the index is updated, but --out %s is not: %w", o.path, err)
	}
	o.tmp = ""
	return nil
}

// discard closes the file if it is open and removes it unless it was
// published.
func (o *outFile) discard() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.closed {
		o.closed = true
		_ = o.target.Close()
	}
	if o.tmp != "" {
		_ = os.Remove(o.tmp)
		o.tmp = ""
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
