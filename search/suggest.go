package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/casus-nl/casus"
)

// Search-as-you-type runs on every keystroke, so each source of suggestions
// does a bounded amount of work.
const (
	// minEntityPrefixRunes is the shortest prefix that gets municipality
	// and document suggestions; a single letter would match too many.
	minEntityPrefixRunes = 2
	// docCompletionTerms is how many of the best completions of the last
	// word look for document titles.
	docCompletionTerms = 4
	// docContextBoost weighs a document title match of the earlier words
	// relative to a match of the completed last word.
	docContextBoost = 0.5
	// termShareDivisor gives the completed words 1/termShareDivisor of the
	// slots (rounded up); entityShareDivisor gives themes and municipalities
	// 1/entityShareDivisor each (at least one); documents get the rest.
	// Slots a kind cannot fill go to the others.
	termShareDivisor   = 2
	entityShareDivisor = 8
)

// Suggest completes the last word of text as it is being typed: with words
// of the index ("jeugdzorg dalf" → "jeugdzorg dalfsen"), themes,
// municipalities and case titles, at most size in all, words first. Empty
// text gives an empty list. size 0 means casus.DefaultSuggestSize; a size
// beyond casus.MaxSuggestSize or a text longer than casus.MaxSuggestRunes
// is an error wrapping casus.ErrInvalid.
func (ix *Index) Suggest(ctx context.Context, text string, size int) (casus.Suggestions, error) {
	text = strings.TrimSpace(text)
	out := casus.Suggestions{Query: text, Suggestions: []casus.Suggestion{}}
	if n := utf8.RuneCountInString(text); n > casus.MaxSuggestRunes {
		return out, casus.InvalidParam("q", "is %d characters long; the maximum is %d", n, casus.MaxSuggestRunes)
	}
	if size == 0 {
		size = casus.DefaultSuggestSize
	}
	if size < 1 || size > casus.MaxSuggestSize {
		return out, casus.InvalidParam("size", "must be a whole number from 1 to %d", casus.MaxSuggestSize)
	}
	head, last := ix.splitLastWord(text)
	if last == "" {
		return out, nil
	}
	g, release, err := ix.borrow()
	if err != nil {
		return out, fmt.Errorf("suggest %q: %w", text, err)
	}
	defer release()
	key := fmt.Sprintf("%d\x00%s", size, text)
	res, _, err := cached(ctx, g.cache, "suggest", suggestStore, key, func(ctx context.Context) (casus.Suggestions, error) {
		return ix.suggest(ctx, g, text, head, last, size)
	})
	return res, err
}

func suggestStore(c *genCache) *lru.Cache[string, casus.Suggestions] { return c.suggestions }

// suggest computes Suggest's answer on the generation g, the last word
// being typed split off.
func (ix *Index) suggest(ctx context.Context, g lease, text, head, last string, size int) (casus.Suggestions, error) {
	out := casus.Suggestions{Query: text, Suggestions: []casus.Suggestion{}}
	v, err := ix.vocabOf(g)
	if err != nil {
		return out, fmt.Errorf("suggest %q: %w", text, err)
	}
	defer v.Close()

	completions := v.completions(fieldSpell, last, size)
	terms := make([]casus.Suggestion, 0, len(completions))
	for _, c := range completions {
		terms = append(terms, casus.Suggestion{Text: head + c.term, Kind: casus.SuggestTerm})
	}
	var munis, docs []casus.Suggestion
	if utf8.RuneCountInString(last) >= minEntityPrefixRunes {
		munis = ix.municipalitySuggestions(last, size)
		if docs, err = ix.documentSuggestions(ctx, head, completions, size); err != nil {
			return out, fmt.Errorf("suggest %q: %w", text, err)
		}
	}
	out.Suggestions = mixSuggestions(size, terms, ix.themeSuggestions(last, size), munis, docs)
	return out, nil
}

