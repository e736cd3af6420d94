package indexer

import (
	"net/url"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/extract"
	"github.com/casus-nl/casus/indexer/scale"
)

// benchPages is how many generated case pages a page benchmark cycles
// through: enough for the corpus's mix of short and long pages.
const benchPages = 1000

// BenchmarkPage measures what a crawl does to each fetched page before it
// is indexed, per page of the generated scale site (one in ten 20–40 KiB):
// extraction, and recognition of municipalities and themes.
func BenchmarkPage(b *testing.B) {
	corpus, err := scale.New(scale.Config{Docs: benchPages})
	if err != nil {
		b.Fatal(err)
	}
	enricher := realEnricher(b)
	type page struct {
		url  *url.URL
		html []byte
	}
	pages := make([]page, benchPages)
	var bytes int64
	for i := range pages {
		u, err := url.Parse(scale.DefaultBaseURL + corpus.Path(i))
		if err != nil {
			b.Fatal(err)
		}
		pages[i] = page{url: u, html: corpus.Page(i)}
		bytes += int64(len(pages[i].html))
	}
	b.SetBytes(bytes / benchPages)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pages[i%benchPages]
		i++
		got, err := extract.Extract(extract.Input{URL: p.url, ContentType: "text/html; charset=utf-8", Body: p.html})
		if err != nil {
			b.Fatal(err)
		}
		doc := casus.Document{Title: got.Title, Body: got.Body, Date: got.Date, Tags: got.Tags}
		enricher.Enrich(&doc)
		if len(doc.Themes) == 0 {
			b.Fatalf("page %s: no themes recognised", p.url)
		}
	}
}
