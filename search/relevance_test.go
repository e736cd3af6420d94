package search

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casus-nl/casus"
)

// relevanceIndex holds testdata/relevance.json, written to exercise each
// part of Dutch matching, with the real gazetteer, taxonomy and synonyms and
// a fixed clock (2024-06-01).
func relevanceIndex(t *testing.T, off Disable) *Index {
	t.Helper()
	b, err := os.ReadFile("testdata/relevance.json")
	if err != nil {
		t.Fatal(err)
	}
	var docs []casus.Document
	if err := json.Unmarshal(b, &docs); err != nil {
		t.Fatal(err)
	}
	g, tx := realKnowledge(t)
	syn, err := LoadSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }
	ix, err := NewMemory(Options{Municipalities: g, Taxonomy: tx, Synonyms: syn, Now: now, Disable: off})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

func before(ids []string, a, b string) bool {
	i, j := slices.Index(ids, a), slices.Index(ids, b)
	return i >= 0 && j >= 0 && i < j
}

// TestDutchMatching checks what each query finds and that the exact form
// ranks above its expansions: "first" must come before "then" when both are
// given, "absent" must not be found.
func TestDutchMatching(t *testing.T) {
	ix := relevanceIndex(t, Disable{})
	tests := []struct {
		name, q          string
		want             []string // found, in any order
		first, then      string
		absent           []string
		wantRelaxed      bool
		wantTotalAtLeast int
	}{
		{name: "part of a compound", q: "zorg", want: []string{"r01", "r02"}, first: "r01", then: "r02"},
		{name: "head of a compound with linking s", q: "organisatie", want: []string{"r02"}},
		{name: "compound found apart, ranked below", q: "jeugdzorg", want: []string{"r08", "r15"}, first: "r08", then: "r15"},
		{name: "synonym ranks below the word", q: "wijkteam", want: []string{"r04", "r03"}, first: "r04", then: "r03"},
		{name: "abbreviation", q: "wmo", want: []string{"r05"}},
		{name: "multi-word synonym", q: "sociaal team", want: []string{"r04", "r03"}},
		{name: "place name synonym", q: "den bosch", want: []string{"r16"}},
		{name: "hyphenated synonym", q: "email", want: []string{"r16"}},
		{name: "no accents typed", q: "financien", want: []string{"r06"}},
		{name: "typo of one letter", q: "jeugzorg", want: []string{"r08", "r09", "r02"}},
		{name: "exact beats a near spelling", q: "zorgpad", want: []string{"r10", "r11"}, first: "r10", then: "r11"},
		{name: "four letters get no typo tolerance", q: "wijn", absent: []string{"r03", "r04"}},
		{name: "named municipality boosts its cases", q: "jeugdzorg dalfsen", want: []string{"r08", "r09"}, first: "r08", then: "r09"},
		{name: "words together rank higher", q: "jeugd zorg", want: []string{"r15", "r14"}, first: "r15", then: "r14"},
		{name: "question words dropped", q: "hoe krijg je de wachtlijsten jeugdzorg korter", want: []string{"r08"}},
		{name: "exclusion covers compounds", q: "regio -zorg", absent: []string{"r02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustSearch(t, ix, casus.Query{Text: tt.q, Size: 50})
			ids := hitIDs(r)
			for _, w := range tt.want {
				if !slices.Contains(ids, w) {
					t.Errorf("%q did not find %s; got %v", tt.q, w, ids)
				}
			}
			for _, a := range tt.absent {
				if slices.Contains(ids, a) {
					t.Errorf("%q found %s; got %v", tt.q, a, ids)
				}
			}
			if tt.first != "" && !before(ids, tt.first, tt.then) {
				t.Errorf("%q ranked %v; want %s before %s", tt.q, ids, tt.first, tt.then)
			}
		})
	}
}

