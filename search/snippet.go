package search

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Snippet shape.
const (
	// snippetRunes is the target length of a snippet in characters; titles
	// up to this length are shown whole.
	snippetRunes = 200
	// snippetLead is how many characters before its first match a snippet
	// starts, so the match is read in context.
	snippetLead = 40
	// maxSnippetCandidates bounds the candidate fragments per field: every
	// match could start one, and each is compared with every match.
	maxSnippetCandidates = 64
	// ellipsis marks text cut off at either end of a snippet.
	ellipsis = "…"
	// markOpen and markClose surround matched words in title_html and
	// snippet_html; bleve's html formatter escapes everything else.
	markOpen  = "<mark>"
	markClose = "</mark>"
)

// newHighlighter builds the highlighter requested by Style highlighterName:
// bleve's simple highlighter with our word-boundary fragmenter and the
// escaping html formatter.
func newHighlighter(_ map[string]any, cache *registry.Cache) (highlight.Highlighter, error) {
	frag, err := cache.FragmenterNamed(fragmenterName)
	if err != nil {
		return nil, fmt.Errorf("fragmenter %s: %w", fragmenterName, err)
	}
	return snippetHighlighter(frag), nil
}

// snippetHighlighter is the highlighter of titles and bodies with frag.
func snippetHighlighter(frag highlight.Fragmenter) highlight.Highlighter {
	inner := simple.NewHighlighter(frag, htmlformat.NewFragmentFormatter(markOpen, markClose), ellipsis)
	return partsHighlighter{Highlighter: inner}
}

// highlightBodies gives each hit the snippet of its body, as bleve does for
// the fields a request highlights (hits loaded with the body and term
// locations). The compound parts of a body are indexed without their
// locations, which would make a sixth of the index and of the time to build
// it, so the parts a query looks for in bodies (terms, see bodyPartTerms)
// are found again in the body of a hit, by the analyzer that indexed them:
// of each hit whose id withParts holds, or of every hit when withParts is
// nil.
func (ix *Index) highlightBodies(hits bsearch.DocumentMatchCollection, terms, withParts map[string]bool) {
	h := snippetHighlighter(wordFragmenter{size: snippetRunes, lead: snippetLead})
	for _, m := range hits {
		body, _ := m.Fields[fieldBody].(string)
		if m.Locations == nil {
			m.Locations = bsearch.FieldTermLocationMap{}
		}
		if len(terms) > 0 && ix.parts != nil && (withParts == nil || withParts[m.ID]) {
			m.Locations[fieldBodyParts] = partLocations(ix.parts.Analyze([]byte(body)), terms)
		}
		doc := document.NewDocument(m.ID)
		doc.AddField(document.NewTextField(fieldBody, nil, []byte(body)))
		if frags := h.BestFragmentsInField(m, doc, fieldBody, 1); len(frags) > 0 {
			if m.Fragments == nil {
				m.Fragments = bsearch.FieldFragmentMap{}
			}
			m.Fragments[fieldBody] = frags
		}
	}
}

// partLocations returns the locations of the tokens whose term is one of
// terms.
func partLocations(ts analysis.TokenStream, terms map[string]bool) bsearch.TermLocationMap {
	out := bsearch.TermLocationMap{}
	for _, t := range ts {
		if terms[string(t.Term)] {
			out.AddLocation(string(t.Term), &bsearch.Location{Pos: uint64(t.Position), Start: uint64(t.Start), End: uint64(t.End)})
		}
	}
	return out
}

// bodyPartTerms returns the terms q looks for among the compound parts of
// bodies.
func (ix *Index) bodyPartTerms(q query.Query) map[string]bool {
	terms := map[string]bool{}
	ix.fieldTerms(q, fieldBodyParts, terms)
	return terms
}

// partHolders returns the ids of the documents among docs (their ids in
// ids) whose body holds one of terms as a compound part, as the snapshot r
// says: only their bodies need analysing again.
func partHolders(ctx context.Context, r index.IndexReader, terms map[string]bool, docs []ranked, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(terms) == 0 {
		return out, nil
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(docs[a].doc, docs[b].doc) })
	for term := range terms {
		if err := holders(ctx, r, term, docs, ids, order, out); err != nil {
			return nil, fmt.Errorf("search: compound parts of hits: %w", err)
		}
	}
	return out, nil
}

