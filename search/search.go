// Package search is casus's search engine adapter: the only package that
// imports bleve. It owns the index mapping and Dutch analysis, writes and
// reads case documents, and answers casus.Query with hits, highlights and
// disjunctive facet counts.
package search

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/casus-nl/casus"
)

// Municipalities is what search needs to know about municipalities
// (implemented by *gazetteer.Gazetteer).
type Municipalities interface {
	// Label is the display label of a code: "Dalfsen", or "Weesp (sinds 2022
	// Amsterdam)" for a former municipality; "" when unknown.
	Label(code string) string
	// Successors are the codes a former municipality's territory went into,
	// directly or through a chain ("GM0457" → ["GM0363"]); nil for a current
	// one.
	Successors(code string) []string
	// Named returns the codes of the municipalities whose names occur in a
	// query ("jeugdzorg Dalfsen" → ["GM0148"]); nil when none.
	Named(text string) []string
	// CompleteCodes returns up to n codes of municipalities whose name, or
	// a word of it, starts with prefix, best first; nil when none.
	CompleteCodes(prefix string, n int) []string
	// SameSizeClass returns the current municipalities in the CBS
	// population class of code; SizeClassPeers those in the class of a
	// population. Both return nil when the class is unknown.
	SameSizeClass(code string) []string
	SizeClassPeers(population int) []string
	// Profile returns the profile values of the municipalities codes
	// ("provincie:drenthe", "grootte:klein"), or of a population when codes
	// is empty. NamedProfiles returns, for each term of a query, the
	// profile value it names or helps name ("Drentse", "kleine" and
	// "gemeente"), "" for none.
	Profile(codes []string, population int) []string
	NamedProfiles(terms []string) []string
}

// Taxonomy gives labels of theme and domain slugs (implemented by
// *taxonomy.Taxonomy).
type Taxonomy interface {
	ThemeLabel(slug string) string  // "" when unknown
	DomainLabel(slug string) string // "" when unknown
	// NamedThemes returns the themes a query names by their own words
	// ("jeugdzorg" → ["jeugd"]); nil when none.
	NamedThemes(text string) []string
	// MentionedThemes returns the themes a query names as NamedThemes does
	// or by a medium term ("begeleiding" → ["wmo"]); nil when none.
	MentionedThemes(text string) []string
	// NamedDomains returns, for each word of a query, the domain whose
	// label it helps name ("sociaal", "domein"), "" for none.
	NamedDomains(words []string) []string
	// CompleteThemes returns up to n theme slugs whose slug or label word
	// starts with prefix, best first; nil when none.
	CompleteThemes(prefix string, n int) []string
}

// Options configures an Index. Nil fields fall back to using values as labels
// and no merger expansion.
type Options struct {
	// Municipalities labels municipality facet values. Documents are indexed
	// under their municipalities and those municipalities' successors, so a
	// filter on today's municipality finds cases written before a merger and
	// its facet count includes them.
	Municipalities Municipalities
	// Taxonomy labels theme and domain facet values.
	Taxonomy Taxonomy
	// Synonyms are the groups of words and phrases that mean the same for
	// search; nil for none. See LoadSynonyms.
	Synonyms *Synonyms
	// Now is the clock of the recency boost; nil means time.Now.
	Now func() time.Time
	// Disable switches parts of analysis and ranking off, to measure what
	// each contributes. The zero value, every part on, is what casus uses.
	Disable Disable
}

// Disable lists the parts of analysis and ranking that can be switched off
// for an ablation study. Fold and Stem change the index and take effect only
// for indexes created with them (NewMemory); the rest apply per query.
type Disable struct {
	Fold       bool // diacritic folding
	Stem       bool // the Snowball Dutch stemmer
	Compounds  bool // matching compound parts
	Synonyms   bool // synonym and abbreviation expansion
	Fuzzy      bool // typo tolerance
	Proximity  bool // phrase and proximity boost
	FacetBoost bool // boost for a municipality or theme named in the query
	Recency    bool // boost for recent cases
}

