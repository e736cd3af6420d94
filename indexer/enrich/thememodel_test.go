package enrich

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// How the theme model is fit: a logistic regression with an L2 penalty
// (not on the bias), by full-batch gradient descent on features scaled to
// mean 0 and spread 1, from zero weights, so a fit is reproducible.
const (
	fitSteps      = 3000
	fitRate       = 0.5
	fitFolds      = 6
	fitModelEnv   = "CASUS_FIT_THEME_MODEL"
	fitTolerance  = 1e-6
	thresholdStep = 0.05
)

// fitL2s are the L2 penalties cross-validation chooses from.
var fitL2s = []float64{0.001, 0.01, 0.1, 1}

// fitThresholds are the decision thresholds cross-validation chooses from.
var fitThresholds = func() []float64 {
	var out []float64
	for th := 0.2; th < 0.651; th += thresholdStep {
		out = append(out, math.Round(th*100)/100)
	}
	return out
}()

// themePage is one tuning page: the features of its candidate side themes
// (score at least ThemeThreshold, below the main theme's, named by no tag)
// and the themes its labels tick.
type themePage struct {
	slugs    []string
	features [][]float64
	want     []string
	// main are the page's main themes and those a tag names, which count
	// without the model.
	main []string
}

// tuningThemePages returns the tuning halves (even positions) of the long
// page sets, the passages and the demo corpus's cases, in file and position
// order.
func tuningThemePages(t *testing.T, e *Enricher) []themePage {
	t.Helper()
	var out []themePage
	add := func(title, text string, tags, want []string) {
		fields := []field{{text: title, toks: tokenize(title)}, {text: text, toks: tokenize(text)}}
		var tagToks [][]token
		for _, tag := range tags {
			tagToks = append(tagToks, tokenize(tag))
		}
		s := e.scores(fields, e.scope.words(fields[1]), tagToks)
		score, top, _ := s.bucketScores()
		tp := themePage{want: want}
		for b, bk := range s.v.buckets {
			switch {
			case s.sideCandidate(b, score, top):
				tp.slugs = append(tp.slugs, bk.slug)
				tp.features = append(tp.features, s.themeFeatures(b, score, top))
			case bk.theme && score[b] >= ThemeThreshold:
				tp.main = append(tp.main, bk.slug)
			}
		}
		out = append(out, tp)
	}
	for _, file := range longPageFiles {
		for i, p := range loadYAML[longPage](t, file) {
			if i%2 == 0 {
				add(p.Title, p.Text, nil, p.Themes)
			}
		}
	}
	for i, p := range loadPassages(t) {
		if i%2 == 0 {
			add(p.Title, p.Text, p.Tags, p.Themes)
		}
	}
	for i, p := range loadYAML[demoPage](t, "demopages.yaml") {
		if i%2 == 0 {
			add(p.Title, p.Text, p.Tags, p.Themes)
		}
	}
	return out
}

// demoPage is a case of the demo corpus as extracted (testdata/demopages.yaml,
// written by indexer/demo TestCorpus).
type demoPage struct {
	Key    string   `yaml:"key"`
	Title  string   `yaml:"title"`
	Date   string   `yaml:"date"`
	Tags   []string `yaml:"tags"`
	Text   string   `yaml:"text"`
	Themes []string `yaml:"themes"`
}

// fitThemeModel fits a model on the candidate themes of pages, with L2
// penalty l2 and threshold th.
func fitThemeModel(pages []themePage, l2, th float64) *themeModel {
	var xs [][]float64
	var ys []float64
	for _, p := range pages {
		for k, x := range p.features {
			xs = append(xs, x)
			ys = append(ys, indicator(slices.Contains(p.want, p.slugs[k])))
		}
	}
	n := len(themeFeatureNames)
	m := &themeModel{Features: themeFeatureNames, Mean: make([]float64, n), Scale: make([]float64, n),
		Weights: make([]float64, n), Threshold: th}
	for j := range n {
		for _, x := range xs {
			m.Mean[j] += x[j] / float64(len(xs))
		}
		for _, x := range xs {
			m.Scale[j] += (x[j] - m.Mean[j]) * (x[j] - m.Mean[j]) / float64(len(xs))
		}
		m.Scale[j] = math.Max(math.Sqrt(m.Scale[j]), 1e-6)
	}
	grad := make([]float64, n)
	for range fitSteps {
		clear(grad)
		gradBias := 0.0
		for i, x := range xs {
			d := m.probability(x) - ys[i]
			gradBias += d
			for j := range n {
				grad[j] += d * (x[j] - m.Mean[j]) / m.Scale[j]
			}
		}
		m.Bias -= fitRate * gradBias / float64(len(xs))
		for j := range n {
			m.Weights[j] -= fitRate * (grad[j]/float64(len(xs)) + l2*m.Weights[j])
		}
	}
	return m
}

// decide returns the themes model ticks on page p, with its main themes.
func (m *themeModel) decide(p themePage) []string {
	got := slices.Clone(p.main)
	for k, x := range p.features {
		if m.probability(x) >= m.Threshold {
			got = append(got, p.slugs[k])
		}
	}
	return got
}

// crossValidate scores each threshold with L2 penalty l2 by fitFolds-fold
// cross-validation over pages (page k in fold k mod fitFolds): every page
// decided by a model fit on the other folds.
func crossValidate(pages []themePage, l2 float64) []setScores {
	out := make([]setScores, len(fitThresholds))
	for fold := range fitFolds {
		var train, test []themePage
		for k, p := range pages {
			if k%fitFolds == fold {
				test = append(test, p)
			} else {
				train = append(train, p)
			}
		}
		m := fitThemeModel(train, l2, 0.5)
		for i, th := range fitThresholds {
			m.Threshold = th
			for _, p := range test {
				out[i].add(m.decide(p), p.want)
			}
		}
	}
	return out
}