// TestEachPartMatters switches each part of matching and ranking off in
// turn: with it, document a scores above b (b "" means: above nothing, so a
// is found at all); without it, it does not.
func TestEachPartMatters(t *testing.T) {
	tests := []struct {
		name string
		off  Disable
		q    string
		a, b string
	}{
		{"compound parts", Disable{Compounds: true}, "zorg", "r02", ""},
		{"synonyms", Disable{Synonyms: true}, "wijkteam", "r03", ""},
		{"typo tolerance", Disable{Fuzzy: true}, "jeugzorg", "r08", ""},
		{"municipality in the query", Disable{FacetBoost: true}, "jeugdzorg dalfsen", "r08", "r09"},
		// r14 is a welzijn case without the word.
		{"the theme a word names", Disable{FacetBoost: true}, "welzijnswerk", "r14", ""},
		{"words together", Disable{Proximity: true}, "jeugd zorg", "r15", "r14"},
		{"recency", Disable{Recency: true}, "schuldhulp", "r12", "r13"},
	}
	scores := func(ix *Index, q string) map[string]float64 {
		m := map[string]float64{}
		for _, h := range mustSearch(t, ix, casus.Query{Text: q, Size: 50}).Hits {
			m[h.ID] = h.Score
		}
		return m
	}
	on := relevanceIndex(t, Disable{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			with, without := scores(on, tt.q), scores(relevanceIndex(t, tt.off), tt.q)
			if !(with[tt.a] > with[tt.b]) {
				t.Errorf("with %s, %q scores %s %.3f and %q %.3f; want the first higher", tt.name, tt.a, tt.a, with[tt.a], tt.b, with[tt.b])
			}
			if without[tt.a] > without[tt.b] {
				t.Errorf("without %s, %s still scores %.3f over %q %.3f: the test does not isolate it", tt.name, tt.a, without[tt.a], tt.b, without[tt.b])
			}
		})
	}
}

