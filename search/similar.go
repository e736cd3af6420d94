package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/casus-nl/casus"
)

// More-like-this: a case is described by its most distinctive stems, and
// the cases that share them, and its themes, are the most similar.
const (
	// similarTerms is how many of a case's most distinctive stems make up
	// its description.
	similarTerms = 12
	// similarMinRunes is the shortest stem that can describe a case;
	// shorter ones are mostly numbers and abbreviations that tell little.
	similarMinRunes = 3
	// maxSimilarCandidates bounds the stems of a case whose rarity is
	// looked up: the most mentioned ones.
	maxSimilarCandidates = 48
	// similarTitleWeight counts a stem in the title as this many mentions
	// in the body: the title names the subject.
	similarTitleWeight = 3
	// similarThemeBoost weighs one shared theme against the content
	// match; similarMunicipalityBoost one shared municipality.
	similarThemeBoost        = 0.5
	similarMunicipalityBoost = 0.25
	// similarSizeBoost weighs a case about a municipality of the same CBS
	// population class: a policy advisor compares with peers in size.
	similarSizeBoost = 0.2
)

// Similar returns up to size other cases most like the case id: those that
// share its most distinctive words (by tf-idf), then its themes and
// municipalities. The error wraps casus.ErrNotFound for an unknown id.
// size 0 means casus.DefaultSimilarSize.
func (ix *Index) Similar(ctx context.Context, id string, size int) ([]casus.Hit, error) {
	if size == 0 {
		size = casus.DefaultSimilarSize
	}
	if size < 1 || size > casus.MaxSize {
		return nil, casus.InvalidParam("size", "must be a whole number from 1 to %d", casus.MaxSize)
	}
	g, release, err := ix.borrow()
	if err != nil {
		return nil, fmt.Errorf("similar to %q: %w", id, err)
	}
	defer release()
	key := fmt.Sprintf("%d\x00%s", size, id)
	hits, _, err := cached(ctx, g.cache, "similar", similarStore, key, func(ctx context.Context) ([]casus.Hit, error) {
		var hits []casus.Hit
		err := ix.gate.run(ctx, func(ctx context.Context) error {
			var err error
			hits, err = ix.similar(ctx, g, id, size)
			return err
		})
		return hits, err
	})
	return hits, err
}

func similarStore(c *genCache) *lru.Cache[string, []casus.Hit] { return c.similar }

// similar computes Similar's answer on the generation g.
func (ix *Index) similar(ctx context.Context, g lease, id string, size int) ([]casus.Hit, error) {
	d, err := ix.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("similar: %w", err)
	}
	v, err := ix.vocabOf(g)
	if err != nil {
		return nil, fmt.Errorf("similar to %q: %w", id, err)
	}
	terms, err := ix.distinctiveTerms(ctx, d, v)
	v.Close()
	if err != nil {
		return nil, fmt.Errorf("similar to %q: %w", id, err)
	}
	if len(terms) == 0 {
		return []casus.Hit{}, nil
	}
	r, cols, done, err := ix.snapshot(ctx, g)
	if err != nil {
		return nil, fmt.Errorf("similar to %q: %w", id, err)
	}
	defer done()
	c, err := ix.collect(ctx, r, g.idx.Mapping(), cols, ix.similarQuery(d, terms), nil, casus.SortRelevance, size)
	if err != nil {
		return nil, fmt.Errorf("similar to %q: %w", id, err)
	}
	return ix.loadHits(ctx, g.idx, r, nil, c.top)
}

// weightedTerm is a stem with its tf-idf weight in one document.
type weightedTerm struct {
	term   string
	weight float64
}

// distinctiveTerms returns the similarTerms stems of d with the highest
// tf-idf: mentions in d (title ones weighing more) times the log of how
// rare the stem is among all cases. Stems no other case has are left out,
// since they cannot find one.
func (ix *Index) distinctiveTerms(ctx context.Context, d casus.Document, v *vocab) ([]weightedTerm, error) {
	total, err := ix.idx.DocCount()
	if err != nil {
		return nil, fmt.Errorf("count documents: %w", ix.unavailable(err))
	}
	tf := map[string]int{}
	var order []string
	add := func(text string, weight int) {
		for _, t := range analysedTerms(ix.analyzer, text) {
			if utf8.RuneCountInString(t) < similarMinRunes {
				continue
			}
			if tf[t] == 0 {
				order = append(order, t)
			}
			tf[t] += weight
		}
	}
	add(d.Title, similarTitleWeight)
	add(d.Body, 1)
	// Looking up how rare a stem is costs a dictionary seek, so a long
	// case is described by its most mentioned stems only.
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(tf[b], tf[a]) })
	var out []weightedTerm
	for _, t := range order[:min(maxSimilarCandidates, len(order))] {
		df := v.count(fieldBody, t)
		if df == 0 {
			df = v.count(fieldTitle, t)
		}
		if df < 2 {
			continue
		}
		idf := math.Log(float64(total+1) / float64(df))
		out = append(out, weightedTerm{term: t, weight: float64(tf[t]) * idf})
	}
	slices.SortFunc(out, func(a, b weightedTerm) int {
		return cmp.Or(cmp.Compare(b.weight, a.weight), cmp.Compare(a.term, b.term))
	})
	return out[:min(similarTerms, len(out))], nil
}

// similarQuery matches cases sharing any of terms in title or body, boosts
// shared themes and municipalities, and leaves d itself out. Each term is
// boosted by its weight relative to the best one.
func (ix *Index) similarQuery(d casus.Document, terms []weightedTerm) query.Query {
	var content []query.Query
	for _, t := range terms {
		boost := t.weight / terms[0].weight
		for _, f := range []fieldBoost{{fieldTitle, titleBoost}, {fieldBody, 1}} {
			q := query.NewTermQuery(t.term)
			q.SetField(f.name)
			q.SetBoost(f.boost * boost)
			content = append(content, q)
		}
	}
	var should []query.Query
	for _, th := range distinct(d.Themes) {
		q := query.NewTermQuery(th)
		q.SetField(fieldTheme)
		q.SetBoost(similarThemeBoost)
		should = append(should, q)
	}
	for _, m := range d.Municipalities {
		q := query.NewTermQuery(m.Code)
		q.SetField(fieldMunicipality)
		q.SetBoost(similarMunicipalityBoost)
		should = append(should, q)
	}
	if peers := ix.sizePeers(d); len(peers) > 0 {
		alts := make([]query.Query, 0, len(peers))
		for _, code := range peers {
			alts = append(alts, boostedTerm(fieldMunicipality, code, 1))
		}
		size := query.NewDisjunctionQuery(alts)
		size.SetBoost(similarSizeBoost)
		should = append(should, size)
	}
	return query.NewBooleanQuery(
		[]query.Query{query.NewDisjunctionQuery(content)},
		should,
		[]query.Query{query.NewDocIDQuery([]string{d.ID})},
	)
}

// sizePeers returns the current municipalities in the population class of
// d's first municipality, or of its population hint; nil when unknown.
func (ix *Index) sizePeers(d casus.Document) []string {
	m := ix.opts.Municipalities
	switch {
	case m == nil:
		return nil
	case len(d.Municipalities) > 0:
		return m.SameSizeClass(d.Municipalities[0].Code)
	case d.PopulationHint > 0:
		return m.SizeClassPeers(d.PopulationHint)
	}
	return nil
}
