package search

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/unique"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/casus-nl/casus/search/compound"
)

// mappingVersion names the shape of the index: fields, analyzers and the
// meaning of stored values. Bump it whenever this file (or the folding filter,
// or what Put writes) changes in a way that makes an existing index wrong;
// Open then refuses old indexes and asks for a rebuild instead of silently
// serving half-analysed data.
const mappingVersion = "13"

// Internal (non-document) keys stored in the index.
const (
	// mappingVersionKey holds mappingVersion of the code that created the index.
	mappingVersionKey = "casus:mapping_version"
	// sourceNamePrefix + source id holds the source's display name.
	sourceNamePrefix = "source:"
	// compactedKey holds a counter compaction writes to make bleve persist
	// (and remove unused segment files) once more.
	compactedKey = "casus:compacted"
)

// Analyzers of the mapping.
const (
	// analyzerName is the Dutch analyzer of title and body, at index and
	// query time.
	analyzerName = "casus_nl"
	// partsAnalyzer indexes only the parts of compound words ("jeugd",
	// "zorg" of "jeugdzorg"), stemmed like analyzerName, into the parts
	// fields; queries on those fields use analyzerName.
	partsAnalyzer = "casus_nl_parts"
	// pairsAnalyzer indexes pairs of neighbouring stems, stop words
	// skipped, for the proximity boost and the synonym phrases: "zorg voor
	// de jeugd" gives "zorg jeugd". Past the opening only the pairs of
	// synonym phrases are kept.
	pairsAnalyzer = "casus_nl_pairs"
	// spellAnalyzer keeps words as written but lowercased and folded, for
	// spelling suggestions and completions; its words are counted beside
	// the index (see wordsFile), not held in a field.
	spellAnalyzer = "casus_spell"
)

// Component names registered in bleve's global registry. They carry the app
// prefix so they cannot collide with bleve's own components or another
// library's.
const (
	tokenizerName      = "casus_tokenizer"
	foldFilterName     = "casus_fold"
	stemFilterName     = "casus_stem_nl"
	compoundFilterName = "casus_compound_parts"
	pairsFilterName    = "casus_pairs"
	// synonymPairsFilter is the pairs filter of the mapping, configured
	// with the pairs of the synonym phrases and nearPairsBytes.
	synonymPairsFilter = "casus_synonym_pairs"
	fragmenterName     = "casus_words"
	highlighterName    = "casus_html"
)

// Field names of the indexed document. The facet fields double as facet names.
const (
	fieldTitle = "title"
	fieldBody  = "body"
	// fieldTitleParts and fieldBodyParts hold the compound parts of title
	// and body; they are not stored, and their matches are highlighted on
	// title and body (the title's parts with the locations indexed, the
	// body's found again in the hit's body).
	fieldTitleParts = "title_parts"
	fieldBodyParts  = "body_parts"
	// fieldHeadings holds the headings of the body, so heading matches
	// weigh more.
	fieldHeadings = "headings"
	// fieldPairs holds pairs of neighbouring stems of title and body.
	fieldPairs        = "pairs"
	fieldMunicipality = "municipality"
	fieldTheme        = "theme"
	fieldDomain       = "domain"
	fieldSource       = "source"
	fieldYear         = "year"
	// fieldProfile holds the provinces and size groups of a case's
	// municipalities ("provincie:drenthe", "grootte:klein"), for queries
	// that name them; it is neither stored nor a facet.
	fieldProfile = "profile"
	// fieldRegion holds the COROP regions of a case's municipalities
	// ("regio:twente"), for queries that name them. It is apart from
	// fieldProfile so that a province or size weighs as much as before.
	fieldRegion = "region"
	fieldDate   = "date"
	// fieldStored holds the casus.Document as JSON without its body, which
	// the body field stores; it is stored, not indexed, and is what Get
	// returns and hits are built from.
	fieldStored = "stored"
	// fieldCrawl holds the PageState as JSON, stored and not indexed: it is
	// for the crawler, not for searchers.
	fieldCrawl = "crawl"
)

// nearPairsBytes is how far into a title or body every pair of neighbouring
// words is indexed for the proximity boost; further on only the pairs of
// synonym phrases are. Two query words together in the title or the opening
// sentences say what a case is about; the pairs of whole pages would cost
// more to index than all other fields together.
const nearPairsBytes = 300

// titleBoost weighs a title match over a body match: a case whose title names
// the subject is usually about it, a body may only mention it. A heading in
// the body weighs in between, on top of its body match.
const (
	titleBoost   = 3.0
	headingBoost = 1.0
)

// registerComponents adds our Go-coded analysis and highlighting components to
// bleve's global registry. The registry panics on a second registration of a
// name and is filled by init() elsewhere; a package-level sync.OnceValue is the
// one way to share it without an init() of our own. The stored index mapping
// refers to the components by name, so this must run before any index is
// created or opened.
var registerComponents = sync.OnceValue(func() error {
	if err := registry.RegisterTokenizer(tokenizerName, newWordTokenizer); err != nil {
		return fmt.Errorf("register tokenizer %s: %w", tokenizerName, err)
	}
	if err := registry.RegisterTokenFilter(foldFilterName, newFoldFilter); err != nil {
		return fmt.Errorf("register token filter %s: %w", foldFilterName, err)
	}
	if err := registry.RegisterTokenFilter(stemFilterName, newStemFilter()); err != nil {
		return fmt.Errorf("register token filter %s: %w", stemFilterName, err)
	}
	splitter, err := compound.New()
	if err != nil {
		return fmt.Errorf("compound word list: %w", err)
	}
	if err := registry.RegisterTokenFilter(compoundFilterName, newCompoundFilter(splitter)); err != nil {
		return fmt.Errorf("register token filter %s: %w", compoundFilterName, err)
	}
	if err := registry.RegisterTokenFilter(pairsFilterName, newPairsFilter); err != nil {
		return fmt.Errorf("register token filter %s: %w", pairsFilterName, err)
	}
	if err := registry.RegisterFragmenter(fragmenterName, newWordFragmenter); err != nil {
		return fmt.Errorf("register fragmenter %s: %w", fragmenterName, err)
	}
	if err := registry.RegisterHighlighter(highlighterName, newHighlighter); err != nil {
		return fmt.Errorf("register highlighter %s: %w", highlighterName, err)
	}
	return nil
})

