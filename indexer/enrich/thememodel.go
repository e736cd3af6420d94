package enrich

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The theme model decides which of the other themes with enough evidence
// beside a page's main theme are side themes an editor would tick, not
// themes the page only mentions in passing. It is a logistic regression
// over the evidence of each theme (themeFeatures), fit on the tuning halves
// of the labelled long pages and passages (testdata/longpages*.yaml,
// passages.yaml) by TestThemeModel, which also checks that thememodel.json
// is what a fresh fit gives.
//
//go:embed thememodel.json
var themeModelJSON []byte

// themeFeatureNames name the features of a theme on a page, in the order
// of themeFeatures and of the model's weights.
var themeFeatureNames = []string{
	"share",              // its score as a share of the best theme's
	"log_score",          // ln(1 + its score)
	"work_share",         // its evidence in work items and sentences, as a share of the best theme's score
	"in_title",           // 1 when the title holds medium or strong evidence of it
	"log_terms",          // ln(1 + the distinct medium and strong terms in the body)
	"log_mentions",       // ln(1 + the mentions of those terms in the body)
	"line_share",         // the share of the body's lines that mention it
	"log_lines",          // ln(1 + the lines that mention it)
	"first_mention",      // where its first mention stands, as a share of the body's words; 1 for none
	"log_strong",         // ln(1 + the mentions of strong terms in the body)
	"in_heading",         // 1 when a heading of the body mentions it
	"log_words",          // ln(1 + the body's words)
	"share_by_log_words", // share times log_words: on a long page a share says less
	"rank",               // how many other side candidates score higher: the strongest side theme is 0
}

// themeModel is the format of thememodel.json: the features are scaled by
// (x - Mean) / Scale before the weights apply.
type themeModel struct {
	Features  []string  `json:"features"`
	Mean      []float64 `json:"mean"`
	Scale     []float64 `json:"scale"`
	Weights   []float64 `json:"weights"`
	Bias      float64   `json:"bias"`
	Threshold float64   `json:"threshold"`
	// Fit says how the model was made, for the record.
	Fit string `json:"fit"`
}

// loadThemeModel reads and checks a model in the format of thememodel.json.
func loadThemeModel(data []byte) (*themeModel, error) {
	var m themeModel
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("thememodel.json: %w", err)
	}
	if !slices.Equal(m.Features, themeFeatureNames) {
		return nil, fmt.Errorf("thememodel.json: features %v, want %v", m.Features, themeFeatureNames)
	}
	n := len(themeFeatureNames)
	if len(m.Mean) != n || len(m.Scale) != n || len(m.Weights) != n {
		return nil, fmt.Errorf("thememodel.json: %d means, %d scales and %d weights for %d features",
			len(m.Mean), len(m.Scale), len(m.Weights), n)
	}
	if slices.ContainsFunc(m.Scale, func(s float64) bool { return !(s > 0) }) {
		return nil, fmt.Errorf("thememodel.json: a scale is not positive")
	}
	if !(m.Threshold > 0 && m.Threshold < 1) {
		return nil, fmt.Errorf("thememodel.json: threshold %v is not between 0 and 1", m.Threshold)
	}
	return &m, nil
}

// probability is the model's probability that a theme with features x is
// one an editor would tick.
func (m *themeModel) probability(x []float64) float64 {
	z := m.Bias
	for i, v := range x {
		z += m.Weights[i] * (v - m.Mean[i]) / m.Scale[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// bodyEvidence is what the body says of each bucket beyond its score: how
// varied, spread and prominent its medium and strong evidence is.
type bodyEvidence struct {
	terms    []int // the distinct terms found
	mentions []int
	strong   []int
	lines    []int // lines with a mention
	first    []int // word of the first mention; -1 for none
	heading  []bool
	// nLines and nWords are the body's lines and words.
	nLines, nWords int
}

// themeFeatures returns the features of theme bucket b, whose score is
// score[b] of the best theme's top. The body must have been added.
func (s *scores) themeFeatures(b int, score []float64, top float64) []float64 {
	ev := &s.body
	share, work := 0.0, 0.0
	if top > 0 {
		share, work = score[b]/top, s.work[b]/top
	}
	first, lineShare := 1.0, 0.0
	if ev.first[b] >= 0 {
		first = float64(ev.first[b]) / float64(ev.nWords)
	}
	if ev.nLines > 0 {
		lineShare = float64(ev.lines[b]) / float64(ev.nLines)
	}
	return []float64{
		share,
		math.Log1p(score[b]),
		work,
		indicator(s.title[b] > 0),
		math.Log1p(float64(ev.terms[b])),
		math.Log1p(float64(ev.mentions[b])),
		lineShare,
		math.Log1p(float64(ev.lines[b])),
		first,
		math.Log1p(float64(ev.strong[b])),
		indicator(ev.heading[b]),
		math.Log1p(float64(ev.nWords)),
		share * math.Log1p(float64(ev.nWords)),
		float64(s.sideRank(b, score, top)),
	}
}

// sideCandidate reports whether theme bucket b is a candidate side theme:
// a theme with enough evidence, below the main theme's score and named by
// no tag. The model decides on candidates only.
func (s *scores) sideCandidate(b int, score []float64, top float64) bool {
	return s.v.buckets[b].theme && score[b] >= ThemeThreshold && score[b] < top && !s.tagged[b]
}

// sideRank returns how many other candidate side themes score higher than
// theme bucket b.
func (s *scores) sideRank(b int, score []float64, top float64) int {
	n := 0
	for c := range s.v.buckets {
		if c != b && score[c] > score[b] && s.sideCandidate(c, score, top) {
			n++
		}
	}
	return n
}

func indicator(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
