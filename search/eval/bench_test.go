package eval_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search"
)

// keystrokes is what a visitor types, one call per key.
var keystrokes = []string{
	"j", "je", "jeu", "jeug", "jeugd", "jeugdz", "jeugdzo", "jeugdzorg",
	"w", "wi", "wij", "wijk", "wijkt", "wijkte", "wijkteam",
	"s", "sc", "sch", "schu", "schul", "schuldh", "schuldhulp",
	"jeugdzorg d", "jeugdzorg da", "jeugdzorg dal", "jeugdzorg dalf",
	"b", "be", "bee", "beek", "beekd", "beekda", "wmo", "wmo a", "wmo am", "wmo ams",
}

// BenchmarkDemo measures search and search-as-you-type on the demo corpus,
// crawled as in TestRelevance, reporting the 50th and 99th percentile
// latency of each call.
func BenchmarkDemo(b *testing.B) {
	k := load(b)
	docs := demoCorpus(b, k)
	ix, err := search.NewMemory(search.Options{Municipalities: k.g, Taxonomy: k.tx, Synonyms: k.syn})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if err := ix.Put(ctx, docs); err != nil {
		b.Fatal(err)
	}
	b.Run("suggest", func(b *testing.B) {
		measure(b, func(i int) error {
			_, err := ix.Suggest(ctx, keystrokes[i%len(keystrokes)], casus.DefaultSuggestSize)
			return err
		})
	})
	b.Run("search", func(b *testing.B) {
		measure(b, func(i int) error {
			_, err := ix.Search(ctx, casus.Query{Text: keystrokes[i%len(keystrokes)], Size: casus.DefaultSize})
			return err
		})
	})
}

// measure runs fn b.N times and reports the median and 99th percentile.
func measure(b *testing.B, fn func(i int) error) {
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if err := fn(i); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
}
