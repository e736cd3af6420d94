package enrich

import (
	"slices"
	"strings"
	"testing"

	"github.com/casus-nl/casus/search/taxonomy"
)

func TestInflections(t *testing.T) {
	tests := []struct {
		word string
		want []string // forms that must be produced
	}{
		{"wijkteam", []string{"wijkteam", "wijkteams"}},
		{"gemeente", []string{"gemeenten", "gemeentes"}},
		{"sociaal", []string{"sociale"}},
		{"financieel", []string{"financiele"}},
		{"budget", []string{"budgetten"}},
		{"gezin", []string{"gezinnen"}},
		{"beschut", []string{"beschutte"}},
		{"werkproces", []string{"werkprocessen"}},
		{"tarief", []string{"tarieven"}},
		{"buurthuis", []string{"buurthuizen"}},
		{"aanbesteding", []string{"aanbestedingen"}},
		{"zorgaanbieder", []string{"zorgaanbieders"}},
	}
	for _, tt := range tests {
		got := inflections(tt.word)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("inflections(%q) = %v, lacks %q", tt.word, got, w)
			}
		}
	}
}

func TestTermMatching(t *testing.T) {
	tests := []struct {
		term, text string
		want       bool
	}{
		{"jeugdhulp*", "jeugdhulpaanbieders", true},
		{"jeugdhulp*", "jeugdhulp", true},
		{"jeugdhulp*", "de jeugd", false},
		{"*armoede", "kinderarmoede", true},
		{"*armoede", "armoedebeleid", false},
		{"*aanbesteding*", "zorgaanbestedingen", true},
		{"sociaal wijkteam*", "sociale wijkteams", true},
		{"sociaal wijkteam*", "sociale teams", false},
		{"re integratie*", "re-integratietraject", true},
		{"jeugd ggz", "jeugd-ggz", true},
		{"P&O", "P&O-adviseur", true},
		{"Wmo", "wmo's", true},
		{"Wmo", "wmoraad", false},
		{"ICT", "conflict", false},
		{"financiën", "financien", true},
		{"leer en ontwikkelplan", "leer- en ontwikkelplannen", true},
	}
	for _, tt := range tests {
		tm, err := compileTerm(taxonomy.Term{Text: tt.term, Weight: taxonomy.WeightStrong}, 0)
		if err != nil {
			t.Fatalf("compileTerm(%q): %v", tt.term, err)
		}
		if got := tm.matchAt(tokenize(tt.text), 0); got != tt.want {
			t.Errorf("%q matches %q: %v, want %v", tt.term, tt.text, got, tt.want)
		}
	}
}

func TestCompileTermErrors(t *testing.T) {
	tests := map[string]string{
		"ab*": "too short",
		"*":   "no letters",
		"*&*": "no letters",
		"*gg": "too short",
	}
	for text, want := range tests {
		_, err := compileTerm(taxonomy.Term{Text: text, Weight: taxonomy.WeightWeak}, 0)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("compileTerm(%q) error %v, want one mentioning %q", text, err, want)
		}
	}
}

// TestScanPrefersLongerAndIgnore checks that a phrase shadows the words
// inside it and that ignore terms count nothing.
func TestScanPrefersLongerAndIgnore(t *testing.T) {
	e := newEnricher(t)
	tests := []struct {
		text   string
		bucket string
		want   []string // texts of the counted terms
	}{
		{"de algemene uitkering daalt", "participatie", nil},
		{"een uitkering aanvragen", "participatie", []string{"uitkering*"}},
		{"de sociale wijkteams", "toegang", []string{"sociaal wijkteam*"}},
		{"jeugdwerkloosheid", "jeugd", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range e.vocab.scan(tokenize(tt.text)) {
			ti := m.term
			tm := e.vocab.terms[ti]
			if e.vocab.buckets[tm.bucket].slug == tt.bucket {
				got = append(got, tm.text)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("scan(%q) in %s = %v, want %v", tt.text, tt.bucket, got, tt.want)
		}
	}
}
