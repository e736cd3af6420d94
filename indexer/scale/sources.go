package scale

import (
	"fmt"

	"github.com/casus-nl/casus/indexer/source"
)

// Sources file of the website.
const (
	// SourceID and SourceName name the one source of the website.
	SourceID   = "scale"
	SourceName = "Schaalcorpus"
	// sourceHeadroom is added to the number of documents for max_pages:
	// the home page is fetched too.
	sourceHeadroom = 100
)

// SourcesYAML returns a sources file (see indexer/source) for crawling the
// corpus served by Handler at base (scheme://host:port): one source that
// starts at the home page and the sitemap index, takes every page under
// CasesPath as a case, may fetch every document, and waits no delay
// between requests and sends source.MaxParallel at a time, since the site
// runs on the crawler's own machine.
// max_pages is capped at source.MaxMaxPages.
func (c *Corpus) SourcesYAML(base string) ([]byte, error) {
	if base == "" {
		return nil, fmt.Errorf("scale: sources file: no base URL")
	}
	b, err := checkBaseURL(base)
	if err != nil {
		return nil, err
	}
	maxPages := min(c.cfg.Docs+sourceHeadroom, source.MaxMaxPages)
	return fmt.Appendf(nil, `# The scale corpus served by casus bench site: %d documents, profile %s, seed %d.
sources:
  - id: %s
    name: %s
    start_urls: ['%s/']
    sitemaps: ['%s/sitemap.xml']
    allow: ['^%s']
    max_pages: %d
    delay: 0s
    parallel: %d
`, c.cfg.Docs, c.cfg.Profile, c.cfg.Seed, SourceID, SourceName, b, b, CasesPath, maxPages, source.MaxParallel), nil
}
