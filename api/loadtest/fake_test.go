package loadtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeCasus answers the endpoints of the mix with small JSON, a delay and
// a status per group, and remembers what it was asked.
type fakeCasus struct {
	delay  time.Duration
	status map[Group]int // 200 when absent
	// hangup closes the connection without an answer for these groups.
	hangup map[Group]bool
	ids    []string

	mu       sync.Mutex
	requests map[Group]int
	similar  map[string]int // ids asked for similar cases
	queries  []string       // q of every search except the start-up one
}

func newFakeCasus(docs int) *fakeCasus {
	f := &fakeCasus{status: map[Group]int{}, hangup: map[Group]bool{},
		requests: map[Group]int{}, similar: map[string]int{}}
	for i := range docs {
		f.ids = append(f.ids, fmt.Sprintf("doc%03d", i))
	}
	return f
}

// start serves f until the test ends.
func (f *fakeCasus) start(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/search", func(w http.ResponseWriter, r *http.Request) {
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		if size == StartupIDs && r.URL.Query().Get("q") == "" && r.Header.Get("Accept-Encoding") == "" {
			hits := []map[string]string{}
			for _, id := range f.ids[:min(size, len(f.ids))] {
				hits = append(hits, map[string]string{"id": id})
			}
			writeJSON(w, map[string]any{"total": len(f.ids), "hits": hits})
			return
		}
		f.mu.Lock()
		f.queries = append(f.queries, r.URL.Query().Get("q"))
		f.mu.Unlock()
		f.answer(w, r, GroupSearch, map[string]any{"total": 1, "hits": []any{}})
	})
	mux.HandleFunc("GET /api/v1/suggest", func(w http.ResponseWriter, r *http.Request) {
		f.answer(w, r, GroupSuggest, map[string]any{"query": r.URL.Query().Get("q"), "suggestions": []any{}})
	})
	mux.HandleFunc("GET /api/v1/documents/{id}/similar", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.similar[r.PathValue("id")]++
		f.mu.Unlock()
		f.answer(w, r, GroupSimilar, map[string]any{"hits": []any{}})
	})
	mux.HandleFunc("GET /api/v1/municipalities/{code}/comparable", func(w http.ResponseWriter, r *http.Request) {
		f.answer(w, r, GroupComparable, map[string]any{"comparable": []any{}, "hits": []any{}})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func (f *fakeCasus) answer(w http.ResponseWriter, r *http.Request, g Group, body any) {
	f.mu.Lock()
	f.requests[g]++
	f.mu.Unlock()
	if f.hangup[g] {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
	}
	select {
	case <-time.After(f.delay):
	case <-r.Context().Done():
		return
	}
	if st, ok := f.status[g]; ok {
		w.WriteHeader(st)
		_, _ = w.Write([]byte(`{"error":{"code":"x","message":"fake"}}`))
		return
	}
	writeJSON(w, body)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeCasus) count(g Group) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[g]
}
