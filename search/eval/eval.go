// Package eval measures search relevance: queries with graded judgements
// over a corpus, scored with nDCG@k, MRR and recall@k.
package eval

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/goccy/go-yaml"

	"github.com/casus-nl/casus"
)

// K is the rank cut-off of nDCG and recall: the first page of results.
const K = 10

// MaxGrade is the highest judgement: the case the user meant.
const MaxGrade = 3

// Query is one evaluation query: what the user typed, what kind of query it
// is, and the relevance grade (1 to MaxGrade) of each relevant document by
// key. Unjudged documents are not relevant.
type Query struct {
	Q          string         `yaml:"q"`
	Kind       string         `yaml:"kind"`
	Note       string         `yaml:"note"`
	Judgements map[string]int `yaml:"judgements"`
}

// Parse reads a queries file and checks every grade.
func Parse(data []byte) ([]Query, error) {
	var qs []Query
	if err := yaml.UnmarshalWithOptions(data, &qs, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	for i, q := range qs {
		if len(q.Judgements) == 0 {
			return nil, fmt.Errorf("queries: query %d (%q) has no judgements", i+1, q.Q)
		}
		for doc, g := range q.Judgements {
			if g < 1 || g > MaxGrade {
				return nil, fmt.Errorf("queries: query %d (%q): grade %d of %s is not from 1 to %d", i+1, q.Q, g, doc, MaxGrade)
			}
		}
	}
	return qs, nil
}

// Metrics are mean scores over a set of queries.
type Metrics struct {
	NDCG, MRR, Recall float64
	Queries           int
}

// Score returns, for one ranking of document keys: nDCG@K with gain
// 2^grade-1; the reciprocal rank of the first document graded 2 or more;
// and recall@K, the judged documents in the first K out of all judged ones
// (out of K when more are judged, so a perfect first page scores 1).
func Score(ranked []string, judged map[string]int) (ndcg, rr, recall float64) {
	ranked = ranked[:min(K, len(ranked))]
	var dcg float64
	found := 0
	for i, key := range ranked {
		g := judged[key]
		if g == 0 {
			continue
		}
		dcg += gain(g) / math.Log2(float64(i+2))
		found++
		if rr == 0 && g >= 2 {
			rr = 1 / float64(i+1)
		}
	}
	grades := make([]int, 0, len(judged))
	for _, g := range judged {
		grades = append(grades, g)
	}
	slices.Sort(grades)
	slices.Reverse(grades)
	var ideal float64
	for i, g := range grades[:min(K, len(grades))] {
		ideal += gain(g) / math.Log2(float64(i+2))
	}
	if ideal > 0 {
		ndcg = dcg / ideal
	}
	if len(judged) > 0 {
		recall = float64(found) / float64(min(K, len(judged)))
	}
	return ndcg, rr, recall
}

func gain(grade int) float64 { return math.Pow(2, float64(grade)) - 1 }

// Searcher answers queries (implemented by *search.Index).
type Searcher interface {
	Search(ctx context.Context, q casus.Query) (casus.Result, error)
}

// Report holds the metrics over all queries, per kind and per query.
type Report struct {
	All      Metrics
	ByKind   map[string]Metrics
	PerQuery []Result
}

// Result is the outcome of one query.
type Result struct {
	Query      Query
	NDCG, RR   float64
	Recall     float64
	Ranked     []string
	Total      int
	Suggestion string
}

// Run searches every query (first page of K hits) and scores the rankings;
// key names a hit the way the judgements do.
func Run(ctx context.Context, s Searcher, qs []Query, key func(casus.Hit) string) (Report, error) {
	type sums struct{ ndcg, rr, recall float64 }
	all, byKind := sums{}, map[string]*sums{}
	count := map[string]int{}
	var perQuery []Result
	for _, q := range qs {
		res, err := s.Search(ctx, casus.Query{Text: q.Q, Size: K})
		if err != nil {
			return Report{}, fmt.Errorf("search %q: %w", q.Q, err)
		}
		ranked := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ranked[i] = key(h)
		}
		n, rr, rec := Score(ranked, q.Judgements)
		res1 := Result{Query: q, NDCG: n, RR: rr, Recall: rec, Ranked: ranked, Total: res.Total}
		if res.Suggestion != nil {
			res1.Suggestion = *res.Suggestion
		}
		perQuery = append(perQuery, res1)
		if byKind[q.Kind] == nil {
			byKind[q.Kind] = &sums{}
		}
		for _, s := range []*sums{&all, byKind[q.Kind]} {
			s.ndcg += n
			s.rr += rr
			s.recall += rec
		}
		count[q.Kind]++
	}
	mean := func(s sums, n int) Metrics {
		if n == 0 {
			return Metrics{}
		}
		return Metrics{NDCG: s.ndcg / float64(n), MRR: s.rr / float64(n), Recall: s.recall / float64(n), Queries: n}
	}
	r := Report{All: mean(all, len(qs)), ByKind: map[string]Metrics{}, PerQuery: perQuery}
	for k, s := range byKind {
		r.ByKind[k] = mean(*s, count[k])
	}
	return r, nil
}
