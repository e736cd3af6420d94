package compare

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/casus-nl/casus"
)

func TestStatsCache(t *testing.T) {
	s, f := newTestService(t)
	clock := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	s.cache.now = func() time.Time { return clock }
	ctx := context.Background()
	steps := []struct {
		name      string
		advance   time.Duration
		err       error
		wantCalls int
		wantErr   error
	}{
		{"first count", 0, nil, 1, nil},
		{"fresh", statsMaxAge - time.Second, nil, 1, nil},
		{"expired", time.Second, nil, 2, nil},
		{"failed count", statsMaxAge, casus.ErrUnavailable, 3, casus.ErrUnavailable},
		{"failure not cached", 0, nil, 4, nil},
	}
	for _, st := range steps {
		clock = clock.Add(st.advance)
		f.err = st.err
		p, err := s.Profile(ctx, "GM0148")
		if !errors.Is(err, st.wantErr) {
			t.Fatalf("%s: err = %v, want %v", st.name, err, st.wantErr)
		}
		if err == nil && p.Cases != 4 {
			t.Errorf("%s: %d cases, want 4", st.name, p.Cases)
		}
		if f.statsCalls != st.wantCalls {
			t.Errorf("%s: %d counts, want %d", st.name, f.statsCalls, st.wantCalls)
		}
	}
}
