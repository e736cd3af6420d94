package search

import (
	"context"
	"errors"
	"html"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
)

func TestSimilarMostLike(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	tests := []struct {
		id, want string
		why      string
	}{
		{"d03", "d11", "both about Wmo consultants at the toegang"},
		{"d11", "d03", "the other way round"},
		{"d04", "d16", "youth care waiting lists and costs in Amsterdam"},
		{"d13", "d01", "the sociaal domein and wijkteams of Dalfsen"},
		{"d08", "d13", "transformation of the sociaal domein"},
		{"d07", "d14", "procurement and subsidies of Wmo and welzijn"},
	}
	for _, tt := range tests {
		hits, err := ix.Similar(context.Background(), tt.id, 3)
		if err != nil {
			t.Fatalf("Similar(%s): %v", tt.id, err)
		}
		if len(hits) == 0 || hits[0].ID != tt.want {
			t.Errorf("Similar(%s) = %v, want %s first (%s)", tt.id, similarIDs(hits), tt.want, tt.why)
		}
	}
}

func TestSimilarNeverItselfAndBounded(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	ctx := context.Background()
	for _, d := range loadFixtures(t) {
		for _, size := range []int{1, 3, casus.MaxSize} {
			hits, err := ix.Similar(ctx, d.ID, size)
			if err != nil {
				t.Fatalf("Similar(%s, %d): %v", d.ID, size, err)
			}
			if len(hits) > size {
				t.Errorf("Similar(%s, %d) gave %d hits", d.ID, size, len(hits))
			}
			for i, h := range hits {
				if h.ID == d.ID {
					t.Errorf("Similar(%s) lists the case itself", d.ID)
				}
				if i > 0 && h.Score > hits[i-1].Score {
					t.Errorf("Similar(%s): %s scores above %s before it", d.ID, h.ID, hits[i-1].ID)
				}
			}
		}
	}
	hits, err := ix.Similar(ctx, "d01", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != casus.DefaultSimilarSize {
		t.Errorf("Similar(d01, 0) gave %d hits, want the default %d", len(hits), casus.DefaultSimilarSize)
	}
}

func TestSimilarHitsArePlain(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	hits, err := ix.Similar(context.Background(), "d06", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Fatal("Similar(d06) found nothing")
	}
	for _, h := range hits {
		if h.TitleHTML != html.EscapeString(h.Title) {
			t.Errorf("%s: TitleHTML = %q, want the escaped title", h.ID, h.TitleHTML)
		}
		if h.SnippetHTML == "" || strings.Contains(h.SnippetHTML, "<mark>") {
			t.Errorf("%s: SnippetHTML = %q, want a plain snippet", h.ID, h.SnippetHTML)
		}
		if h.URL == "" || h.Municipalities == nil || h.Themes == nil || h.Domains == nil {
			t.Errorf("%s: hit not filled like a search hit: %+v", h.ID, h)
		}
	}
}

func TestSimilarErrors(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	tests := []struct {
		id   string
		size int
		want error
	}{
		{"nope", 5, casus.ErrNotFound},
		{"", 5, casus.ErrNotFound},
		{"d01", -1, casus.ErrInvalid},
		{"d01", casus.MaxSize + 1, casus.ErrInvalid},
	}
	for _, tt := range tests {
		if _, err := ix.Similar(context.Background(), tt.id, tt.size); !errors.Is(err, tt.want) {
			t.Errorf("Similar(%q, %d) error = %v, want %v", tt.id, tt.size, err, tt.want)
		}
	}
}

// TestSimilarWithoutSharedWords covers a case whose words no other case
// has: it has no similar cases, and the answer is an empty list.
func TestSimilarWithoutSharedWords(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	lone := casus.Document{ID: "lone", URL: "https://example.org/lone", Title: "Xylofoon", Body: "Zeppelinachtige quasarfluit."}
	if err := ix.Put(context.Background(), []casus.Document{lone}); err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Similar(context.Background(), "lone", 5)
	if err != nil {
		t.Fatal(err)
	}
	if hits == nil || len(hits) != 0 {
		t.Errorf("Similar(lone) = %#v, want an empty list", hits)
	}
}

// similarIDs lists the ids of hits in order.
func similarIDs(hits []casus.Hit) []string {
	out := make([]string, 0, len(hits))
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func BenchmarkSimilar(b *testing.B) {
	ix, err := NewMemory(Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ix.Close() })
	docs := benchCorpus(b)
	if err := ix.Put(context.Background(), docs); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Similar(ctx, docs[i%len(docs)].ID, casus.DefaultSimilarSize); err != nil {
			b.Fatal(err)
		}
	}
}
