package search

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casus-nl/casus"
)

// The synthetic corpus of BenchmarkSuggest: copies of the fixture cases,
// each with extra words drawn Zipf-distributed from the compound splitter's
// Dutch word list, so the dictionary has tens of thousands of words with a
// realistic spread of frequencies.
const (
	benchCorpusDocs   = 3000
	benchExtraWords   = 150
	benchZipfExponent = 1.1
	benchWordList     = "compound/words.txt"
)

// keystrokes is what a user types into the search box, one call each.
var keystrokes = []string{
	"j", "je", "jeu", "jeug", "jeugd", "jeugdz", "jeugdzo", "jeugdzor", "jeugdzorg",
	"jeugdzorg d", "jeugdzorg da", "jeugdzorg dal", "jeugdzorg dalf",
	"w", "wi", "wij", "wijk", "wijkt",
	"b", "be", "bee", "beek", "beekd",
	"s", "sc", "sch", "schu", "schul", "schuld", "schuldh",
	"jeugz", "financ", "wmo-toe",
}

func BenchmarkSuggest(b *testing.B) {
	opts := Options{Municipalities: fakeMunicipalities{}, Taxonomy: fakeTaxonomy{}}
	b.Run("fixtures", func(b *testing.B) {
		benchKeystrokes(b, fixtureIndex(b, opts))
	})
	b.Run(fmt.Sprintf("corpus-%d", benchCorpusDocs), func(b *testing.B) {
		ix, err := NewMemory(opts)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = ix.Close() })
		if err := ix.Put(context.Background(), benchCorpus(b)); err != nil {
			b.Fatal(err)
		}
		benchKeystrokes(b, ix)
	})
}

// benchKeystrokes replays keystrokes against ix and reports the median and
// 99th percentile latency of one Suggest call.
func benchKeystrokes(b *testing.B, ix *Index) {
	ctx := context.Background()
	// One pass first warms the caches; collecting the garbage of building
	// the index keeps its pauses out of the measured calls.
	for _, k := range keystrokes {
		if _, err := ix.Suggest(ctx, k, casus.DefaultSuggestSize); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := ix.Suggest(ctx, keystrokes[i%len(keystrokes)], casus.DefaultSuggestSize); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
}

// benchCorpus builds benchCorpusDocs documents from the fixtures and the
// word list, the same every run.
func benchCorpus(tb testing.TB) []casus.Document {
	tb.Helper()
	f, err := os.Open(benchWordList)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			words = append(words, w)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	// Shuffle so frequency does not follow the alphabet.
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	zipf := rand.NewZipf(r, benchZipfExponent, 1, uint64(len(words)-1))
	base := loadFixtures(tb)
	docs := make([]casus.Document, benchCorpusDocs)
	for i := range docs {
		d := base[i%len(base)]
		d.ID = fmt.Sprintf("%s-%04d", d.ID, i)
		d.URL = fmt.Sprintf("%s?copy=%d", d.URL, i)
		extra := make([]string, benchExtraWords)
		for k := range extra {
			extra[k] = words[zipf.Uint64()]
		}
		d.Body += "\n\n" + strings.Join(extra, " ") + "."
		docs[i] = d
	}
	return docs
}
