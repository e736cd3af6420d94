package search

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

// headDocs are cases whose words open compounds: a region name inside
// "Parkstadgemeenten", and "Parkstadion", where "parkstad" leaves a tail
// that is no word.
var headDocs = []casus.Document{
	{ID: "h1", URL: "https://a.example/1", Source: "a", Title: "Samen jeugdhulp inkopen",
		Body: "Drie Parkstadgemeenten kochten de jeugdhulp samen in. De gemeenten spraken tarieven af."},
	{ID: "h2", URL: "https://a.example/2", Source: "a", Title: "Schuldhulp in de wijk",
		Body: "De aanpak van schulden begon in de wijk, samen met de gemeenten in de regio."},
	{ID: "h3", URL: "https://a.example/3", Source: "a", Title: "Sport en bewegen",
		Body: "Het Parkstadion kreeg een nieuwe rol in de wijk voor jongeren die willen bewegen."},
	{ID: "h4", URL: "https://a.example/4", Source: "a", Title: "Ontmoeten in het groen",
		Body: "Het nieuwe park in de stad is een ontmoetingsplek voor ouderen."},
}

// headIndex returns a memory index holding headDocs.
func headIndex(t *testing.T) *Index {
	t.Helper()
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if err := ix.Put(context.Background(), headDocs); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestCompoundHeads checks that a word no case holds whole finds the
// compounds it opens, ranked above its parts found apart, and that the
// result then does not call it a match on parts only.
func TestCompoundHeads(t *testing.T) {
	ix := headIndex(t)
	tests := []struct {
		text      string
		wantFirst string // "" for any
		wantParts []string
	}{
		// "parkstad" opens "parkstadgemeenten", not "parkstadion" (tail "ion").
		{"parkstad", "h1", nil},
		{"parkstad jeugdhulp", "h1", nil},
		// Nothing opens "parkwijk": its parts alone match, and the result
		// says so.
		{"parkwijk", "", []string{"parkwijk"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := mustSearch(t, ix, casus.Query{Text: tt.text})
			if len(r.Hits) == 0 || tt.wantFirst != "" && r.Hits[0].ID != tt.wantFirst {
				t.Fatalf("hits %v, want %s first", hitIDs(r), tt.wantFirst)
			}
			if diff := cmp.Diff(tt.wantParts, r.PartsOnly); diff != "" {
				t.Errorf("PartsOnly (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVocabHeads checks which dictionary words a term opens.
func TestVocabHeads(t *testing.T) {
	ix := headIndex(t)
	v, err := ix.openVocab()
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	tests := []struct {
		term string
		want []string
	}{
		{"parkstad", []string{"parkstadgemeent"}},
		// The rest must be a word: "dgemeent" and "ion" are not.
		{"parksta", nil},
		{"parkstadi", nil},
		{"zzz", nil},
	}
	for _, tt := range tests {
		got := v.heads(fieldBody, tt.term, maxHeadExpansions)
		if len(got) == 0 {
			got = nil
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("heads(%q) (-want +got):\n%s", tt.term, diff)
		}
	}
}