// Search answers q: all words must match, or, when that finds nothing and q
// has two or more, any of them (Result.Relaxed). q is expected to come from
// casus.ParseQuery; a zero Page or Size takes the default.
func (ix *Index) Search(ctx context.Context, q casus.Query) (casus.Result, error) {
	start := time.Now()
	if _, _, err := paging(q); err != nil {
		return casus.Result{}, err
	}
	key, err := json.Marshal(q)
	if err != nil {
		return casus.Result{}, fmt.Errorf("search key: %w", err)
	}
	g, release, err := ix.borrow()
	if err != nil {
		return casus.Result{}, err
	}
	defer release()
	res, hit, err := cached(ctx, g.cache, "search", searchStore, string(key), func(ctx context.Context) (casus.Result, error) {
		var res casus.Result
		err := ix.gate.run(ctx, func(ctx context.Context) error {
			var err error
			res, err = ix.search(ctx, g, q)
			return err
		})
		return res, err
	})
	if hit {
		res.TookMS = tookMS(start)
	}
	return res, err
}

func searchStore(c *genCache) *lru.Cache[string, casus.Result] { return c.searches }

// tookMS is the time since start in milliseconds.
func tookMS(start time.Time) float64 {
	return float64(time.Since(start).Microseconds()) / 1000
}

// search computes the answer to q on the generation g: one pass over the
// matches of the text finds the page and, through the columns, the total
// and every facet count; then only the page's documents are loaded and
// highlighted.
func (ix *Index) search(ctx context.Context, g lease, q casus.Query) (casus.Result, error) {
	start := time.Now()
	page, size, err := paging(q)
	if err != nil {
		return casus.Result{}, err
	}
	v, err := ix.vocabOf(g)
	if err != nil {
		return casus.Result{}, err
	}
	defer v.Close()
	parsed := parseText(q.Text)
	// The words that only phrase a question are dropped from the query,
	// so they are not corrected either ("ervaring" is no typo of "ervaren").
	fixes := ix.corrections(ix.dropQuestionWords(parsed), v)
	tq := ix.buildText(parsed, v, fixes)
	if q.Explain {
		return ix.searchExplained(ctx, g.idx, q, tq, fixes)
	}
	r, cols, done, err := ix.snapshot(ctx, g)
	if err != nil {
		return casus.Result{}, fmt.Errorf("search: %w", err)
	}
	defer done()
	filters := filterBitmaps(cols, q)
	pass := passing(filters, "")
	sort := q.EffectiveSort()
	m := g.idx.Mapping()
	bq := tq.text(false)
	c, err := ix.collect(ctx, r, m, cols, bq, pass, sort, page*size)
	if err != nil {
		return casus.Result{}, err
	}
	relaxed := false
	if c.total == 0 && tq.canRelax() {
		anyWord := tq.text(true)
		rc, err := ix.collect(ctx, r, m, cols, anyWord, pass, sort, page*size)
		if err != nil {
			return casus.Result{}, err
		}
		if rc.total > 0 {
			c, relaxed, bq = rc, true, anyWord
		}
	} else if tq.canFill(c.total) {
		fq, err := tq.filled(nil)
		if err != nil {
			return casus.Result{}, err
		}
		fc, err := ix.collect(ctx, r, m, cols, fq, pass, sort, page*size)
		if err != nil {
			return casus.Result{}, err
		}
		if fc.total > c.total {
			c, relaxed, bq = fc, true, fq
		}
	}
	hits, err := ix.loadHits(ctx, g.idx, r, bq, c.top[min((page-1)*size, len(c.top)):])
	if err != nil {
		return casus.Result{}, err
	}
	return casus.Result{
		Query:      q.Text,
		Total:      c.total,
		Page:       page,
		Size:       size,
		TookMS:     tookMS(start),
		Relaxed:    relaxed,
		PartsOnly:  tq.matchedPartsOnly(c.total),
		Hits:       hits,
		Facets:     ix.facets(facetCounts(cols, c.matches, filters), q),
		Suggestion: suggestion(q.Text, fixes),
	}, nil
}

