package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casus-nl/casus/indexer/source"
)

// site is a test server that records the paths it was asked for.
type site struct {
	*httptest.Server
	mu   sync.Mutex
	seen map[string]int
	ua   string
}

func newSite(t *testing.T, robots string, mux *http.ServeMux) *site {
	t.Helper()
	s := &site{seen: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen[r.URL.RequestURI()]++
		s.ua = r.UserAgent()
		s.mu.Unlock()
		if r.URL.Path == "/robots.txt" && robots != "" {
			if code, ok := strings.CutPrefix(robots, "status:"); ok {
				var c int
				fmt.Sscan(code, &c)
				w.WriteHeader(c)
				return
			}
			fmt.Fprint(w, robots)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[path]
}

// hostsOf gives the hosts of base URLs in the form Options.Hosts takes.
func hostsOf(t *testing.T, bases ...string) []string {
	t.Helper()
	var out []string
	for _, b := range bases {
		u, err := url.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, source.HostKey(u))
	}
	return out
}

func (s *site) url(t *testing.T, path string) *url.URL {
	t.Helper()
	u, err := url.Parse(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func pageMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2023 10:00:00 GMT")
		fmt.Fprint(w, "<h1>Wijkteam</h1>")
	})
	mux.HandleFunc("/private/page", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "geheim") })
	mux.HandleFunc("/casus-only", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "x") })
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "kapot", http.StatusInternalServerError) })
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "weg", http.StatusGone) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/hop/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/hop/"), &n)
		if n == 0 {
			http.Redirect(w, r, "/page", http.StatusMovedPermanently)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/private/page", http.StatusFound) })
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("<p>tekst</p>", 1000))
		for i := 0; i < 50<<20/len(chunk); i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/huge-declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(50<<20))
		_, _ = w.Write([]byte("<p>begin</p>"))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	return mux
}

func TestGet(t *testing.T) {
	const robots = "User-agent: *\nDisallow: /private/\nDisallow: /casus-only\n\nUser-agent: casus\nDisallow: /private/\n"
	s := newSite(t, robots, pageMux())
	f := New(Options{Hosts: hostsOf(t, s.URL), UserAgent: "casus-test/1", MaxBodyBytes: 1 << 20, MaxRedirects: 3, RequestTimeout: 2 * time.Second})
	ctx := context.Background()

	tests := []struct {
		path       string
		wantErr    error
		wantStatus int
		wantFinal  string
		notFetched string // a path the server must never see
	}{
		{path: "/page", wantStatus: 200, wantFinal: "/page"},
		{path: "/casus-only", wantStatus: 200, wantFinal: "/casus-only"}, // the casus group overrides *
		{path: "/private/page", wantErr: ErrDisallowed, notFetched: "/private/page"},
		{path: "/broken", wantErr: ErrStatus, wantStatus: 500},
		{path: "/gone", wantErr: ErrStatus, wantStatus: 410},
		{path: "/loop", wantErr: ErrRedirect},
		{path: "/hop/2", wantStatus: 200, wantFinal: "/page"},
		{path: "/hop/9", wantErr: ErrRedirect, notFetched: "/hop/5"},
		{path: "/to-private", wantErr: ErrDisallowed, notFetched: "/private/page"},
		{path: "/huge", wantErr: ErrTooLarge},
		{path: "/huge-declared", wantErr: ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := f.Get(ctx, s.url(t, tt.path))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantStatus != 0 && resp.Status != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.Status, tt.wantStatus)
			}
			if tt.wantFinal != "" && resp.URL.Path != tt.wantFinal {
				t.Errorf("final URL = %v, want path %s", resp.URL, tt.wantFinal)
			}
			if tt.notFetched != "" && s.count(tt.notFetched) != 0 {
				t.Errorf("server saw %s %d times; it must never be requested", tt.notFetched, s.count(tt.notFetched))
			}
			var se *StatusError
			if errors.As(err, &se) && se.Code != tt.wantStatus {
				t.Errorf("StatusError code %d, want %d", se.Code, tt.wantStatus)
			}
		})
	}
	resp, err := f.Get(ctx, s.url(t, "/page"))
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<h1>Wijkteam</h1>" || resp.ContentType != "text/html; charset=utf-8" ||
		resp.ETag != `"v1"` || resp.LastModified != "Mon, 02 Jan 2023 10:00:00 GMT" {
		t.Errorf("response = %+v", resp)
	}
	if s.ua != "casus-test/1" {
		t.Errorf("User-Agent = %q", s.ua)
	}
	if n := s.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
}

