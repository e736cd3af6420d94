package enrich

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/casus-nl/casus/search/taxonomy"
	"github.com/casus-nl/casus/search/textfold"
)

// Scoring of theme and domain evidence. A theme or domain counts when its
// score reaches the threshold; the factors and the repeat gain are tuned so
// that one mention of a strong term in the body (3) is not enough, but two
// mentions (4.5), a strong and a weak term (4), two medium terms (4) or one
// strong term in the title (6) are.
const (
	// ThemeThreshold is the score a theme needs: that of one decisive term.
	ThemeThreshold = float64(taxonomy.WeightDecisive)
	// DomainThreshold is the score a domain needs, counting its own terms
	// and the scores of the themes that imply it.
	DomainThreshold = float64(taxonomy.WeightDecisive)
	// TitleFactor multiplies evidence in the title, which names the subject.
	TitleFactor = 2.0
	// TagFactor multiplies evidence in site tags, which editors chose.
	TagFactor = 2.0
	// BodyFactor multiplies evidence in the body.
	BodyFactor = 1.0
	// RepeatGain is what each further mention of a term adds, as a fraction
	// of its first mention: repetition says less than variety.
	RepeatGain = 0.5
	// MaxRepeats bounds the mentions of one term per field that count.
	MaxRepeats = 3
	// MaxWeakScore bounds what weak terms add together: generic words can
	// tip a theme over the threshold but not carry it.
	MaxWeakScore = float64(taxonomy.WeightWeak)
	// MinShareOfTop is the share of the best domain's score that another
	// domain must also reach, unless a recognised theme implies it. A page
	// about one subject mentions others in passing, and on a long page those
	// mentions add up past the threshold without being what the page is
	// about. Themes are decided by the theme model (thememodel.go).
	MinShareOfTop = 0.35
)

// bucket collects the evidence for one theme or domain.
type bucket struct {
	slug  string
	theme bool
	// implies holds, for a theme, the bucket indexes of its domains.
	implies []int
	// names are the folded slug and label, which a site tag may state outright.
	names [][]string
}

// vocabulary is the compiled taxonomy: every term, indexed by its first word.
type vocabulary struct {
	buckets []bucket
	terms   []term
	// byWord maps each form of a plain first word to the terms starting with it.
	byWord map[string][]int
	// Terms whose first word is part of a compound are found by the ends
	// of that word's forms, so that a word of a page is tried against a
	// few of them, not all: byHead holds them under the first affixBytes bytes of a word
	// that starts a compound ("jeugdhulp*"), byTail under the last
	// affixBytes of each form of one that ends it ("*armoede"), and inner
	// lists those open at both ends, tried at every word.
	byHead, byTail map[string][]int
	inner          []int
	// memos holds the *termMemo of scans not running.
	memos sync.Pool
}

// affixBytes is the length of the keys of byHead and byTail: every form of
// a compound's part has at least MinCompoundStem letters, so at least as
// many bytes.
const affixBytes = MinCompoundStem

// maxMemoWords bounds the words a termMemo remembers; past it the memo
// starts afresh. Words follow Zipf's law: a few thousand make up most of
// any page.
const maxMemoWords = 1 << 14

// termMemo remembers the terms that may start at each word. A scan takes
// one from vocabulary.memos, so the workers of a crawl share no map and each
// map stays small enough to be quick: one map shared by all, grown to
// hundreds of thousands of words, cost more than finding the terms.
type termMemo struct {
	terms map[string][]int
}

// termsAt returns the terms that may start at word, remembered in m.
func (v *vocabulary) termsAt(m *termMemo, word string) []int {
	if ts, ok := m.terms[word]; ok {
		return ts
	}
	ts := v.findTerms(word)
	if len(m.terms) >= maxMemoWords {
		clear(m.terms)
	}
	// The word is cloned so the memo does not hold on to the page.
	m.terms[strings.Clone(word)] = ts
	return ts
}

