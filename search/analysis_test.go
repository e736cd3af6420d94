package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// token is the part of an analysed token the table pins: the term and where
// it sits in the original text.
type token struct {
	Term       string
	Start, End int
}

func TestAnalyzer(t *testing.T) {
	m, err := newMapping(Disable{})
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(analyzerName)
	if a == nil {
		t.Fatalf("analyzer %s missing", analyzerName)
	}
	tests := []struct {
		in   string
		want []token
	}{
		{"wijkteams", []token{{"wijkteam", 0, 9}}},
		{"Wijkteam", []token{{"wijkteam", 0, 8}}},
		{"inkoop van jeugdzorg", []token{{"inkop", 0, 6}, {"jeugdzorg", 11, 20}}},
		{"de gemeente en het college", []token{{"gemeent", 3, 11}, {"colleg", 19, 26}}},
		// Folding keeps the offsets of the original bytes ("ë" is two).
		{"financiën", []token{{"financien", 0, 10}}},
		{"financien", []token{{"financien", 0, 9}}},
		{"Coördinatie", []token{{"coordinatie", 0, 12}}},
		{"subsidiëring geïnvesteerd", []token{{"subsidier", 0, 13}, {"geinvesteerd", 14, 27}}},
		{"Fryslân", []token{{"fryslan", 0, 8}}},
		{"Wmo-consulent", []token{{"wmo", 0, 3}, {"consulent", 4, 13}}},
		{"jeugd-ggz", []token{{"jeugd", 0, 5}, {"ggz", 6, 9}}},
		{"lichamelijke", []token{{"licham", 0, 12}}},
		{"van de het een", nil},
		{"", nil},
	}
	for _, tt := range tests {
		var got []token
		for _, tok := range a.Analyze([]byte(tt.in)) {
			got = append(got, token{string(tok.Term), tok.Start, tok.End})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Analyze(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"coordinatie", "coordinatie"},
		{"coördinatie", "coordinatie"},
		{"financiën", "financien"},
		{"café", "cafe"},
		{"e\u0301e", "ee"}, // already decomposed
		{"ĳssel", "ĳssel"}, // the ij ligature has no combining mark to drop
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(fold([]byte(tt.in))); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