// newMapping builds the index mapping: the one place where fields and
// analysis are configured. off switches analysis steps off, for evaluation
// only; indexes on disk are always built with every step.
func newMapping(off Disable) (*mapping.IndexMappingImpl, error) {
	if err := registerComponents(); err != nil {
		return nil, err
	}
	m := mapping.NewIndexMapping()
	// Folding runs after lowercasing (so it sees one case) and before the
	// compound splitter, stop list and stemmer (so "financiën" and
	// "financien" meet and the word list needs no diacritics).
	normalise := []string{lowercase.Name}
	if !off.Fold {
		normalise = append(normalise, foldFilterName)
	}
	stem := []string{nl.StopName}
	if !off.Stem {
		stem = append(stem, stemFilterName)
	}
	analyzers := []struct {
		name    string
		filters []string
	}{
		{analyzerName, concat(normalise, stem)},
		{partsAnalyzer, concat(normalise, []string{compoundFilterName}, stem)},
		// A pair boosts a case for holding two query words together
		// near its start, or stands for a synonym phrase; how often it
		// does matters little, and one token per pair keeps the field
		// cheap.
		{pairsAnalyzer, concat(normalise, stem, []string{synonymPairsFilter, unique.Name})},
		// Spelling needs each word's documents, not how often a
		// document uses it: one token per word.
		{spellAnalyzer, concat(normalise, []string{unique.Name})},
	}
	for _, a := range analyzers {
		if a.name == pairsAnalyzer {
			// The pairs kept further on are those of the synonym
			// phrases, as the Dutch analyzer (defined first) gives
			// their words.
			syn, err := LoadSynonyms()
			if err != nil {
				return nil, err
			}
			err = m.AddCustomTokenFilter(synonymPairsFilter, map[string]any{
				"type":            pairsFilterName,
				pairsKnownKey:     phrasePairs(syn, m.AnalyzerNamed(analyzerName)),
				pairsAllWithinKey: nearPairsBytes,
			})
			if err != nil {
				return nil, fmt.Errorf("add token filter %s: %w", synonymPairsFilter, err)
			}
		}
		err := m.AddCustomAnalyzer(a.name, map[string]any{
			"type": custom.Name, "tokenizer": tokenizerName, "token_filters": a.filters,
		})
		if err != nil {
			return nil, fmt.Errorf("add analyzer %s: %w", a.name, err)
		}
	}
	m.DefaultAnalyzer = analyzerName
	// Nothing is indexed unless named below, so an unexpected property
	// cannot grow the index or change scoring.
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldTitle, textField())
	doc.AddFieldMappingsAt(fieldBody, textField())
	doc.AddFieldMappingsAt(fieldHeadings, indexOnlyField(analyzerName, true))
	doc.AddFieldMappingsAt(fieldTitleParts, indexOnlyField(partsAnalyzer, true))
	// The locations of a body's parts are found again when a hit's
	// snippet is made (highlightBodies).
	doc.AddFieldMappingsAt(fieldBodyParts, indexOnlyField(partsAnalyzer, false))
	doc.AddFieldMappingsAt(fieldPairs, indexOnlyField(pairsAnalyzer, false))
	for _, f := range []string{fieldMunicipality, fieldTheme, fieldDomain, fieldSource, fieldYear} {
		doc.AddFieldMappingsAt(f, keywordField())
	}
	profile := keywordField()
	profile.DocValues = false
	doc.AddFieldMappingsAt(fieldProfile, profile)
	region := keywordField()
	region.DocValues = false
	doc.AddFieldMappingsAt(fieldRegion, region)
	date := mapping.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	doc.AddFieldMappingsAt(fieldDate, date)

	doc.AddFieldMappingsAt(fieldStored, storedOnlyField())
	doc.AddFieldMappingsAt(fieldCrawl, storedOnlyField())

	// No query reads bleve's catch-all _all field; building it costs a
	// merge of every field's terms per document.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("validate mapping: %w", err)
	}
	return m, nil
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// indexOnlyField is a searchable, unstored text field; locations (term
// vectors) are kept when matches must be highlighted.
func indexOnlyField(analyzer string, locations bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = false
	f.IncludeTermVectors = locations
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// textField is a Dutch full-text field, stored with term vectors so the
// highlighter can mark matches on the original text.
func textField() *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzerName
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// keywordField is an exact-value field for filters and facets; its values
// live in the stored document, so only doc values are kept for counting.
func keywordField() *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Store = false
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	return f
}

// storedOnlyField keeps a value to read back, with no index or doc values.
func storedOnlyField() *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = keyword.Name
	f.Index = false
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}