// findTerms returns the terms that may start at word: those whose first
// word is word, then, in term order, those whose first word is a part of
// word. The result must not be changed.
func (v *vocabulary) findTerms(word string) []int {
	var open []int
	if len(word) >= affixBytes {
		open = v.appendMatches(open, v.byHead[word[:affixBytes]], word)
		open = v.appendMatches(open, v.byTail[word[len(word)-affixBytes:]], word)
	}
	open = v.appendMatches(open, v.inner, word)
	exact := v.byWord[word]
	if len(open) == 0 {
		return exact
	}
	slices.Sort(open)
	return append(slices.Clip(exact), open...)
}

// appendMatches appends the terms of candidates whose first word matches word.
func (v *vocabulary) appendMatches(out, candidates []int, word string) []int {
	for _, ti := range candidates {
		if v.terms[ti].words[0].match(word) {
			out = append(out, ti)
		}
	}
	return out
}

func newVocabulary(tx *taxonomy.Taxonomy) (*vocabulary, error) {
	v := &vocabulary{byWord: map[string][]int{}, byHead: map[string][]int{}, byTail: map[string][]int{}}
	domainIndex := map[string]int{}
	themes := tx.Themes()
	for _, d := range tx.Domains() {
		domainIndex[d.Slug] = len(themes) + len(domainIndex)
	}
	for _, th := range themes {
		b := bucket{slug: th.Slug, theme: true, names: [][]string{textfold.Words(th.Slug), textfold.Words(th.Label)}}
		for _, d := range tx.ThemeDomains(th.Slug) {
			b.implies = append(b.implies, domainIndex[d])
		}
		if err := v.add(b, tx.ThemeTerms(th.Slug)); err != nil {
			return nil, fmt.Errorf("theme %s: %w", th.Slug, err)
		}
	}
	for _, d := range tx.Domains() {
		b := bucket{slug: d.Slug, names: [][]string{textfold.Words(d.Slug), textfold.Words(d.Label)}}
		if err := v.add(b, tx.DomainTerms(d.Slug)); err != nil {
			return nil, fmt.Errorf("domain %s: %w", d.Slug, err)
		}
	}
	return v, nil
}

func (v *vocabulary) add(b bucket, terms []taxonomy.Term) error {
	idx := len(v.buckets)
	v.buckets = append(v.buckets, b)
	for _, tt := range terms {
		t, err := compileTerm(tt, idx)
		if err != nil {
			return err
		}
		ti := len(v.terms)
		v.terms = append(v.terms, t)
		first := t.words[0]
		for _, f := range first.forms {
			switch {
			case first.openStart && first.openEnd:
				if !slices.Contains(v.inner, ti) {
					v.inner = append(v.inner, ti)
				}
			case first.openEnd:
				addTerm(v.byHead, f[:affixBytes], ti)
			case first.openStart:
				addTerm(v.byTail, f[len(f)-affixBytes:], ti)
			default:
				addTerm(v.byWord, f, ti)
			}
		}
	}
	return nil
}

// addTerm lists term ti under key once.
func addTerm(m map[string][]int, key string, ti int) {
	if !slices.Contains(m[key], ti) {
		m[key] = append(m[key], ti)
	}
}

// match is a counted match of a term: its index in terms and the position
// of its first word.
type match struct {
	term, at int
}

