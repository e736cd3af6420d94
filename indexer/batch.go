package indexer

import (
	"context"
	"sync"

	"github.com/casus-nl/casus"
)

// maxPutsInFlight bounds the batches written to the sink at the same time:
// while one is written, the next is filled and may be written too, so
// fetching and extraction go on; a third waits, which holds the crawl back
// to the pace of the index.
const maxPutsInFlight = 2

// batcher collects documents and writes them to the sink in batches (with
// their crawl state when the sink is a Store). The first storage error (of
// the sink, or reported by abort) stops the crawl: documents that cannot be
// stored make the crawl incomplete.
type batcher struct {
	sink  Sink
	size  int
	tally *tally
	stop  context.CancelCauseFunc
	// turns holds a token per batch being written.
	turns chan struct{}
	// writing counts the batches being written, which flush waits for.
	writing sync.WaitGroup

	mu   sync.Mutex
	docs []pending
	err  error
}

// newBatcher returns a batcher writing batches of size documents to sink.
func newBatcher(sink Sink, size int, t *tally, stop context.CancelCauseFunc) *batcher {
	return &batcher{sink: sink, size: size, tally: t, stop: stop, turns: make(chan struct{}, maxPutsInFlight)}
}

// pending is a document waiting to be written.
type pending struct {
	Record
	// update: the document replaces a stored one.
	update bool
}

// add queues a document and writes the batch once it is full.
func (b *batcher) add(ctx context.Context, rec Record, update bool) {
	b.mu.Lock()
	b.docs = append(b.docs, pending{Record: rec, update: update})
	if len(b.docs) < b.size {
		b.mu.Unlock()
		return
	}
	docs := b.docs
	b.docs = nil
	b.writing.Add(1)
	b.mu.Unlock()
	defer b.writing.Done()
	b.put(ctx, docs)
}

// flush writes what is queued, once the batches being written are done.
func (b *batcher) flush(ctx context.Context) {
	b.writing.Wait()
	b.mu.Lock()
	docs := b.docs
	b.docs = nil
	b.mu.Unlock()
	b.put(ctx, docs)
}

// put writes docs when a turn comes free. Documents of a write cut short
// by the end of the crawl go back in the queue for the final flush, which
// has its own context.
func (b *batcher) put(ctx context.Context, docs []pending) {
	if len(docs) == 0 {
		return
	}
	select {
	case b.turns <- struct{}{}:
	case <-ctx.Done():
		b.requeue(docs)
		return
	}
	defer func() { <-b.turns }()
	if err := b.failed(); err != nil {
		b.fail(docs, err)
		return
	}
	if ctx.Err() != nil {
		b.requeue(docs)
		return
	}
	if err := b.write(ctx, docs); err != nil {
		if ctx.Err() != nil {
			b.requeue(docs)
			return
		}
		b.abort(err)
		b.fail(docs, err)
		return
	}
	for _, d := range docs {
		b.tally.indexed(d.Doc.Source, d.Doc.URL, d.update)
	}
}

// abort records the first storage error and stops the crawl.
func (b *batcher) abort(err error) {
	b.mu.Lock()
	if b.err == nil {
		b.err = err
	}
	b.mu.Unlock()
	b.stop(err)
}

// requeue puts documents back in the queue.
func (b *batcher) requeue(docs []pending) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.docs = append(b.docs, docs...)
}

// fail counts documents that could not be stored.
func (b *batcher) fail(docs []pending, err error) {
	for _, d := range docs {
		b.tally.failed(d.Doc.Source, d.Doc.URL, "sink", err)
	}
}

// write hands documents to the sink.
func (b *batcher) write(ctx context.Context, docs []pending) error {
	if store, ok := b.sink.(Store); ok {
		recs := make([]Record, len(docs))
		for i, d := range docs {
			recs[i] = d.Record
		}
		return store.PutRecords(ctx, recs)
	}
	out := make([]casus.Document, len(docs))
	for i, d := range docs {
		out[i] = d.Doc
	}
	return b.sink.Put(ctx, out)
}

// failed returns the sink error, if any.
func (b *batcher) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}
