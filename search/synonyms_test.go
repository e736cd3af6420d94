package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
)

func TestShippedSynonymsParse(t *testing.T) {
	s, err := LoadSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.groups) < 20 {
		t.Errorf("%d synonym groups shipped, want the field's abbreviations and synonyms (20 or more)", len(s.groups))
	}
	if len(s.everyday) < 20 {
		t.Errorf("%d everyday words shipped, want the words residents ask in (20 or more)", len(s.everyday))
	}
}

func TestSynonymsErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"not yaml", "groups: [[a, b", "synonyms:"},
		{"unknown field", "groepen: [[a, b]]", "groepen"},
		{"lonely member", "groups: [[a]]", "group 1 has 1 member"},
		{"empty member", "groups: [[a, '']]", `member ""`},
		{"long member", "groups: [[a, een twee drie vier vijf zes zeven]]", "1 to 6 words"},
		{"one-word question phrase", "groups: [[a, b]]\nquestion_phrases: [werk]", `question phrase "werk"`},
		{"everyday word without words", "everyday:\n  geldzorgen: []", `everyday word "geldzorgen"`},
		{"everyday word with a text", "everyday:\n  geldzorgen: schuldhulp", "everyday"},
		{"long everyday word", "everyday:\n  een twee drie vier vijf zes zeven: [a]", "1 to 6 words"},
		{"long word for an everyday one", "everyday:\n  geldzorgen: [een twee drie vier vijf zes zeven]", `"geldzorgen": "een twee`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSynonyms([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseSynonyms = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// synonymIndex returns an index with the synonyms (a synonyms file) holding
// one case per id, with the given body and a neutral title.
func synonymIndex(t *testing.T, synonyms string, bodies map[string]string) *Index {
	t.Helper()
	syn, err := ParseSynonyms([]byte(synonyms))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := NewMemory(Options{Synonyms: syn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	docs := make([]casus.Document, 0, len(bodies))
	for id, body := range bodies {
		docs = append(docs, casus.Document{ID: id, URL: "https://t.example/" + id, Title: "Een nieuwe aanpak", Body: body})
	}
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestSynonymPhrasesFarIntoAPage checks that a synonym of several words is
// found past the opening of a case: a shipped one through the pairs the
// index holds for it, one the index was not built with as a plain phrase.
func TestSynonymPhrasesFarIntoAPage(t *testing.T) {
	opening := strings.Repeat("De gemeente werkte aan haar plannen voor het komende jaar. ", nearPairsBytes/50)
	ix := synonymIndex(t, "groups:\n  - [wijkteam, sociaal team]\n  - [tandem, warme overdracht]\n", map[string]string{
		"team":  opening + "Het sociaal team begon in maart.",
		"warm":  opening + "Een warme overdracht naar de buurt.",
		"apart": opening + "Het ging sociaal toe; het was warm en de overdracht kwam later.",
	})
	tests := []struct {
		q, want string
	}{
		{"wijkteam", "team"},
		{"tandem", "warm"},
	}
	for _, tt := range tests {
		ids := hitIDs(mustSearch(t, ix, casus.Query{Text: tt.q, Size: 10}))
		if !slices.Equal(ids, []string{tt.want}) {
			t.Errorf("%q found %v, want only %s (the phrase, not its words apart)", tt.q, ids, tt.want)
		}
	}
}

// TestSynonymWordsTypedApart: words typed without quotes that make up a
// synonym ("sociaal team") bring its synonyms, and still match as words: a
// case with them apart is found, behind the case that has them together.
func TestSynonymWordsTypedApart(t *testing.T) {
	ix := synonymIndex(t, "groups:\n  - [wijkteam, sociaal team]\n", map[string]string{
		"together": "Het sociaal team begon in maart.",
		"apart":    "Het plan was sociaal. Een team begon in maart.",
		"synonym":  "Het wijkteam begon in maart.",
		"neither":  "Het plan begon in maart.",
	})
	ids := hitIDs(mustSearch(t, ix, casus.Query{Text: "sociaal team", Size: 10}))
	if len(ids) == 0 || ids[0] != "together" {
		t.Fatalf("sociaal team found %v, want together first", ids)
	}
	slices.Sort(ids[1:])
	if want := []string{"together", "apart", "synonym"}; !slices.Equal(ids, want) {
		t.Errorf("sociaal team found %v, want together first, then apart and synonym in any order", ids)
	}
}

// TestEverydayWords: an everyday word finds the cases that use the field's
// word for it, behind those with the word itself; one way only, and a
// phrase of the field's words is found as a phrase.
func TestEverydayWords(t *testing.T) {
	ix := synonymIndex(t, "everyday:\n  geldzorgen: [schuldhulp]\n  weinig geld: [minima, armoedebeleid]\n  rondkomen: [sociaal team]\n", map[string]string{
		"own":     "Inwoners met geldzorgen vonden de weg naar de gemeente.",
		"field":   "De schuldhulp van de gemeente werd sneller.",
		"minima":  "Een regeling voor minima werd eenvoudiger.",
		"team":    "Het sociaal team begon in maart.",
		"apart":   "Het ging sociaal toe; een team begon in maart.",
		"neither": "Het plan begon in maart.",
	})
	tests := []struct {
		q    string
		want []string // in order
	}{
		{"geldzorgen", []string{"own", "field"}},
		{"schuldhulp", []string{"field"}},
		{"weinig geld", []string{"minima"}},
		{"rondkomen", []string{"team"}},
	}
	for _, tt := range tests {
		if ids := hitIDs(mustSearch(t, ix, casus.Query{Text: tt.q, Size: 10})); !slices.Equal(ids, tt.want) {
			t.Errorf("%q found %v, want %v", tt.q, ids, tt.want)
		}
	}
}

// TestEverydayTypos checks that a word of the synonyms that no case holds
// is known: spelled right it is not "corrected" to a case's word, and a
// typo of it is corrected to it, and so finds the field's cases.
func TestEverydayTypos(t *testing.T) {
	ix := synonymIndex(t, "everyday:\n  deurwaarder: [schuldhulp]\n", map[string]string{
		"field": "De schuldhulp van de gemeente werd sneller.",
		"near":  "Een deurwachter hield de ingang in de gaten.",
	})
	tests := []struct {
		q          string
		want       []string
		suggestion string // "" for none
	}{
		{"deurwaarder", []string{"field"}, ""},
		{"deurwaader", []string{"field"}, "deurwaarder"},
		{"deurwachtr", []string{"near"}, "deurwachter"},
	}
	for _, tt := range tests {
		r := mustSearch(t, ix, casus.Query{Text: tt.q, Size: 10})
		if ids := hitIDs(r); !slices.Equal(ids, tt.want) {
			t.Errorf("%q found %v, want %v", tt.q, ids, tt.want)
		}
		got := suggestionOf(r)
		if got != tt.suggestion {
			t.Errorf("%q suggests %q, want %q", tt.q, got, tt.suggestion)
		}
	}
}