// scan returns every counted match in toks.
// Within one bucket matches do not overlap: at each position the longest
// term wins, an ignore term wins a tie (it exists to shadow), then the
// heavier term.
func (v *vocabulary) scan(toks []token) []match {
	var out []match
	best := make([]int, len(v.buckets)) // term index per bucket at this position, -1 for none
	free := make([]int, len(v.buckets)) // first position not covered by a chosen match
	for b := range best {
		best[b] = -1
	}
	var touched []int // the buckets with a term at this position
	memo, _ := v.memos.Get().(*termMemo)
	if memo == nil {
		memo = &termMemo{terms: map[string][]int{}}
	}
	defer v.memos.Put(memo)
	for i := range toks {
		touched = touched[:0]
		consider := func(ti int) {
			t := &v.terms[ti]
			if i < free[t.bucket] || !t.matchAt(toks, i) {
				return
			}
			cur := best[t.bucket]
			if cur < 0 {
				touched = append(touched, t.bucket)
			}
			if cur < 0 || v.better(ti, cur) {
				best[t.bucket] = ti
			}
		}
		for _, ti := range v.termsAt(memo, toks[i].folded) {
			consider(ti)
		}
		slices.Sort(touched)
		for _, b := range touched {
			ti := best[b]
			best[b] = -1
			free[b] = i + len(v.terms[ti].words)
			if v.terms[ti].weight > taxonomy.WeightIgnore {
				out = append(out, match{term: ti, at: i})
			}
		}
	}
	return out
}

// better reports whether term a beats term b at the same position.
func (v *vocabulary) better(a, b int) bool {
	ta, tb := &v.terms[a], &v.terms[b]
	if len(ta.words) != len(tb.words) {
		return len(ta.words) > len(tb.words)
	}
	if (ta.weight == taxonomy.WeightIgnore) != (tb.weight == taxonomy.WeightIgnore) {
		return ta.weight == taxonomy.WeightIgnore
	}
	return ta.weight > tb.weight
}

// scores accumulates evidence per bucket over the fields of a document.
type scores struct {
	v *vocabulary
	// solid is evidence from medium and stronger terms; weak counts only
	// when some solid evidence exists.
	solid, weak []float64
	// work is the solid evidence found in list items and sentences naming
	// the work.
	work []float64
	// title is the solid evidence found in the title.
	title []float64
	// tagged marks the buckets a site tag names outright.
	tagged []bool
	// body is what the body says beyond the scores.
	body bodyEvidence
}

func (v *vocabulary) newScores() *scores {
	n := len(v.buckets)
	return &scores{v: v, solid: make([]float64, n), weak: make([]float64, n), work: make([]float64, n),
		title: make([]float64, n), tagged: make([]bool, n)}
}

// addTitle scores the title, which must come first.
func (s *scores) addTitle(toks []token) {
	s.addField(toks, nil, TitleFactor)
	copy(s.title, s.solid)
}

// addField scores one field (title or a tag) with its factor.
func (s *scores) addField(toks []token, scope []wordScope, factor float64) {
	s.count(s.v.scan(toks), scope, factor)
}

// addBody scores the body, whose words have the scopes of scope, and notes
// its bodyEvidence.
func (s *scores) addBody(f field, scope []wordScope) {
	matches := s.v.scan(f.toks)
	s.count(matches, scope, BodyFactor)
	n := len(s.v.buckets)
	// One backing array for the counts per bucket.
	counts := make([]int, 6*n)
	ev := bodyEvidence{terms: counts[:n], mentions: counts[n : 2*n], strong: counts[2*n : 3*n],
		lines: counts[3*n : 4*n], first: counts[4*n : 5*n], heading: make([]bool, n), nWords: len(f.toks)}
	lastLine := counts[5*n:] // the last line counted per bucket, plus one
	for b := range ev.first {
		ev.first[b] = -1
	}
	lns := lines(f)
	ev.nLines = len(lns)
	seen := map[int]bool{} // the terms found
	li := 0                // the line of the current match
	for _, m := range matches {
		if ws := scope[m.at]; ws == outside || ws == inRelated {
			continue
		}
		t := &s.v.terms[m.term]
		if t.weight < taxonomy.WeightMedium {
			continue
		}
		for li < len(lns)-1 && m.at >= lns[li].last {
			li++
		}
		b := t.bucket
		if ev.first[b] < 0 {
			ev.first[b] = m.at
		}
		if !seen[m.term] {
			seen[m.term] = true
			ev.terms[b]++
		}
		ev.mentions[b]++
		if t.weight >= taxonomy.WeightStrong {
			ev.strong[b]++
		}
		if lastLine[b] != li+1 {
			lastLine[b] = li + 1
			ev.lines[b]++
			text := f.text[lns[li].start:lns[li].end]
			if !isListItem(text) && isHeading(text, lns[li]) {
				ev.heading[b] = true
			}
		}
	}
	s.body = ev
}

