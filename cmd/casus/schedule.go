package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/casus-nl/casus/api/admin"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search"
)

// lastCrawlFile keeps the summary of the last crawl in the index directory,
// written by casus crawl and by the crawls of casus serve.
const lastCrawlFile = "last-crawl.json"

// minCrawlEvery is the shortest --crawl-every: a crawl of many sites takes
// minutes, and sites deserve the rest.
const minCrawlEvery = time.Minute

// crawler runs the crawls of a serving process: every interval, at start
// when the index is empty, and on demand from the admin listener. In the
// process it never starts a crawl while one runs; across processes (casus
// crawl from cron) the index directory's crawl lock refuses a second one.
// Every crawl goes through crawlJob, the code path of casus crawl.
type crawler struct {
	dir         string
	sourcesFile string
	concurrency int
	k           knowledge
	logger      *slog.Logger
	// ctx bounds every crawl; canceled, a running crawl stops and its
	// generation is never made live.
	ctx context.Context
	// made is called after a crawl made a new generation live.
	made func()
	// ended is called with the summary of every crawl that ended.
	ended func(*admin.CrawlSummary)
	now   func() time.Time

	mu      sync.Mutex
	every   time.Duration
	running bool
	since   time.Time
	next    time.Time
	last    *admin.CrawlSummary
	// skipped counts scheduled ticks skipped because a crawl ran.
	skipped int
	wg      sync.WaitGroup
}

// newCrawler returns a crawler of sourcesFile into dir; crawls run under
// ctx.
func newCrawler(ctx context.Context, dir, sourcesFile string, concurrency int, k knowledge, logger *slog.Logger) *crawler {
	c := &crawler{ctx: ctx, dir: dir, sourcesFile: sourcesFile, concurrency: concurrency, k: k, logger: logger,
		made: func() {}, ended: func(*admin.CrawlSummary) {}, now: time.Now}
	if s, err := readLastCrawl(dir); err == nil {
		c.last = s
	}
	return c
}

// start starts a crawl in the background: admin.ErrCrawlBusy when one runs
// here or in another process. The sources file is read again for every
// crawl, so an edit needs no restart; a file that does not load is the
// crawl's failure.
func (c *crawler) start(trigger string) error {
	c.mu.Lock()
	if c.running {
		c.mu.Unlock()
		return admin.ErrCrawlBusy
	}
	c.running, c.since = true, c.now()
	start := c.since
	c.mu.Unlock()
	sources, err := source.Load(c.sourcesFile)
	var b *search.Build
	if err == nil {
		b, err = search.BeginBuild(c.dir, c.k.searchOptions())
	}
	if err != nil {
		c.mu.Lock()
		c.running = false
		c.mu.Unlock()
		if errors.Is(err, search.ErrCrawlRunning) {
			return fmt.Errorf("%w: %w", admin.ErrCrawlBusy, err)
		}
		c.finish(trigger, start, crawlResult{}, err)
		return err
	}
	job := crawlJob{dir: c.dir, sources: sources, concurrency: c.concurrency}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		c.logger.Info("crawl started", "trigger", trigger)
		res, err := job.runBuild(c.ctx, b, c.logger, c.k)
		c.finish(trigger, start, res, err)
		if err == nil && res.live {
			c.made()
		}
	}()
	return nil
}

// finish keeps and logs the summary of a crawl.
func (c *crawler) finish(trigger string, start time.Time, res crawlResult, err error) {
	s := newSummary(trigger, start, c.now(), res, err)
	if err != nil {
		c.logger.Error("crawl failed", "trigger", trigger, "err", err, "duration", s.Duration)
	} else {
		c.logger.Info("crawl done", "trigger", trigger, "fetched", s.Fetched, "new", s.New, "updated", s.Updated,
			"removed", s.Removed, "errors", s.Errors, "live", s.Live, "duration", s.Duration)
	}
	if werr := writeLastCrawl(c.dir, s); werr != nil {
		c.logger.Warn("crawl summary not saved", "err", werr)
	}
	c.mu.Lock()
	c.last, c.running = s, false
	c.mu.Unlock()
	c.ended(s)
}

// wait waits for a running crawl to end.
func (c *crawler) wait() { c.wg.Wait() }

// schedule starts a crawl every interval until ctx is done, skipping a
// tick while a crawl runs.
func (c *crawler) schedule(ctx context.Context, every time.Duration) {
	c.mu.Lock()
	c.every, c.next = every, c.now().Add(every)
	c.mu.Unlock()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		c.mu.Lock()
		c.next = c.now().Add(every)
		c.mu.Unlock()
		if err := c.start("schedule"); errors.Is(err, admin.ErrCrawlBusy) {
			c.mu.Lock()
			c.skipped++
			c.mu.Unlock()
			c.logger.Info("scheduled crawl skipped: a crawl is running", "err", err)
		} else if err != nil {
			c.logger.Error("scheduled crawl not started", "err", err)
		}
	}
}

// status reports the crawls; the last one is the newer of this process's
// and the one casus crawl (from cron) left in the index directory.
func (c *crawler) status() admin.CrawlStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := admin.CrawlStatus{Running: c.running, Last: c.last}
	if c.every > 0 {
		st.Every = c.every.String()
		next := c.next
		st.Next = &next
	}
	if c.running {
		since := c.since
		st.Since = &since
	}
	if s, err := readLastCrawl(c.dir); err == nil && (st.Last == nil || s.End.After(st.Last.End)) {
		st.Last = s
	}
	return st
}

// readLastCrawl reads the last crawl's summary from dir.
func readLastCrawl(dir string) (*admin.CrawlSummary, error) {
	data, err := os.ReadFile(filepath.Join(dir, lastCrawlFile))
	if err != nil {
		return nil, err
	}
	var s admin.CrawlSummary
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("read %s: %w", lastCrawlFile, err)
	}
	return &s, nil
}

// writeLastCrawl writes s to dir atomically (temporary file and rename).
func writeLastCrawl(dir string, s *admin.CrawlSummary) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+lastCrawlFile+".*.tmp")
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no index directory (the crawl could not make one)
	}
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, lastCrawlFile))
	}
	return err
}

// newSummary summarises a crawl from start to end.
func newSummary(trigger string, start, end time.Time, res crawlResult, err error) *admin.CrawlSummary {
	s := &admin.CrawlSummary{
		Trigger: trigger, Start: start, End: end,
		Duration: end.Sub(start).Round(time.Millisecond).String(), Seconds: end.Sub(start).Seconds(),
		Fetched: res.summary.Fetched, New: res.summary.New, Updated: res.summary.Updated,
		Unchanged: res.summary.Unchanged, Removed: res.summary.Removed, Skipped: res.summary.Skipped,
		Errors: res.summary.Errors, SkipReasons: res.summary.SkipReasons, Live: res.live,
	}
	if err != nil {
		s.Error = err.Error()
	}
	return s
}