// f1 is the harmonic mean of precision and recall.
func (s setScores) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// choice is a penalty and threshold with their cross-validated scores.
type choice struct {
	l2, th float64
	cv     setScores
}

// better reports whether a scores above b: more exact theme sets, then a
// better F1.
func (a choice) better(b choice) bool {
	return a.cv.exact > b.cv.exact || a.cv.exact == b.cv.exact && a.cv.f1() > b.cv.f1()
}

// chooseBest returns the choice with the most exact theme sets, then the
// best F1.
func chooseBest(choices []choice) choice {
	best := choices[0]
	for _, c := range choices[1:] {
		if c.better(best) {
			best = c
		}
	}
	return best
}

// TestThemeModel fits the theme model on the tuning halves of the long
// pages, the passages and the demo corpus, choosing the L2 penalty and the
// threshold by cross-validation (chooseBest), and checks that
// thememodel.json holds that fit. With CASUS_FIT_THEME_MODEL=1
// it writes the fit to thememodel.json instead.
func TestThemeModel(t *testing.T) {
	pages := tuningThemePages(t, newEnricher(t))
	var choices []choice
	for _, l2 := range fitL2s {
		for i, s := range crossValidate(pages, l2) {
			t.Logf("L2 %g, threshold %.2f: cross-validated %v", l2, fitThresholds[i], s)
			choices = append(choices, choice{l2: l2, th: fitThresholds[i], cv: s})
		}
	}
	best := chooseBest(choices)
	m := fitThemeModel(pages, best.l2, best.th)
	examples := 0
	for _, p := range pages {
		examples += len(p.features)
	}
	m.Fit = fmt.Sprintf("logistic regression (L2 %g, %d gradient steps of %g) on the %d candidate side themes of the %d tuning pages "+
		"of %s, passages.yaml and demopages.yaml; L2 and threshold %.2f chosen by %d-fold cross-validation on those pages: %v",
		best.l2, fitSteps, fitRate, examples, len(pages), strings.Join(longPageFiles, ", "), m.Threshold, fitFolds, best.cv)
	if os.Getenv(fitModelEnv) != "" {
		data, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("thememodel.json", append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote thememodel.json: %s", m.Fit)
		return
	}
	got, err := loadThemeModel(themeModelJSON)
	if err != nil {
		t.Fatal(err)
	}
	close := func(a, b []float64) bool {
		return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Abs(x-y) <= fitTolerance })
	}
	if got.Threshold != m.Threshold || math.Abs(got.Bias-m.Bias) > fitTolerance || !close(got.Mean, m.Mean) ||
		!close(got.Scale, m.Scale) || !close(got.Weights, m.Weights) || got.Fit != m.Fit {
		t.Errorf("thememodel.json is not the fit of the tuning pages; refit with %s=1 go test -run TestThemeModel ./indexer/enrich\nwant %+v", fitModelEnv, m)
	}
}

func TestLoadThemeModelErrors(t *testing.T) {
	good, err := loadThemeModel(themeModelJSON)
	if err != nil {
		t.Fatalf("embedded model: %v", err)
	}
	edit := func(change func(m *themeModel)) []byte {
		m := *good
		m.Features, m.Mean, m.Scale, m.Weights = slices.Clone(m.Features), slices.Clone(m.Mean), slices.Clone(m.Scale), slices.Clone(m.Weights)
		change(&m)
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not JSON", []byte("{"), "thememodel.json"},
		{"unknown field", []byte(`{"weight": 1}`), "unknown field"},
		{"features in another order", edit(func(m *themeModel) { m.Features[0], m.Features[1] = m.Features[1], m.Features[0] }), "features"},
		{"a weight short", edit(func(m *themeModel) { m.Weights = m.Weights[1:] }), "weights"},
		{"zero scale", edit(func(m *themeModel) { m.Scale[2] = 0 }), "scale"},
		{"threshold 1", edit(func(m *themeModel) { m.Threshold = 1 }), "threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := loadThemeModel(tt.data); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestSideRank checks the model's rank feature: among the candidate side
// themes of a page, the strongest is 0, the next 1; the main theme is no
// candidate.
func TestSideRank(t *testing.T) {
	e := newEnricher(t)
	body := "De jeugdhulp, de jeugdhulp en nog eens de jeugdhulp voor jeugdigen; de Jeugdwet en de jeugdzorg. " +
		"De Wmo en de Wmo-consulent en de maatschappelijke ondersteuning. De schuldhulpverlening en de schuldhulpverlening."
	fields := []field{{text: "", toks: tokenize("")}, {text: body, toks: tokenize(body)}}
	s := e.scores(fields, e.scope.words(fields[1]), nil)
	score, top, _ := s.bucketScores()
	tests := []struct {
		slug      string
		candidate bool
		rank      int
	}{
		{"jeugd", false, 0},
		{"wmo", true, 0},
		{"schulden", true, 1},
	}
	for _, tt := range tests {
		b := slices.IndexFunc(s.v.buckets, func(bk bucket) bool { return bk.theme && bk.slug == tt.slug })
		if b < 0 {
			t.Fatalf("no theme %s", tt.slug)
		}
		if got := s.sideCandidate(b, score, top); got != tt.candidate {
			t.Errorf("%s: candidate %v, want %v (score %.1f, top %.1f)", tt.slug, got, tt.candidate, score[b], top)
			continue
		}
		if got := s.sideRank(b, score, top); tt.candidate && got != tt.rank {
			t.Errorf("%s: rank %d, want %d", tt.slug, got, tt.rank)
		}
	}
}
