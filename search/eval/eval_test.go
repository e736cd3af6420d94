package eval_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer"
	"github.com/casus-nl/casus/indexer/demo"
	"github.com/casus-nl/casus/indexer/enrich"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/search/eval"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

// queriesFile holds the judged queries over the demo corpus; baselineFile
// the figures the full configuration must not fall below.
var (
	queriesFile  = filepath.Join("..", "testdata", "eval", "queries.yaml")
	baselineFile = filepath.Join("..", "testdata", "eval", "baseline.json")
)

// tolerance absorbs float noise when comparing with the baseline.
const tolerance = 1e-6

// worstShown is how many of the weakest queries the log lists, for tuning.
const worstShown = 12

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// minQueries is the size of evaluation that means something.
const minQueries = 50

// demoCorpus crawls the demo sites, served on loopback ports as `casus
// demo` serves them, with the real crawler and enricher, and returns every
// indexed document.
func demoCorpus(t testing.TB, k knowledge) []casus.Document {
	t.Helper()
	sites, err := demo.Start(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sites.Close() })
	yaml, err := demo.SourcesYAML(sites.Bases())
	if err != nil {
		t.Fatal(err)
	}
	sources, err := source.Parse(yaml)
	if err != nil {
		t.Fatal(err)
	}
	e, err := enrich.New(k.g, k.tx)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var docs []casus.Document
	opts := indexer.DefaultOptions()
	opts.OnDocument = func(d casus.Document) error {
		mu.Lock()
		defer mu.Unlock()
		docs = append(docs, d)
		return nil
	}
	if _, err := indexer.New(opts, e, discard{}).Crawl(context.Background(), sources); err != nil {
		t.Fatal(err)
	}
	return docs
}

type discard struct{}

func (discard) Put(context.Context, []casus.Document) error { return nil }

type knowledge struct {
	g   *gazetteer.Gazetteer
	tx  *taxonomy.Taxonomy
	syn *search.Synonyms
}

func load(t testing.TB) knowledge {
	t.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	tx, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	syn, err := search.LoadSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	return knowledge{g, tx, syn}
}

// hitKey names a hit as the judgements do: "site:path".
func hitKey(h casus.Hit) string {
	u, err := url.Parse(h.URL)
	if err != nil {
		return h.URL
	}
	return h.Source + ":" + u.Path
}

// configs are the configurations compared: everything on, each part off in
// turn (ablation), and every part of this evaluation's era off.
func configs() []struct {
	name string
	off  search.Disable
} {
	return []struct {
		name string
		off  search.Disable
	}{
		{"full", search.Disable{}},
		{"-fold", search.Disable{Fold: true}},
		{"-stem", search.Disable{Stem: true}},
		{"-compounds", search.Disable{Compounds: true}},
		{"-synonyms", search.Disable{Synonyms: true}},
		{"-fuzzy", search.Disable{Fuzzy: true}},
		{"-proximity", search.Disable{Proximity: true}},
		{"-facetboost", search.Disable{FacetBoost: true}},
		{"-recency", search.Disable{Recency: true}},
		// Typo tolerance also catches a missing accent or an unstemmed
		// plural, so folding and stemming show their worth without it.
		{"-fold -fuzzy", search.Disable{Fold: true, Fuzzy: true}},
		{"-stem -fuzzy", search.Disable{Stem: true, Fuzzy: true}},
		{"none (exact words only)", search.Disable{Compounds: true, Synonyms: true, Fuzzy: true,
			Proximity: true, FacetBoost: true, Recency: true}},
	}
}

