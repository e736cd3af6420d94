package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/casus-nl/casus"
)

// Build is one crawl's change to an index directory. It holds the crawl
// lock, reads the live generation read-only, and writes a new generation,
// a copy of the live one, only on the first change. Commit makes the new
// generation live; Close without Commit leaves the live one untouched. A
// Build is safe for concurrent use.
type Build struct {
	dir  string
	opts Options
	lock *crawlLock
	// base is the live generation when the build began; nil in an empty
	// directory.
	base     *Index
	baseName string

	mu       chan struct{} // a one-slot semaphore, so ctx can abandon the wait
	next     *Index
	nextName string
	done     bool
	// writing counts the writes in flight on next, which run outside mu
	// so that batches are analysed and written side by side; Commit and
	// Close wait for them.
	writing sync.WaitGroup
}

// BeginBuild starts a crawl's change of the index directory dir, creating
// it when missing. It fails at once with ErrCrawlRunning when another crawl
// holds the directory.
func BeginBuild(dir string, opts Options) (*Build, error) {
	if dir == "" {
		return nil, fmt.Errorf("open index: no directory given: %w", casus.ErrInvalid)
	}
	if err := checkLayout(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index directory: %w", err)
	}
	lock, err := lockCrawl(dir)
	if err != nil {
		return nil, err
	}
	b := &Build{dir: dir, opts: opts, lock: lock, mu: make(chan struct{}, 1)}
	if b.baseName, err = readCurrent(dir); err != nil {
		_ = lock.release()
		return nil, err
	}
	if b.baseName != "" {
		if b.base, err = openBuildBase(dir, b.baseName, opts); err != nil {
			_ = lock.release()
			return nil, err
		}
	}
	if err := removeStale(dir); err != nil {
		_ = b.Close()
		return nil, err
	}
	if b.base != nil && b.base.version != mappingVersion {
		// An index from an older casus is migrated at once, so that even a
		// crawl that changes nothing leaves a generation servers can open.
		if err := b.startNext(); err != nil {
			_ = b.Close()
			return nil, err
		}
	}
	return b, nil
}

// State returns the crawl state of a source as the build sees it.
func (b *Build) State(ctx context.Context, source string) (map[string]PageState, error) {
	ix, err := b.reader(ctx)
	if err != nil || ix == nil {
		return map[string]PageState{}, err
	}
	return ix.State(ctx, source)
}

// Put adds or replaces documents without crawl state.
func (b *Build) Put(ctx context.Context, docs []casus.Document) error {
	return b.write(ctx, func(ix *Index) error { return ix.Put(ctx, docs) })
}

// PutRecords adds or replaces documents with their crawl state.
func (b *Build) PutRecords(ctx context.Context, recs []Record) error {
	return b.write(ctx, func(ix *Index) error { return ix.PutRecords(ctx, recs) })
}

// Delete removes documents by id.
func (b *Build) Delete(ctx context.Context, ids []string) error {
	return b.write(ctx, func(ix *Index) error { return ix.Delete(ctx, ids) })
}

// reader returns the index that holds the build's current state: the new
// generation once written, else the live one (nil in an empty directory).
func (b *Build) reader(ctx context.Context) (*Index, error) {
	select {
	case b.mu <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("index build: %w", ctx.Err())
	}
	defer func() { <-b.mu }()
	if b.next != nil {
		return b.next, nil
	}
	return b.base, nil
}

// write runs fn on the new generation, creating it first. Writes may run
// at the same time.
func (b *Build) write(ctx context.Context, fn func(*Index) error) error {
	select {
	case b.mu <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("index build: %w", ctx.Err())
	}
	if b.done {
		<-b.mu
		return fmt.Errorf("index build is finished: %w", casus.ErrUnavailable)
	}
	if b.next == nil {
		if err := b.startNext(); err != nil {
			<-b.mu
			return err
		}
	}
	next := b.next
	b.writing.Add(1)
	<-b.mu
	defer b.writing.Done()
	return fn(next)
}

