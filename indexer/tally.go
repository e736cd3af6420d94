package indexer

import (
	"fmt"
	"sync"
)

// The keys of Summary.SkipReasons and of skipped events.
const (
	// ReasonDisallowed: robots.txt disallows the URL; it was not requested.
	ReasonDisallowed = "disallowed"
	// ReasonNotHTML: a PDF, image or other non-HTML resource.
	ReasonNotHTML = "not_html"
	// ReasonNoIndex: the page asks not to be indexed.
	ReasonNoIndex = "noindex"
	// ReasonTooLarge: the body exceeds the fetch size bound.
	ReasonTooLarge = "too_large"
	// ReasonDuplicate: another URL already gave the same canonical page.
	ReasonDuplicate = "duplicate"
	// ReasonDepth: the link lies deeper than Options.MaxDepth.
	ReasonDepth = "depth"
	// ReasonURLTooLong: the URL is longer than Options.MaxURLLength.
	ReasonURLTooLong = "url_too_long"
	// ReasonMaxPages: the source's max_pages was reached.
	ReasonMaxPages = "max_pages"
	// ReasonSitemapLimit: a sitemap bound (files per source, URLs per
	// file, nesting of indexes) left URLs unread.
	ReasonSitemapLimit = "sitemap_limit"
	// ReasonOffScope: a redirect (of a page, sitemap or robots.txt) to a
	// host outside the source; it was not followed.
	ReasonOffScope = "off_scope"
	// ReasonForbiddenAddress: the host resolved to a loopback, private or
	// link-local address that the source does not name as its host; no
	// connection was made.
	ReasonForbiddenAddress = "forbidden_address"
	// ReasonEmpty: the page has no text after extraction.
	ReasonEmpty = "empty"
)

// tally counts outcomes and reports them as events. It is safe for
// concurrent use.
type tally struct {
	mu      sync.Mutex
	sum     Summary
	onEvent func(Event)
}

func newTally(onEvent func(Event)) *tally {
	return &tally{sum: Summary{SkipReasons: map[string]int{}}, onEvent: onEvent}
}

func (t *tally) emit(e Event) {
	if t.onEvent != nil {
		t.onEvent(e)
	}
}

func (t *tally) fetched(src, u string) {
	t.mu.Lock()
	t.sum.Fetched++
	t.mu.Unlock()
	t.emit(Event{Source: src, URL: u, Kind: EventFetched})
}

// indexed counts a written document, new or an update of a stored one.
func (t *tally) indexed(src, u string, update bool) {
	t.mu.Lock()
	if update {
		t.sum.Updated++
	} else {
		t.sum.New++
	}
	t.mu.Unlock()
	t.emit(Event{Source: src, URL: u, Kind: EventIndexed})
}

// unchanged counts a stored page that needs no write.
func (t *tally) unchanged(src, u string) {
	t.mu.Lock()
	t.sum.Unchanged++
	t.mu.Unlock()
	t.emit(Event{Source: src, URL: u, Kind: EventUnchanged})
}

// removed counts a document deleted because its page is gone.
func (t *tally) removed(src, u string) {
	t.mu.Lock()
	t.sum.Removed++
	t.mu.Unlock()
	t.emit(Event{Source: src, URL: u, Kind: EventRemoved})
}

func (t *tally) skipped(src, u, reason string) {
	t.mu.Lock()
	t.sum.Skipped++
	t.sum.SkipReasons[reason]++
	t.mu.Unlock()
	t.emit(Event{Source: src, URL: u, Kind: EventSkipped, Reason: reason})
}

// skippedMany counts n URLs left out at once for one reason, u being where
// they were listed; one event reports them all.
func (t *tally) skippedMany(src, u, reason string, n int) {
	t.mu.Lock()
	t.sum.Skipped += n
	t.sum.SkipReasons[reason] += n
	t.mu.Unlock()
	t.emit(Event{Source: src, URL: u, Kind: EventSkipped, Reason: fmt.Sprintf("%s (%d URLs)", reason, n)})
}

func (t *tally) failed(src, u, key string, err error) {
	t.mu.Lock()
	t.sum.Errors++
	t.mu.Unlock()
	t.emit(Event{Source: src, URL: u, Kind: EventFailed, Reason: fmt.Sprintf("%s: %v", key, err)})
}

func (t *tally) summary() Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.sum
	s.SkipReasons = make(map[string]int, len(t.sum.SkipReasons))
	for k, v := range t.sum.SkipReasons {
		s.SkipReasons[k] = v
	}
	return s
}
