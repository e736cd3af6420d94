// Package indexer crawls the case pages of the sources, extracts and
// enriches each case, and writes the documents to a sink.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/fetch"
	"github.com/casus-nl/casus/indexer/source"
)

// Defaults for zero Options fields, and the bounds a value may not exceed.
const (
	// DefaultConcurrency bounds the requests in flight over all hosts.
	DefaultConcurrency = 4
	// MaxConcurrency bounds Options.Concurrency.
	MaxConcurrency = 64
	// DefaultCrawlTimeout bounds a whole crawl.
	DefaultCrawlTimeout = 2 * time.Hour
	// DefaultMaxDepth bounds the link depth from the start URLs: deep enough
	// for paged case lists, shallow enough to end calendar traps.
	DefaultMaxDepth = 8
	// MaxMaxDepth bounds Options.MaxDepth.
	MaxMaxDepth = 100
	// DefaultMaxURLLength skips URLs longer than this: ever-growing query
	// strings are traps, and case pages have short URLs.
	DefaultMaxURLLength = 1024
	// MaxMaxURLLength bounds Options.MaxURLLength.
	MaxMaxURLLength = 8192
	// DefaultBatchSize is the number of documents per Sink.Put.
	DefaultBatchSize = 500
	// MaxBatchSize bounds Options.BatchSize, and so the memory of a batch.
	MaxBatchSize = 10_000
	// flushTimeout bounds the final Sink.Put after the crawl was cancelled
	// or timed out, so the pages fetched so far are kept.
	flushTimeout = 30 * time.Second
)

// ErrUnreachable: not one source could be reached (every start URL and
// sitemap failed at the network level or had an unavailable robots.txt).
var ErrUnreachable = errors.New("no source could be reached")

// Sink stores documents; the bleve index is the real one. A Sink that is
// also a Store makes crawls incremental. The crawler writes up to two
// batches at the same time, so Put (and PutRecords) must be safe for
// concurrent use.
type Sink interface {
	Put(ctx context.Context, docs []casus.Document) error
}

// Enricher fills Municipalities, Themes, Domains and PopulationHint of a
// document from its Title, Body and Tags.
type Enricher interface {
	Enrich(doc *casus.Document)
}

// EventKind says what happened to a URL.
type EventKind string

// The kinds of events.
const (
	EventFetched EventKind = "fetched"
	EventIndexed EventKind = "indexed"
	EventSkipped EventKind = "skipped"
	EventFailed  EventKind = "failed"
	// EventUnchanged: a stored page was revalidated (304, or the same
	// content) and not rewritten.
	EventUnchanged EventKind = "unchanged"
	// EventRemoved: a stored page is gone (404/410) and its document was
	// deleted.
	EventRemoved EventKind = "removed"
)

// Event reports progress on one URL. For skipped events Reason is one of
// the Reason* keys; for failed events it is a key and the error.
type Event struct {
	Source, URL string
	Kind        EventKind
	Reason      string
}

// Options configure a Crawler. Zero fields take the defaults above;
// negative values and values above the bounds are errors.
type Options struct {
	// Concurrency bounds the requests in flight over all hosts; each host
	// gets one request at a time anyway.
	Concurrency int
	// CrawlTimeout bounds the whole crawl.
	CrawlTimeout time.Duration
	// MaxDepth bounds the link depth from the start URLs.
	MaxDepth int
	// MaxURLLength skips longer URLs.
	MaxURLLength int
	// BatchSize is the number of documents per Sink.Put.
	BatchSize int
	// Fetch configures the HTTP client (user agent, timeouts, body size,
	// resolver). Its Hosts are set per source: a source's fetches stay
	// within the hosts of its start URLs and sitemaps. Without a Transport
	// the crawl uses one fetch.NewTransport for all sources.
	Fetch fetch.Options
	// OnEvent, when set, is called for every event from crawl goroutines,
	// so it must be safe for concurrent use.
	OnEvent func(Event)
	// OnDocument, when set, is called with every document extracted in
	// this crawl, changed or not (a page answering 304 is not extracted),
	// from crawl goroutines, so it must be safe for concurrent use. It
	// stores the document elsewhere (an export file): its error stops the
	// crawl as a sink error does.
	OnDocument func(casus.Document) error
	// Now gives FetchedAt; nil means time.Now.
	Now func() time.Time
	// Full refetches stored pages without conditional requests. Documents
	// whose content hash is unchanged are still not rewritten.
	Full bool
}

// Summary counts what a crawl did. Fetched counts pages answered (not
// robots.txt or sitemaps; a 304 counts). New and Updated count documents
// written; Unchanged counts stored pages that needed no write; Removed
// counts documents deleted because their page answered 404 or 410. Only a
// Store sink gives Updated, Unchanged and Removed.
type Summary struct {
	Fetched, New, Updated, Unchanged, Removed, Skipped, Errors int
	// SkipReasons counts skipped URLs per Reason* key.
	SkipReasons map[string]int
}

