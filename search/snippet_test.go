package search

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/highlight"

	"github.com/casus-nl/casus"
)

func TestHighlighting(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	tests := []struct {
		name        string
		q           casus.Query
		id          string
		wantTitle   string
		wantSnippet string // the whole snippet when it starts with "=", else a part of it
	}{
		{
			name: "stem variant marked in title and body", q: casus.Query{Text: "wijkteams"}, id: "d15",
			wantTitle:   "Financiën van het <mark>wijkteam</mark> op orde",
			wantSnippet: "Het <mark>wijkteam</mark> had geen zicht",
		},
		{
			name: "plural marked for singular query", q: casus.Query{Text: "wijkteam"}, id: "d01",
			wantTitle:   "Kwartiermaker voor de sociale <mark>wijkteams</mark> in Dalfsen",
			wantSnippet: "drie sociale <mark>wijkteams</mark> in",
		},
		{
			name: "no title match gives the escaped title", q: casus.Query{Text: "wijkteam"}, id: "d13",
			wantTitle:   "Beleidsplan sociaal domein Dalfsen",
			wantSnippet: "inwoners, <mark>wijkteam</mark> en raad",
		},
		{
			name: "folded match marks the original spelling", q: casus.Query{Text: "coordinatie"}, id: "d06",
			wantTitle:   "<mark>Coördinatie</mark> van de integrale toegang in Beekdaelen",
			wantSnippet: "zorgden voor <mark>coördinatie</mark> tussen",
		},
		{
			name: "HTML in the body is escaped", q: casus.Query{Text: "script"}, id: "d12",
			wantTitle:   "Armoede en minimabeleid",
			wantSnippet: "een kapot &lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; blok",
		},
		{
			name: "ampersand in the title is escaped", q: casus.Query{Text: "beleidsplan"}, id: "d13",
			wantTitle:   "<mark>Beleidsplan</mark> sociaal domein Dalfsen",
			wantSnippet: "nieuw <mark>beleidsplan</mark>.",
		},
		{
			name: "empty q: the start of the body", q: casus.Query{Size: 50}, id: "d04",
			wantTitle:   "Grip op de kosten van de jeugdhulp in Amsterdam",
			wantSnippet: "=De uitgaven aan jeugdhulp stegen elk jaar. Met maandelijkse sturingsinformatie en een nieuw bekostigingsmodel kreeg het stadsdeel weer grip op de kosten, zonder dat kinderen langer op hulp moesten…",
		},
		{
			name: "excluded words are not marked", q: casus.Query{Text: "jeugdhulp -amsterdam"}, id: "d02",
			wantTitle:   "Inkoop jeugdzorg in de regio IJsselland",
			wantSnippet: "samen <mark>jeugdhulp</mark> in",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustSearch(t, ix, tt.q)
			var hit *casus.Hit
			for i := range r.Hits {
				if r.Hits[i].ID == tt.id {
					hit = &r.Hits[i]
				}
			}
			if hit == nil {
				t.Fatalf("%s not among hits %v", tt.id, hitIDs(r))
			}
			if hit.TitleHTML != tt.wantTitle {
				t.Errorf("TitleHTML = %q, want %q", hit.TitleHTML, tt.wantTitle)
			}
			if whole, ok := strings.CutPrefix(tt.wantSnippet, "="); ok {
				if hit.SnippetHTML != whole {
					t.Errorf("SnippetHTML = %q, want %q", hit.SnippetHTML, whole)
				}
			} else if !strings.Contains(hit.SnippetHTML, tt.wantSnippet) {
				t.Errorf("SnippetHTML = %q, want it to contain %q", hit.SnippetHTML, tt.wantSnippet)
			}
			if strings.Contains(hit.SnippetHTML, "<script") {
				t.Errorf("SnippetHTML has an unescaped tag: %q", hit.SnippetHTML)
			}
		})
	}
}

// longBody is about 1,300 characters of plain words with a marker word at
// the given word positions.
func longBody(marker string, at ...int) string {
	words := strings.Fields(strings.Repeat("de gemeente werkte met inwoners aan betere ondersteuning in elke kern ", 20))
	for _, i := range at {
		words[i] = marker
	}
	return strings.Join(words, " ")
}

