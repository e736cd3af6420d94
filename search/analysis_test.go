package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/registry"
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
		{"'s-Hertogenbosch", []token{{"s", 1, 2}, {"hertogenbosch", 3, 16}}},
		{"10-puntenplan", []token{{"10", 0, 2}, {"puntenplan", 3, 13}}},
		{"e-mail", []token{{"e", 0, 1}, {"mail", 2, 6}}},
		// "ouderen" (the elderly) and "ouders" (parents) keep apart; the
		// Snowball stem of both is "ouder".
		{"ouderen oudere", []token{{"ouderen", 0, 7}, {"ouderen", 8, 14}}},
		{"ouders ouder", []token{{"ouder", 0, 6}, {"ouder", 7, 12}}},
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

// TestSnowballDutch runs the stemmer of the casus analyzer over the Snowball
// project's Dutch test vocabulary (testdata/snowball, with its provenance)
// and requires every expected stem.
func TestSnowballDutch(t *testing.T) {
	words := readLines(t, filepath.Join("testdata", "snowball", "voc.txt"))
	stems := readLines(t, filepath.Join("testdata", "snowball", "output.txt"))
	if len(words) != len(stems) || len(words) < 45000 {
		t.Fatalf("%d words and %d stems; want two equal lists of the whole vocabulary", len(words), len(stems))
	}
	stemmer, err := registry.NewCache().TokenFilterNamed(nl.SnowballStemmerName)
	if err != nil {
		t.Fatal(err)
	}
	wrong := 0
	for i, w := range words {
		out := stemmer.Filter(analysis.TokenStream{{Term: []byte(w)}})
		if got := string(out[0].Term); got != stems[i] {
			wrong++
			if wrong <= 10 {
				t.Errorf("stem(%q) = %q, want %q", w, got, stems[i])
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d of %d words stemmed differently", wrong, len(words))
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// TestPartsAndPairsAnalyzers pins what the compound-parts and pairs fields
// index: parts carry their compound's offsets (so the whole word is marked),
// pairs skip stop words, and past the opening only synonym phrases' pairs
// are kept.
func TestPartsAndPairsAnalyzers(t *testing.T) {
	m, err := newMapping(Disable{})
	if err != nil {
		t.Fatal(err)
	}
	// far is text that moves what follows past the opening.
	far := strings.Repeat(".", nearPairsBytes)
	tests := []struct {
		analyzer, in string
		want         []token
	}{
		{partsAnalyzer, "Jeugdzorg", []token{{"jeugd", 0, 9}, {"zorg", 0, 9}}},
		{partsAnalyzer, "de uitvoeringsorganisatie", []token{{"uitvoer", 3, 25}, {"organisatie", 3, 25}}},
		{partsAnalyzer, "zorg en beleid", nil},
		{partsAnalyzer, "coördinatiepunt", []token{{"coordinatie", 0, 16}, {"punt", 0, 16}}},
		{pairsAnalyzer, "zorg voor de jeugd", []token{{"zorg jeugd", 0, 18}}},
		{pairsAnalyzer, "jeugd", nil},
		{pairsAnalyzer, far + "zorg voor de jeugd, sociale dienst", []token{{"social dienst", nearPairsBytes + 20, nearPairsBytes + 34}}},
		{pairsAnalyzer, far + "zorg in natura", []token{{"zorg natura", nearPairsBytes, nearPairsBytes + 14}}},
		{spellAnalyzer, "Beekdaelen Financiën", []token{{"beekdaelen", 0, 10}, {"financien", 11, 21}}},
	}
	for _, tt := range tests {
		var got []token
		for _, tok := range m.AnalyzerNamed(tt.analyzer).Analyze([]byte(tt.in)) {
			got = append(got, token{string(tok.Term), tok.Start, tok.End})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s(%q) (-want +got):\n%s", tt.analyzer, tt.in, diff)
		}
	}
}
