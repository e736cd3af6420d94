// Package enrich recognises the municipalities, themes and policy domains a
// case page is about, from its title, body and site tags.
package enrich

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

// MaxTextBytes bounds how much of a title or body is examined. Case pages
// are a few kilobytes; the bound keeps a pathological page cheap.
const MaxTextBytes = 1 << 20

// Enricher fills in what a document is about. It is immutable after New and
// safe for concurrent use.
type Enricher struct {
	gaz    *gazetteer.Gazetteer
	places *places
	vocab  *vocabulary
	scope  *scope
	model  *themeModel
}

// New compiles the municipality names of g and the vocabulary of t.
func New(g *gazetteer.Gazetteer, t *taxonomy.Taxonomy) (*Enricher, error) {
	if g == nil || t == nil {
		return nil, errors.New("enrich: a gazetteer and a taxonomy are required")
	}
	p, err := newPlaces(g, namesYAML)
	if err != nil {
		return nil, fmt.Errorf("enrich: %w", err)
	}
	v, err := newVocabulary(t)
	if err != nil {
		return nil, fmt.Errorf("enrich: vocabulary: %w", err)
	}
	sc, err := newScope(scopeYAML)
	if err != nil {
		return nil, fmt.Errorf("enrich: %w", err)
	}
	m, err := loadThemeModel(themeModelJSON)
	if err != nil {
		return nil, fmt.Errorf("enrich: %w", err)
	}
	return &Enricher{gaz: g, places: p, vocab: v, scope: sc, model: m}, nil
}

// Enrich fills doc.Municipalities, doc.Themes, doc.Domains and
// doc.PopulationHint from doc.Title, doc.Body and doc.Tags (and doc.Date,
// to tell a merged municipality from the village it became), replacing what
// was there. The body should be free of site chrome; a list of links under a
// heading such as "Lees ook" is recognised and does not count. The slices
// it sets are never nil.
func (e *Enricher) Enrich(doc *casus.Document) {
	if doc == nil {
		return
	}
	title, body := clip(doc.Title), clip(doc.Body)
	fields := []field{{text: title, toks: tokenize(title)}, {text: body, toks: tokenize(body)}}
	tags := make([][]token, 0, len(doc.Tags))
	for _, t := range doc.Tags {
		tags = append(tags, tokenize(clip(t)))
	}

	bodyScope := e.scope.words(fields[1])
	doc.Municipalities = e.municipalities(fields, bodyScope, tags, doc.Date)
	doc.PopulationHint = 0
	if len(doc.Municipalities) == 0 {
		doc.PopulationHint = populationHint(title, body)
	}

	doc.Themes, doc.Domains = e.scores(fields, bodyScope, tags).result(e.model)
}

// scores scores the title and body of fields and the tags.
func (e *Enricher) scores(fields []field, bodyScope []wordScope, tags [][]token) *scores {
	s := e.vocab.newScores()
	s.addTitle(fields[0].toks)
	s.addBody(fields[1], bodyScope)
	for _, t := range tags {
		s.addField(t, nil, TagFactor)
		s.addTagNames(t)
	}
	return s
}

// clip cuts s to MaxTextBytes at a character boundary.
func clip(s string) string {
	if len(s) <= MaxTextBytes {
		return s
	}
	cut := MaxTextBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
