package indexer

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/casus-nl/casus/indexer/extract"
	"github.com/casus-nl/casus/indexer/fetch"
	"github.com/casus-nl/casus/indexer/source"
)

// binaryExtensions are file types that are never HTML pages; links to them
// are skipped as not_html without a request.
var binaryExtensions = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true,
	".pptx": true, ".odt": true, ".ods": true, ".odp": true, ".rtf": true, ".zip": true,
	".gz": true, ".tar": true, ".7z": true, ".jpg": true, ".jpeg": true, ".png": true,
	".gif": true, ".webp": true, ".svg": true, ".ico": true, ".bmp": true, ".tif": true,
	".tiff": true, ".mp3": true, ".mp4": true, ".m4a": true, ".wav": true, ".avi": true,
	".mov": true, ".webm": true, ".ics": true, ".csv": true, ".json": true, ".xml": true,
	".css": true, ".js": true, ".woff": true, ".woff2": true, ".ttf": true, ".eot": true,
}

// run is the state of one Crawl shared by all sources.
type run struct {
	opts     Options
	enricher Enricher
	// transport makes the requests of every source's fetcher.
	transport http.RoundTripper
	polite    *politeness
	tally     *tally
	batch     *batcher
	sink      Sink
	priors    map[string]prior

	mu sync.Mutex
	// gone are stored documents whose pages answered 404 or 410.
	gone []goneDoc
}

// goneDoc is a stored document whose page is gone.
type goneDoc struct{ source, id, url string }

func newRun(opts Options, enricher Enricher, sink Sink, stop context.CancelCauseFunc, sources []source.Source, priors map[string]prior) *run {
	t := newTally(opts.OnEvent)
	transport := opts.Fetch.Transport
	if transport == nil {
		transport = fetch.NewTransport(allHosts(sources), opts.Fetch.Resolver)
	}
	if v := validatorsOf(priors); !opts.Full && len(v) > 0 {
		transport = conditional{next: transport, validators: v}
	}
	return &run{
		opts:      opts,
		enricher:  enricher,
		transport: transport,
		polite:    newPoliteness(opts.Concurrency),
		tally:     t,
		batch:     newBatcher(sink, opts.BatchSize, t, stop),
		sink:      sink,
		priors:    priors,
	}
}

// allHosts lists the hosts of all sources: the non-public addresses among
// them are the only ones the crawl's transport connects to.
func allHosts(sources []source.Source) []string {
	var out []string
	for _, s := range sources {
		out = append(out, s.Hosts()...)
	}
	return out
}

// fetcherFor returns a fetcher that requests only the hosts of src, over
// the crawl's transport. Each source has its own, so a robots.txt verdict
// reached within one source's hosts is never used for another.
func (r *run) fetcherFor(src source.Source) *fetch.Fetcher {
	fo := r.opts.Fetch
	fo.Hosts = src.Hosts()
	fo.Transport = r.transport
	return fetch.New(fo)
}

// markGone records that the stored document id of a source is gone.
func (r *run) markGone(src, id, u string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gone = append(r.gone, goneDoc{source: src, id: id, url: u})
}

// removeGone deletes the documents whose pages are gone.
func (r *run) removeGone(ctx context.Context) error {
	store, ok := r.sink.(Store)
	if !ok || len(r.gone) == 0 {
		return nil
	}
	ids := make([]string, len(r.gone))
	for i, g := range r.gone {
		ids[i] = g.id
	}
	if err := store.Delete(ctx, ids); err != nil {
		return fmt.Errorf("crawl: removing gone documents: %w", err)
	}
	for _, g := range r.gone {
		r.tally.removed(g.source, g.url)
	}
	return nil
}

// crawlAll crawls every source concurrently; it reports whether any source
// could be reached.
func (r *run) crawlAll(ctx context.Context, sources []source.Source) bool {
	var wg sync.WaitGroup
	var reached atomic.Bool
	for _, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := newSourceState(src, r.priors[src.ID], r.fetcherFor(src))
			r.crawlSource(ctx, st)
			if st.reached.Load() {
				reached.Store(true)
			}
		}()
	}
	wg.Wait()
	return reached.Load()
}

// task is one URL to visit.
type task struct {
	u     *url.URL
	depth int
	// start marks start URLs (and where they redirect to): their links are
	// followed whatever the follow patterns say.
	start bool
	// hops counts the cross-host redirects that led here; the fetcher bounds
	// redirects within one request, this bounds them across tasks.
	hops int
}

// outcome is what visiting a task gives the frontier.
type outcome struct {
	// links are to be followed at depth+1.
	links []*url.URL
	depth int
	// redirect is an in-scope URL on another host that the task redirected to.
	redirect *task
	// fetched are the URLs the page turned out to be (after redirects, its
	// canonical URL): links to them need no request.
	fetched []*url.URL
}

