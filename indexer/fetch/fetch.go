// Package fetch gets web pages politely, safely and within bounds: it obeys
// robots.txt, identifies itself, limits time, size and redirects, requests
// only the hosts it is given and connects to a non-public address only when
// one of those hosts names it, and reports each kind of refusal as its own
// error so a crawler can count them.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/casus-nl/casus/indexer/source"
)

// Defaults for zero Options fields, and fixed bounds.
const (
	// DefaultUserAgent names casus and where to read about it, so site
	// owners can recognise the crawler and find its robots.txt group.
	DefaultUserAgent = "casus/1.0 (+https://github.com/casus-nl/casus; robots.txt group casus)"
	// RobotsAgent is the robots.txt user-agent group casus obeys.
	RobotsAgent = "casus"
	// DefaultRequestTimeout bounds one request, body included.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultMaxBodyBytes bounds a body; case pages are far smaller.
	DefaultMaxBodyBytes = 5 << 20
	// DefaultMaxRedirects bounds a redirect chain (RFC 9309 uses five too).
	DefaultMaxRedirects = 5
	// MaxRobotsBytes is how much of a robots.txt is read: RFC 9309 asks
	// crawlers to parse at least 500 KiB and allows ignoring the rest.
	MaxRobotsBytes = 500 << 10
	// drainBytes is read from an unwanted body so the connection can be
	// reused; larger bodies are abandoned with the connection.
	drainBytes = 4 << 10
	// Timeouts and pool sizes of the default transport. A host keeps as
	// many idle connections as a source may have requests in flight: with
	// fewer, a parallel crawl of one host closed and dialled a connection
	// for most of its pages.
	dialTimeout         = 10 * time.Second
	tlsHandshakeTimeout = 10 * time.Second
	idleConnTimeout     = 90 * time.Second
	maxIdleConnsPerHost = source.MaxParallel
	maxHeaderBytes      = 1 << 20
)

// Errors of Get and Allowed, tested with errors.Is.
var (
	// ErrTooLarge: the body is larger than MaxBodyBytes.
	ErrTooLarge = errors.New("response body too large")
	// ErrRedirect: a redirect chain longer than MaxRedirects, or a loop.
	ErrRedirect = errors.New("too many redirects or a redirect loop")
	// ErrOffHost: a redirect to another host; see *RedirectError for where.
	ErrOffHost = errors.New("redirect to another host")
	// ErrDisallowed: robots.txt disallows the URL; it was not requested.
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrRobotsUnavailable: robots.txt answered 5xx, could not be reached or
	// could not be parsed, so the whole host is off limits for this crawl.
	ErrRobotsUnavailable = errors.New("robots.txt unavailable")
	// ErrStatus: the server answered with a status other than 2xx; see
	// *StatusError for which.
	ErrStatus = errors.New("unexpected HTTP status")
)

// StatusError is a non-2xx answer. It wraps ErrStatus.
type StatusError struct{ Code int }

// Error names the status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// Unwrap makes errors.Is(err, ErrStatus) true.
func (e *StatusError) Unwrap() error { return ErrStatus }

// RedirectError is a redirect to another host, which Get does not follow: the
// caller decides whether that host is in scope. It wraps ErrOffHost.
type RedirectError struct{ To *url.URL }

// Error names the target.
func (e *RedirectError) Error() string { return "redirect to another host: " + e.To.String() }

// Unwrap makes errors.Is(err, ErrOffHost) true.
func (e *RedirectError) Unwrap() error { return ErrOffHost }

// Options configure a Fetcher. Zero fields take the defaults above.
type Options struct {
	// UserAgent is sent with every request.
	UserAgent string
	// RequestTimeout bounds one request, redirects and body included.
	RequestTimeout time.Duration
	// MaxBodyBytes bounds a body; larger ones are not read further.
	MaxBodyBytes int64
	// MaxRedirects bounds a redirect chain.
	MaxRedirects int
	// Hosts are the hosts (in source.HostKey form) the Fetcher may request:
	// Get and Allowed refuse a URL on any other host with ErrOutOfScope, and
	// a robots.txt redirect to another host is not followed. A Fetcher
	// without hosts requests nothing.
	Hosts []string
	// Transport makes the requests; nil means NewTransport(Hosts, Resolver).
	// A transport of one's own (to use a proxy, say) must do the address
	// checks of NewTransport itself.
	Transport http.RoundTripper
	// Resolver looks up host names for the default transport; nil means
	// the system's.
	Resolver *net.Resolver
}

