package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/casus-nl/casus"
)

// boundsChecker is a searcher that records a query past ParseQuery that
// breaks the bounds the engine relies on.
type boundsChecker struct {
	*fakeBackend
	broken atomic.Pointer[casus.Query]
}

func (b *boundsChecker) Search(ctx context.Context, q casus.Query) (casus.Result, error) {
	if q.Page < 1 || q.Page > casus.MaxPage || q.Size < 1 || q.Size > casus.MaxSize {
		b.broken.Store(&q)
	}
	return b.fakeBackend.Search(ctx, q)
}

// FuzzSearchParams sends arbitrary raw query strings to the search endpoint:
// the answer is a search result or a 400/414 in the contract's error shape,
// never a 500.
func FuzzSearchParams(f *testing.F) {
	for _, s := range []string{
		"", "q=jeugdzorg&size=5", "q=%ff", "q=%", "size=51", "page=0", "municipality=GM0148&theme=jeugd",
		"from=2019-13-01", "explain=true", "sort=x", "q=a;b", "q=" + strings.Repeat("x", MaxURIBytes),
		"%zz", "&&&=&=", "year=2019&year=2019&year=1",
	} {
		f.Add(s)
	}
	checker := &boundsChecker{fakeBackend: newFakeBackend(f)}
	cfg := checker.config()
	cfg.Searcher = checker
	h := New(cfg)
	f.Fuzz(func(t *testing.T, raw string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/search", nil)
		req.URL.RawQuery = raw
		req.RequestURI = "/api/v1/search?" + raw
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if q := checker.broken.Swap(nil); q != nil {
			t.Fatalf("%q: the searcher got page %d, size %d", raw, q.Page, q.Size)
		}
		switch rec.Code {
		case http.StatusOK:
			var res casus.Result
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || res.Page < 1 {
				t.Fatalf("%q: 200 with body %.300s (%v)", raw, rec.Body, err)
			}
		case http.StatusBadRequest, http.StatusRequestURITooLong:
			var body errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" || body.Error.Message == "" {
				t.Fatalf("%q: %d with body %.300s, want the contract's error (%v)", raw, rec.Code, rec.Body, err)
			}
		default:
			t.Fatalf("%q: status %d, want 200, 400 or 414; body %.300s", raw, rec.Code, rec.Body)
		}
	})
}
