package search

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"
)

// TestOnePassMatchesAnalyzers checks that the one-pass analysis gives every
// field exactly the tokens its own analyzer gives on the value indexFields
// puts there (terms, positions, offsets and types), and the spelling words
// the spelling analyzer gives on the title and opening, for titles and bodies of
// the fixtures, long bodies whose openings lead cuts, and texts the direct
// tokenizer hands to bleve's.
func TestOnePassMatchesAnalyzers(t *testing.T) {
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if ix.onePass == nil {
		t.Fatal("the mapping's analyzers share no start: no one-pass analysis")
	}
	var long strings.Builder
	for _, d := range loadFixtures(t) {
		long.WriteString(d.Body + "\n\n")
	}
	texts := []struct{ name, title, body string }{
		{"empty", "", ""},
		{"numbers and marks", "Wmo 2015: 3,5 miljoen", "In 2024 ging 3.5% naar e-mail en re-integratie (zie § 4)…  Klaar."},
		{"other scripts", "Гemeente 🙂 Almere", "Zorg ‘dichtbij’ — Ελλάδα and 北京 beleid.\n\nJeugdzorgaanbieders en sociale dienst."},
		{"long body", "Sociaal team in de wijk", long.String()},
		{"opening without a space", "x", strings.Repeat("a", spellLeadBytes+10) + " jeugdzorg"},
	}
	for _, d := range loadFixtures(t) {
		texts = append(texts, struct{ name, title, body string }{d.ID, d.Title, d.Body})
	}
	// The buffers are used again from text to text, as a build does,
	// holding the tokens of the text before.
	tbuf, bbuf := &tokenBuffer{}, &tokenBuffer{}
	for _, tt := range texts {
		t.Run(tt.name, func(t *testing.T) {
			title := ix.onePass.analyse([]byte(tt.title), len(tt.title), len(tt.title), tbuf)
			body := ix.onePass.analyse([]byte(tt.body), len(lead(tt.body, pairsLeadBytes)), len(lead(tt.body, spellLeadBytes)), bbuf)
			checks := []struct {
				field string
				a     analysis.Analyzer
				value string
				got   analysis.TokenStream
			}{
				{fieldTitle, ix.analyzer, tt.title, title.text},
				{fieldTitleParts, ix.parts, tt.title, title.parts},
				{fieldPairs + "[0]", ix.pairs, tt.title, title.pairs},
				{fieldBody, ix.analyzer, tt.body, body.text},
				{fieldBodyParts, ix.parts, tt.body, body.parts},
				{fieldPairs + "[1]", ix.pairs, lead(tt.body, pairsLeadBytes), body.pairs},
			}
			for _, c := range checks {
				want := tokenRows(c.a.Analyze([]byte(c.value)))
				if diff := cmp.Diff(want, tokenRows(c.got)); diff != "" {
					t.Errorf("%s (-own analyzer +one pass):\n%s", c.field, diff)
				}
			}
			if diff := cmp.Diff(ix.spellWordsOf(tt.title, tt.body), mergeWords(title.words, body.words)); diff != "" {
				t.Errorf("spelling words (-own analyzer +one pass):\n%s", diff)
			}
		})
	}
}

// tokenRows writes tokens as comparable rows.
func tokenRows(ts analysis.TokenStream) []string {
	out := make([]string, len(ts))
	for i, tok := range ts {
		out[i] = fmt.Sprintf("%q pos %d [%d,%d) %d", tok.Term, tok.Position, tok.Start, tok.End, tok.Type)
	}
	return out
}

// TestTermFrequencies checks that termFrequencies counts what bleve's
// analysis.TokenFrequency counts: the same terms, frequencies and
// locations, with and without term vectors and frequencies.
func TestTermFrequencies(t *testing.T) {
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	var long strings.Builder
	for _, d := range loadFixtures(t) {
		long.WriteString(d.Body + "\n\n")
	}
	texts := map[string]string{
		"empty":    "",
		"repeated": "zorg zorg Zorg jeugdzorg zorg, jeugd en zorg",
		"fixtures": long.String(),
	}
	options := map[string]index.FieldIndexingOptions{
		"locations":      index.IndexField | index.IncludeTermVectors,
		"no locations":   index.IndexField,
		"no frequencies": index.IndexField | index.IncludeTermVectors | index.SkipFreqNorm,
	}
	positions := []uint64{1}
	for name, text := range texts {
		for oname, opts := range options {
			for _, a := range []struct {
				name string
				a    analysis.Analyzer
			}{{"text", ix.analyzer}, {"parts", ix.parts}} {
				t.Run(name+"/"+oname+"/"+a.name, func(t *testing.T) {
					want := frequencyRows(analysis.TokenFrequency(a.a.Analyze([]byte(text)), positions, opts))
					freqs, size := termFrequencies(a.a.Analyze([]byte(text)), positions, opts)
					got := frequencyRows(freqs)
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("(-bleve +ours):\n%s", diff)
					}
					if size != freqs.Size() {
						t.Errorf("size %d, bleve counts %d", size, freqs.Size())
					}
					if text != "" && len(want) == 0 {
						t.Fatal("no terms to compare")
					}
				})
			}
		}
	}
}

// frequencyRows writes term frequencies as comparable rows, one per term.
func frequencyRows(tfs index.TokenFrequencies) map[string]string {
	out := make(map[string]string, len(tfs))
	for key, tf := range tfs {
		row := fmt.Sprintf("%q freq %d", tf.Term, tf.Frequency())
		for _, l := range tf.Locations {
			row += fmt.Sprintf(" %d[%d,%d)%v", l.Position, l.Start, l.End, l.ArrayPositions)
		}
		out[key] = row
	}
	return out
}
