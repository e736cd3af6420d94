package indexer

import (
	"context"
	"sync"

	"github.com/casus-nl/casus"
)

// batcher collects documents and writes them to the sink in batches (with
// their crawl state when the sink is a Store). The first sink error stops
// the crawl: documents that cannot be stored make the crawl incomplete.
type batcher struct {
	sink  Sink
	size  int
	tally *tally
	stop  context.CancelCauseFunc

	mu   sync.Mutex
	docs []pending
	err  error
}

// pending is a document waiting to be written.
type pending struct {
	Record
	// update: the document replaces a stored one.
	update bool
}

// add queues rec and writes the batch when it is full.
func (b *batcher) add(ctx context.Context, rec Record, update bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.docs = append(b.docs, pending{Record: rec, update: update})
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
			b.tally.failed(d.Doc.Source, d.Doc.URL, "sink", b.err)
		}
		b.docs = nil
		return
	}
	if ctx.Err() != nil {
		return // the crawl is ending: the final flush, with its own context, stores them
	}
	if err := b.write(ctx); err != nil {
		if ctx.Err() != nil {
			return // interrupted rather than failed: the final flush tries again
		}
		b.err = err
		b.stop(err)
		for _, d := range b.docs {
			b.tally.failed(d.Doc.Source, d.Doc.URL, "sink", err)
		}
		b.docs = nil
		return
	}
	for _, d := range b.docs {
		b.tally.indexed(d.Doc.Source, d.Doc.URL, d.update)
	}
	b.docs = nil
}

// write hands the queued documents to the sink.
func (b *batcher) write(ctx context.Context) error {
	if store, ok := b.sink.(Store); ok {
		recs := make([]Record, len(b.docs))
		for i, d := range b.docs {
			recs[i] = d.Record
		}
		return store.PutRecords(ctx, recs)
	}
	docs := make([]casus.Document, len(b.docs))
	for i, d := range b.docs {
		docs[i] = d.Doc
	}
	return b.sink.Put(ctx, docs)
}

// failed returns the sink error, if any.
func (b *batcher) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}