// holders adds to out the ids of the documents, visited in order of their
// numbers, whose body holds term as a compound part.
func holders(ctx context.Context, r index.IndexReader, term string, docs []ranked, ids []string, order []int, out map[string]bool) error {
	tfr, err := r.TermFieldReader(ctx, []byte(term), fieldBodyParts, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var at *index.TermFieldDoc
	for _, i := range order {
		id := internalID(docs[i].doc)
		if at == nil || bytes.Compare(at.ID, id) < 0 {
			if at, err = tfr.Advance(id, nil); err != nil {
				return err
			}
			if at == nil {
				return nil
			}
		}
		if bytes.Equal(at.ID, id) {
			out[ids[i]] = true
		}
	}
	return nil
}

// fieldTerms adds to out the terms q looks for in field, as the field's
// queries analyse them; terms q rules out (must not) are left out.
func (ix *Index) fieldTerms(q query.Query, field string, out map[string]bool) {
	switch q := q.(type) {
	case *query.TermQuery:
		if q.FieldVal == field {
			out[q.Term] = true
		}
	case *query.MatchQuery:
		if q.FieldVal == field {
			for _, t := range analysedTerms(ix.analyzer, q.Match) {
				out[t] = true
			}
		}
	case *query.MatchPhraseQuery:
		if q.FieldVal == field {
			for _, t := range analysedTerms(ix.analyzer, q.MatchPhrase) {
				out[t] = true
			}
		}
	case *query.DisjunctionQuery:
		for _, d := range q.Disjuncts {
			ix.fieldTerms(d, field, out)
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			ix.fieldTerms(c, field, out)
		}
	case *query.BooleanQuery:
		ix.fieldTerms(q.Must, field, out)
		ix.fieldTerms(q.Should, field, out)
	}
}

// alignedWith maps a text field to the fields whose offsets are offsets into
// its text: its compound parts.
var alignedWith = map[string][]string{
	fieldTitle: {fieldTitleParts},
	fieldBody:  {fieldBodyParts},
}

// partsHighlighter marks the matches of a field's aligned fields on the
// field's text too: a part shares the offsets of its compound, so a search
// for "zorg" marks "jeugdzorg".
type partsHighlighter struct {
	highlight.Highlighter
}

// BestFragmentsInField merges the aligned fields' locations into the
// field's, then highlights as the inner highlighter does.
func (h partsHighlighter) BestFragmentsInField(dm *bsearch.DocumentMatch, doc index.Document, field string, num int) []string {
	merged := bsearch.TermLocationMap{}
	for _, f := range append([]string{field}, alignedWith[field]...) {
		for term, locs := range dm.Locations[f] {
			merged[term] = append(merged[term], locs...)
		}
	}
	if dm.Locations != nil {
		dm.Locations[field] = merged
	}
	return h.Highlighter.BestFragmentsInField(dm, doc, field, num)
}

// BestFragmentInField is BestFragmentsInField for one fragment.
func (h partsHighlighter) BestFragmentInField(dm *bsearch.DocumentMatch, doc index.Document, field string) string {
	if f := h.BestFragmentsInField(dm, doc, field, 1); len(f) > 0 {
		return f[0]
	}
	return ""
}

// wordFragmenter proposes fragments of about size characters that start and
// end at word boundaries. bleve's simple fragmenter cuts at an exact
// character count, often mid-word.
type wordFragmenter struct {
	size int // target length in characters
	lead int // characters of context before a match
}

func newWordFragmenter(map[string]any, *registry.Cache) (highlight.Fragmenter, error) {
	return wordFragmenter{size: snippetRunes, lead: snippetLead}, nil
}

// Fragment returns the best fragment: of the windows around each match, the
// one with the most distinct matched terms, then the most matches, then the
// earliest. bleve's fragment scorer counts distinct terms only and breaks
// ties arbitrarily, so the choice is made here and a single fragment handed
// on. Without matches it is the start of the text.
func (f wordFragmenter) Fragment(orig []byte, locs highlight.TermLocations) []*highlight.Fragment {
	var best *highlight.Fragment
	var bestTerms, bestHits int
	for i, loc := range locs {
		if i == maxSnippetCandidates {
			break
		}
		if loc.Start < 0 || loc.Start > loc.End || loc.End > len(orig) {
			continue
		}
		word := wordStart(orig, loc.Start, f.size)
		start := snapForward(orig, back(orig, word, f.lead), word)
		frag := f.window(orig, start, loc.End)
		terms, hits := coverage(frag, locs)
		if best == nil || terms > bestTerms || terms == bestTerms && hits > bestHits {
			best, bestTerms, bestHits = frag, terms, hits
		}
	}
	if best == nil {
		best = f.window(orig, 0, 0)
	}
	return []*highlight.Fragment{best}
}

// coverage counts the distinct terms and the matches inside frag.
func coverage(frag *highlight.Fragment, locs highlight.TermLocations) (terms, hits int) {
	seen := map[string]bool{}
	for _, loc := range locs {
		if loc.Start >= frag.Start && loc.End <= frag.End {
			hits++
			if !seen[loc.Term] {
				seen[loc.Term] = true
				terms++
			}
		}
	}
	return terms, hits
}

// window returns a fragment from start of about f.size characters that
// reaches at least minEnd and ends at a word boundary. Near the end of the text
// it extends backwards instead, so a late match still gets a full snippet.
func (f wordFragmenter) window(orig []byte, start, minEnd int) *highlight.Fragment {
	end := forward(orig, start, f.size)
	if end < len(orig) {
		end = cutBack(orig, start, end)
	}
	if end < minEnd {
		end = wordEnd(orig, minEnd)
	}
	if end == len(orig) && start > 0 {
		if used := utf8.RuneCount(orig[start:end]); used < f.size {
			start = snapForward(orig, back(orig, start, f.size-used), start)
		}
	}
	return &highlight.Fragment{Orig: orig, Start: start, End: end}
}

// plainSnippet is the escaped start of text cut at a word boundary, for when
// the highlighter produced nothing.
func plainSnippet(text string) string {
	frag := wordFragmenter{size: snippetRunes}.window([]byte(text), 0, 0)
	s := html.EscapeString(text[:frag.End])
	if frag.End < len(text) {
		s += ellipsis
	}
	return s
}

// back moves pos back by n characters.
func back(b []byte, pos, n int) int {
	for ; n > 0 && pos > 0; n-- {
		_, size := utf8.DecodeLastRune(b[:pos])
		pos -= size
	}
	return pos
}

// forward moves pos forward by n characters.
func forward(b []byte, pos, n int) int {
	for ; n > 0 && pos < len(b); n-- {
		_, size := utf8.DecodeRune(b[pos:])
		pos += size
	}
	return pos
}

// wordStart returns the start of the space-delimited word around pos (so
// "consulent" in "Wmo-consulent" starts at "Wmo"), looking back at most
// limit characters.
func wordStart(b []byte, pos, limit int) int {
	for ; limit > 0 && pos > 0; limit-- {
		r, size := utf8.DecodeLastRune(b[:pos])
		if unicode.IsSpace(r) {
			break
		}
		pos -= size
	}
	return pos
}

// wordEnd returns the end of the word that contains pos.
func wordEnd(b []byte, pos int) int {
	for pos < len(b) {
		r, size := utf8.DecodeRune(b[pos:])
		if unicode.IsSpace(r) {
			break
		}
		pos += size
	}
	return pos
}

// snapForward moves pos to the start of the next word unless it already is at
// one, never past limit.
func snapForward(b []byte, pos, limit int) int {
	if pos > 0 {
		if r, _ := utf8.DecodeLastRune(b[:pos]); !unicode.IsSpace(r) {
			for pos < limit {
				r, size := utf8.DecodeRune(b[pos:])
				if unicode.IsSpace(r) {
					break
				}
				pos += size
			}
		}
	}
	for pos < limit {
		r, size := utf8.DecodeRune(b[pos:])
		if !unicode.IsSpace(r) {
			break
		}
		pos += size
	}
	return pos
}

// cutBack moves end back to the end of the last whole word after start; when
// b[start:end] is a single word it cuts inside it rather than return nothing.
func cutBack(b []byte, start, end int) int {
	cut := end
	if r, _ := utf8.DecodeRune(b[end:]); !unicode.IsSpace(r) {
		for cut > start {
			r, size := utf8.DecodeLastRune(b[:cut])
			if unicode.IsSpace(r) {
				break
			}
			cut -= size
		}
		if cut == start {
			return end
		}
	}
	for cut > start {
		r, size := utf8.DecodeLastRune(b[:cut])
		if !unicode.IsSpace(r) {
			break
		}
		cut -= size
	}
	if cut == start {
		return end
	}
	return cut
}
