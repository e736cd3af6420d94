package compare

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/casus-nl/casus/search"
)

// statsMaxAge is how long the case counts are reused. Counting costs a few
// milliseconds per thousand cases (see search.Index.MunicipalityStats) and
// every municipality request needs them; a crawl's new cases show up at most
// this much later.
const statsMaxAge = 30 * time.Second

// statsCache keeps the last case counts for statsMaxAge. Callers share the
// map and must not change it.
type statsCache struct {
	// mu is held while counting, so concurrent requests wait for one count
	// instead of each starting their own.
	mu      sync.Mutex
	stats   map[string]search.MunicipalityStats
	counted time.Time
	// now is the clock; time.Now outside tests.
	now func() time.Time
}

// get returns the cached counts while they are fresh, else counts anew with
// cases. A failed count is not cached.
func (c *statsCache) get(ctx context.Context, cases Cases) (map[string]search.MunicipalityStats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if c.stats != nil && now.Sub(c.counted) < statsMaxAge {
		return c.stats, nil
	}
	st, err := cases.MunicipalityStats(ctx)
	if err != nil {
		return nil, fmt.Errorf("count cases per municipality: %w", err)
	}
	c.stats, c.counted = st, now
	return st, nil
}
