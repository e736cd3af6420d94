package compare

import (
	"context"
	"testing"

	"github.com/casus-nl/casus"
)

func BenchmarkComparable(b *testing.B) {
	s, _ := newTestService(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Comparable(ctx, "GM0148", DefaultSize, casus.CaseFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkList(b *testing.B) {
	s, _ := newTestService(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.List(ctx, "", DefaultSize); err != nil {
			b.Fatal(err)
		}
	}
}
