// Package casus holds the domain vocabulary shared by every part of the service:
// the indexed Document, the search Query and its Result, and the error kinds.
// It depends on the standard library only, so the indexer, the search engine
// adapter, the HTTP API and the web page can all speak it without importing
// each other's technology.
package casus

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// MunicipalityRef names a municipality a case is about. CurrentCode and
// CurrentName are set only when the municipality has since merged into another.
type MunicipalityRef struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	CurrentCode string `json:"current_code,omitempty"`
	CurrentName string `json:"current_name,omitempty"`
}

// Document is one case page as extracted, enriched and indexed.
type Document struct {
	// ID is stable and derived from the canonical URL (see DocumentID).
	ID             string            `json:"id"`
	URL            string            `json:"url"`
	Source         string            `json:"source"`
	SourceName     string            `json:"source_name"`
	Title          string            `json:"title"`
	Date           Date              `json:"date"`
	Body           string            `json:"body"`
	Municipalities []MunicipalityRef `json:"municipalities"`
	Themes         []string          `json:"themes"`
	Domains        []string          `json:"domains"`
	// PopulationHint is a size stated in the text ("ruim 15.000 inwoners")
	// where no municipality is named; 0 when absent.
	PopulationHint int       `json:"population_hint,omitempty"`
	Tags           []string  `json:"tags"`
	FetchedAt      time.Time `json:"fetched_at"`
}

// Sort orders search results.
type Sort string

// The sort orders of the contract.
const (
	SortDefault   Sort = ""
	SortRelevance Sort = "relevance"
	SortDate      Sort = "date"
)

// Query is a parsed, validated search request.
type Query struct {
	// Text is the user's words; empty means all documents.
	Text string
	// Filters: values of one facet are ORed, facets are ANDed.
	Municipalities []string
	Themes         []string
	Domains        []string
	Sources        []string
	Years          []string
	// From and To bound the document date, inclusive; zero means open.
	From, To Date
	Sort     Sort
	// Page is 1-based; Size is the number of hits per page.
	Page, Size int
	// Explain asks for each hit's score explanation, for tuning.
	Explain bool
}

// EffectiveSort resolves SortDefault: relevance with words, date without.
func (q Query) EffectiveSort() Sort {
	if q.Sort != SortDefault {
		return q.Sort
	}
	if q.Text == "" {
		return SortDate
	}
	return SortRelevance
}

// Hit is one search result.
type Hit struct {
	ID             string            `json:"id"`
	URL            string            `json:"url"`
	Title          string            `json:"title"`
	TitleHTML      string            `json:"title_html"`
	SnippetHTML    string            `json:"snippet_html"`
	Date           Date              `json:"date"`
	Source         string            `json:"source"`
	SourceName     string            `json:"source_name"`
	Municipalities []MunicipalityRef `json:"municipalities"`
	Themes         []string          `json:"themes"`
	Domains        []string          `json:"domains"`
	Score          float64           `json:"score"`
	// Explanation shows how Score was computed; only with Query.Explain.
	Explanation json.RawMessage `json:"explanation,omitempty"`
}

// FacetValue is one value of a facet with the number of matching documents.
type FacetValue struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// Facets holds the facet lists of a result, keyed as in the contract.
type Facets struct {
	Municipality []FacetValue `json:"municipality"`
	Theme        []FacetValue `json:"theme"`
	Domain       []FacetValue `json:"domain"`
	Source       []FacetValue `json:"source"`
	Year         []FacetValue `json:"year"`
}

// Result is the answer to a Query.
type Result struct {
	Query   string  `json:"query"`
	Total   int     `json:"total"`
	Page    int     `json:"page"`
	Size    int     `json:"size"`
	TookMS  float64 `json:"took_ms"`
	Relaxed bool    `json:"relaxed"`
	// PartsOnly lists the query words no case holds whole (nor their stem,
	// a synonym or a near spelling), which matched only through the parts
	// of the word as a compound: "ruimtevaartbeleid" found through
	// "ruimte" and "beleid". Empty when every word matched as itself.
	PartsOnly []string `json:"parts_only,omitempty"`
	Hits      []Hit    `json:"hits"`
	Facets    Facets   `json:"facets"`
	// Suggestion is a corrected query ("did you mean"), nil when none.
	Suggestion *string `json:"suggestion"`
}

// DocumentID derives the stable document id from a canonical URL: the first
// 16 hex digits of its SHA-256, so ids are short, URL-safe and equal for equal
// URLs.
func DocumentID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:8])
}
