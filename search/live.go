package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"

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

	// mu guards name, current and cache. A search holds it shared while it
	// reads the current generation, so Refresh waits for searches in
	// flight before it closes the old one.
	mu      sync.RWMutex
	name    string
	current *Index
	// cache holds what was computed from the current generation; a switch
	// starts a new one.
	cache *genCache

	// damaged names the generation Refresh last found damaged; it is not
	// opened again, and so reported once, until a switch to another one.
	// Only Refresh uses it.
	damaged string
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
	child, cache, err := openGeneration(dir, name, opts)
	if err != nil {
		return nil, err
	}
	alias := bleve.NewIndexAlias(child.idx)
	l := &Live{dir: dir, opts: opts, alias: alias, name: name, current: child, cache: cache}
	ix := *child
	ix.idx = alias
	ix.lend = l.lend
	ix.gate = newGate(searchesPerCore * runtime.GOMAXPROCS(0))
	l.ix = &ix
	return l, nil
}

// openGeneration opens generation name of dir read-only with new caches
// and its columns, which are read before it serves a search. A damaged
// generation (see verifyGeneration) is an error wrapping ErrDamaged.
func openGeneration(dir, name string, opts Options) (*Index, *genCache, error) {
	ix, err := openGuarded(dir, name, opts, openReadOnly)
	if err != nil {
		return nil, nil, err
	}
	cols, err := readGenColumns(ix, dir, name)
	if err != nil {
		_ = ix.Close()
		return nil, nil, fmt.Errorf("open index %s: %w", filepath.Join(dir, name), err)
	}
	return ix, newGenCache(cols), nil
}

// readGenColumns reads the columns of generation name of dir, a panic of
// the index library being the error of a damaged generation.
func readGenColumns(ix *Index, dir, name string) (cols *columns, err error) {
	defer recovered(dir, name, &err)
	return ix.readColumns(context.Background(), ix.idx)
}

// lend lends out the current generation and its caches; release returns
// it.
func (l *Live) lend() (lease, func(), error) {
	l.mu.RLock()
	if l.current == nil {
		l.mu.RUnlock()
		return lease{}, nil, fmt.Errorf("read index %s: %w", l.dir, casus.ErrUnavailable)
	}
	return lease{idx: l.current.idx, cache: l.cache, words: l.current.wordList}, l.mu.RUnlock, nil
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
// A damaged generation is reported once (an error wrapping ErrDamaged) and
// then left alone.
//
// Only one goroutine may call Refresh at a time. The new generation is
// opened and its columns read while the old one still serves; searches wait
// only for the switch itself.
func (l *Live) Refresh() (bool, error) {
	served := l.Generation()
	name, err := readCurrent(l.dir)
	if err != nil || name == "" || name == served || name == l.damaged {
		return false, err
	}
	next, cache, err := openGeneration(l.dir, name, l.opts)
	if errors.Is(err, ErrDamaged) {
		l.damaged = name
	}
	if err != nil {
		return false, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.current == nil {
		_ = next.Close()
		return false, fmt.Errorf("refresh index %s: %w", l.dir, casus.ErrUnavailable)
	}
	old := l.current
	// Swap takes the alias's write lock: it returns once no search still
	// reads the old generation, which can then be closed.
	l.alias.Swap([]bleve.Index{next.idx}, []bleve.Index{old.idx})
	// Answers computed from the old generation go with it.
	l.current, l.name, l.cache = next, name, cache
	l.damaged = ""
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
