package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

// TestPartsOnly checks that a result says which words matched only
// through their parts, and only those.
func TestPartsOnly(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	tests := []struct {
		text      string
		want      []string
		wantFound bool
	}{
		// Nobody wrote "kwartiermakerbudget"; its parts are in the cases.
		{"kwartiermakerbudget", []string{"kwartiermakerbudget"}, true},
		{"wijkteam kwartiermakerbudget", []string{"kwartiermakerbudget"}, true},
		// Whole words, a stem, a part of longer compounds, a near spelling.
		{"jeugdzorg", nil, true},
		{"wijkteams", nil, true},
		{"zorg", nil, true},
		{"jeugdzrog", nil, true},
		// A phrase is never split.
		{`"kwartiermakerbudget"`, nil, false},
		// Nothing matches: nothing to explain.
		{"xyzzyplof", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := mustSearch(t, ix, casus.Query{Text: tt.text})
			if (r.Total > 0) != tt.wantFound {
				t.Fatalf("Total = %d, want found %v", r.Total, tt.wantFound)
			}
			if diff := cmp.Diff(tt.want, r.PartsOnly); diff != "" {
				t.Errorf("PartsOnly (-want +got):\n%s", diff)
			}
		})
	}
}
