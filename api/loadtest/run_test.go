package loadtest

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRunCounts(t *testing.T) {
	tests := []struct {
		name     string
		status   map[Group]int
		hangup   map[Group]bool
		only     []string
		requests int
		// wantErrors are the error kinds expected per class; every other
		// class must have none.
		wantErrors map[string]string
	}{
		{name: "all well", requests: 1000},
		{name: "server errors", requests: 600,
			status:     map[Group]int{GroupSuggest: http.StatusServiceUnavailable, GroupComparable: http.StatusTooManyRequests},
			wantErrors: map[string]string{"suggest": "http 503", "comparable": "http 429"}},
		{name: "transport errors", requests: 300, only: []string{"similar", "search-word"},
			hangup:     map[Group]bool{GroupSimilar: true},
			wantErrors: map[string]string{"similar": "transport"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeCasus(20)
			for g, st := range tc.status {
				f.status[g] = st
			}
			for g, h := range tc.hangup {
				f.hangup[g] = h
			}
			base := f.start(t)
			rep, err := Run(context.Background(), Config{BaseURL: base, Clients: 4, Requests: tc.requests, Seed: 7, Only: tc.only})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Total.Count != tc.requests {
				t.Errorf("total count %d, want %d", rep.Total.Count, tc.requests)
			}
			sumClasses, sumGroups, sumErrors := 0, 0, 0
			for _, s := range rep.Classes {
				sumClasses += s.Count
				sumErrors += s.Errors
				if s.Count == 0 {
					t.Errorf("class %s never sent", s.Name)
				}
				kind, want := tc.wantErrors[s.Name]
				switch {
				case want && (s.Errors != s.Count || s.ErrorKinds[kind] != s.Count):
					t.Errorf("class %s: %d errors %v of %d, want all %q", s.Name, s.Errors, s.ErrorKinds, s.Count, kind)
				case !want && s.Errors != 0:
					t.Errorf("class %s: %d errors %v, want none", s.Name, s.Errors, s.ErrorKinds)
				case !want && s.P50MS <= 0:
					t.Errorf("class %s: p50 %.3f ms, want a latency", s.Name, s.P50MS)
				}
			}
			for _, s := range rep.Groups {
				sumGroups += s.Count
			}
			if sumClasses != tc.requests || sumGroups != tc.requests || sumErrors != rep.Total.Errors {
				t.Errorf("classes add up to %d, groups to %d, want %d; class errors %d, total errors %d",
					sumClasses, sumGroups, tc.requests, sumErrors, rep.Total.Errors)
			}
			for class, kind := range tc.wantErrors {
				if rep.ErrorExamples[kind] == "" && slices.ContainsFunc(rep.Classes, func(s Stats) bool { return s.Name == class }) {
					t.Errorf("no example message of %q", kind)
				}
			}
			if len(tc.only) > 0 && len(rep.Classes) != len(tc.only) {
				t.Errorf("classes %d, want %d (only %v)", len(rep.Classes), len(tc.only), tc.only)
			}
		})
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	f := newFakeCasus(5)
	f.delay = 5 * time.Second
	base := f.start(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	rep, err := Run(ctx, Config{BaseURL: base, Clients: 8, Duration: time.Minute})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Run took %s after cancel at 200ms", took)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if rep.Total.Count != 0 || rep.Total.Errors != 0 {
		t.Errorf("cancelled requests counted: %d, %d errors", rep.Total.Count, rep.Total.Errors)
	}
}

func TestRunDurationAndWarmup(t *testing.T) {
	f := newFakeCasus(5)
	f.delay = 2 * time.Millisecond
	base := f.start(t)
	start := time.Now()
	rep, err := Run(context.Background(), Config{BaseURL: base, Clients: 2, Duration: 300 * time.Millisecond,
		Warmup: 200 * time.Millisecond, Only: []string{"suggest"}})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if took < 500*time.Millisecond || took > 2*time.Second {
		t.Errorf("run took %s, want about 500ms", took)
	}
	sent := f.count(GroupSuggest)
	if rep.Total.Count == 0 || rep.Total.Count >= sent {
		t.Errorf("recorded %d of %d sent; warm-up requests must not be recorded", rep.Total.Count, sent)
	}
	if rep.Measured < 0.3 || rep.Measured > 1 {
		t.Errorf("measured %.3f s, want about 0.3", rep.Measured)
	}
	if want := float64(rep.Total.Count) / rep.Measured; rep.Total.QPS != want {
		t.Errorf("q/s %.1f, want %.1f", rep.Total.QPS, want)
	}
}

func TestRunSimilarUsesSearchIDs(t *testing.T) {
	f := newFakeCasus(StartupIDs + 30) // the start-up search sees the first StartupIDs
	base := f.start(t)
	rep, err := Run(context.Background(), Config{BaseURL: base, Clients: 3, Requests: 400, Only: []string{"similar"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Docs != StartupIDs+30 {
		t.Errorf("docs %d, want %d from the start-up total", rep.Docs, StartupIDs+30)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	asked := 0
	for id, n := range f.similar {
		asked += n
		if !slices.Contains(f.ids[:StartupIDs], id) {
			t.Errorf("similar asked for %q, not a hit of the start-up search", id)
		}
	}
	if asked != 400 || len(f.similar) < StartupIDs/2 {
		t.Errorf("similar asked %d times for %d ids, want 400 spread over the %d ids", asked, len(f.similar), StartupIDs)
	}
}

func TestRunSimilarWithoutDocuments(t *testing.T) {
	f := newFakeCasus(0)
	base := f.start(t)
	rep, err := Run(context.Background(), Config{BaseURL: base, Clients: 1, Requests: 20, Only: []string{"similar", "suggest"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Classes) != 1 || rep.Classes[0].Name != "suggest" || len(rep.Skipped) != 1 || rep.Skipped[0].Class != "similar" {
		t.Errorf("classes %v, skipped %v; want suggest run and similar skipped", rep.Classes, rep.Skipped)
	}
}

func TestRunNoCache(t *testing.T) {
	f := newFakeCasus(5)
	base := f.start(t)
	rep, err := Run(context.Background(), Config{BaseURL: base, Clients: 4, Requests: 500, NoCache: true, Only: []string{"search"}})
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	queries := slices.Clone(f.queries)
	f.mu.Unlock()
	seen := map[string]bool{}
	empty := 0
	for _, q := range queries {
		if q == "" {
			empty++
			continue
		}
		if seen[q] {
			t.Errorf("q %q sent twice", q)
		}
		seen[q] = true
		if !strings.Contains(q, " -zq") {
			t.Errorf("q %q has no cache buster", q)
		}
	}
	if empty == 0 || len(seen) == 0 {
		t.Errorf("%d searches with q, %d without; want both", len(seen), empty)
	}
	for _, s := range rep.Classes {
		want := s.Name != "search-empty-facets" && s.Name != "search-filters-only"
		if s.CacheBusted != want {
			t.Errorf("class %s cache busted %v, want %v", s.Name, s.CacheBusted, want)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no bound", Config{BaseURL: "http://127.0.0.1:1"}, "duration or a number of requests"},
		{"too many clients", Config{BaseURL: "http://127.0.0.1:1", Clients: MaxClients + 1, Duration: time.Second}, "clients"},
		{"negative warmup", Config{BaseURL: "http://127.0.0.1:1", Duration: time.Second, Warmup: -time.Second}, "warmup"},
		{"remote host", Config{BaseURL: "http://example.com", Duration: time.Second}, "not a loopback"},
		{"unknown only", Config{BaseURL: "http://127.0.0.1:1", Duration: time.Second, Only: []string{"nope"}}, `unknown class or group "nope"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCheckBaseURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"https://localhost:8443/", true},
		{"http://[::1]:8080", true},
		{"http://127.0.0.2:8080", true},
		{"ftp://127.0.0.1/", false},
		{"http://10.0.0.1:8080", false},
		{"http://casus.example/", false},
		{"127.0.0.1:8080", false},
		{"http://", false},
	}
	for _, tc := range tests {
		if err := CheckBaseURL(tc.url); (err == nil) != tc.ok {
			t.Errorf("CheckBaseURL(%q) = %v, want ok %v", tc.url, err, tc.ok)
		}
	}
}
