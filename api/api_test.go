package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/web"
)

// stubSearcher is a hand-written stand-in for the error paths; the happy
// path is tested against the real index in cmd/casus's end-to-end test.
type stubSearcher struct {
	ready bool
	err   error
	panic bool
	got   casus.Query
}

var _ Searcher = (*stubSearcher)(nil)

func (s *stubSearcher) Ready() bool { return s.ready }

func (s *stubSearcher) Search(_ context.Context, q casus.Query) (casus.Result, error) {
	if s.panic {
		panic("secret internal state")
	}
	s.got = q
	if s.err != nil {
		return casus.Result{}, s.err
	}
	return casus.Result{Query: q.Text, Total: 1, Page: q.Page, Size: q.Size,
		Hits: []casus.Hit{{ID: "a", Title: "Wijkteams in Dalfsen"}}}, nil
}

func TestRoutes(t *testing.T) {
	tests := []struct {
		name       string
		stub       stubSearcher
		method     string
		target     string
		wantStatus int
		wantCode   string // error code, "" for success
		wantInBody string
	}{
		{"healthz", stubSearcher{}, "GET", "/healthz", 200, "", `"ok"`},
		{"readyz not ready", stubSearcher{}, "GET", "/readyz", 503, "not_ready", "not ready"},
		{"readyz ready", stubSearcher{ready: true}, "GET", "/readyz", 200, "", `"ready"`},
		{"search", stubSearcher{ready: true}, "GET", "/api/v1/search?q=wijkteams", 200, "", "Wijkteams in Dalfsen"},
		{"bad size", stubSearcher{ready: true}, "GET", "/api/v1/search?size=500", 400, "invalid_parameter", `size`},
		{"bad page", stubSearcher{ready: true}, "GET", "/api/v1/search?page=-1", 400, "invalid_parameter", `page`},
		{"bad municipality", stubSearcher{ready: true}, "GET", "/api/v1/search?municipality=%3Cscript%3E", 400, "invalid_parameter", `municipality`},
		{"to after the accepted dates", stubSearcher{ready: true}, "GET", "/api/v1/search?q=jeugd&to=2263-01-01", 400, "invalid_parameter",
			`parameter \"to\": 2263-01-01 is outside the accepted dates 1900-01-01 to 2100-12-31`},
		{"from before the accepted dates", stubSearcher{ready: true}, "GET", "/api/v1/search?from=1677-12-31", 400, "invalid_parameter", `\"from\"`},
		{"dates at the bounds", stubSearcher{ready: true}, "GET", "/api/v1/search?from=1900-01-01&to=2100-12-31", 200, "", "Wijkteams"},
		{"not ready search", stubSearcher{err: casus.ErrUnavailable}, "GET", "/api/v1/search?q=x", 503, "not_ready", ""},
		{"internal error hidden", stubSearcher{ready: true, err: errors.New("disk /var/secret broke")}, "GET", "/api/v1/search", 500, "internal", "internal error"},
		{"panic recovered", stubSearcher{ready: true, panic: true}, "GET", "/api/v1/search", 500, "internal", "internal error"},
		{"unknown route", stubSearcher{}, "GET", "/api/v1/nothing", 404, "not_found", ""},
		{"uri too long", stubSearcher{ready: true}, "GET", "/api/v1/search?q=" + strings.Repeat("x", MaxURIBytes), 414, "uri_too_long", "maximum"},
		{"wrong method", stubSearcher{ready: true}, "POST", "/api/v1/search", 405, "method_not_allowed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub := tt.stub
			srv := httptest.NewServer(New(Config{Searcher: &stub}))
			defer srv.Close()
			req, err := http.NewRequest(tt.method, srv.URL+tt.target, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want JSON", ct)
			}
			var body struct {
				Error *struct{ Code, Message string } `json:"error"`
			}
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			raw := string(b)
			if err := json.Unmarshal(b, &body); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, raw)
			}
			switch {
			case tt.wantCode == "" && body.Error != nil:
				t.Errorf("unexpected error body %+v", body.Error)
			case tt.wantCode != "" && (body.Error == nil || body.Error.Code != tt.wantCode):
				t.Errorf("error = %+v, want code %q", body.Error, tt.wantCode)
			case tt.wantCode != "" && body.Error.Message == "":
				t.Error("error message is empty")
			}
			if !strings.Contains(raw, tt.wantInBody) {
				t.Errorf("body %s does not contain %q", raw, tt.wantInBody)
			}
			if strings.Contains(raw, "secret") {
				t.Errorf("body leaks internals: %s", raw)
			}
		})
	}
}

