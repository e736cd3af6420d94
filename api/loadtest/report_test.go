package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(vs ...int) []time.Duration {
		out := make([]time.Duration, len(vs))
		for i, v := range vs {
			out[i] = time.Duration(v) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name    string
		samples []time.Duration
		p       float64
		want    time.Duration
	}{
		{"none", nil, 50, 0},
		{"one", ms(7), 50, 7 * time.Millisecond},
		{"one p99", ms(7), 99, 7 * time.Millisecond},
		{"three median", ms(1, 3, 5), 50, 3 * time.Millisecond},
		{"four median is the lower middle", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"1..100 p50", ms(hundred...), 50, 50 * time.Millisecond},
		{"1..100 p95", ms(hundred...), 95, 95 * time.Millisecond},
		{"1..100 p99", ms(hundred...), 99, 99 * time.Millisecond},
		{"1..100 p99.5", ms(hundred...), 99.5, 100 * time.Millisecond},
		{"1..100 max", ms(hundred...), 100, 100 * time.Millisecond},
		{"ten p95 rounds up", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 95, 10 * time.Millisecond},
		{"ten p90", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * time.Millisecond},
		{"tiny p is the minimum", ms(4, 8), 0.1, 4 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Percentile(tc.samples, tc.p); got != tc.want {
				t.Errorf("Percentile(%v, %g) = %s, want %s", tc.samples, tc.p, got, tc.want)
			}
		})
	}
}

func TestReportFill(t *testing.T) {
	classes := []Class{
		{Name: "a", Group: GroupSearch, Weight: 1, Requests: []Request{{Params: url.Values{"q": {"x"}}}}},
		{Name: "b", Group: GroupSearch, Weight: 1, Requests: []Request{{Params: url.Values{}}}},
		{Name: "c", Group: GroupSuggest, Weight: 1},
	}
	rec := newRecording()
	for i := 1; i <= 100; i++ {
		rec.add("a", time.Duration(i)*time.Millisecond, nil)
	}
	rec.add("b", 500*time.Millisecond, nil)
	rec.add("b", time.Second, &StatusError{Status: 503})
	rec.add("c", time.Second, &TransportError{Err: fmt.Errorf("reset")})
	rec.add("c", time.Second, fmt.Errorf("request: %w", context.DeadlineExceeded))
	rec.elapsed = 2 * time.Second
	var rep Report
	rep.fill(classes, rec, true)

	want := []struct {
		name          string
		count, errors int
		qps, p50, max float64
		busted        bool
	}{
		{"a", 100, 0, 50, 50, 100, true},
		{"b", 2, 1, 1, 500, 500, false},
		{"c", 2, 2, 1, 0, 0, false},
	}
	for i, w := range want {
		s := rep.Classes[i]
		if s.Name != w.name || s.Count != w.count || s.Errors != w.errors || s.QPS != w.qps ||
			s.P50MS != w.p50 || s.MaxMS != w.max || s.CacheBusted != w.busted {
			t.Errorf("class %d = %+v, want %+v", i, s, w)
		}
	}
	if g := rep.Groups; len(g) != 2 || g[0].Name != "search" || g[0].Count != 102 || g[0].Errors != 1 || g[1].Name != "suggest" || g[1].Count != 2 {
		t.Errorf("groups = %+v", g)
	}
	if rep.Total.Count != 104 || rep.Total.Errors != 3 || rep.Total.MaxMS != 500 || rep.Total.P50MS != 51 {
		t.Errorf("total = %+v", rep.Total)
	}
	if k := rep.Classes[2].ErrorKinds; k["transport"] != 1 || k[KindTimeout] != 1 {
		t.Errorf("error kinds of c = %v, want transport and timeout", k)
	}
	if rep.Classes[1].ErrorKinds["http 503"] != 1 {
		t.Errorf("error kinds of b = %v", rep.Classes[1].ErrorKinds)
	}

	var table bytes.Buffer
	if err := rep.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"a*", "search", "(group)", "(all)", "errors in b: http 503 ×1", "first transport: transport: reset"} {
		if !strings.Contains(table.String(), line) {
			t.Errorf("table lacks %q:\n%s", line, table.String())
		}
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Total.Count != 104 {
		t.Errorf("JSON round trip: %v, total %d", err, back.Total.Count)
	}
}

func TestCompare(t *testing.T) {
	base := Report{
		Classes: []Stats{{Name: "a", P50MS: 2, P99MS: 10, QPS: 100}, {Name: "only-base", P50MS: 1, QPS: 1}},
		Groups:  []Stats{{Name: "search", P50MS: 2, P99MS: 10, QPS: 100}},
		Total:   Stats{Name: "all", P50MS: 2, P99MS: 10, QPS: 100},
	}
	other := Report{
		Classes: []Stats{{Name: "a", P50MS: 6, P99MS: 50, QPS: 25, Errors: 2}},
		Groups:  []Stats{{Name: "search", P50MS: 4, P99MS: 5, QPS: 200}},
		Total:   Stats{Name: "all", P50MS: 0, P99MS: 20, QPS: 50},
	}
	got := Compare(base, other)
	want := []Ratio{
		{Name: "a", Kind: "class", P50: 3, P99: 5, QPS: 0.25, Notes: "errors 0 / 2"},
		{Name: "search", Kind: "group", P50: 2, P99: 0.5, QPS: 2},
		{Name: "all", Kind: "all", P50: 0, P99: 2, QPS: 0.5},
	}
	if len(got) != len(want) {
		t.Fatalf("Compare = %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Kind != w.Kind || g.Notes != w.Notes ||
			math.Abs(g.P50-w.P50) > 1e-9 || math.Abs(g.P99-w.P99) > 1e-9 || math.Abs(g.QPS-w.QPS) > 1e-9 {
			t.Errorf("ratio %d = %+v, want %+v", i, g, w)
		}
	}
	var buf bytes.Buffer
	if err := WriteRatios(&buf, "casus", "postgresql", got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "postgresql divided by casus") || !strings.Contains(buf.String(), "0.25") {
		t.Errorf("ratio table:\n%s", buf.String())
	}
}
