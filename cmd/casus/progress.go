package main

import (
	"fmt"
	"io"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/casus-nl/casus/indexer"
)

// Settings of the live progress bar.
const (
	// progressRedraw bounds how often the bar is redrawn: events come far
	// faster than a person can read.
	progressRedraw = 100 * time.Millisecond
	// progressSpinner is the progressbar spinner shown while the number of
	// pages still to come is unknown (the crawler does not report its queue).
	progressSpinner = 14
)

// progress reports a crawl as it happens: on a terminal as a live bar with
// counts and rate, elsewhere as log lines. It is safe for concurrent use, as
// indexer.Options.OnEvent requires.
type progress struct {
	w      io.Writer
	logger *slog.Logger
	// bar is nil when not on a terminal.
	bar   *progressbar.ProgressBar
	start time.Time
	now   func() time.Time

	mu                                                    sync.Mutex
	fetched, indexed, unchanged, removed, skipped, failed int
}

// newProgress returns a reporter writing to w; on a terminal it draws a live
// progress bar, otherwise plain log lines go through logger.
func newProgress(w io.Writer, terminal bool, logger *slog.Logger) *progress {
	p := &progress{w: w, logger: logger, now: time.Now}
	p.start = p.now()
	if terminal {
		// The length is unknown (-1), so the bar is a spinner with counts:
		// the crawler finds pages as it goes.
		// The spinner's own redraw goroutine is off (interval 0), so the bar
		// is only drawn from Event and Finish, under p.mu, and never
		// interleaves with the failure lines written there.
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSpinnerType(progressSpinner),
			progressbar.OptionSetSpinnerChangeInterval(0),
			progressbar.OptionThrottle(progressRedraw),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetDescription("crawling"),
		)
	}
	return p
}

// Event counts one crawl event and reports it.
func (p *progress) Event(ev indexer.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev.Kind {
	case indexer.EventFetched:
		p.fetched++
	case indexer.EventIndexed:
		p.indexed++
	case indexer.EventUnchanged:
		p.unchanged++
	case indexer.EventRemoved:
		p.removed++
	case indexer.EventSkipped:
		p.skipped++
	case indexer.EventFailed:
		p.failed++
	default:
		return
	}
	if p.bar == nil {
		p.log(ev)
		return
	}
	if ev.Kind == indexer.EventFailed {
		// A failure gets a line of its own above the bar, so it stays
		// readable after the bar moves on.
		_ = p.bar.Clear()
		fmt.Fprintf(p.w, "failed %s: %s\n", ev.URL, ev.Reason)
	}
	p.bar.Describe(p.counts())
	if ev.Kind == indexer.EventFetched {
		_ = p.bar.Add(1)
	}
}

// log writes the log line of an event; fetched and unchanged pages get
// none: they are the quiet majority of a re-crawl, counted at the end.
func (p *progress) log(ev indexer.Event) {
	switch ev.Kind {
	case indexer.EventIndexed:
		p.logger.Info("indexed", "source", ev.Source, "url", ev.URL)
	case indexer.EventRemoved:
		p.logger.Info("removed", "source", ev.Source, "url", ev.URL, "reason", ev.Reason)
	case indexer.EventSkipped:
		p.logger.Info("skipped", "source", ev.Source, "url", ev.URL, "reason", ev.Reason)
	case indexer.EventFailed:
		p.logger.Warn("failed", "source", ev.Source, "url", ev.URL, "reason", ev.Reason)
	}
}

// Finish replaces the bar by a line with the final counts (on a terminal)
// or logs them.
func (p *progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		p.logger.Info("crawl progress", "fetched", p.fetched, "indexed", p.indexed,
			"unchanged", p.unchanged, "removed", p.removed,
			"skipped", p.skipped, "failed", p.failed, "pages_per_second", p.rate())
		return
	}
	p.bar.Describe(p.counts())
	_ = p.bar.Finish()
	fmt.Fprintf(p.w, "%s\n", p.counts())
}

// counts is the one-line state shown next to the bar; p.mu must be held.
func (p *progress) counts() string {
	return fmt.Sprintf("fetched %d · indexed %d · unchanged %d · removed %d · skipped %d · failed %d · %.1f pages/s",
		p.fetched, p.indexed, p.unchanged, p.removed, p.skipped, p.failed, p.rate())
}

// rate is pages fetched per second since the start, to one decimal: more
// precision is noise; p.mu must be held.
func (p *progress) rate() float64 {
	secs := p.now().Sub(p.start).Seconds()
	if secs <= 0 {
		return 0
	}
	return math.Round(float64(p.fetched)/secs*10) / 10
}