// Crawler crawls sources into a sink.
type Crawler struct {
	opts     Options
	enricher Enricher
	sink     Sink
}

// New returns a Crawler. enricher may be nil (documents are stored as
// extracted); sink is required.
func New(opts Options, enricher Enricher, sink Sink) *Crawler {
	return &Crawler{opts: opts, enricher: enricher, sink: sink}
}

// DefaultOptions returns the options a zero Options stands for, spelled
// out, for callers that adjust a few fields.
func DefaultOptions() Options {
	o, _ := Options{}.withDefaults() // zero options are always valid
	return o
}

// withDefaults validates the options and fills in defaults.
func (o Options) withDefaults() (Options, error) {
	fields := []struct {
		name     string
		val      *int
		def, max int
	}{
		{"Concurrency", &o.Concurrency, DefaultConcurrency, MaxConcurrency},
		{"MaxDepth", &o.MaxDepth, DefaultMaxDepth, MaxMaxDepth},
		{"MaxURLLength", &o.MaxURLLength, DefaultMaxURLLength, MaxMaxURLLength},
		{"BatchSize", &o.BatchSize, DefaultBatchSize, MaxBatchSize},
	}
	for _, f := range fields {
		switch {
		case *f.val < 0 || *f.val > f.max:
			return o, fmt.Errorf("crawl option %s = %d: must be from 0 (default %d) to %d: %w", f.name, *f.val, f.def, f.max, casus.ErrInvalid)
		case *f.val == 0:
			*f.val = f.def
		}
	}
	switch {
	case o.CrawlTimeout < 0:
		return o, fmt.Errorf("crawl option CrawlTimeout = %s: must not be negative: %w", o.CrawlTimeout, casus.ErrInvalid)
	case o.CrawlTimeout == 0:
		o.CrawlTimeout = DefaultCrawlTimeout
	}
	if o.Fetch.MaxRedirects <= 0 {
		// The crawl bounds redirects across hosts with the fetcher's limit,
		// so both must see the same number.
		o.Fetch.MaxRedirects = fetch.DefaultMaxRedirects
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

// Crawl crawls the sources concurrently and stores their case pages. Page
// failures are counted in the Summary, not returned. The error is non-nil
// when the crawl could not run or did not complete: bad options or sources,
// ctx cancelled, CrawlTimeout reached, the sink or OnDocument failing (the
// first storage error stops the crawl: no request starts after it), or
// ErrUnreachable. The Summary counts what was done either way.
func (c *Crawler) Crawl(ctx context.Context, sources []source.Source) (Summary, error) {
	opts, err := c.opts.withDefaults()
	if err != nil {
		return newTally(nil).summary(), err
	}
	if err := checkSources(sources); err != nil {
		return newTally(nil).summary(), err
	}
	if c.sink == nil {
		return newTally(nil).summary(), fmt.Errorf("crawl: no sink: %w", casus.ErrInvalid)
	}
	priors, err := loadPriors(ctx, c.sink, sources)
	if err != nil {
		return newTally(nil).summary(), err
	}
	runCtx, cancelTimeout := context.WithTimeout(ctx, opts.CrawlTimeout)
	defer cancelTimeout()
	runCtx, stop := context.WithCancelCause(runCtx)
	defer stop(nil)

	r := newRun(opts, c.enricher, c.sink, stop, sources, priors)
	reached := r.crawlAll(runCtx, sources)

	flushCtx := runCtx
	if runCtx.Err() != nil {
		var cancel context.CancelFunc
		flushCtx, cancel = context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
		defer cancel()
	}
	r.batch.flush(flushCtx)
	sum := r.tally.summary()

	switch cause := context.Cause(runCtx); {
	case r.batch.failed() != nil:
		return sum, fmt.Errorf("crawl stopped at the first storage error: %w", r.batch.failed())
	case ctx.Err() != nil:
		return sum, fmt.Errorf("crawl cancelled: %w", ctx.Err())
	case errors.Is(cause, context.DeadlineExceeded):
		return sum, fmt.Errorf("crawl stopped after %s: %w", opts.CrawlTimeout, cause)
	case !reached:
		return sum, fmt.Errorf("crawl: %w", ErrUnreachable)
	}
	// Only a crawl that completed may delete: a page that failed to load
	// in a broken crawl is not known to be gone.
	if err := r.removeGone(ctx); err != nil {
		return r.tally.summary(), err
	}
	return r.tally.summary(), nil
}

func checkSources(sources []source.Source) error {
	if len(sources) == 0 {
		return fmt.Errorf("crawl: no sources: %w", casus.ErrInvalid)
	}
	ids := map[string]bool{}
	for _, s := range sources {
		if s.ID == "" || ids[s.ID] {
			return fmt.Errorf("crawl: source id %q is empty or repeated: %w", s.ID, casus.ErrInvalid)
		}
		ids[s.ID] = true
	}
	return nil
}