// snapshot opens a reader of the generation g with its columns: the
// generation's own, or read from the reader when g has no caches (an index
// being written). Call done when finished with them.
func (ix *Index) snapshot(ctx context.Context, g lease) (index.IndexReader, *columns, func(), error) {
	// A closed index says so at once (its reader would not).
	if _, err := g.idx.DocCount(); err != nil {
		return nil, nil, nil, ix.unavailable(err)
	}
	adv, err := g.idx.Advanced()
	if err != nil {
		return nil, nil, nil, ix.unavailable(err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, nil, ix.unavailable(err)
	}
	done := func() { _ = r.Close() }
	if g.cache != nil && g.cache.cols != nil {
		return r, g.cache.cols, done, nil
	}
	cols, err := buildColumns(ctx, r)
	if err != nil {
		done()
		return nil, nil, nil, err
	}
	return r, cols, done, nil
}

// loadHits loads and highlights the documents of a page, in its order, by
// running bq once more restricted to them: only then are term locations
// read. A nil bq matched every document and highlights nothing.
func (ix *Index) loadHits(ctx context.Context, idx bleve.Index, r index.IndexReader, bq query.Query, docs []ranked) ([]casus.Hit, error) {
	if len(docs) == 0 {
		return []casus.Hit{}, nil
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		id, err := r.ExternalID(internalID(d.doc))
		if err != nil {
			return nil, fmt.Errorf("search: id of document %d: %w", d.doc, err)
		}
		ids[i] = id
	}
	var only query.Query = query.NewDocIDQuery(ids)
	if bq != nil {
		only = query.NewConjunctionQuery([]query.Query{only, bq})
	}
	req := bleve.NewSearchRequestOptions(only, len(ids), 0, false)
	req.Fields = storedFields
	if bq != nil {
		req.Highlight = bleve.NewHighlightWithStyle(highlighterName)
		req.Highlight.AddField(fieldTitle)
	}
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: load hits: %w", ix.unavailable(err))
	}
	if bq != nil {
		terms := ix.bodyPartTerms(bq)
		withParts, err := partHolders(ctx, r, terms, docs, ids)
		if err != nil {
			return nil, err
		}
		ix.highlightBodies(res.Hits, terms, withParts)
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	ordered := make(bsearch.DocumentMatchCollection, 0, len(ids))
	for i, id := range ids {
		h, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("search: document %s matched but could not be loaded", id)
		}
		h.Score = docs[i].score
		ordered = append(ordered, h)
	}
	return toHits(ordered)
}

// searchExplained answers q the way bleve does it all, which is slower but
// explains every score: for tuning, not for visitors.
func (ix *Index) searchExplained(ctx context.Context, idx bleve.Index, q casus.Query, tq textQuery, fixes []correction) (casus.Result, error) {
	start := time.Now()
	page, size, err := paging(q)
	if err != nil {
		return casus.Result{}, err
	}
	fs := ix.newFilterSet(q)
	sort := sortOrder(q.EffectiveSort())
	res, err := ix.run(ctx, idx, tq.query(false, fs.except("")), sort, page, size)
	if err != nil {
		return casus.Result{}, err
	}
	relaxed := false
	if res.Total == 0 && tq.canRelax() {
		anyWord, err := ix.run(ctx, idx, tq.query(true, fs.except("")), sort, page, size)
		if err != nil {
			return casus.Result{}, err
		}
		if anyWord.Total > 0 {
			res, relaxed = anyWord, true
		}
	} else if tq.canFill(int(res.Total)) {
		fq, err := tq.filled(fs.except(""))
		if err != nil {
			return casus.Result{}, err
		}
		filled, err := ix.run(ctx, idx, fq, sort, page, size)
		if err != nil {
			return casus.Result{}, err
		}
		if filled.Total > res.Total {
			res, relaxed = filled, true
		}
	}
	counts, err := ix.disjunctiveCounts(ctx, idx, tq, relaxed, fs)
	if err != nil {
		return casus.Result{}, err
	}
	for field, fr := range counts {
		res.Facets[field] = fr
	}
	hits, err := toHits(res.Hits)
	if err != nil {
		return casus.Result{}, err
	}
	return casus.Result{
		Query:      q.Text,
		Total:      int(res.Total),
		Page:       page,
		Size:       size,
		TookMS:     tookMS(start),
		Relaxed:    relaxed,
		PartsOnly:  tq.matchedPartsOnly(int(res.Total)),
		Hits:       hits,
		Facets:     ix.facets(fromBleve(res.Facets), q),
		Suggestion: suggestion(q.Text, fixes),
	}, nil
}