func TestRobotsStatus(t *testing.T) {
	tests := []struct {
		robots  string
		allowed bool
		wantErr error
	}{
		{"status:404", true, nil},
		{"status:403", true, nil},
		{"status:500", false, ErrRobotsUnavailable},
		{"status:503", false, ErrRobotsUnavailable},
		{"User-agent: *\nDisallow: /\n", false, nil},
		{"User-agent: casus\nDisallow: /page\n", false, nil},
		{"User-agent: otherbot\nDisallow: /\n", true, nil},
		{"User-agent: *\nCrawl-delay: soms\n", false, ErrRobotsUnavailable},
		{"<html><body>Niet gevonden</body></html>", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.robots, func(t *testing.T) {
			s := newSite(t, tt.robots, pageMux())
			f := New(Options{Hosts: hostsOf(t, s.URL)})
			ok, err := f.Allowed(context.Background(), s.url(t, "/page"))
			if ok != tt.allowed || !errors.Is(err, tt.wantErr) {
				t.Errorf("Allowed = %v, %v; want %v, %v", ok, err, tt.allowed, tt.wantErr)
			}
			_, err = f.Get(context.Background(), s.url(t, "/page"))
			if !tt.allowed && s.count("/page") != 0 {
				t.Errorf("a disallowed page was requested (err %v)", err)
			}
		})
	}
}

func TestRobotsUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	f := New(Options{Hosts: hostsOf(t, "http://"+addr), RequestTimeout: 2 * time.Second})
	u, _ := url.Parse("http://" + addr + "/page")
	ok, err := f.Allowed(context.Background(), u)
	if ok || !errors.Is(err, ErrRobotsUnavailable) {
		t.Errorf("Allowed = %v, %v; want false, ErrRobotsUnavailable", ok, err)
	}
	if _, err := f.Get(context.Background(), u); !errors.Is(err, ErrRobotsUnavailable) {
		t.Errorf("Get err = %v, want ErrRobotsUnavailable", err)
	}
}

func TestRobotsFetchedOnceConcurrently(t *testing.T) {
	var robotsHits atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			<-release
			fmt.Fprint(w, "User-agent: *\nDisallow: /nee\n")
		}
	}))
	defer srv.Close()
	f := New(Options{Hosts: hostsOf(t, srv.URL)})
	var wg sync.WaitGroup
	results := make([]bool, 20)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := "/ja"
			if i%2 == 1 {
				path = "/nee"
			}
			u, _ := url.Parse(srv.URL + path)
			results[i], _ = f.Allowed(context.Background(), u)
		}()
	}
	close(release)
	wg.Wait()
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}
	for i, ok := range results {
		if ok != (i%2 == 0) {
			t.Errorf("result %d = %v", i, ok)
		}
	}
}

func TestOffHostRedirect(t *testing.T) {
	other := newSite(t, "status:404", pageMux())
	mux := http.NewServeMux()
	mux.HandleFunc("/elders", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/page", http.StatusMovedPermanently)
	})
	s := newSite(t, "status:404", mux)
	f := New(Options{Hosts: hostsOf(t, s.URL)})
	_, err := f.Get(context.Background(), s.url(t, "/elders"))
	var re *RedirectError
	if !errors.As(err, &re) || !errors.Is(err, ErrOffHost) {
		t.Fatalf("err = %v, want a *RedirectError", err)
	}
	if re.To.String() != other.URL+"/page" {
		t.Errorf("redirect target = %v", re.To)
	}
	if other.count("/page") != 0 || other.count("/robots.txt") != 0 {
		t.Errorf("the other host was contacted")
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	s := newSite(t, "status:404", pageMux())
	f := New(Options{Hosts: hostsOf(t, s.URL), RequestTimeout: 50 * time.Millisecond})
	if _, err := f.Get(context.Background(), s.url(t, "/slow")); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow page: err = %v, want a deadline error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(Options{Hosts: hostsOf(t, s.URL)}).Get(ctx, s.url(t, "/page")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
}

func TestBadURL(t *testing.T) {
	f := New(Options{Hosts: []string{"a.nl"}})
	for _, raw := range []string{"/relative", "ftp://a.nl/x", "mailto:a@b.nl"} {
		u, _ := url.Parse(raw)
		if _, err := f.Get(context.Background(), u); err == nil {
			t.Errorf("Get(%s): want an error", raw)
		}
	}
	if _, err := f.Get(context.Background(), nil); err == nil {
		t.Error("Get(nil): want an error")
	}
}