// count adds the counted matches of one field with its factor. scope gives
// each word's scope (see wordScope); nil counts every word as prose.
func (s *scores) count(matches []match, scope []wordScope, factor float64) {
	counts, work := map[int]int{}, map[int]int{}
	for _, m := range matches {
		ws := inProse
		if scope != nil {
			ws = scope[m.at]
		}
		switch ws {
		case outside, inRelated:
			continue
		case inWorkItem:
			work[m.term]++
		}
		counts[m.term]++
	}
	for ti, n := range counts {
		t := &s.v.terms[ti]
		gain := float64(t.weight) * factor * (1 + RepeatGain*float64(min(n, MaxRepeats)-1))
		if t.weight >= taxonomy.WeightMedium {
			s.solid[t.bucket] += gain
		} else {
			s.weak[t.bucket] += gain
		}
	}
	for ti, n := range work {
		if t := &s.v.terms[ti]; t.weight >= taxonomy.WeightMedium {
			s.work[t.bucket] += float64(t.weight) * factor * (1 + RepeatGain*float64(min(n, MaxRepeats)-1))
		}
	}
}

// addTagNames counts a tag that is exactly a theme's or domain's slug or
// label ("Jeugd", "Sociaal domein") as enough evidence on its own.
func (s *scores) addTagNames(toks []token) {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.folded
	}
	for b, bk := range s.v.buckets {
		for _, name := range bk.names {
			if slices.Equal(words, name) {
				s.solid[b] += ThemeThreshold
				s.tagged[b] = true
				break
			}
		}
	}
}

func (s *scores) total(b int) float64 {
	if s.solid[b] == 0 {
		return 0
	}
	return s.solid[b] + min(s.weak[b], MaxWeakScore)
}

// side reports whether model finds theme bucket b a side theme.
func (s *scores) side(model *themeModel, b int, score []float64, topTheme float64) bool {
	return model.probability(s.themeFeatures(b, score, topTheme)) >= model.Threshold
}

// bucketScores returns the score of every bucket, a domain's including the
// scores of the themes implying it, and the best theme's and domain's.
func (s *scores) bucketScores() (score []float64, topTheme, topDomain float64) {
	score = make([]float64, len(s.v.buckets))
	for b, bk := range s.v.buckets {
		score[b] += s.total(b)
		for _, d := range bk.implies {
			score[d] += s.total(b)
		}
	}
	for b, bk := range s.v.buckets {
		if bk.theme {
			topTheme = max(topTheme, score[b])
		} else {
			topDomain = max(topDomain, score[b])
		}
	}
	return score, topTheme, topDomain
}

// result returns the recognised themes and domains in taxonomy order. A
// theme whose score reaches ThemeThreshold counts when it is the main theme
// (the best score, or tied with it), when a site tag names it, or when
// model finds it a side theme an editor would tick. A domain's score is its
// own evidence plus that of every theme implying it; a recognised theme
// always brings its domains.
func (s *scores) result(model *themeModel) (themes, domains []string) {
	themes, domains = []string{}, []string{}
	score, topTheme, topDomain := s.bucketScores()
	implied := make([]bool, len(s.v.buckets))
	for b, bk := range s.v.buckets {
		if bk.theme && score[b] >= ThemeThreshold && (score[b] >= topTheme || s.tagged[b] || s.side(model, b, score, topTheme)) {
			themes = append(themes, bk.slug)
			for _, d := range bk.implies {
				implied[d] = true
			}
		}
	}
	for b, bk := range s.v.buckets {
		if !bk.theme && (implied[b] || (score[b] >= DomainThreshold && score[b] >= MinShareOfTop*topDomain)) {
			domains = append(domains, bk.slug)
		}
	}
	return themes, domains
}
