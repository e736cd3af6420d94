package casus

import "net/url"

// Suggestion is one completion for search-as-you-type.
type Suggestion struct {
	// Text is what to show and, for a term, what to search.
	Text string `json:"text"`
	// Kind is SuggestTerm, SuggestTheme, SuggestMunicipality or SuggestDocument.
	Kind string `json:"kind"`
	// Value is the facet value of a theme or municipality.
	Value string `json:"value,omitempty"`
	// ID is the id of a document.
	ID string `json:"id,omitempty"`
}

// Kinds of Suggestion.
const (
	SuggestTerm         = "term"
	SuggestTheme        = "theme"
	SuggestMunicipality = "municipality"
	SuggestDocument     = "document"
)

// Suggestions is the answer of /api/v1/suggest.
type Suggestions struct {
	Query       string       `json:"query"`
	Suggestions []Suggestion `json:"suggestions"`
}

// SimilarResult is the answer of /api/v1/documents/{id}/similar.
type SimilarResult struct {
	Hits []Hit `json:"hits"`
}

// MunicipalitySummary is one municipality in a name lookup.
type MunicipalitySummary struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Province   string `json:"province"`
	Population int    `json:"population"`
	// Cases counts the indexed cases about it, its predecessors' included.
	Cases int `json:"cases"`
}

// MunicipalityProfile describes a municipality with its cases.
type MunicipalityProfile struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Province   string `json:"province"`
	Population int    `json:"population"`
	// SizeClass is the CBS population class, e.g. "20.000 tot 50.000".
	SizeClass string `json:"size_class"`
	// Predecessors are the former municipalities that merged into it.
	Predecessors []MunicipalityRef `json:"predecessors"`
	// MergedInto is, for a former municipality, what it merged into.
	MergedInto *MunicipalityRef `json:"merged_into"`
	Cases      int              `json:"cases"`
	// Themes counts its cases per theme, most first.
	Themes []FacetValue `json:"themes"`
}

// ComparableMunicipality is a municipality like another one, with why.
type ComparableMunicipality struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	Province   string  `json:"province"`
	Population int     `json:"population"`
	Similarity float64 `json:"similarity"`
	// Reasons say in words why it is comparable ("zelfde grootteklasse").
	Reasons []string `json:"reasons"`
	Cases   int      `json:"cases"`
}

// Comparison is the answer of /api/v1/municipalities/{code}/comparable.
type Comparison struct {
	Municipality MunicipalityProfile      `json:"municipality"`
	Comparable   []ComparableMunicipality `json:"comparable"`
	// Hits are the best cases from the comparable municipalities.
	Hits []Hit `json:"hits"`
}

// CaseFilter narrows the cases a comparison lists, as the same parameters
// narrow a search: Text are the user's words, Themes theme slugs (ORed).
// The zero value asks for the default: the best cases on the municipality's
// own top themes.
type CaseFilter struct {
	Text   string
	Themes []string
}

// IsZero reports whether f narrows nothing.
func (f CaseFilter) IsZero() bool { return f.Text == "" && len(f.Themes) == 0 }

// ParseCaseFilter reads q and theme (repeatable) with the bounds and checks
// of ParseQuery, so a comparison accepts exactly what a search accepts.
func ParseCaseFilter(v url.Values) (CaseFilter, error) {
	q, err := ParseQuery(url.Values{"q": v["q"], "theme": v["theme"]})
	if err != nil {
		return CaseFilter{}, err
	}
	return CaseFilter{Text: q.Text, Themes: q.Themes}, nil
}
