package gazetteer

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompleteCodes(t *testing.T) {
	g := load(t)
	tests := []struct {
		prefix string
		n      int
		want   []string
	}{
		{"dalf", 5, []string{"GM0148"}},
		{"beekd", 1, []string{"GM1954"}},
		{"xyzzy", 5, nil},
		{"", 5, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, g.CompleteCodes(tt.prefix, tt.n)); diff != "" {
			t.Errorf("CompleteCodes(%q, %d) (-want +got):\n%s", tt.prefix, tt.n, diff)
		}
	}
	// The codes follow Complete's order.
	var want []string
	for _, m := range g.Complete("a", 7) {
		want = append(want, m.Code)
	}
	if diff := cmp.Diff(want, g.CompleteCodes("a", 7)); diff != "" {
		t.Errorf("CompleteCodes(a) differs from Complete (-want +got):\n%s", diff)
	}
}