func TestSnippetOfLongBody(t *testing.T) {
	ctx := context.Background()
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := []casus.Document{
		{ID: "middle", Title: "Midden", Body: longBody("mantelzorg", 100)},
		{ID: "end", Title: "Einde", Body: longBody("respijtzorg", 199)},
		{ID: "start", Title: "Begin", Body: longBody("dagbesteding", 0)},
		{ID: "cluster", Title: "Cluster", Body: longBody("schuldhulp", 20, 150, 153)},
	}
	if err := ix.Put(ctx, docs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q, id, mark   string
		lead, trail   bool // snippet starts / ends with an ellipsis
		wantMarkCount int
	}{
		{"mantelzorg", "middle", "mantelzorg", true, true, 1},
		{"respijtzorg", "end", "respijtzorg", true, false, 1},
		{"dagbesteding", "start", "dagbesteding", false, true, 1},
		// The passage with two matches wins over the one with one.
		{"schuldhulp", "cluster", "schuldhulp", true, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			r := mustSearch(t, ix, casus.Query{Text: tt.q})
			if len(r.Hits) != 1 || r.Hits[0].ID != tt.id {
				t.Fatalf("hits = %v, want [%s]", hitIDs(r), tt.id)
			}
			s := r.Hits[0].SnippetHTML
			if got := strings.Count(s, "<mark>"+tt.mark+"</mark>"); got != tt.wantMarkCount {
				t.Errorf("snippet marks %q %d times, want %d: %q", tt.mark, got, tt.wantMarkCount, s)
			}
			if strings.HasPrefix(s, ellipsis) != tt.lead || strings.HasSuffix(s, ellipsis) != tt.trail {
				t.Errorf("snippet ellipses: got %q, want leading %v, trailing %v", s, tt.lead, tt.trail)
			}
			text := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(strings.Trim(s, ellipsis))
			if n := utf8.RuneCountInString(text); n > snippetRunes || n < snippetRunes-20 {
				t.Errorf("snippet text has %d characters, want about %d: %q", n, snippetRunes, text)
			}
			// Whole words only: the snippet is a run of the body's words.
			body := docs[map[string]int{"middle": 0, "end": 1, "start": 2, "cluster": 3}[tt.id]].Body
			if !strings.Contains(" "+body+" ", " "+text+" ") {
				t.Errorf("snippet %q is not cut at word boundaries of the body", text)
			}
		})
	}
}

func TestWordFragmenter(t *testing.T) {
	f := wordFragmenter{size: 20, lead: 5}
	loc := func(text, word string) *highlight.TermLocation {
		i := strings.Index(text, word)
		return &highlight.TermLocation{Start: i, End: i + len(word)}
	}
	tests := []struct {
		name string
		text string
		locs func(text string) highlight.TermLocations
		want []string // the fragments' text
	}{
		{"short text whole", "kort verhaal", nil, []string{"kort verhaal"}},
		{"start cut at a word end", "een twee drie vier vijf zes zeven", nil, []string{"een twee drie vier"}},
		{"one long word cut inside", "hoogwaardigheidsbekleders", nil, []string{"hoogwaardigheidsbekl"}},
		{"multibyte characters stay whole", "ëëëëëëëëëëëëëëëëëëëëëëë", nil, []string{"ëëëëëëëëëëëëëëëëëëëë"}},
		{"empty text", "", nil, []string{""}},
		{
			"match in the middle with a little lead", "een twee drie vier vijf zes zeven acht negen tien",
			func(s string) highlight.TermLocations { return highlight.TermLocations{loc(s, "zes")} },
			[]string{"vijf zes zeven acht"},
		},
		{
			"match near the end fills up backwards", "een twee drie vier vijf zes zeven acht negen tien",
			func(s string) highlight.TermLocations { return highlight.TermLocations{loc(s, "tien")} },
			[]string{"acht negen tien"},
		},
		{
			"hyphenated word kept whole", "een twee drie Wmo-consulent vier vijf zes zeven",
			func(s string) highlight.TermLocations { return highlight.TermLocations{loc(s, "consulent")} },
			[]string{"drie Wmo-consulent"},
		},
		{
			"match longer than the size", "kort een-heel-lang-samengesteld-woord-zonder-spaties en meer",
			func(s string) highlight.TermLocations {
				return highlight.TermLocations{loc(s, "een-heel-lang-samengesteld-woord-zonder-spaties")}
			},
			[]string{"kort een-heel-lang-samengesteld-woord-zonder-spaties"},
		},
		{
			"most matches wins, then the earliest", "aa x x x x x x x x x x x x bb cc x x x x x x x x x x x x x x x x bb cc",
			func(s string) highlight.TermLocations {
				return highlight.TermLocations{
					{Term: "aa", Start: 0, End: 2},
					{Term: "bb", Start: 27, End: 29}, {Term: "cc", Start: 30, End: 32},
					{Term: "bb", Start: 65, End: 67}, {Term: "cc", Start: 68, End: 70},
				}
			},
			[]string{"x x bb cc x x x x x"},
		},
		{
			"location outside the text is skipped", "een twee",
			func(string) highlight.TermLocations { return highlight.TermLocations{{Start: 5, End: 50}} },
			[]string{"een twee"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var locs highlight.TermLocations
			if tt.locs != nil {
				locs = tt.locs(tt.text)
			}
			var got []string
			for _, fr := range f.Fragment([]byte(tt.text), locs) {
				got = append(got, tt.text[fr.Start:fr.End])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("fragments = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPlainSnippet(t *testing.T) {
	long := strings.Repeat("woord ", 60)
	tests := []struct{ in, want string }{
		{"", ""},
		{"<b>vet</b> & meer", "&lt;b&gt;vet&lt;/b&gt; &amp; meer"},
		{long, strings.TrimSpace(strings.Repeat("woord ", 33)) + ellipsis},
	}
	for _, tt := range tests {
		if got := plainSnippet(tt.in); got != tt.want {
			t.Errorf("plainSnippet(%.20q…) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
