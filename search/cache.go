package search

import (
	"context"
	"errors"
	"fmt"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/semaphore"
	"golang.org/x/sync/singleflight"

	"github.com/casus-nl/casus"
)

// A generation never changes once published, so whatever is computed from
// it can be reused until the server switches to the next one. The bounds
// below keep the memory of the caches well under the serving budget: a
// search result with its facet lists is a few tens of kilobytes.
const (
	// maxCachedSearches bounds the cached search results per generation.
	maxCachedSearches = 4096
	// maxCachedSuggestions bounds the cached suggestion lists.
	maxCachedSuggestions = 8192
	// maxCachedSimilar bounds the cached similar-case lists.
	maxCachedSimilar = 2048
	// maxCachedNear bounds the cached near spellings of query words.
	maxCachedNear = 16384
)

// genCache holds the answers computed from one generation. Values are
// shared between callers and must not be changed.
type genCache struct {
	searches    *lru.Cache[string, casus.Result]
	suggestions *lru.Cache[string, casus.Suggestions]
	similar     *lru.Cache[string, []casus.Hit]
	// near holds the dictionary words near a query word (typo tolerance,
	// did-you-mean): a dictionary scan each otherwise.
	near *lru.Cache[string, []entry]
	// cols are the generation's facet and date columns.
	cols *columns
	// flight runs one computation per key at a time: a burst of the same
	// query costs one search.
	flight singleflight.Group
}

// newGenCache returns empty caches for a generation with the given columns.
func newGenCache(cols *columns) *genCache {
	// lru.New fails only for a size below one.
	searches, _ := lru.New[string, casus.Result](maxCachedSearches)
	suggestions, _ := lru.New[string, casus.Suggestions](maxCachedSuggestions)
	similar, _ := lru.New[string, []casus.Hit](maxCachedSimilar)
	near, _ := lru.New[string, []entry](maxCachedNear)
	return &genCache{searches: searches, suggestions: suggestions, similar: similar, near: near, cols: cols}
}

// cached returns the value of key from c, or computes it once for all
// callers asking at the same time and keeps it unless it failed. kind
// names the kind of answer: all kinds share one flight group, where the
// same key may stand for a suggestion and for similar cases. The
// computation is shared, so it runs on ctx's values without its
// cancellation: one caller giving up does not fail the others. A nil c (an
// index without caching) always computes, on ctx. hit reports whether the
// value was already there.
func cached[V any](ctx context.Context, c *genCache, kind string, store func(*genCache) *lru.Cache[string, V], key string, compute func(context.Context) (V, error)) (v V, hit bool, err error) {
	if c == nil {
		v, err := compute(ctx)
		return v, false, err
	}
	if v, ok := store(c).Get(key); ok {
		return v, true, nil
	}
	shared := context.WithoutCancel(ctx)
	ch := c.flight.DoChan(kind+"\x00"+key, func() (any, error) {
		v, err := compute(shared)
		if err == nil {
			store(c).Add(key, v)
		}
		return v, err
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			var zero V
			return zero, false, r.Err
		}
		return r.Val.(V), false, nil
	case <-ctx.Done():
		var zero V
		return zero, false, fmt.Errorf("wait for a result: %w", ctx.Err())
	}
}

// Work bounds. A search that is not cached costs CPU in proportion to the
// cases it matches; running more of them at once than there are cores only
// makes each slower, so the rest wait their turn, and a request that would
// wait too long is turned away with ErrOverloaded instead of queueing
// forever.
const (
	// maxQueueWait is how long a request waits for its turn.
	maxQueueWait = 2 * time.Second
	// maxSearchTime bounds one search once it runs.
	maxSearchTime = 10 * time.Second
)

// ErrOverloaded: the server is busy with other searches; try again shortly.
var ErrOverloaded = fmt.Errorf("%w: too many searches at once", casus.ErrOverloaded)

// gate admits a bounded number of computations at a time.
type gate struct {
	sem *semaphore.Weighted
	// queueWait and runTime are maxQueueWait and maxSearchTime.
	queueWait, runTime time.Duration
}

// newGate admits n computations at a time.
func newGate(n int) *gate {
	return &gate{sem: semaphore.NewWeighted(int64(n)), queueWait: maxQueueWait, runTime: maxSearchTime}
}

// run waits up to maxQueueWait for a turn and then runs fn with a context
// bounded by maxSearchTime. A nil gate runs fn at once.
func (g *gate) run(ctx context.Context, fn func(context.Context) error) error {
	if g == nil {
		return fn(ctx)
	}
	wait, cancel := context.WithTimeout(ctx, g.queueWait)
	err := g.sem.Acquire(wait, 1)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("wait for a turn: %w", ctx.Err())
		}
		return ErrOverloaded
	}
	defer g.sem.Release(1)
	run, cancelRun := context.WithTimeout(ctx, g.runTime)
	defer cancelRun()
	if err := fn(run); err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			return fmt.Errorf("search took longer than %s: %w", g.runTime, ErrOverloaded)
		}
		return err
	}
	return nil
}