// splitLastWord returns text up to its last word, kept as typed, and the
// last word lowercased and folded as the spell field holds it. Text that
// ends in punctuation or space has its last word still counted as the one
// being typed.
func (ix *Index) splitLastWord(text string) (head, last string) {
	if ix.spell == nil {
		i := strings.LastIndexFunc(text, func(r rune) bool { return r == ' ' })
		return text[:i+1], strings.ToLower(text[i+1:])
	}
	toks := ix.spell.Analyze([]byte(text))
	if len(toks) == 0 {
		return "", ""
	}
	t := toks[len(toks)-1]
	return text[:t.Start], string(t.Term)
}

// themeSuggestions are the themes whose slug or label word starts with
// prefix.
func (ix *Index) themeSuggestions(prefix string, n int) []casus.Suggestion {
	tx := ix.opts.Taxonomy
	if tx == nil {
		return nil
	}
	var out []casus.Suggestion
	for _, slug := range tx.CompleteThemes(prefix, n) {
		out = append(out, casus.Suggestion{Text: cmp.Or(tx.ThemeLabel(slug), slug), Kind: casus.SuggestTheme, Value: slug})
	}
	return out
}

// municipalitySuggestions are the municipalities whose name or a word of it
// starts with prefix.
func (ix *Index) municipalitySuggestions(prefix string, n int) []casus.Suggestion {
	ms := ix.opts.Municipalities
	if ms == nil {
		return nil
	}
	var out []casus.Suggestion
	for _, code := range ms.CompleteCodes(prefix, n) {
		out = append(out, casus.Suggestion{Text: cmp.Or(ms.Label(code), code), Kind: casus.SuggestMunicipality, Value: code})
	}
	return out
}

// documentSuggestions finds up to n cases whose title holds one of the best
// completions of the last word (as a word or a compound part), preferring
// titles that also hold the earlier words.
func (ix *Index) documentSuggestions(ctx context.Context, head string, completions []entry, n int) ([]casus.Suggestion, error) {
	var alts []query.Query
	for _, c := range completions[:min(docCompletionTerms, len(completions))] {
		for _, stem := range analysedTerms(ix.analyzer, c.term) {
			for _, field := range []string{fieldTitle, fieldTitleParts} {
				t := query.NewTermQuery(stem)
				t.SetField(field)
				alts = append(alts, t)
			}
		}
	}
	if len(alts) == 0 {
		return nil, nil
	}
	must := []query.Query{query.NewDisjunctionQuery(alts)}
	var should []query.Query
	if strings.TrimSpace(head) != "" {
		m := query.NewMatchQuery(head)
		m.SetField(fieldTitle)
		m.SetBoost(docContextBoost)
		should = append(should, m)
	}
	req := bleve.NewSearchRequestOptions(query.NewBooleanQuery(must, should, nil), n, 0, false)
	req.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}})
	req.Fields = []string{fieldStored}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("find titles: %w", ix.unavailable(err))
	}
	out := make([]casus.Suggestion, 0, len(res.Hits))
	for _, h := range res.Hits {
		d, err := hitDocument(h)
		if err != nil {
			return nil, err
		}
		out = append(out, casus.Suggestion{Text: d.Title, Kind: casus.SuggestDocument, ID: d.ID})
	}
	return out, nil
}

// mixSuggestions fills size slots from the lists, given in display order
// (words, themes, municipalities, documents): first each list up to its
// share, then, in order, whatever slots are left. A suggestion already taken
// is not repeated. It never returns nil.
func mixSuggestions(size int, lists ...[]casus.Suggestion) []casus.Suggestion {
	shares := make([]int, len(lists))
	for i := range lists {
		switch i {
		case 0:
			shares[i] = (size + termShareDivisor - 1) / termShareDivisor
		case len(lists) - 1:
			shares[i] = size
		default:
			shares[i] = max(1, size/entityShareDivisor)
		}
	}
	taken := make([][]casus.Suggestion, len(lists))
	seen := map[casus.Suggestion]bool{}
	total := 0
	take := func(i, limit int) {
		for _, s := range lists[i] {
			if total >= size || len(taken[i]) >= limit {
				return
			}
			if !seen[s] {
				seen[s] = true
				taken[i] = append(taken[i], s)
				total++
			}
		}
	}
	for i := range lists {
		take(i, shares[i])
	}
	for i := range lists {
		take(i, size)
	}
	out := make([]casus.Suggestion, 0, total)
	for _, t := range taken {
		out = append(out, t...)
	}
	return out
}

