package search

import "sync"

// maxLocalWords bounds the words a local memo remembers; past it the local
// memo starts afresh. In the generated corpus the 4,096 most common words
// are 99% of all words written.
const maxLocalWords = 1 << 12

// wordMemo remembers a value computed from each word (a stem, the parts of
// a compound), safe for concurrent use. It remembers in two levels: a shared
// map of up to maxShared words, and small local maps lent to one analysis
// at a time. The common words are found in the local map, without a lock
// and in memory the processor keeps close; looking every word up in the
// large shared map cost a build more than the stemming and splitting it
// saved.
type wordMemo[V any] struct {
	compute   func(string) V
	maxShared int

	mu     sync.RWMutex
	shared map[string]V
	// locals holds the *localMemo of the analyses not running.
	locals sync.Pool
}

// localMemo is the memory of one analysis at a time.
type localMemo[V any] struct {
	values map[string]V
}

// newWordMemo returns a memory of compute's values of up to maxShared words.
func newWordMemo[V any](compute func(string) V, maxShared int) *wordMemo[V] {
	return &wordMemo[V]{compute: compute, maxShared: maxShared, shared: make(map[string]V)}
}

// borrow lends out a local memo, to be given back with giveBack.
func (m *wordMemo[V]) borrow() *localMemo[V] {
	if l, ok := m.locals.Get().(*localMemo[V]); ok {
		return l
	}
	return &localMemo[V]{values: make(map[string]V)}
}

// giveBack returns a local memo lent by borrow.
func (m *wordMemo[V]) giveBack(l *localMemo[V]) {
	m.locals.Put(l)
}

// get returns the value of word, from l, from the shared map, or computed.
func (m *wordMemo[V]) get(l *localMemo[V], word []byte) V {
	if v, ok := l.values[string(word)]; ok {
		return v
	}
	m.mu.RLock()
	v, ok := m.shared[string(word)]
	m.mu.RUnlock()
	w := string(word)
	if !ok {
		v = m.compute(w)
		m.mu.Lock()
		if len(m.shared) >= m.maxShared {
			m.shared = make(map[string]V, len(m.shared))
		}
		m.shared[w] = v
		m.mu.Unlock()
	}
	if len(l.values) >= maxLocalWords {
		clear(l.values)
	}
	l.values[w] = v
	return v
}