// sourceState is the crawl state of one source.
type sourceState struct {
	src   source.Source
	prior prior
	hosts map[string]bool
	// fetcher requests only the source's hosts.
	fetcher *fetch.Fetcher
	// reached: some request got an answer from the source's site.
	reached atomic.Bool

	mu        sync.Mutex
	canonical map[string]bool
}

func newSourceState(src source.Source, p prior, f *fetch.Fetcher) *sourceState {
	st := &sourceState{src: src, prior: p, hosts: map[string]bool{}, fetcher: f, canonical: map[string]bool{}}
	for _, h := range src.Hosts() {
		st.hosts[h] = true
	}
	return st
}

// inScope reports whether u may be fetched for this source.
func (st *sourceState) inScope(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && st.hosts[source.HostKey(u)]
}

// claim records a canonical URL as indexed; false when it (or its variant
// with or without a trailing slash) already was.
func (st *sourceState) claim(canonical string) bool {
	key := canonical
	if u, err := url.Parse(canonical); err == nil {
		key = pageKey(u)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.canonical[key] {
		return false
	}
	st.canonical[key] = true
	return true
}

// pageKey identifies a page for deduplication: the URL without a trailing
// slash, so /cases/a and /cases/a/ are one page whichever form a site links
// to. The URL itself is kept as found, since sites differ in which they serve.
func pageKey(u *url.URL) string {
	k := *u
	if len(k.Path) > 1 {
		k.Path = strings.TrimSuffix(k.Path, "/")
		k.RawPath = ""
	}
	return k.String()
}

// crawlSource runs the frontier of one source: a breadth-first queue
// dispatched to workers, so shallow pages come first and max_pages and the
// depth bound cut off the deep end.
func (r *run) crawlSource(ctx context.Context, st *sourceState) {
	src := st.src
	f := &frontier{run: r, st: st, seen: map[string]bool{}}
	for _, u := range src.StartURLs {
		f.enqueue(task{u: extract.NormalizeURL(u), start: true})
	}
	for _, u := range r.sitemapURLs(ctx, st) {
		f.enqueue(task{u: u})
	}
	// Stored pages are revisited even when no link leads to them any more,
	// so a vanished page is noticed (404/410) and removed.
	for _, u := range st.prior.urls() {
		f.enqueue(task{u: u})
	}

	tasks := make(chan task)
	outcomes := make(chan outcome)
	var wg sync.WaitGroup
	for range r.opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range tasks {
				outcomes <- r.visit(ctx, st, t)
			}
		}()
	}
	inflight, dispatched := 0, 0
	done := ctx.Done()
	for {
		var send chan task
		var next task
		if len(f.queue) > 0 && dispatched >= src.MaxPages {
			for _, t := range f.queue {
				r.tally.skipped(src.ID, t.u.String(), ReasonMaxPages)
			}
			f.queue = nil
		}
		if len(f.queue) > 0 {
			send, next = tasks, f.queue[0]
		}
		if send == nil && inflight == 0 {
			break
		}
		select {
		case send <- next:
			f.queue = f.queue[1:]
			inflight++
			dispatched++
		case o := <-outcomes:
			inflight--
			if o.redirect != nil {
				f.enqueue(*o.redirect)
			}
			for _, u := range o.fetched {
				f.seen[pageKey(u)] = true
			}
			for _, l := range o.links {
				f.enqueue(task{u: l, depth: o.depth + 1})
			}
		case <-done:
			// Stop dispatching; the workers return quickly with ctx done.
			f.queue, f.closed, done = nil, true, nil
		}
	}
	close(tasks)
	wg.Wait()
}

// frontier holds the URLs of one source waiting to be visited. It is owned
// by the crawlSource loop.
type frontier struct {
	run    *run
	st     *sourceState
	queue  []task
	seen   map[string]bool
	closed bool
}

// enqueue adds u unless it was seen, is out of scope, or is not worth a
// request. Links that are neither cases nor followed pages, and links to
// other hosts, are dropped silently: every page has dozens.
func (f *frontier) enqueue(t task) {
	u, depth, start := t.u, t.depth, t.start
	if f.closed || u == nil || !f.st.inScope(u) {
		return
	}
	key := u.String()
	if f.seen[pageKey(u)] {
		return
	}
	f.seen[pageKey(u)] = true
	src := f.st.src
	if !start && !src.Allows(u) && !src.Follows(u) {
		return
	}
	id := src.ID
	switch {
	case len(key) > f.run.opts.MaxURLLength:
		f.run.tally.skipped(id, key, ReasonURLTooLong)
	case depth > f.run.opts.MaxDepth:
		f.run.tally.skipped(id, key, ReasonDepth)
	case binaryExtensions[strings.ToLower(path.Ext(u.Path))]:
		f.run.tally.skipped(id, key, ReasonNotHTML)
	default:
		f.queue = append(f.queue, t)
	}
}
