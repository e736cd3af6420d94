package search

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

func termSug(text string) casus.Suggestion {
	return casus.Suggestion{Text: text, Kind: casus.SuggestTerm}
}

func docSug(id, title string) casus.Suggestion {
	return casus.Suggestion{Text: title, Kind: casus.SuggestDocument, ID: id}
}

func TestSuggest(t *testing.T) {
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}, Taxonomy: fakeTaxonomy{}})
	jeugdTheme := casus.Suggestion{Text: "Jeugd en jeugdhulp", Kind: casus.SuggestTheme, Value: "jeugd"}
	dalfsen := casus.Suggestion{Text: "Dalfsen", Kind: casus.SuggestMunicipality, Value: "GM0148"}
	tests := []struct {
		name string
		text string
		size int
		want []casus.Suggestion
	}{
		{
			name: "prefix completions, theme and titles",
			text: "jeug", size: 8,
			want: []casus.Suggestion{
				termSug("jeugd"), termSug("jeugdhulp"), termSug("jeugdzorg"), jeugdTheme,
				docSug("d02", "Inkoop jeugdzorg in de regio IJsselland"),
				docSug("d04", "Grip op de kosten van de jeugdhulp in Amsterdam"),
				docSug("d16", "Wachttijden in de jeugd-ggz"),
			},
		},
		{
			name: "earlier words kept, municipality",
			text: "jeugdzorg  dalf", size: 8,
			want: []casus.Suggestion{
				termSug("jeugdzorg  dalfsen"), dalfsen,
				docSug("d01", "Kwartiermaker voor de sociale wijkteams in Dalfsen"),
				docSug("d13", "Beleidsplan sociaal domein Dalfsen"),
			},
		},
		{
			name: "hyphen kept",
			text: "Wmo-toe", size: 2,
			want: []casus.Suggestion{
				termSug("Wmo-toegang"),
				{Text: "Toegang en wijkteams", Kind: casus.SuggestTheme, Value: "toegang"},
			},
		},
		{
			name: "one typo in the prefix",
			text: "jeugz", size: 8,
			want: []casus.Suggestion{
				termSug("jeugd"), termSug("jeugdhulp"), termSug("jeugdzorg"),
				docSug("d02", "Inkoop jeugdzorg in de regio IJsselland"),
				docSug("d04", "Grip op de kosten van de jeugdhulp in Amsterdam"),
				docSug("d16", "Wachttijden in de jeugd-ggz"),
			},
		},
		{
			name: "second and third letter swapped",
			text: "jueg", size: 2,
			want: []casus.Suggestion{termSug("jeugd"), docSug("d04", "Grip op de kosten van de jeugdhulp in Amsterdam")},
		},
		{
			name: "diacritics folded",
			text: "Financ", size: 8,
			want: []casus.Suggestion{termSug("financien"), docSug("d15", "Financiën van het wijkteam op orde")},
		},
		{
			name: "documents by title word",
			text: "schuldh", size: 8,
			want: []casus.Suggestion{termSug("schuldhulpverlening"), docSug("d05", "Interim teamleider schuldhulpverlening")},
		},
		{
			name: "one letter: words and themes only, size bound",
			text: "j", size: 3,
			want: []casus.Suggestion{termSug("jaar"), termSug("jeugd"), jeugdTheme},
		},
		{name: "nothing known", text: "xyzzy", size: 8, want: []casus.Suggestion{}},
		{name: "empty", text: "", size: 8, want: []casus.Suggestion{}},
		{name: "only punctuation", text: " ?! ", size: 8, want: []casus.Suggestion{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ix.Suggest(context.Background(), tt.text, tt.size)
			if err != nil {
				t.Fatalf("Suggest(%q): %v", tt.text, err)
			}
			if got.Query != strings.TrimSpace(tt.text) {
				t.Errorf("Query = %q, want %q", got.Query, strings.TrimSpace(tt.text))
			}
			if diff := cmp.Diff(tt.want, got.Suggestions); diff != "" {
				t.Errorf("Suggest(%q, %d) (-want +got):\n%s", tt.text, tt.size, diff)
			}
		})
	}
}

