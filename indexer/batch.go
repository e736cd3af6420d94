package indexer

import (
	"context"
	"sync"

	"github.com/casus-nl/casus"
)

// batcher collects documents and writes them to the sink in batches. The
// first sink error stops the crawl: documents that cannot be stored make
// the crawl incomplete.
type batcher struct {
	sink  Sink
	size  int
	tally *tally
	stop  context.CancelCauseFunc

	mu   sync.Mutex
	docs []casus.Document
	err  error
}

// add queues doc and writes the batch when it is full.
func (b *batcher) add(ctx context.Context, doc casus.Document) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.docs = append(b.docs, doc)
	if len(b.docs) >= b.size {
		b.putLocked(ctx)
	}
}

// flush writes what is queued.
func (b *batcher) flush(ctx context.Context) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.putLocked(ctx)
}

func (b *batcher) putLocked(ctx context.Context) {
	if len(b.docs) == 0 {
		return
	}
	if b.err != nil {
		for _, d := range b.docs {
			b.tally.failed(d.Source, d.URL, "sink", b.err)
		}
		b.docs = nil
		return
	}
	if ctx.Err() != nil {
		return // the crawl is ending: the final flush, with its own context, stores them
	}
	if err := b.sink.Put(ctx, b.docs); err != nil {
		if ctx.Err() != nil {
			return // interrupted rather than failed: the final flush tries again
		}
		b.err = err
		b.stop(err)
		for _, d := range b.docs {
			b.tally.failed(d.Source, d.URL, "sink", err)
		}
		b.docs = nil
		return
	}
	for _, d := range b.docs {
		b.tally.indexed(d.Source, d.URL)
	}
	b.docs = nil
}

// failed returns the sink error, if any.
func (b *batcher) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}
