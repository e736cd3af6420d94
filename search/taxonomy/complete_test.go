package taxonomy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompleteThemes(t *testing.T) {
	tx := load(t)
	tests := []struct {
		name   string
		prefix string
		n      int
		want   []string
	}{
		{"slug and label start", "jeug", 5, []string{"jeugd"}},
		{"label word inside", "wijkt", 5, []string{"toegang"}},
		{"diacritics and case ignored", "FINANCIË", 5, []string{"financien"}},
		{"start before inside", "s", 5, []string{"schulden", "welzijn", "financien"}},
		{"n bounds the list", "s", 2, []string{"schulden", "welzijn"}},
		{"two words in a row", "werk en ink", 5, []string{"participatie"}},
		{"short label words ignored", "en", 5, nil},
		{"no match", "olifant", 5, nil},
		{"empty prefix", "  ", 5, nil},
		{"zero n", "jeug", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tx.CompleteThemes(tt.prefix, tt.n)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("CompleteThemes(%q, %d) (-want +got):\n%s", tt.prefix, tt.n, diff)
			}
		})
	}
}
