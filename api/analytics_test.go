package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/web"
)

// outcomeSearcher answers by query text: "niets" finds nothing, "ruim"
// only relaxed; it counts the searches it made.
type outcomeSearcher struct{ calls atomic.Int32 }

func (s *outcomeSearcher) Ready() bool { return true }

func (s *outcomeSearcher) Search(_ context.Context, q casus.Query) (casus.Result, error) {
	s.calls.Add(1)
	res := casus.Result{Query: q.Text, Total: 3, Page: q.Page, Size: q.Size, Hits: []casus.Hit{}}
	switch q.Text {
	case "niets":
		res.Total = 0
		sug := "iets"
		res.Suggestion = &sug
	case "ruim":
		res.Relaxed = true
	}
	return res, nil
}

// recordedSearch is what the API passed to Analytics.
type recordedSearch struct {
	text, filters string
	total         int
	relaxed       bool
	suggestion    string
}

type fakeAnalytics struct {
	mu       sync.Mutex
	searches []recordedSearch
	clicks   []string
}

func (a *fakeAnalytics) RecordSearch(q casus.Query, total int, relaxed bool, suggestion string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.searches = append(a.searches, recordedSearch{q.Text, strings.Join(q.Themes, ","), total, relaxed, suggestion})
}

func (a *fakeAnalytics) RecordClick(query string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.clicks = append(a.clicks, query)
	return true
}

func TestSearchAnalytics(t *testing.T) {
	s := &outcomeSearcher{}
	an := &fakeAnalytics{}
	page, err := web.New(NoteSearches(s), nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(Config{Searcher: s, Web: page, Analytics: an, Generation: func() string { return "gen-1" }}))
	t.Cleanup(srv.Close)
	get := func(method, target string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+target, nil)
		req.Header.Set("X-Forwarded-For", "203.0.113.7")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	for _, tc := range []struct{ method, target string }{
		{"GET", "/api/v1/search?q=wijkteam"},
		{"GET", "/api/v1/search?q=wijkteam"}, // from the response cache
		{"GET", "/api/v1/search?q=niets"},
		{"GET", "/api/v1/search?q=ruim&theme=jeugd"},
		{"GET", "/api/v1/search?q=wijkteam&page=2"}, // a further page: not counted
		{"GET", "/api/v1/search"},                   // no question: not counted
		{"HEAD", "/api/v1/search?q=head"},           // not counted
		{"GET", "/api/v1/search?q=x&size=9999"},     // refused: not counted
		{"GET", "/?q=pagina"},
		{"GET", "/"}, // the bare page: not counted
	} {
		get(tc.method, tc.target)
	}
	want := []recordedSearch{
		{"wijkteam", "", 3, false, ""},
		{"wijkteam", "", 3, false, ""},
		{"niets", "", 0, false, "iets"},
		{"ruim", "jeugd", 3, true, ""},
		{"pagina", "", 3, false, ""},
	}
	if fmt.Sprint(an.searches) != fmt.Sprint(want) {
		t.Errorf("recorded\n%v\nwant\n%v", an.searches, want)
	}
	// The second wijkteam came from the response cache without a search,
	// and was counted all the same.
	if n := s.calls.Load(); n != 8 {
		t.Errorf("%d searches made, want 8", n)
	}
	if strings.Contains(fmt.Sprint(an.searches, an.clicks), "203.0.113.7") {
		t.Error("an address was recorded")
	}
	res, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, line := range []string{
		`casus_search_queries_total{result="hits"} 3`,
		`casus_search_queries_total{result="zero"} 1`,
		`casus_search_queries_total{result="relaxed"} 1`,
	} {
		if !strings.Contains(string(body), line) {
			t.Errorf("/metrics lacks %q", line)
		}
	}
}

func TestClickBeacon(t *testing.T) {
	an := &fakeAnalytics{}
	srv := httptest.NewServer(New(Config{Searcher: &outcomeSearcher{}, Analytics: an}))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		name, contentType, body string
		want                    int
	}{
		{"json", "application/json", `{"query": "Wijkteam", "id": "3f2a9c1d0b7e4a55"}`, 204},
		{"sendBeacon sends text/plain", "text/plain;charset=UTF-8", `{"query": "wmo", "id": "3f2a9c1d0b7e4a55"}`, 204},
		{"not json", "application/json", `query=wmo`, 400},
		{"bad id", "application/json", `{"query": "wmo", "id": "../../etc"}`, 400},
		{"upper-case id", "application/json", `{"query": "wmo", "id": "3F2A9C1D0B7E4A55"}`, 400},
		{"long query", "application/json", `{"query": "` + strings.Repeat("a", MaxClickQueryBytes+1) + `", "id": "3f2a9c1d0b7e4a55"}`, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := http.Post(srv.URL+"/api/v1/click", tc.contentType, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tc.want {
				t.Errorf("status %d, want %d", res.StatusCode, tc.want)
			}
		})
	}
	if fmt.Sprint(an.clicks) != "[Wijkteam wmo]" {
		t.Errorf("clicks %v", an.clicks)
	}
	// Without analytics there is no beacon.
	plain := httptest.NewServer(New(Config{Searcher: &outcomeSearcher{}}))
	t.Cleanup(plain.Close)
	res, err := http.Post(plain.URL+"/api/v1/click", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("click without analytics: %d", res.StatusCode)
	}
}

// TestCaseVisitClicks: opening a case page from the search page's hits
// (Referer: the page with q on the same host) counts a click for q.
func TestCaseVisitClicks(t *testing.T) {
	an := &fakeAnalytics{}
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") })
	srv := httptest.NewServer(New(Config{Searcher: &outcomeSearcher{}, Web: page, Analytics: an}))
	t.Cleanup(srv.Close)
	self := strings.TrimPrefix(srv.URL, "http://")
	for _, tc := range []struct{ name, path, referer string }{
		{"from the hits", "/cases/3f2a9c1d0b7e4a55", "http://" + self + "/?q=Wijkteams&theme=jeugd"},
		{"from another site", "/cases/3f2a9c1d0b7e4a55", "https://elders.example/?q=elders"},
		{"from another page", "/cases/3f2a9c1d0b7e4a55", "http://" + self + "/gemeenten?q=dalfsen"},
		{"without words", "/cases/3f2a9c1d0b7e4a55", "http://" + self + "/?theme=jeugd"},
		{"no referer", "/cases/3f2a9c1d0b7e4a55", ""},
		{"not a case id", "/cases/nope", "http://" + self + "/?q=nope"},
	} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+tc.path, nil)
		if tc.referer != "" {
			req.Header.Set("Referer", tc.referer)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	if fmt.Sprint(an.clicks) != "[Wijkteams]" {
		t.Errorf("clicks %q, want only Wijkteams", an.clicks)
	}
}
