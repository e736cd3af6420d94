package extract

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/casus-nl/casus"
)

// Bounds on what one page may contribute.
const (
	// MaxLinks bounds the links taken from one page.
	MaxLinks = 2000
	// MaxTags bounds the site tags of one page.
	MaxTags = 50
	// maxTagRunes bounds one tag; longer "tags" are sentences, not labels.
	maxTagRunes = 80
	// maxJSONLDBytes bounds one JSON-LD block that is parsed.
	maxJSONLDBytes = 256 << 10
	// maxJSONLDNodes bounds the values visited in one JSON-LD block.
	maxJSONLDNodes = 10_000
)

// meta is what a page states about itself in machine-readable form.
type meta struct {
	base      *url.URL
	canonical string
	noIndex   bool
	noFollow  bool
	ogTitle   string
	siteName  string
	docTitle  string
	// dates, most trusted first: JSON-LD, article:published_time,
	// itemprop=datePublished, other date metas.
	dates []casus.Date
	tags  []string
}

// readMeta reads the metadata of a page; it may sit in <head> or, on
// sloppy sites, anywhere in <body>.
func readMeta(doc *html.Node, page *url.URL, now time.Time) meta {
	m := meta{base: page}
	var jsonLD, published, itemprop, other []casus.Date
	addDate := func(dst *[]casus.Date, s string) {
		if d, ok := parseDateValue(s, now); ok {
			*dst = append(*dst, d)
		}
	}
	baseSet := false
	for _, n := range elements(doc, func(*html.Node) bool { return true }) {
		switch n.DataAtom {
		case atom.Base:
			if href := attr(n, "href"); href != "" && !baseSet {
				if b, err := page.Parse(strings.TrimSpace(href)); err == nil {
					m.base, baseSet = b, true
				}
			}
		case atom.Link:
			if hasToken(attr(n, "rel"), "canonical") && m.canonical == "" {
				m.canonical = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Title:
			if m.docTitle == "" {
				m.docTitle = textOf(n)
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
				if d, ok := jsonLDDate(n.FirstChild.Data, now); ok {
					jsonLD = append(jsonLD, d)
				}
			}
		case atom.Meta:
			key := strings.ToLower(attr(n, "property") + attr(n, "name"))
			content := strings.TrimSpace(attr(n, "content"))
			switch key {
			case "robots", "casus":
				for _, d := range strings.Split(strings.ToLower(content), ",") {
					switch strings.TrimSpace(d) {
					case "noindex":
						m.noIndex = true
					case "nofollow":
						m.noFollow = true
					case "none":
						m.noIndex, m.noFollow = true, true
					}
				}
			case "og:title":
				m.ogTitle = collapse(content)
			case "og:site_name", "application-name":
				if m.siteName == "" {
					m.siteName = collapse(content)
				}
			case "article:published_time":
				addDate(&published, content)
			case "article:tag":
				m.tags = append(m.tags, content)
			case "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "dcterms.issued", "publish-date", "pubdate":
				addDate(&other, content)
			}
		}
		if strings.EqualFold(attr(n, "itemprop"), "datePublished") {
			v := attr(n, "datetime") + attr(n, "content")
			if v == "" {
				v = textOf(n)
			}
			addDate(&itemprop, v)
		}
	}
	for _, ds := range [][]casus.Date{jsonLD, published, itemprop, other} {
		m.dates = append(m.dates, ds...)
	}
	return m
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}

// articleTypes are the schema.org types whose datePublished is the page's
// own; a WebSite or Organization node may carry an unrelated date.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "blogposting": true, "report": true,
	"scholarlyarticle": true, "techarticle": true, "creativework": true, "webpage": true,
}

// jsonLDDate returns the datePublished of a JSON-LD block, looking inside
// @graph and nested objects, preferring an article-like node.
func jsonLDDate(raw string, now time.Time) (casus.Date, bool) {
	raw = strings.TrimSpace(raw)
	if len(raw) > maxJSONLDBytes {
		return casus.Date{}, false
	}
	var root any
	if err := json.Unmarshal([]byte(raw), &root); err != nil {
		return casus.Date{}, false
	}
	var fallback casus.Date
	stack := []any{root}
	for visited := 0; len(stack) > 0 && visited < maxJSONLDNodes; visited++ {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch x := v.(type) {
		case []any:
			for i := len(x) - 1; i >= 0; i-- {
				stack = append(stack, x[i])
			}
		case map[string]any:
			if s, ok := x["datePublished"].(string); ok {
				if d, ok := parseDateValue(s, now); ok {
					if isArticleType(x["@type"]) {
						return d, true
					}
					if fallback.IsZero() {
						fallback = d
					}
				}
			}
			for _, k := range sortedKeys(x) {
				stack = append(stack, x[k])
			}
		}
	}
	return fallback, !fallback.IsZero()
}

// sortedKeys returns the keys of m with @graph last on the stack (so first
// visited), others in a fixed order so results do not depend on map order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "@graph" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if _, ok := m["@graph"]; ok {
		keys = append(keys, "@graph")
	}
	return keys
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return articleTypes[strings.ToLower(x)]
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && articleTypes[strings.ToLower(s)] {
				return true
			}
		}
	}
	return false
}

// genericTags are the usual markups of a post's tag list (WordPress
// rel="tag" but not its categories, theme .tags lists, Drupal's tags field,
// Dutch "trefwoorden").
const genericTags = `a[rel~="tag"]:not([rel~="category"]), .tags a, .field--name-field-tags a, ` +
	`.field--name-field-tags .field__item, .trefwoorden a, .trefwoord`

// collectTags returns the page's site tags: the site's tags selector when it
// matches, else the generic markups outside hard chrome (a related-posts
// card carries other posts' tags), plus article:tag metas.
func collectTags(doc *html.Node, selector string, hard map[*html.Node]bool, metaTags []string) []string {
	var raw []string
	if nodes := matchAll(doc, selector); len(nodes) > 0 {
		for _, n := range nodes {
			raw = append(raw, textOf(n))
		}
	} else {
		for _, n := range matchAll(doc, genericTags) {
			if !within(n, hard) {
				raw = append(raw, textOf(n))
			}
		}
		raw = append(raw, metaTags...)
	}
	var tags []string
	seen := map[string]bool{}
	for _, t := range raw {
		t = strings.TrimLeft(collapse(t), "#")
		key := strings.ToLower(t)
		if t == "" || seen[key] || utf8.RuneCountInString(t) > maxTagRunes {
			continue
		}
		seen[key] = true
		tags = append(tags, t)
		if len(tags) == MaxTags {
			break
		}
	}
	return tags
}

// collectLinks returns the absolute, normalised http(s) links of the page,
// chrome included: menus and lists are how a crawler finds pages.
func collectLinks(doc *html.Node, base *url.URL) []*url.URL {
	var out []*url.URL
	seen := map[string]bool{}
	for _, n := range elements(doc, func(n *html.Node) bool { return n.DataAtom == atom.A || n.DataAtom == atom.Area }) {
		href := strings.TrimSpace(attr(n, "href"))
		if href == "" || strings.HasPrefix(href, "#") {
			continue
		}
		u, err := base.Parse(href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		u = NormalizeURL(u)
		if key := u.String(); !seen[key] {
			seen[key] = true
			out = append(out, u)
			if len(out) == MaxLinks {
				break
			}
		}
	}
	return out
}