// TestRelevance runs the judged queries over the demo corpus, prints
// nDCG@10, MRR and recall@10 overall, per query kind and per ablation, and
// fails when the full configuration falls below the recorded baseline.
func TestRelevance(t *testing.T) {
	data, err := os.ReadFile(queriesFile)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := eval.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < minQueries {
		t.Fatalf("%d queries; the evaluation needs at least %d", len(qs), minQueries)
	}
	k := load(t)
	docs := demoCorpus(t, k)
	keys := map[string]bool{}
	for _, d := range docs {
		keys[hitKey(casus.Hit{URL: d.URL, Source: d.Source})] = true
	}
	for _, q := range qs {
		for key := range q.Judgements {
			if !keys[key] {
				t.Fatalf("query %q judges %s, which the demo crawl did not index", q.Q, key)
			}
		}
	}

	reports := map[string]eval.Report{}
	var out strings.Builder
	fmt.Fprintf(&out, "%-26s %7s %7s %9s\n", "configuration", "nDCG@10", "MRR", "recall@10")
	for _, c := range configs() {
		r := run(t, k, docs, qs, c.off)
		reports[c.name] = r
		fmt.Fprintf(&out, "%-26s %7.3f %7.3f %9.3f\n", c.name, r.All.NDCG, r.All.MRR, r.All.Recall)
	}
	full := reports["full"]
	fmt.Fprintf(&out, "\nfull, per kind:\n")
	kinds := make([]string, 0, len(full.ByKind))
	for kind := range full.ByKind {
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	for _, kind := range kinds {
		m := full.ByKind[kind]
		fmt.Fprintf(&out, "%-26s %7.3f %7.3f %9.3f  (%d queries)\n", kind, m.NDCG, m.MRR, m.Recall, m.Queries)
	}
	worst := slices.Clone(full.PerQuery)
	slices.SortStableFunc(worst, func(a, b eval.Result) int { return cmpFloat(a.NDCG, b.NDCG) })
	fmt.Fprintf(&out, "\nweakest queries (full):\n")
	for _, r := range worst[:min(worstShown, len(worst))] {
		fmt.Fprintf(&out, "%6.3f  %-40q %s  top: %v\n", r.NDCG, r.Query.Q, r.Query.Kind, r.Ranked[:min(3, len(r.Ranked))])
	}
	t.Logf("relevance over %d queries, %d documents:\n%s", len(qs), len(docs), out.String())

	base, err := os.ReadFile(baselineFile)
	if err != nil {
		t.Fatal(err)
	}
	var want eval.Metrics
	if err := json.Unmarshal(base, &want); err != nil {
		t.Fatalf("%s: %v", baselineFile, err)
	}
	for _, m := range []struct {
		name      string
		got, want float64
	}{
		{"nDCG@10", full.All.NDCG, want.NDCG},
		{"MRR", full.All.MRR, want.MRR},
		{"recall@10", full.All.Recall, want.Recall},
	} {
		if m.got < m.want-tolerance {
			t.Errorf("%s = %.3f, below the recorded baseline %.3f", m.name, m.got, m.want)
		}
		if m.got > m.want+0.01 && !math.IsNaN(m.got) {
			t.Logf("%s = %.3f is above the baseline %.3f: record it in %s", m.name, m.got, m.want, baselineFile)
		}
	}
}

// run indexes docs with the given parts switched off and evaluates.
func run(t *testing.T, k knowledge, docs []casus.Document, qs []eval.Query, off search.Disable) eval.Report {
	t.Helper()
	ix, err := search.NewMemory(search.Options{Municipalities: k.g, Taxonomy: k.tx, Synonyms: k.syn, Disable: off})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	r, err := eval.Run(context.Background(), ix, qs, hitKey)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// blindQuestionsFiles hold question queries judged blind over the demo
// corpus, each split before tuning: even positions tune, odd positions are
// held out.
var blindQuestionsFiles = []string{
	filepath.Join("..", "testdata", "eval", "questions_blind.yaml"),
	filepath.Join("..", "testdata", "eval", "questions_blind2.yaml"),
	filepath.Join("..", "testdata", "eval", "questions_blind3.yaml"),
	filepath.Join("..", "testdata", "eval", "questions_blind4.yaml"),
	filepath.Join("..", "testdata", "eval", "questions_blind5.yaml"),
	filepath.Join("..", "testdata", "eval", "questions_blind6.yaml"),
	filepath.Join("..", "testdata", "eval", "questions_blind7.yaml"),
	filepath.Join("..", "testdata", "eval", "questions_blind8.yaml"),
}

// minBlindQuestionNDCG are the floors of nDCG@10 on the blind questions,
// tuning half and held-out half, at the figures measured when question
// handling was last changed.
var minBlindQuestionNDCG = [2]float64{0.90, 0.86}

// TestBlindQuestions measures the blind question queries of all sets, each
// half apart, and each set's halves for the record.
func TestBlindQuestions(t *testing.T) {
	var halves [2][]eval.Query
	var sets [][2][]eval.Query
	for _, file := range blindQuestionsFiles {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		qs, err := eval.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var set [2][]eval.Query
		for i, q := range qs {
			halves[i%2] = append(halves[i%2], q)
			set[i%2] = append(set[i%2], q)
		}
		sets = append(sets, set)
	}
	k := load(t)
	docs := demoCorpus(t, k)
	for half, name := range []string{"tuning", "held-out"} {
		for s, set := range sets {
			r := run(t, k, docs, set[half], search.Disable{})
			t.Logf("%s, %s half (%d questions): nDCG@10 %.3f", filepath.Base(blindQuestionsFiles[s]), name, len(set[half]), r.All.NDCG)
		}
		r := run(t, k, docs, halves[half], search.Disable{})
		t.Logf("%s half (%d questions): nDCG@10 %.3f, MRR %.3f, recall@10 %.3f", name, len(halves[half]), r.All.NDCG, r.All.MRR, r.All.Recall)
		if half == 0 && os.Getenv("CASUS_EVAL_VERBOSE") != "" {
			for _, pq := range r.PerQuery {
				t.Logf("%6.3f %q top: %v", pq.NDCG, pq.Query.Q, pq.Ranked[:min(3, len(pq.Ranked))])
			}
		}
		if r.All.NDCG < minBlindQuestionNDCG[half]-tolerance {
			t.Errorf("%s nDCG@10 %.3f, below its floor %.3f", name, r.All.NDCG, minBlindQuestionNDCG[half])
		}
	}
}
