package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/casus-nl/casus"
)

// countingSearcher counts the searches that reach it; its answers are long
// enough to be gzipped.
type countingSearcher struct {
	calls atomic.Int32
	fail  atomic.Bool
}

func (s *countingSearcher) Ready() bool { return true }

func (s *countingSearcher) Search(_ context.Context, q casus.Query) (casus.Result, error) {
	s.calls.Add(1)
	if s.fail.Load() {
		return casus.Result{}, errors.New("broken")
	}
	return casus.Result{Query: q.Text, Total: 1, Page: 1, Size: 10,
		Hits: []casus.Hit{{ID: "a", Title: strings.Repeat("Wijkteams in Dalfsen ", 100)}}}, nil
}

func TestResponseCache(t *testing.T) {
	type step struct {
		gen         string // the generation while the request is served
		target      string
		gzip        bool
		ifNoneMatch bool // send the ETag of the previous answer
		fail        bool
		wantStatus  int
		wantCalls   int32 // searches so far, after this request
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"a repeated request is answered from the cache", []step{
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", wantStatus: 200, wantCalls: 1},
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", wantStatus: 200, wantCalls: 1},
			{gen: "gen-1", target: "/api/v1/search?q=jeugd", wantStatus: 200, wantCalls: 2},
		}},
		{"gzip and plain are kept apart", []step{
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", gzip: true, wantStatus: 200, wantCalls: 1},
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", wantStatus: 200, wantCalls: 2},
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", gzip: true, wantStatus: 200, wantCalls: 2},
		}},
		{"a new generation computes again", []step{
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", wantStatus: 200, wantCalls: 1},
			{gen: "gen-2", target: "/api/v1/search?q=wijkteam", wantStatus: 200, wantCalls: 2},
		}},
		{"no generation keeps nothing", []step{
			{gen: "", target: "/api/v1/search?q=wijkteam", wantStatus: 200, wantCalls: 1},
			{gen: "", target: "/api/v1/search?q=wijkteam", wantStatus: 200, wantCalls: 2},
		}},
		{"errors are not kept", []step{
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", fail: true, wantStatus: 500, wantCalls: 1},
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", wantStatus: 200, wantCalls: 2},
		}},
		{"a kept answer the client has is a 304", []step{
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", wantStatus: 200, wantCalls: 1},
			{gen: "gen-1", target: "/api/v1/search?q=wijkteam", ifNoneMatch: true, wantStatus: 304, wantCalls: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gen atomic.Value
			gen.Store("")
			s := &countingSearcher{}
			h := New(Config{Searcher: s, Generation: func() string { return gen.Load().(string) }})
			var first []byte
			var etag string
			for i, st := range tt.steps {
				gen.Store(st.gen)
				s.fail.Store(st.fail)
				req := httptest.NewRequest(http.MethodGet, st.target, nil)
				if st.gzip {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				if st.ifNoneMatch {
					req.Header.Set(headerIfNoneMatch, etag)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				body, _ := io.ReadAll(rec.Body)
				if rec.Code != st.wantStatus || s.calls.Load() != st.wantCalls {
					t.Fatalf("step %d: status %d (want %d), searches %d (want %d)", i, rec.Code, st.wantStatus, s.calls.Load(), st.wantCalls)
				}
				if got := rec.Header().Get("Content-Encoding") == "gzip"; rec.Code == 200 && got != st.gzip {
					t.Errorf("step %d: gzipped %v, want %v", i, got, st.gzip)
				}
				if rec.Code == 200 {
					if i > 0 && tt.steps[i-1].target == st.target && tt.steps[i-1].gzip == st.gzip && tt.steps[i-1].gen == st.gen &&
						tt.steps[i-1].wantStatus == 200 && string(body) != string(first) {
						t.Errorf("step %d: the repeated answer differs from the first", i)
					}
					first, etag = body, rec.Header().Get(headerETag)
					if etag == "" {
						t.Errorf("step %d: no ETag", i)
					}
				}
			}
		})
	}
}

func TestResponseCacheBytesBound(t *testing.T) {
	rc := newResponseCache(func() string { return "gen-1" })
	body := make([]byte, MaxCachedResponseBytes)
	n := MaxCachedBytes/MaxCachedResponseBytes + 10
	for i := range n {
		rc.keep(fmt.Sprintf("k%d", i), storedResponse{body: body})
	}
	rc.keep("k0-again", storedResponse{body: body})
	rc.keep("k0-again", storedResponse{body: body})
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.bytes > MaxCachedBytes {
		t.Errorf("%d bytes kept, bound %d", rc.bytes, MaxCachedBytes)
	}
	if got := rc.store.Len() * MaxCachedResponseBytes; got != rc.bytes {
		t.Errorf("counted %d bytes, the cache holds %d", rc.bytes, got)
	}
	if _, ok := rc.store.Get(fmt.Sprintf("k%d", n-1)); !ok {
		t.Error("the newest answer was evicted instead of the oldest")
	}
}