func TestSuggestSizeAndBounds(t *testing.T) {
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}, Taxonomy: fakeTaxonomy{}})
	ctx := context.Background()
	for _, size := range []int{1, 2, 5, casus.MaxSuggestSize} {
		got, err := ix.Suggest(ctx, "de", size)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(got.Suggestions); n == 0 || n > size {
			t.Errorf("Suggest(de, %d) gave %d suggestions", size, n)
		}
		seen := map[casus.Suggestion]bool{}
		for _, s := range got.Suggestions {
			if seen[s] {
				t.Errorf("Suggest(de, %d) repeats %+v", size, s)
			}
			seen[s] = true
		}
	}
	got, err := ix.Suggest(ctx, "d", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Suggestions) != casus.DefaultSuggestSize {
		t.Errorf("size 0 gave %d suggestions, want the default %d", len(got.Suggestions), casus.DefaultSuggestSize)
	}
	for _, tc := range []struct {
		text string
		size int
	}{{"jeug", -1}, {"jeug", casus.MaxSuggestSize + 1}, {strings.Repeat("a", casus.MaxSuggestRunes+1), 8}} {
		if _, err := ix.Suggest(ctx, tc.text, tc.size); !errors.Is(err, casus.ErrInvalid) {
			t.Errorf("Suggest(%.10q, %d) error = %v, want ErrInvalid", tc.text, tc.size, err)
		}
	}
}

func TestSuggestEmptyEncodesAsList(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	got, err := ix.Suggest(context.Background(), "", 8)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"query":"","suggestions":[]}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

// TestSuggestRanksByDocumentFrequency checks that completed words come most
// frequent first, whatever their alphabetical order, in memory and in a
// committed generation on disk. On disk the segments are merged into one,
// whose dictionary reports wrong counts after a one-document word (see
// entryCount).
func TestSuggestRanksByDocumentFrequency(t *testing.T) {
	tests := []struct {
		name string
		open func(t *testing.T) *Index
	}{
		{"memory", func(t *testing.T) *Index { return fixtureIndex(t, Options{}) }},
		{"committed generation", committedFixtures},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := tc.open(t).openVocab()
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			for _, prefix := range []string{"j", "we", "s", "in", "d", "ge"} {
				got := v.completions(fieldSpell, prefix, casus.MaxSuggestSize)
				if len(got) < 2 {
					t.Fatalf("completions(%q) = %v, want several", prefix, got)
				}
				for i, e := range got {
					if n := v.count(fieldSpell, e.term); n != e.count {
						t.Errorf("completions(%q)[%d] %q counts %d, index says %d", prefix, i, e.term, e.count, n)
					}
					if i > 0 && e.count > got[i-1].count {
						t.Errorf("completions(%q): %q (%d) after %q (%d)", prefix, e.term, e.count, got[i-1].term, got[i-1].count)
					}
				}
			}
			// Frequency, not the alphabet, orders them: "jeugd" is in more
			// documents than "jaren", so it comes first.
			got := v.completions(fieldSpell, "j", casus.MaxSuggestSize)
			pos := map[string]int{}
			for i, e := range got {
				pos[e.term] = i
			}
			if _, ok := pos["jeugd"]; !ok || pos["jeugd"] >= pos["jaren"] {
				t.Errorf("completions(j) = %v, want jeugd before jaren", got)
			}
		})
	}
}

// committedFixtures commits the fixture cases, one batch each, as a
// generation on disk and returns it opened for reading.
func committedFixtures(t *testing.T) *Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	build(t, dir, true, func(b *Build) error {
		for _, d := range loadFixtures(t) {
			if err := b.Put(context.Background(), []casus.Document{d}); err != nil {
				return err
			}
		}
		return nil
	})
	live, err := OpenLive(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = live.Close() })
	return live.Index()
}

