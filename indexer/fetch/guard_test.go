package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/casus-nl/casus/indexer/fetch/fetchtest"
)

// guardTimeout bounds a request in the guard tests: a refused request makes
// no connection, so it ends at once; one that wrongly tries an unroutable
// address gives up after this.
const guardTimeout = 2 * time.Second

func TestAddressGuard(t *testing.T) {
	tests := []struct {
		hosts   []string
		address string
		allowed bool
	}{
		{[]string{"www.example.nl"}, "93.184.216.34:443", true},
		{[]string{"www.example.nl"}, "[2606:2800:220:1::1]:443", true},
		{[]string{"www.example.nl"}, "127.0.0.1:80", false},
		{[]string{"www.example.nl"}, "127.8.9.10:80", false},
		{[]string{"www.example.nl"}, "[::1]:80", false},
		{[]string{"www.example.nl"}, "[::ffff:127.0.0.1]:80", false},
		{[]string{"www.example.nl"}, "10.1.2.3:80", false},
		{[]string{"www.example.nl"}, "172.16.0.1:80", false},
		{[]string{"www.example.nl"}, "192.168.1.1:80", false},
		{[]string{"www.example.nl"}, "[fd00::1]:80", false},
		{[]string{"www.example.nl"}, "169.254.169.254:80", false},
		{[]string{"www.example.nl"}, "[fe80::1]:80", false},
		{[]string{"www.example.nl"}, "0.0.0.0:80", false},
		{[]string{"www.example.nl"}, "100.100.100.200:80", false},
		{[]string{"www.example.nl"}, "224.0.0.1:80", false},
		{[]string{"www.example.nl"}, "not-an-address", false},
		// A source on a loopback address may be crawled (on any port: which
		// host:port a source may request is the Fetcher's scope)...
		{[]string{"127.0.0.1:8080"}, "127.0.0.1:8080", true},
		{[]string{"127.0.0.1:8080"}, "127.0.0.1:9090", true},
		// ...but that opens no other non-public address.
		{[]string{"127.0.0.1:8080"}, "127.0.0.2:8080", false},
		{[]string{"127.0.0.1:8080"}, "[::1]:8080", false},
		{[]string{"127.0.0.1:8080"}, "169.254.169.254:80", false},
		{[]string{"[::1]:8080"}, "[::1]:8080", true},
		{[]string{"[::1]:8080"}, "127.0.0.1:8080", false},
		{[]string{"10.0.0.5"}, "10.0.0.5:80", true},
		{[]string{"10.0.0.5"}, "10.0.0.6:80", false},
		{[]string{"localhost:8080"}, "127.0.0.1:8080", true},
		{[]string{"localhost:8080"}, "[::1]:8080", true},
		{[]string{"localhost:8080"}, "10.0.0.1:80", false},
	}
	for _, tt := range tests {
		err := newAddressGuard(tt.hosts).control("tcp", tt.address, nil)
		if (err == nil) != tt.allowed || (err != nil && !errors.Is(err, ErrForbiddenAddress)) {
			t.Errorf("hosts %v, dial %s: err = %v; want allowed %v", tt.hosts, tt.address, err, tt.allowed)
		}
	}
}

// TestForbiddenAddressAtDial: a public-looking host name that resolves to
// a loopback address is refused when connecting, before any request.
func TestForbiddenAddressAtDial(t *testing.T) {
	s := newSite(t, "status:404", pageMux())
	port := s.url(t, "/").Port()
	resolver := fetchtest.Resolver(map[string]netip.Addr{"cases.example.nl": netip.MustParseAddr("127.0.0.1")})
	tests := []struct {
		name    string
		host    string
		wantErr error
	}{
		{"name resolving to loopback", "cases.example.nl:" + port, ErrForbiddenAddress},
		{"the loopback address itself", "127.0.0.1:" + port, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.count("/page")
			f := New(Options{Hosts: []string{tt.host}, Resolver: resolver, RequestTimeout: guardTimeout})
			_, err := f.Get(context.Background(), &url.URL{Scheme: "http", Host: tt.host, Path: "/page"})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil && (s.count("/page") != before || !strings.Contains(err.Error(), "loopback")) {
				t.Errorf("the page was requested, or the error %q does not say why", err)
			}
		})
	}
}

// TestRobotsRedirectScope: a robots.txt is followed only to the Fetcher's
// hosts; a redirect anywhere else disallows the origin with ErrOutOfScope
// and contacts nothing.
func TestRobotsRedirectScope(t *testing.T) {
	other := newSite(t, "User-agent: *\nDisallow: /page\n", pageMux())
	tests := []struct {
		name        string
		to          string
		otherInHost bool
		allowed     bool
		wantErr     error
	}{
		{"to another host", other.URL + "/robots.txt", false, false, ErrOutOfScope},
		{"to the metadata service", "http://169.254.169.254/latest/meta-data/", false, false, ErrOutOfScope},
		{"to another host of the source", other.URL + "/robots.txt", true, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := pageMux()
			mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, tt.to, http.StatusMovedPermanently)
			})
			s := newSite(t, "", mux)
			hosts := hostsOf(t, s.URL)
			if tt.otherInHost {
				hosts = hostsOf(t, s.URL, other.URL)
			}
			before := other.count("/robots.txt")
			f := New(Options{Hosts: hosts, RequestTimeout: guardTimeout})
			ok, err := f.Allowed(context.Background(), s.url(t, "/page"))
			if ok != tt.allowed || !errors.Is(err, tt.wantErr) {
				t.Fatalf("Allowed = %v, %v; want %v, %v", ok, err, tt.allowed, tt.wantErr)
			}
			if followed := other.count("/robots.txt") > before; followed != tt.otherInHost {
				t.Errorf("redirect followed: %v, want %v", followed, tt.otherInHost)
			}
		})
	}
}

// TestOutOfScope: a Fetcher requests only its hosts, and one without hosts
// requests nothing.
func TestOutOfScope(t *testing.T) {
	s := newSite(t, "status:404", pageMux())
	other := newSite(t, "status:404", pageMux())
	tests := []struct {
		name  string
		hosts []string
	}{
		{"another host", hostsOf(t, other.URL)},
		{"no hosts", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := New(Options{Hosts: tt.hosts})
			if _, err := f.Get(context.Background(), s.url(t, "/page")); !errors.Is(err, ErrOutOfScope) {
				t.Errorf("Get err = %v, want ErrOutOfScope", err)
			}
			if ok, err := f.Allowed(context.Background(), s.url(t, "/page")); ok || !errors.Is(err, ErrOutOfScope) {
				t.Errorf("Allowed = %v, %v; want false, ErrOutOfScope", ok, err)
			}
			if s.count("/robots.txt")+s.count("/page") != 0 {
				t.Errorf("the host outside the scope was contacted")
			}
		})
	}
}
