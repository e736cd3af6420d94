package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casus-nl/casus/api/loadtest"
	"github.com/casus-nl/casus/api/loadtest/pgcompare"
	"github.com/casus-nl/casus/indexer/scale"
)

// fakeCasusAPI answers the endpoints of the load mix with small JSON; the
// start-up search lists docs ids.
func fakeCasusAPI(t *testing.T, docs int) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/search", func(w http.ResponseWriter, r *http.Request) {
		hits := []map[string]string{}
		for i := range docs {
			hits = append(hits, map[string]string{"id": fmt.Sprintf("doc%d", i)})
		}
		writeTestJSON(w, map[string]any{"total": docs, "hits": hits, "facets": map[string]any{}})
	})
	mux.HandleFunc("GET /api/v1/suggest", func(w http.ResponseWriter, r *http.Request) {
		writeTestJSON(w, map[string]any{"query": r.URL.Query().Get("q"), "suggestions": []any{}})
	})
	mux.HandleFunc("GET /api/v1/documents/{id}/similar", func(w http.ResponseWriter, r *http.Request) {
		writeTestJSON(w, map[string]any{"hits": []any{}})
	})
	mux.HandleFunc("GET /api/v1/municipalities/{code}/comparable", func(w http.ResponseWriter, r *http.Request) {
		writeTestJSON(w, map[string]any{"comparable": []any{}, "hits": []any{}})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func writeTestJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func runBench(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"bench"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestBenchLoad(t *testing.T) {
	base := fakeCasusAPI(t, 10)
	short := []string{"--url", base, "--clients", "2", "--duration", "300ms", "--warmup", "50ms"}
	tests := []struct {
		name  string
		extra []string
		want  []string
		not   []string
	}{
		{name: "whole mix", want: []string{"casus: 10 documents, 2 clients", "search-word", "search-filters-only", "suggest",
			"similar", "comparable", "(group)", "(all)", "cache busting off"}},
		{name: "only some", extra: []string{"--only", "suggest, search-typo"}, want: []string{"search-typo", "suggest"},
			not: []string{"search-word", "comparable"}},
		{name: "no cache", extra: []string{"--no-cache", "--only", "search"}, want: []string{"search-word*", "search-empty-facets ", "cache busting on"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runBench(t, append(append([]string{"load"}, short...), tc.extra...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q:\n%s", n, out)
				}
			}
		})
	}
}

func TestBenchLoadJSON(t *testing.T) {
	base := fakeCasusAPI(t, 10)
	code, out, errOut := runBench(t, "load", "--url", base, "--clients", "3", "--duration", "200ms", "--warmup", "0s",
		"--requests", "90", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Reports []loadtest.Report `json:"reports"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got.Reports) != 1 || got.Reports[0].Clients != 3 || got.Reports[0].Total.Count == 0 ||
		got.Reports[0].Total.Count > 90 || got.Reports[0].Total.Errors != 0 {
		t.Errorf("reports %+v, want one of at most 90 requests, no errors", got.Reports)
	}
}

func TestBenchLoadUsage(t *testing.T) {
	base := fakeCasusAPI(t, 1)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no url", []string{"--duration", "1s"}, "--url is required"},
		{"remote url", []string{"--url", "http://example.com:8080"}, "not a loopback address"},
		{"not http", []string{"--url", "ftp://127.0.0.1/"}, "must be http or https"},
		{"no clients", []string{"--url", base, "--clients", "0"}, "--clients 0"},
		{"too many clients", []string{"--url", base, "--clients", "1025"}, "--clients 1025"},
		{"zero duration", []string{"--url", base, "--duration", "0s"}, "--duration 0s"},
		{"long duration", []string{"--url", base, "--duration", "2h"}, "--duration 2h0m0s"},
		{"negative warmup", []string{"--url", base, "--warmup", "-1s"}, "--warmup -1s"},
		{"unknown class", []string{"--url", base, "--only", "search,nope"}, `unknown class or group "nope"`},
		{"bad flag", []string{"--url", base, "--clients", "many"}, "invalid value"},
		{"remote postgres", []string{"--url", base, "--pg", "postgres://db.example.nl/casus"}, "not a Unix socket or a loopback"},
		{"argument", []string{"--url", base, "extra"}, `unexpected argument "extra"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runBench(t, append([]string{"load"}, tc.args...)...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d naming %q", code, errOut, exitUsage, tc.want)
			}
		})
	}
}

func TestBenchPGSkippedWithoutPostgres(t *testing.T) {
	t.Setenv(pgDSNEnv, "")
	t.Setenv("PGHOST", filepath.Join(t.TempDir(), "no-postgres-here"))
	code, out, errOut := runBench(t, "pg", "--duration", "1s")
	if code != exitOK || !strings.HasPrefix(out, "PostgreSQL comparison skipped: ") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and the skip message", code, out, errOut)
	}
}

func TestBenchPGUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"nothing to do", nil, "nothing to do"},
		{"remote dsn", []string{"--dsn", "host=10.0.0.7 dbname=casus", "--duration", "1s"}, "not a Unix socket or a loopback"},
		{"bad clients", []string{"--in", "x.jsonl", "--clients", "0"}, "--clients 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runBench(t, append([]string{"pg"}, tc.args...)...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d naming %q", code, errOut, exitUsage, tc.want)
			}
		})
	}
}

// isolatedDSN gives the test a schema of its own in the database of dsn,
// dropped when the test ends.
func isolatedDSN(t *testing.T, dsn, schema string) string {
	t.Helper()
	isolated, drop, err := pgcompare.IsolatedSchema(context.Background(), dsn, schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return isolated
}

// TestBenchPGLoadAndCompare loads 1,000 scale documents into the database
// of CASUS_PG_DSN, in a schema of its own, runs the mix there and
// compares a fake casus with it.
func TestBenchPGLoadAndCompare(t *testing.T) {
	dsn := os.Getenv(pgDSNEnv)
	if dsn == "" {
		t.Skip(pgDSNEnv + " is not set: the PostgreSQL commands are tested only against a throwaway database named by it")
	}
	dsn = isolatedDSN(t, dsn, "casus_test_cmd")
	corpus, err := scale.New(scale.Config{Seed: 1, Docs: 1000, Profile: scale.ProfileCases})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "docs.jsonl")
	if _, _, err := writeCorpus(context.Background(), corpus, path); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runBench(t, "pg", "--dsn", dsn, "--in", path, "--duration", "500ms", "--warmup", "0s", "--clients", "2")
	if code != exitOK {
		t.Fatalf("bench pg: exit %d: %s", code, errOut)
	}
	for _, w := range []string{"loaded 1000 documents into PostgreSQL", "postgresql: 1000 documents", "search-word", "skipped comparable"} {
		if !strings.Contains(out, w) {
			t.Errorf("bench pg output lacks %q:\n%s", w, out)
		}
	}

	base := fakeCasusAPI(t, 1000)
	code, out, errOut = runBench(t, "load", "--url", base, "--pg", dsn, "--duration", "300ms", "--warmup", "0s", "--clients", "2")
	if code != exitOK {
		t.Fatalf("bench load --pg: exit %d: %s", code, errOut)
	}
	for _, w := range []string{"casus: 1000 documents", "postgresql: 1000 documents", "postgresql divided by casus",
		"skipped comparable: left out to compare with postgresql"} {
		if !strings.Contains(out, w) {
			t.Errorf("bench load --pg output lacks %q:\n%s", w, out)
		}
	}

	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"id\":\"a\"}\nnot json\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runBench(t, "pg", "--dsn", dsn, "--in", bad); code != exitFailed || !strings.Contains(errOut, "line 2") {
		t.Errorf("bad corpus: exit %d, stderr %q; want %d naming line 2", code, errOut, exitFailed)
	}
}