func TestPrefixWithinOne(t *testing.T) {
	tests := []struct {
		typed, word string
		want        bool
	}{
		{"jeugd", "jeugdzorg", true},
		{"jeugz", "jeugdzorg", true},  // substitution
		{"jegud", "jeugdzorg", true},  // swap
		{"jeugdz", "jeugzorg", true},  // insertion
		{"jeuddz", "jeugdzorg", true}, // substitution inside
		{"jjeugd", "jeugdzorg", true}, // stray letter
		{"wijkt", "wijteam", true},    // a letter too many
		{"kost", "korter", true},
		{"jgdz", "jeugdzorg", false},
		{"zorgt", "jeugdzorg", false},
		{"schuldh", "schuld", true}, // one letter too many typed
		{"schuldh", "schul", false}, // two letters too many
	}
	for _, tt := range tests {
		var rows editRows
		if got := rows.withinOne([]rune(tt.typed), []rune(tt.word)); got != tt.want {
			t.Errorf("withinOne(%q, %q) = %v, want %v", tt.typed, tt.word, got, tt.want)
		}
	}
}

func TestKeepTop(t *testing.T) {
	var top []entry
	for _, e := range []entry{{"b", 2, 0}, {"a", 1, 0}, {"d", 5, 0}, {"c", 2, 0}, {"e", 1, 0}} {
		top = keepTop(top, e, 3)
	}
	want := []string{"d", "b", "c"}
	var got []string
	for _, e := range top {
		got = append(got, e.term)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keepTop (-want +got):\n%s", diff)
	}
	if got := keepTop(nil, entry{term: "a"}, 0); len(got) != 0 {
		t.Errorf("keepTop with n 0 = %v", got)
	}
}

func TestMixSuggestions(t *testing.T) {
	terms := []casus.Suggestion{termSug("a"), termSug("b"), termSug("c"), termSug("d"), termSug("e")}
	theme := casus.Suggestion{Text: "T", Kind: casus.SuggestTheme, Value: "t"}
	muni := casus.Suggestion{Text: "M", Kind: casus.SuggestMunicipality, Value: "GM0001"}
	docs := []casus.Suggestion{docSug("1", "D1"), docSug("2", "D2"), docSug("3", "D3")}
	tests := []struct {
		name  string
		size  int
		lists [][]casus.Suggestion
		want  []casus.Suggestion
	}{
		{
			name: "shares", size: 6,
			lists: [][]casus.Suggestion{terms, {theme}, {muni}, docs},
			want:  []casus.Suggestion{termSug("a"), termSug("b"), termSug("c"), theme, muni, docSug("1", "D1")},
		},
		{
			name: "words fill what others leave", size: 6,
			lists: [][]casus.Suggestion{terms, nil, nil, docs[:1]},
			want:  []casus.Suggestion{termSug("a"), termSug("b"), termSug("c"), termSug("d"), termSug("e"), docSug("1", "D1")},
		},
		{
			name: "documents fill what words leave", size: 4,
			lists: [][]casus.Suggestion{terms[:1], nil, nil, docs},
			want:  []casus.Suggestion{termSug("a"), docSug("1", "D1"), docSug("2", "D2"), docSug("3", "D3")},
		},
		{
			name: "duplicates dropped", size: 8,
			lists: [][]casus.Suggestion{{termSug("a"), termSug("a")}, {theme, theme}, nil, {docSug("1", "D1"), docSug("1", "D1")}},
			want:  []casus.Suggestion{termSug("a"), theme, docSug("1", "D1")},
		},
		{
			name: "size one", size: 1,
			lists: [][]casus.Suggestion{terms, {theme}, {muni}, docs},
			want:  []casus.Suggestion{termSug("a")},
		},
		{name: "nothing", size: 8, lists: [][]casus.Suggestion{nil, nil, nil, nil}, want: []casus.Suggestion{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mixSuggestions(tt.size, tt.lists...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mixSuggestions (-want +got):\n%s", diff)
			}
		})
	}
}
