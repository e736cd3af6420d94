package extract

import (
	"net/url"
	"sort"
	"strings"
)

// trackingParams are query parameters that only tell a site's analytics where
// a visitor came from; they never change the page, so they are dropped to keep
// one page one URL.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true,
	"yclid": true, "twclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true,
	"_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true, "pk_campaign": true,
	"pk_kwd": true, "pk_source": true, "pk_medium": true, "pk_content": true, "ref_src": true,
}

// trackingPrefixes are prefixes of tracking parameter families
// (Google Analytics utm_*, Matomo mtm_*, HubSpot hsa_*).
var trackingPrefixes = []string{"utm_", "mtm_", "hsa_"}

func isTrackingParam(key string) bool {
	k := strings.ToLower(key)
	if trackingParams[k] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// NormalizeURL returns the form of u that casus compares and stores: scheme
// and host lowercase, the scheme's default port and any user info dropped, no
// fragment, tracking parameters removed, the remaining query parameters
// sorted, "//" in the path collapsed and "." and ".." segments resolved. An
// empty path becomes "/", but a trailing slash is kept or left out exactly as
// given: sites serve /a and /a/ as different pages. u is not modified; nil
// gives nil.
func NormalizeURL(u *url.URL) *url.URL {
	if u == nil {
		return nil
	}
	n := *u
	n.Scheme = strings.ToLower(n.Scheme)
	n.Fragment, n.RawFragment = "", ""
	if n.Opaque != "" {
		return &n
	}
	n.User = nil
	n.Host = normalizeHost(n.Scheme, n.Host)
	n.Path = cleanPath(n.Path)
	// Re-encode the path from its decoded form so %c3%a9, %C3%A9 and é
	// compare equal; only an encoded slash must survive as written.
	if !strings.Contains(strings.ToLower(n.RawPath), "%2f") {
		n.RawPath = ""
	} else {
		n.RawPath = cleanPath(n.RawPath)
	}
	if n.Host != "" && n.Path == "" {
		n.Path = "/"
	}
	n.RawQuery = normalizeQuery(n.RawQuery)
	n.ForceQuery = false
	return &n
}

func normalizeHost(scheme, host string) string {
	host = strings.ToLower(host)
	hostname, port := host, ""
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		hostname, port = host[:i], host[i+1:]
	}
	hostname = strings.TrimSuffix(hostname, ".")
	if port == "" || (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		return hostname
	}
	return hostname + ":" + port
}

// cleanPath collapses repeated slashes and resolves dot segments (RFC 3986
// 5.2.4), keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return ""
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case "":
			if i == 0 || last {
				out = append(out, s)
			}
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	r := strings.Join(out, "/")
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(r, "/") {
		r = "/" + r
	}
	return r
}

// normalizeQuery drops tracking parameters and sorts the rest by key, then
// value, keeping each pair's encoding as the site wrote it.
func normalizeQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ key, raw string }
	var pairs []pair
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		k, _, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if isTrackingParam(k) {
			continue
		}
		pairs = append(pairs, pair{k, p})
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		if pairs[i].key != pairs[j].key {
			return pairs[i].key < pairs[j].key
		}
		return pairs[i].raw < pairs[j].raw
	})
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}