// Bounds of word completion. Reading a dictionary entry costs about a
// microsecond in a freshly written index, so these bounds keep a keystroke
// within a few milliseconds.
const (
	// maxCompletionScan bounds the dictionary entries read for the words
	// that start with a prefix. A one- or two-letter prefix may have more;
	// those past the bound (alphabetically later) are not seen.
	maxCompletionScan = 1000
	// maxTypoCompletionScan bounds the entries read per range of one-typo
	// candidates (see typoEntries).
	maxTypoCompletionScan = 1000
	// typoCompletionRunes is the shortest prefix completed despite a typo;
	// shorter ones are near too many words.
	typoCompletionRunes = 4
	// fewCompletions is the number of exact completions below which
	// one-typo completions are added.
	fewCompletions = 3
)

// completions returns up to n words of field that start with prefix, the
// most frequent first, followed, when there are few and prefix is long
// enough, by words that start with a spelling of prefix one edit away
// ("jeugz" → "jeugdzorg").
func (v *vocab) completions(field, prefix string, n int) []entry {
	out := v.prefixEntries(field, prefix, n)
	want := []rune(prefix)
	if len(out) >= min(n, fewCompletions) || len(want) < typoCompletionRunes {
		return out
	}
	return append(out, v.typoEntries(field, want, n-len(out))...)
}

// prefixEntries returns up to n words of field starting with prefix, most
// documents first.
func (v *vocab) prefixEntries(field, prefix string, n int) []entry {
	var top []entry
	v.scan(field, prefix, maxCompletionScan, func(w string, count uint64) bool {
		top = keepTop(top, entry{term: w, count: v.exactCount(field, w, count)}, n)
		return true
	})
	return top
}

// typoEntries returns up to n words of field that do not start with want
// but with a spelling of it one edit away, most documents first. Scanning
// every word with want's first letter would be too slow per keystroke, so
// it reads two ranges: the words that start with want's first two letters
// (a typo further on) and those that start with its first and third (a
// stray second letter, or the second and third swapped: "jueg" →
// "jeugd"). A wrong or missing second letter is not forgiven.
func (v *vocab) typoEntries(field string, want []rune, n int) []entry {
	if n < 1 {
		return nil
	}
	prefix := string(want)
	var rows editRows
	var top []entry
	ranges := []string{string(want[:2])}
	if want[2] != want[1] {
		ranges = append(ranges, string([]rune{want[0], want[2]}))
	}
	for _, start := range ranges {
		v.scan(field, start, maxTypoCompletionScan, func(w string, count uint64) bool {
			if strings.HasPrefix(w, prefix) || utf8.RuneCountInString(w) < len(want)-1 {
				return true
			}
			if rows.withinOne(want, []rune(w)) && !slices.ContainsFunc(top, func(e entry) bool { return e.term == w }) {
				top = keepTop(top, entry{term: w, count: v.exactCount(field, w, count), edits: 1}, n)
			}
			return true
		})
	}
	return top
}

// keepTop inserts e into top, kept sorted by count (most first, then
// alphabetically) and at most n long.
func keepTop(top []entry, e entry, n int) []entry {
	better := func(a, b entry) bool { return a.count > b.count || a.count == b.count && a.term < b.term }
	if len(top) == n && (n == 0 || !better(e, top[n-1])) {
		return top
	}
	i := len(top)
	for i > 0 && better(e, top[i-1]) {
		i--
	}
	if len(top) < n {
		top = append(top, entry{})
	}
	copy(top[i+1:], top[i:])
	top[i] = e
	return top
}