// startNext creates the new generation as a copy of the live one or, when
// the live one has an older mapping, by writing its documents again.
func (b *Build) startNext() error {
	gens, err := generations(b.dir)
	if err != nil {
		return err
	}
	n := 1
	if len(gens) > 0 {
		n = slices.Max(gens) + 1
	}
	name := fmt.Sprintf("%s%d", genPrefix, n)
	path := filepath.Join(b.dir, name)
	migrate := b.base != nil && b.base.version != mappingVersion
	if b.base != nil && !migrate {
		if err := copyTree(filepath.Join(b.dir, b.baseName), path); err != nil {
			_ = os.RemoveAll(path)
			return fmt.Errorf("copy generation %s: %w", b.baseName, err)
		}
	}
	ix, err := Open(path, b.opts)
	if err != nil {
		_ = os.RemoveAll(path)
		return err
	}
	if migrate {
		if err := b.migrate(ix); err != nil {
			_ = ix.Close()
			_ = os.RemoveAll(path)
			return err
		}
	}
	b.next, b.nextName = ix, name
	return nil
}

// migrate writes every document and crawl state of the live generation into
// ix, which analyses and fills them by the current mapping.
func (b *Build) migrate(ix *Index) error {
	ctx := context.Background()
	recs, err := b.base.records(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s from mapping version %q: %w", b.baseName, b.base.version, err)
	}
	if err := ix.PutRecords(ctx, recs); err != nil {
		return fmt.Errorf("migrate %s from mapping version %q: %w", b.baseName, b.base.version, err)
	}
	return nil
}

// Commit marks the new generation finished, makes it live and removes all
// generations but it and the one before it (see removeStale). It reports
// false, and changes nothing, when the build wrote nothing. The Build is
// finished either way; Close it.
func (b *Build) Commit() (bool, error) {
	b.mu <- struct{}{}
	defer func() { <-b.mu }()
	if b.done {
		return false, fmt.Errorf("index build is finished: %w", casus.ErrUnavailable)
	}
	b.done = true
	b.writing.Wait()
	if b.next == nil {
		return false, nil
	}
	next := b.next
	b.next = nil
	if err := next.compact(); err != nil {
		_ = next.Close()
		_ = os.RemoveAll(filepath.Join(b.dir, b.nextName))
		return false, err
	}
	if err := next.Close(); err != nil {
		_ = os.RemoveAll(filepath.Join(b.dir, b.nextName))
		return false, err
	}
	if err := finishGeneration(b.dir, b.nextName, b.baseName); err != nil {
		_ = os.RemoveAll(filepath.Join(b.dir, b.nextName))
		return false, err
	}
	if err := writeCurrent(b.dir, b.nextName); err != nil {
		// CURRENT names the new generation or still the old one; the
		// other one goes.
		_ = removeStale(b.dir)
		return false, err
	}
	return true, removeStale(b.dir)
}

// Close ends the build: an uncommitted new generation is removed, the live
// one is closed, and the crawl lock released.
func (b *Build) Close() error {
	b.mu <- struct{}{}
	defer func() { <-b.mu }()
	b.done = true
	b.writing.Wait()
	var errs []error
	if b.next != nil {
		errs = append(errs, b.next.Close(), os.RemoveAll(filepath.Join(b.dir, b.nextName)))
		b.next = nil
	}
	if b.base != nil {
		errs = append(errs, b.base.Close())
		b.base = nil
	}
	if b.lock != nil {
		errs = append(errs, b.lock.release())
		b.lock = nil
	}
	return errors.Join(errs...)
}

// openReadOnly opens the bleve index at path for reading only and requires
// the current mapping. bolt takes a shared lock, so any number of readers
// may open it at once.
func openReadOnly(path string, opts Options) (*Index, error) {
	ix, err := openBase(path, opts)
	if err != nil {
		return nil, err
	}
	return ix, ix.requireCurrent(path)
}

// openBase opens the bleve index at path read-only, whatever its mapping
// version, so a build can migrate an older one.
func openBase(path string, opts Options) (*Index, error) {
	// The stored mapping names our components; they must be registered.
	if err := registerComponents(); err != nil {
		return nil, err
	}
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true, "bolt_timeout": lockTimeout.String()})
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix, err := newIndex(idx, false, opts, path)
	if err != nil || ix.version != mappingVersion {
		return ix, err
	}
	if ix.wordList, err = readWordList(path); err != nil {
		_ = ix.idx.Close()
		return nil, err
	}
	return ix, nil
}
