package search

import "sync"

// writeLog is the bookkeeping of an index being written that its spelling
// words need: a document's words are taken off the counts when it is
// replaced or deleted, so its version in the index must be read before the
// write and no other write of it may overlap. It is safe for concurrent use.
type writeLog struct {
	mu   sync.Mutex
	idle *sync.Cond
	// busy holds the ids being written now.
	busy map[string]bool
	// written holds the ids written to an index created empty, the only
	// ones it may hold; nil for an index that held documents when opened.
	written map[string]bool
}

// newWriteLog returns the log of an index created empty when empty is set,
// else of one that may hold any id.
func newWriteLog(empty bool) *writeLog {
	w := &writeLog{busy: map[string]bool{}}
	w.idle = sync.NewCond(&w.mu)
	if empty {
		w.written = map[string]bool{}
	}
	return w
}

// begin waits until no write of any of ids is under way and marks them
// all as being written; end unmarks them.
func (w *writeLog) begin(ids []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.anyBusy(ids) {
		w.idle.Wait()
	}
	for _, id := range ids {
		w.busy[id] = true
	}
}

func (w *writeLog) anyBusy(ids []string) bool {
	for _, id := range ids {
		if w.busy[id] {
			return true
		}
	}
	return false
}

// end marks ids as no longer being written.
func (w *writeLog) end(ids []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, id := range ids {
		delete(w.busy, id)
	}
	w.idle.Broadcast()
}

// wrote records that documents with ids are in the index.
func (w *writeLog) wrote(ids []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.written == nil {
		return
	}
	for _, id := range ids {
		w.written[id] = true
	}
}

// mayHold reports whether the index may hold a document with id.
func (w *writeLog) mayHold(id string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.written == nil || w.written[id]
}
