package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

// term is one unit of the user's query: a word or a quoted phrase.
type term struct {
	text   string
	phrase bool
}

// parsedText is the user's query split into its parts (CONTRACT.md): every
// group must match, where a group is one term or terms joined by OR, and no
// excluded term may match.
type parsedText struct {
	groups   [][]term
	excluded []term
}

// orOperator joins the terms on either side into a disjunction. Only the
// upper-case form is an operator, so the word "or" in a title still counts.
const orOperator = "OR"

// parseText splits q into words, "quoted phrases" (an unclosed quote runs to
// the end), -excluded terms and OR groups. An OR without a term on both sides
// is ignored.
func parseText(q string) parsedText {
	var p parsedText
	afterGroup := false // the last token was a positive term
	joinNext := false   // the last token was an OR after a positive term
	for rest := strings.TrimSpace(q); rest != ""; rest = strings.TrimLeftFunc(rest, unicode.IsSpace) {
		negate := false
		if r, _ := utf8.DecodeRuneInString(rest[1:]); rest[0] == '-' && len(rest) > 1 && !unicode.IsSpace(r) {
			negate = true
			rest = rest[1:]
		}
		var t term
		t, rest = nextTerm(rest)
		switch {
		case t.text == "" || negate:
			if t.text != "" {
				p.excluded = append(p.excluded, t)
			}
			afterGroup, joinNext = false, false
		case !t.phrase && t.text == orOperator:
			joinNext, afterGroup = afterGroup, false
		case joinNext:
			last := len(p.groups) - 1
			p.groups[last] = append(p.groups[last], t)
			afterGroup, joinNext = true, false
		default:
			p.groups = append(p.groups, []term{t})
			afterGroup = true
		}
	}
	return p
}

// nextTerm reads one word or quoted phrase from the start of s and returns it
// with the remaining text.
func nextTerm(s string) (term, string) {
	if s[0] == '"' {
		s = s[1:]
		end := strings.IndexByte(s, '"')
		if end < 0 {
			return term{text: strings.TrimSpace(s), phrase: true}, ""
		}
		return term{text: strings.TrimSpace(s[:end]), phrase: true}, s[end+1:]
	}
	end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
	if end < 0 {
		end = len(s)
	}
	// end > 0: s starts with neither a space (the caller trims them) nor a
	// quote (handled above), so every call consumes input.
	return term{text: s[:end]}, s[end:]
}

// textQuery is the user's words as bleve clauses, with the terms that analyse
// to nothing (stop words such as "de", "van") already dropped.
type textQuery struct {
	groups   []query.Query // each must match (strict) or any may (relaxed)
	terms    []query.Query // every positive term, for any-word matching
	excluded []query.Query
}

// buildText turns parsed text into clauses, analysing each term with the
// index analyzer to drop those that would otherwise match nothing.
func (ix *Index) buildText(p parsedText) textQuery {
	var tq textQuery
	for _, g := range p.groups {
		var alts []query.Query
		for _, t := range g {
			if q := ix.termQuery(t); q != nil {
				alts = append(alts, q)
			}
		}
		switch len(alts) {
		case 0:
		case 1:
			tq.groups = append(tq.groups, alts[0])
		default:
			tq.groups = append(tq.groups, query.NewDisjunctionQuery(alts))
		}
		tq.terms = append(tq.terms, alts...)
	}
	for _, t := range p.excluded {
		if q := ix.termQuery(t); q != nil {
			tq.excluded = append(tq.excluded, q)
		}
	}
	return tq
}

// termQuery matches t in the title (boosted) or the body; nil when t
// analyses to no tokens.
func (ix *Index) termQuery(t term) query.Query {
	if len(ix.analyzer.Analyze([]byte(t.text))) == 0 {
		return nil
	}
	fields := [...]struct {
		name  string
		boost float64
	}{{fieldTitle, titleBoost}, {fieldBody, 1}}
	alts := make([]query.Query, 0, len(fields))
	for _, f := range fields {
		if t.phrase {
			q := query.NewMatchPhraseQuery(t.text)
			q.SetField(f.name)
			q.Analyzer = analyzerName
			q.SetBoost(f.boost)
			alts = append(alts, q)
			continue
		}
		q := query.NewMatchQuery(t.text)
		q.SetField(f.name)
		q.Analyzer = analyzerName
		// A word that analyses to several tokens ("Wmo-consulent") needs
		// all of them, as the user typed one word.
		q.SetOperator(query.MatchQueryOperatorAnd)
		q.SetBoost(f.boost)
		alts = append(alts, q)
	}
	return query.NewDisjunctionQuery(alts)
}

// canRelax reports whether any-word matching could find more than the
// all-words query: only with at least two required groups.
func (tq textQuery) canRelax() bool { return len(tq.groups) >= 2 }

// query combines the text clauses and the filters. relaxed asks for any
// positive term instead of all groups. Filters restrict without scoring. No
// clauses at all match every document.
func (tq textQuery) query(relaxed bool, filters []query.Query) query.Query {
	b := query.NewBooleanQuery(nil, nil, nil)
	empty := true
	switch {
	case relaxed && len(tq.terms) > 0:
		b.AddShould(tq.terms...)
		b.SetMinShould(1)
		empty = false
	case len(tq.groups) > 0:
		b.AddMust(tq.groups...)
		empty = false
	}
	if len(tq.excluded) > 0 {
		b.AddMustNot(tq.excluded...)
		empty = false
	}
	if len(filters) > 0 {
		b.AddFilter(query.NewConjunctionQuery(filters))
		empty = false
	}
	if empty {
		return query.NewMatchAllQuery()
	}
	return b
}
