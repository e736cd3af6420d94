package search

import (
	"context"
	"testing"

	"github.com/casus-nl/casus"
)

func BenchmarkSearch(b *testing.B) {
	ix := fixtureIndex(b, Options{Municipalities: fakeMunicipalities{}, Taxonomy: fakeTaxonomy{}})
	queries := []casus.Query{
		{Text: "wijkteams", Size: 10},
		{Text: "jeugdhulp kosten", Themes: []string{"jeugd"}, Size: 10},
		{Text: "jeugdhulp olifant", Size: 10},
		{Municipalities: []string{"GM0363"}, Themes: []string{"jeugd", "wmo"}, Sources: []string{"bureau-b"}, Size: 10},
		{Text: `"zorg voor de jeugd" OR wijkteam -amsterdam`, From: casus.NewDate(2016, 1, 1), Size: 10},
	}
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Search(ctx, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
	}
}
