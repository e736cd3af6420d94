package indexer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/extract"
	"github.com/casus-nl/casus/indexer/source"
)

// PageState is what a crawl remembers of a stored page so the next crawl
// can revalidate it instead of rewriting it.
type PageState struct {
	// URL is the document's (canonical) URL.
	URL string
	// ETag and LastModified are the validators the server sent; they become
	// If-None-Match and If-Modified-Since on the next crawl.
	ETag, LastModified string
	// ContentHash is ContentHash of the extracted document.
	ContentHash string
}

// Record is a document with its crawl state.
type Record struct {
	Doc   casus.Document
	State PageState
}

// Store is a Sink that also keeps crawl state. Given a Store, a crawl is
// incremental: it revalidates stored pages, writes only new and changed
// documents, and deletes documents whose pages are gone (404/410).
type Store interface {
	Sink
	// State returns the crawl state of the stored documents of a source,
	// by document id.
	State(ctx context.Context, source string) (map[string]PageState, error)
	// PutRecords adds or replaces documents together with their state.
	PutRecords(ctx context.Context, recs []Record) error
	// Delete removes documents by id.
	Delete(ctx context.Context, ids []string) error
}

// ContentHash fingerprints what extraction and enrichment give of a page
// (title, date, body, tags; municipalities, themes, domains, size): equal
// hashes mean the stored document needs no rewrite. A casus that
// recognises a page differently (a new theme model) rewrites it when it is
// next extracted: `casus crawl --full` does so for every page.
func ContentHash(d casus.Document) string {
	b, err := json.Marshal(struct {
		Title          string                  `json:"t"`
		Date           casus.Date              `json:"d"`
		Body           string                  `json:"b"`
		Tags           []string                `json:"g"`
		Municipalities []casus.MunicipalityRef `json:"m"`
		Themes         []string                `json:"th"`
		Domains        []string                `json:"do"`
		PopulationHint int                     `json:"p"`
	}{d.Title, d.Date, d.Body, d.Tags, d.Municipalities, d.Themes, d.Domains, d.PopulationHint})
	if err != nil {
		// The fields are plain strings and a date; Marshal cannot fail on
		// them, and an empty hash only means "rewrite".
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// prior is the stored state of one source at the start of a crawl.
type prior struct {
	// byID is the state by document id; byURL maps a stored URL to its id.
	byID  map[string]PageState
	byURL map[string]string
}

// loadPriors reads the state of every source from the store; it returns
// empty priors when the sink keeps no state.
func loadPriors(ctx context.Context, sink Sink, sources []source.Source) (map[string]prior, error) {
	out := map[string]prior{}
	store, ok := sink.(Store)
	for _, s := range sources {
		p := prior{byID: map[string]PageState{}, byURL: map[string]string{}}
		if ok {
			st, err := store.State(ctx, s.ID)
			if err != nil {
				return nil, fmt.Errorf("crawl: read stored state of source %s: %w", s.ID, err)
			}
			p.byID = st
			for id, ps := range st {
				if u := parseStored(ps.URL); u != nil {
					p.byURL[u.String()] = id
				}
			}
		}
		out[s.ID] = p
	}
	return out, nil
}

// urls returns the stored URLs, sorted so the crawl order is stable.
func (p prior) urls() []*url.URL {
	var out []*url.URL
	for raw := range p.byURL {
		if u := parseStored(raw); u != nil {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// lookup returns the id and state of the stored document at u.
func (p prior) lookup(u *url.URL) (string, PageState, bool) {
	id, ok := p.byURL[u.String()]
	if !ok {
		id = casus.DocumentID(u.String())
	}
	st, ok := p.byID[id]
	return id, st, ok
}

// conditional adds If-None-Match and If-Modified-Since to requests for
// stored pages, so an unchanged page costs a 304 and no body.
type conditional struct {
	next       http.RoundTripper
	validators map[string]PageState
}

// RoundTrip implements http.RoundTripper.
func (c conditional) RoundTrip(req *http.Request) (*http.Response, error) {
	st, ok := c.validators[req.URL.String()]
	if !ok || (st.ETag == "" && st.LastModified == "") {
		return c.next.RoundTrip(req)
	}
	// A RoundTripper must not change the request it was given.
	req = req.Clone(req.Context())
	if st.ETag != "" {
		req.Header.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		req.Header.Set("If-Modified-Since", st.LastModified)
	}
	return c.next.RoundTrip(req)
}

// validatorsOf collects the validators of all stored pages by URL.
func validatorsOf(priors map[string]prior) map[string]PageState {
	out := map[string]PageState{}
	for _, p := range priors {
		for _, st := range p.byID {
			if st.ETag != "" || st.LastModified != "" {
				if u := parseStored(st.URL); u != nil {
					out[u.String()] = st
				}
			}
		}
	}
	return out
}

// parseStored parses and normalises a stored URL; nil when it is not an
// absolute http(s) URL, which a crawl then does not revisit.
func parseStored(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return extract.NormalizeURL(u)
}