func TestSearchPassesParsedQuery(t *testing.T) {
	stub := &stubSearcher{ready: true}
	srv := httptest.NewServer(New(Config{Searcher: stub}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/api/v1/search?q=jeugdzorg&theme=jeugd&theme=inkoop&page=2&size=5&unknown=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if stub.got.Text != "jeugdzorg" || len(stub.got.Themes) != 2 || stub.got.Page != 2 || stub.got.Size != 5 {
		t.Errorf("searcher got %+v", stub.got)
	}
}

// newFullServer serves the fake backend's API with the real search page.
func newFullServer(t *testing.T, configure func(*Config)) *httptest.Server {
	t.Helper()
	fake := newFakeBackend(t)
	page, err := web.New(fake, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := fake.config()
	cfg.Web = page
	if configure != nil {
		configure(&cfg)
	}
	srv := httptest.NewServer(New(cfg))
	t.Cleanup(srv.Close)
	return srv
}

func TestHeadLikeGet(t *testing.T) {
	srv := newFullServer(t, nil)
	tests := []struct {
		target string
		want   int
	}{
		{"/healthz", 200}, {"/readyz", 200}, {"/metrics", 200}, {"/api/openapi.json", 200},
		{"/api/v1/search?q=wijkteams", 200}, {"/api/v1/suggest?q=jeug", 200},
		{"/api/v1/documents/3f2a9c1d0b7e4a55", 200}, {"/api/v1/documents/3f2a9c1d0b7e4a55/similar", 200},
		{"/api/v1/municipalities?q=dalf", 200}, {"/api/v1/municipalities/GM0148", 200},
		{"/api/v1/municipalities/GM0148/comparable", 200},
		{"/?q=wijkteams", 200}, {"/static/style.css", 200},
		{"/api/v1/documents/unknown", 404}, {"/api/v1/search?size=0", 400}, {"/no/such/path", 404},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			get, err := http.Get(srv.URL + tt.target)
			if err != nil {
				t.Fatal(err)
			}
			get.Body.Close()
			head, err := http.Head(srv.URL + tt.target)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(head.Body)
			head.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if get.StatusCode != tt.want || head.StatusCode != tt.want {
				t.Errorf("GET %d, HEAD %d, want %d", get.StatusCode, head.StatusCode, tt.want)
			}
			if len(body) != 0 {
				t.Errorf("HEAD has a body: %.100s", body)
			}
			for _, h := range []string{"Content-Type", "ETag", "Cache-Control"} {
				if g, hd := get.Header.Get(h), head.Header.Get(h); g != hd {
					t.Errorf("%s: GET %q, HEAD %q", h, g, hd)
				}
			}
		})
	}
}

func TestTextMustBeUTF8(t *testing.T) {
	srv := newFullServer(t, nil)
	for _, target := range []string{
		"/api/v1/search?q=%ff%fe", "/api/v1/suggest?q=jeug%ff", "/api/v1/municipalities?q=%c3",
	} {
		t.Run(target, func(t *testing.T) {
			status, _, body := get(t, srv.URL+target, nil)
			if status != http.StatusBadRequest || errorCode(body) != "invalid_parameter" || !strings.Contains(string(body), "UTF-8") {
				t.Errorf("%d %s, want 400 invalid_parameter about UTF-8", status, body)
			}
		})
	}
}

// TestComparableFilter: q and theme of /comparable reach the backend as a
// search's would (trimmed, repeated themes kept once), and bad ones are
// refused with 400 naming the parameter before it is asked.
func TestComparableFilter(t *testing.T) {
	tests := []struct {
		query     string
		want      int
		wantParam string
		filter    casus.CaseFilter
	}{
		{"", 200, "", casus.CaseFilter{}},
		{"?q=+wijkteams+", 200, "", casus.CaseFilter{Text: "wijkteams"}},
		{"?theme=jeugd&theme=inkoop&theme=jeugd", 200, "", casus.CaseFilter{Themes: []string{"jeugd", "inkoop"}}},
		{"?q=inkoop&theme=jeugd&size=3", 200, "", casus.CaseFilter{Text: "inkoop", Themes: []string{"jeugd"}}},
		{"?theme=Jeugd!", 400, "theme", casus.CaseFilter{}},
		{"?theme=" + strings.Repeat("&theme=t", 21), 400, "theme", casus.CaseFilter{}},
		{"?q=" + strings.Repeat("w", casus.MaxQueryRunes+1), 400, "q", casus.CaseFilter{}},
		{"?q=%ff", 400, "q", casus.CaseFilter{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			fake := newFakeBackend(t)
			fake.filter = casus.CaseFilter{Text: "untouched"}
			srv := httptest.NewServer(New(fake.config()))
			defer srv.Close()
			status, _, body := get(t, srv.URL+"/api/v1/municipalities/GM0148/comparable"+tt.query, nil)
			if status != tt.want {
				t.Fatalf("status %d, want %d: %s", status, tt.want, body)
			}
			if tt.want != 200 {
				if !strings.Contains(string(body), tt.wantParam) || fake.filter.Text != "untouched" {
					t.Errorf("body %s (backend asked: %v), want a 400 on %s before the backend", body, fake.filter.Text != "untouched", tt.wantParam)
				}
				return
			}
			if !reflect.DeepEqual(fake.filter, tt.filter) {
				t.Errorf("backend got %#v, want %#v", fake.filter, tt.filter)
			}
		})
	}
}

// TestUnknownPaths checks that a path nobody serves is the page's Dutch 404
// for people and the JSON error under /api/ for programs.
func TestUnknownPaths(t *testing.T) {
	srv := newFullServer(t, nil)
	tests := []struct {
		path, contentType, body string
	}{
		{"/bestaat-niet", "text/html", "niet gevonden"},
		{"/gemeenten-x/y", "text/html", "niet gevonden"},
		{"/api/v1/bestaat-niet", "application/json", `"not_found"`},
		{"/api/bestaat-niet", "application/json", `"not_found"`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("status %d, want 404", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %s", ct, tt.contentType)
			}
			if !strings.Contains(strings.ToLower(string(b)), tt.body) {
				t.Errorf("body %.200q lacks %q", b, tt.body)
			}
		})
	}
}