// TestHighlightsEveryForm requires <mark> on the matched form of every kind
// of match, on the original (unfolded, unsplit) text.
func TestHighlightsEveryForm(t *testing.T) {
	ix := relevanceIndex(t, Disable{})
	tests := []struct{ q, id, mark string }{
		{"zorg", "r02", "<mark>jeugdzorg</mark>"},
		{"wijkteam", "r03", "<mark>gebiedsteam</mark>"},
		{"financien", "r06", "<mark>financiën</mark>"},
		{"jeugzorg", "r08", "<mark>jeugdzorg</mark>"},
		{"wachtlijst", "r08", "<mark>wachtlijsten</mark>"},
	}
	for _, tt := range tests {
		r := mustSearch(t, ix, casus.Query{Text: tt.q, Size: 50})
		i := slices.IndexFunc(r.Hits, func(h casus.Hit) bool { return h.ID == tt.id })
		if i < 0 {
			t.Errorf("%q: %s not found", tt.q, tt.id)
			continue
		}
		h := r.Hits[i]
		if !strings.Contains(strings.ToLower(h.TitleHTML+" "+h.SnippetHTML), strings.ToLower(tt.mark)) {
			t.Errorf("%q: %s has no %s in %q / %q", tt.q, tt.id, tt.mark, h.TitleHTML, h.SnippetHTML)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	ix := relevanceIndex(t, Disable{})
	tests := []struct{ q, want string }{
		{"jeugzorg", "jeugdzorg"},
		{"beekdalen", "Beekdaelen"},
		{"jeugzorg in dalfsen", "jeugdzorg in dalfsen"},
		{"jeugdzorg", ""},
		{"xq", ""},
		{`"jeugzorg"`, ""},
	}
	for _, tt := range tests {
		r := mustSearch(t, ix, casus.Query{Text: tt.q})
		got := suggestionOf(r)
		if got != tt.want {
			t.Errorf("suggestion for %q = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestExplain(t *testing.T) {
	ix := relevanceIndex(t, Disable{})
	with := mustSearch(t, ix, casus.Query{Text: "jeugdzorg", Explain: true})
	without := mustSearch(t, ix, casus.Query{Text: "jeugdzorg"})
	if len(with.Hits) == 0 || len(with.Hits) != len(without.Hits) {
		t.Fatalf("hits with and without explain: %d, %d", len(with.Hits), len(without.Hits))
	}
	for i := range with.Hits {
		var e struct {
			Value   float64 `json:"value"`
			Message string  `json:"message"`
		}
		if err := json.Unmarshal(with.Hits[i].Explanation, &e); err != nil || e.Message == "" {
			t.Errorf("hit %s: explanation %s does not decode: %v", with.Hits[i].ID, with.Hits[i].Explanation, err)
		}
		if without.Hits[i].Explanation != nil {
			t.Errorf("hit %s carries an explanation without explain", without.Hits[i].ID)
		}
	}
}

// TestFuzzyExpansionIsBounded: a word with many near spellings in the index
// expands to at most maxFuzzyExpansions terms per field.
func TestFuzzyExpansionIsBounded(t *testing.T) {
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var docs []casus.Document
	for _, c := range "bcfghklmnpqrvwxz" {
		w := "kwartx" + string(c)
		docs = append(docs, casus.Document{ID: w, Title: w, Body: w})
	}
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	v, err := ix.openVocab()
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	got := v.near(fieldBody, "kwartxy", 1, maxFuzzyExpansions)
	if len(got) != maxFuzzyExpansions {
		t.Errorf("near gave %d candidates, want the bound %d", len(got), maxFuzzyExpansions)
	}
	r := mustSearch(t, ix, casus.Query{Text: "kwartxy", Size: 50})
	if r.Total > 2*maxFuzzyExpansions {
		t.Errorf("a typo matched %d documents; expansion is bounded by %d terms per field", r.Total, maxFuzzyExpansions)
	}
}

func TestHeadings(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Aanpak\n\nWe begonnen klein.", "Aanpak"},
		{"Eén zin.\n\nResultaat", "Resultaat"},
		{"Geen kopjes, alleen tekst.", ""},
		{"", ""},
		{"Financiën\n\nDe uitgaven daalden.\n\n  Wat het opleverde  \n\nMinder wachttijd.", "Financiën\n\nWat het opleverde"},
	}
	for _, tt := range tests {
		if got := headings(tt.in); got != tt.want {
			t.Errorf("headings(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestHeadingRanksAboveSentence: a word that heads a section of the body
// weighs more than the same word in a sentence of equal length.
func TestHeadingRanksAboveSentence(t *testing.T) {
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := []casus.Document{
		// The heading's body is longer, so without the heading boost the
		// shorter body would rank first.
		{ID: "sentence", Title: "Een opdracht", Body: "Het ging om mantelzorg. De gemeente vroeg om advies."},
		{ID: "heading", Title: "Een opdracht", Body: "Mantelzorg\n\nDe gemeente vroeg om advies over de steun aan inwoners en hun naasten in de wijk."},
	}
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	r := mustSearch(t, ix, casus.Query{Text: "mantelzorg"})
	if ids := hitIDs(r); !before(ids, "heading", "sentence") {
		t.Errorf("ranked %v; want the heading first", ids)
	}
	if !strings.Contains(r.Hits[0].SnippetHTML, "<mark>Mantelzorg</mark>") {
		t.Errorf("heading match not marked: %q", r.Hits[0].SnippetHTML)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"jeugzorg", "jeugdzorg", 2, 1},
		{"gebiedstaems", "gebiedsteams", 2, 1}, // a swap is one edit
		{"financien", "financiën", 1, 1},
		{"wijk", "wijk", 1, 0},
		{"wijk", "wijkteams", 2, 3},
		{"", "ab", 2, 2},
		{"beekdalen", "beekdaelen", 2, 1},
		{"abcdef", "badcfe", 3, 3},
	}
	for _, tt := range tests {
		if got := editDistance([]rune(tt.a), []rune(tt.b), tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// TestTypoToleranceIsBoundedPerQuery: only the first maxTypoWords words of
// a query are looked up for near spellings, so a long query stays cheap.
func TestTypoToleranceIsBoundedPerQuery(t *testing.T) {
	ix := relevanceIndex(t, Disable{})
	known := strings.TrimSpace(strings.Repeat("zorg ", maxTypoWords))
	if r := mustSearch(t, ix, casus.Query{Text: "jeugzorg " + known}); r.Suggestion == nil {
		t.Error("a typo among the first words got no correction")
	}
	if r := mustSearch(t, ix, casus.Query{Text: known + " jeugzorg"}); r.Suggestion != nil {
		t.Errorf("word %d was looked up for a correction: %q", maxTypoWords+1, *r.Suggestion)
	}
}

func TestLead(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"kort", 10, "kort"},
		{"jeugdzorg in de regio", 12, "jeugdzorg in"},
		{"jeugdzorg in de regio", 9, "jeugdzorg"},
		{"jeugdzorg\n\nin de regio", 10, "jeugdzorg"},
		{"onafgebrokenwoord", 5, ""},
		{"financiën en zorg", 13, "financiën en"},
		{"financiën en zorg", 12, "financiën"}, // ë is two bytes
	}
	for _, tt := range tests {
		if got := lead(tt.in, tt.n); got != tt.want {
			t.Errorf("lead(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
