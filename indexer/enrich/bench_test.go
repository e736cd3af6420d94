package enrich

import (
	"testing"

	"github.com/casus-nl/casus"
)

// BenchmarkEnrich enriches every labelled passage once per iteration: the
// work a crawl does per page, on pages of realistic wording.
func BenchmarkEnrich(b *testing.B) {
	e := newEnricher(b)
	ps := loadPassages(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			d := casus.Document{Title: p.Title, Body: p.Text, Tags: p.Tags}
			e.Enrich(&d)
		}
	}
}
