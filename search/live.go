package search

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"

	"github.com/casus-nl/casus"
)

// Live is the read-only, serving view of an index directory: it searches
// the generation named in CURRENT and, on Refresh, switches to a newer one.
// Searches go through a bleve.IndexAlias, whose Swap waits for searches in
// flight, so a switch neither fails nor blocks a request beyond that.
type Live struct {
	dir   string
	opts  Options
	alias bleve.IndexAlias
	ix    *Index

	// mu guards name and current. Reading the current generation's
	// dictionaries for a search holds it shared, so Refresh waits for them
	// as the alias waits for searches.
	mu      sync.RWMutex
	name    string
	current *Index
	// cache holds what was computed from the current generation; a switch
	// starts an empty one.
	cache atomic.Pointer[genCache]
}

// searchesPerCore is how many uncached searches run at once per core: one
// keeps every core busy without making each search slower.
const searchesPerCore = 1

// OpenLive opens the live generation of dir read-only. It fails when dir
// holds no generation yet.
func OpenLive(dir string, opts Options) (*Live, error) {
	if dir == "" {
		return nil, fmt.Errorf("open index: no directory given: %w", casus.ErrInvalid)
	}
	if err := checkLayout(dir); err != nil {
		return nil, err
	}
	name, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, fmt.Errorf("index %s has no live generation yet: run casus crawl first", dir)
	}
	child, err := openReadOnly(filepath.Join(dir, name), opts)
	if err != nil {
		return nil, err
	}
	alias := bleve.NewIndexAlias(child.idx)
	l := &Live{dir: dir, opts: opts, alias: alias, name: name, current: child}
	l.cache.Store(newGenCache())
	ix := *child
	ix.idx = alias
	ix.dictionaries = l.dictionaries
	ix.caches = l.cache.Load
	ix.gate = newGate(searchesPerCore * runtime.GOMAXPROCS(0))
	l.ix = &ix
	return l, nil
}

// dictionaries lends out the current generation for reading its term
// dictionaries; release returns it.
func (l *Live) dictionaries() (bleve.Index, func(), error) {
	l.mu.RLock()
	if l.current == nil {
		l.mu.RUnlock()
		return nil, nil, fmt.Errorf("read index %s: %w", l.dir, casus.ErrUnavailable)
	}
	return l.current.idx, l.mu.RUnlock, nil
}

// Index is the searchable index; it follows every Refresh.
func (l *Live) Index() *Index { return l.ix }

// Generation names the generation being served.
func (l *Live) Generation() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.name
}

// Refresh switches to the generation CURRENT names when it is a new one,
// and reports whether it switched. On error the served generation stays.
func (l *Live) Refresh() (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.current == nil {
		return false, fmt.Errorf("refresh index %s: %w", l.dir, casus.ErrUnavailable)
	}
	name, err := readCurrent(l.dir)
	if err != nil || name == "" || name == l.name {
		return false, err
	}
	next, err := openReadOnly(filepath.Join(l.dir, name), l.opts)
	if err != nil {
		return false, err
	}
	old := l.current
	// Swap takes the alias's write lock: it returns once no search still
	// reads the old generation, which can then be closed.
	l.alias.Swap([]bleve.Index{next.idx}, []bleve.Index{old.idx})
	l.current, l.name = next, name
	// Answers computed from the old generation go with it; a search still
	// finishing on it fills the old cache, which nobody reads any more.
	l.cache.Store(newGenCache())
	if err := old.Close(); err != nil {
		return true, fmt.Errorf("close old generation: %w", err)
	}
	return true, nil
}

// Close closes the served generation; searches then fail with
// casus.ErrUnavailable.
func (l *Live) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.current == nil {
		return nil
	}
	err := errors.Join(l.alias.Close(), l.current.Close())
	l.current = nil
	return err
}