// paging resolves and checks the page and size of q.
func paging(q casus.Query) (page, size int, err error) {
	page, size = cmp.Or(q.Page, 1), cmp.Or(q.Size, casus.DefaultSize)
	if page < 1 || page > casus.MaxPage {
		return 0, 0, casus.InvalidParam("page", "must be a whole number from 1 to %d", casus.MaxPage)
	}
	if size < 1 || size > casus.MaxSize {
		return 0, 0, casus.InvalidParam("size", "must be a whole number from 1 to %d", casus.MaxSize)
	}
	return page, size, nil
}

// run executes the page search with every facet, highlighting and the
// stored document of each hit.
func (ix *Index) run(ctx context.Context, idx bleve.Index, bq query.Query, sort bsearch.SortOrder, page, size int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(bq, size, (page-1)*size, true)
	req.SortByCustom(sort)
	req.Fields = storedFields
	req.Highlight = bleve.NewHighlightWithStyle(highlighterName)
	req.Highlight.AddField(fieldTitle)
	addFacetRequests(req, facetFields[:]...)
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", ix.unavailable(err))
	}
	ix.highlightBodies(res.Hits, ix.bodyPartTerms(bq), nil)
	return res, nil
}

// sortOrder is the bleve order of a resolved sort. Both end on the document
// id so equal scores and dates come out in a stable order; undated documents
// come last.
func sortOrder(s casus.Sort) bsearch.SortOrder {
	date := &bsearch.SortField{
		Field: fieldDate, Type: bsearch.SortFieldAsDate, Desc: true, Missing: bsearch.SortFieldMissingLast,
	}
	id := &bsearch.SortDocID{}
	if s == casus.SortDate {
		return bsearch.SortOrder{date, id}
	}
	return bsearch.SortOrder{&bsearch.SortScore{Desc: true}, date, id}
}

// toHits builds hits from the stored documents and highlights. It never
// returns nil.
func toHits(matches bsearch.DocumentMatchCollection) ([]casus.Hit, error) {
	hits := make([]casus.Hit, 0, len(matches))
	for _, m := range matches {
		d, err := hitDocument(m)
		if err != nil {
			return nil, err
		}
		h := casus.Hit{
			ID: d.ID, URL: d.URL, Title: d.Title, Date: d.Date,
			Source: d.Source, SourceName: d.SourceName,
			Municipalities: d.Municipalities, Themes: d.Themes, Domains: d.Domains,
			Score: m.Score,
		}
		if m.Expl != nil {
			if h.Explanation, err = json.Marshal(m.Expl); err != nil {
				return nil, fmt.Errorf("encode explanation of %s: %w", m.ID, err)
			}
		}
		if f := m.Fragments[fieldTitle]; len(f) > 0 {
			h.TitleHTML = f[0]
		} else {
			h.TitleHTML = html.EscapeString(d.Title)
		}
		if f := m.Fragments[fieldBody]; len(f) > 0 {
			h.SnippetHTML = f[0]
		} else {
			h.SnippetHTML = plainSnippet(d.Body)
		}
		if h.Municipalities == nil {
			h.Municipalities = []casus.MunicipalityRef{}
		}
		if h.Themes == nil {
			h.Themes = []string{}
		}
		if h.Domains == nil {
			h.Domains = []string{}
		}
		hits = append(hits, h)
	}
	return hits, nil
}