// Response is a fetched page.
type Response struct {
	// URL is the final URL, after same-host redirects.
	URL         *url.URL
	Status      int
	ContentType string
	Body        []byte
	// ETag and LastModified are kept for conditional requests.
	ETag, LastModified string
}

// Fetcher gets pages. It is safe for concurrent use; its robots.txt cache
// lives as long as it does, so use one Fetcher per crawl.
type Fetcher struct {
	opts   Options
	hosts  map[string]bool
	client *http.Client
	robots *http.Client

	mu    sync.Mutex
	rules map[string]*robotsEntry
}

// New returns a Fetcher with opts, defaults filled in.
func New(opts Options) *Fetcher {
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	if opts.Transport == nil {
		opts.Transport = NewTransport(opts.Hosts, opts.Resolver)
	}
	f := &Fetcher{opts: opts, hosts: map[string]bool{}, rules: map[string]*robotsEntry{}}
	for _, h := range opts.Hosts {
		f.hosts[h] = true
	}
	f.client = &http.Client{Transport: opts.Transport, CheckRedirect: f.checkRedirect}
	f.robots = &http.Client{Transport: opts.Transport, CheckRedirect: f.checkRobotsRedirect}
	return f
}

// checkScope refuses a URL outside the Fetcher's hosts.
func (f *Fetcher) checkScope(u *url.URL) error {
	if !f.hosts[source.HostKey(u)] {
		return fmt.Errorf("%s is not one of the source's hosts: %w", source.HostKey(u), ErrOutOfScope)
	}
	return nil
}

// Get fetches u after checking its host is one of the Fetcher's and
// robots.txt allows it. It follows redirects on the same host (each checked
// against robots.txt) and stops at one to another host with a
// *RedirectError. A non-2xx answer gives a *StatusError together with
// the Response (without body), so callers can tell 404 from 500.
func (f *Fetcher) Get(ctx context.Context, u *url.URL) (Response, error) {
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Response{}, fmt.Errorf("fetch %v: not an absolute http(s) URL", u)
	}
	if err := f.checkScope(u); err != nil {
		return Response{URL: u}, fmt.Errorf("fetch %s: %w", u, err)
	}
	ok, err := f.Allowed(ctx, u)
	if err != nil {
		return Response{URL: u}, fmt.Errorf("fetch %s: %w", u, err)
	}
	if !ok {
		return Response{URL: u}, fmt.Errorf("fetch %s: %w", u, ErrDisallowed)
	}
	ctx, cancel := context.WithTimeout(ctx, f.opts.RequestTimeout)
	defer cancel()
	req, err := f.newRequest(ctx, u)
	if err != nil {
		return Response{URL: u}, err
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return Response{URL: u}, fmt.Errorf("fetch %s: %w", u, unwrapURLError(err))
	}
	defer resp.Body.Close()
	r := Response{
		URL:          resp.Request.URL,
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, drainBytes))
		return r, fmt.Errorf("fetch %s: %w", r.URL, &StatusError{Code: resp.StatusCode})
	}
	if resp.ContentLength > f.opts.MaxBodyBytes {
		return r, fmt.Errorf("fetch %s: %d bytes: %w", r.URL, resp.ContentLength, ErrTooLarge)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBodyBytes+1))
	if err != nil {
		return r, fmt.Errorf("fetch %s: reading body: %w", r.URL, err)
	}
	if int64(len(body)) > f.opts.MaxBodyBytes {
		return r, fmt.Errorf("fetch %s: more than %d bytes: %w", r.URL, f.opts.MaxBodyBytes, ErrTooLarge)
	}
	r.Body = body
	return r, nil
}

func (f *Fetcher) newRequest(ctx context.Context, u *url.URL) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5")
	req.Header.Set("Accept-Language", "nl,en;q=0.5")
	return req, nil
}

// checkRedirect follows a redirect only within the host, without loops,
// within MaxRedirects, and to URLs robots.txt allows.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return fmt.Errorf("after %d redirects: %w", len(via), ErrRedirect)
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("loop at %s: %w", req.URL, ErrRedirect)
		}
	}
	if source.HostKey(req.URL) != source.HostKey(via[0].URL) {
		return &RedirectError{To: req.URL}
	}
	ok, err := f.Allowed(req.Context(), req.URL)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("redirect to %s: %w", req.URL, ErrDisallowed)
	}
	return nil
}

// unwrapURLError drops the *url.Error around errors from CheckRedirect, whose
// text repeats the URL the caller already names.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
