// Package source reads the sources file: the sites casus crawls, which of
// their pages are cases, and how politely to fetch them.
package source

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"
)

// Bounds and defaults of a sources file. A value outside a bound is an error,
// never silently clamped, so a typo like `max_pages: 5000000` is noticed.
const (
	// DefaultMaxPages bounds the fetched pages of a source without max_pages.
	DefaultMaxPages = 1000
	// MaxMaxPages is the largest max_pages a source may ask for.
	MaxMaxPages = 1_000_000
	// DefaultDelay is the pause between two requests to one host when a
	// source gives no delay: one request per second is the common courtesy.
	DefaultDelay = time.Second
	// MaxDelay bounds delay, so a unit slip ("1h") cannot stall a crawl.
	MaxDelay = time.Minute
	// DefaultParallel is how many requests a source's host gets at a time
	// when the source does not say: one, the common courtesy.
	DefaultParallel = 1
	// MaxParallel bounds parallel: more is for one's own sites only, and
	// even those gain little beyond it.
	MaxParallel = 16
	// MaxSources bounds the number of sources in one file.
	MaxSources = 500
	// MaxListLen bounds each list of a source (start_urls, sitemaps, allow,
	// follow, exclude).
	MaxListLen = 100
	// MaxIDLen bounds an id; it matches the longest filter value the search
	// API accepts, so every source stays filterable.
	MaxIDLen = 64
	// MaxNameLen bounds a name, in characters.
	MaxNameLen = 200
	// MaxFileBytes bounds the size of a sources file.
	MaxFileBytes = 1 << 20
	// MaxNesting bounds how deeply lists and mappings nest, counted line by
	// line as YAML writes them: indentation, entries ("- - x") and
	// brackets. The deepest part of a sources file, an entry of
	// selectors.exclude, counts 6; a list written at its key's indentation
	// counts one for two levels, so no file nests twice as deep. go-yaml's
	// memory grows with the square of the depth: without the bound, 20 KB
	// of "[" made Parse allocate 630 MB.
	MaxNesting = 16
)

// Selectors are optional per-site CSS selectors; an empty or unmatched one
// leaves that part to the generic extractor.
type Selectors struct {
	Title, Date, Body string
	// Exclude lists elements to drop before extraction (share bars, related lists).
	Exclude []string
	Tags    string
}

// Source is one site to crawl, validated and with defaults applied.
type Source struct {
	// ID is a stable lowercase slug: the `source` facet value.
	ID string
	// Name is the label shown to people.
	Name      string
	StartURLs []*url.URL
	Sitemaps  []*url.URL
	// Allow matches path(+"?"+query) of pages that are cases (indexed).
	Allow []*regexp.Regexp
	// Follow matches pages whose links are followed; it defaults to Allow.
	Follow []*regexp.Regexp
	// MaxPages bounds the pages fetched for this source.
	MaxPages int
	// Delay is the pause between two requests to one host.
	Delay time.Duration
	// Parallel is how many requests one host gets at a time.
	Parallel  int
	Selectors Selectors
}

// Hosts returns the hosts (host[:port], lowercase, default port dropped) of
// the start URLs and sitemaps, in order of first appearance: the only hosts a
// crawl of this source may fetch.
func (s Source) Hosts() []string {
	var hosts []string
	seen := map[string]bool{}
	for _, list := range [][]*url.URL{s.StartURLs, s.Sitemaps} {
		for _, u := range list {
			h := HostKey(u)
			if !seen[h] {
				seen[h] = true
				hosts = append(hosts, h)
			}
		}
	}
	return hosts
}

// Allows reports whether u is a case page of the source.
func (s Source) Allows(u *url.URL) bool { return matchAny(s.Allow, u) }

// Follows reports whether the links of page u are followed.
func (s Source) Follows(u *url.URL) bool { return matchAny(s.Follow, u) }

func matchAny(res []*regexp.Regexp, u *url.URL) bool {
	target := MatchTarget(u)
	for _, re := range res {
		if re.MatchString(target) {
			return true
		}
	}
	return false
}

// MatchTarget is the string allow and follow patterns are matched against:
// the escaped path ("/" when empty), plus "?" and the query when there is one.
func MatchTarget(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// HostKey is the host of u as casus compares hosts: lowercase, without the
// scheme's default port, so https://Example.nl:443/ and https://example.nl/
// are one host.
func HostKey(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	scheme := strings.ToLower(u.Scheme)
	if port == "" || (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return net.JoinHostPort(host, port)
}

// Load reads and parses the sources file at path.
func Load(path string) ([]Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer f.Close()
	// One byte more than the bound lets Parse tell a file that is too large.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("sources %s: %w", path, err)
	}
	srcs, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("sources %s: %w", path, err)
	}
	return srcs, nil
}
