package scale

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Bounds of the website.
const (
	// SitemapURLs is the most URLs one sitemap file lists; the sitemap
	// index lists as many files as the corpus needs.
	SitemapURLs = 10_000
	// homeLinks is the number of cases the home page links to.
	homeLinks = 20
	// relatedLinks is the number of other cases a page links to.
	relatedLinks = 3
	// sitemapsPath is where the sitemap files live: /sitemaps/1.xml, ...
	sitemapsPath = "/sitemaps/"
	sitemapExt   = ".xml"
	htmlType     = "text/html; charset=utf-8"
	xmlType      = "application/xml; charset=utf-8"
	textType     = "text/plain; charset=utf-8"
)

// Handler serves the corpus of cfg as a website; see Corpus.Handler.
func Handler(cfg Config) (http.Handler, error) {
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c.Handler(), nil
}

// Handler serves the corpus as a website for crawl benchmarks:
// /robots.txt (everything allowed, with the sitemap), /sitemap.xml (a
// sitemap index of files of at most SitemapURLs URLs), /sitemaps/N.xml, a
// home page linking to the first cases, and every document at its path as a
// case page with the usual chrome around it. Pages are rendered on demand
// from the document number, carry an ETag and answer conditional requests.
// Sitemap URLs use the host the request was sent to.
func (c *Corpus) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", c.serveRobots)
	mux.HandleFunc("GET /sitemap.xml", c.serveSitemapIndex)
	mux.HandleFunc("GET "+sitemapsPath+"{file}", c.serveSitemap)
	mux.HandleFunc("GET "+CasesPath+"{slug}/{$}", c.serveCase)
	mux.HandleFunc("GET "+CasesPath+"{slug}", c.redirectCase)
	mux.HandleFunc("GET /{$}", c.serveHome)
	return mux
}

// requestBase is scheme://host of the request, for absolute URLs.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// sitemapFiles is the number of sitemap files.
func (c *Corpus) sitemapFiles() int { return (c.cfg.Docs + SitemapURLs - 1) / SitemapURLs }

func (c *Corpus) serveRobots(w http.ResponseWriter, r *http.Request) {
	body := "User-agent: *\nAllow: /\n\nSitemap: " + requestBase(r) + "/sitemap.xml\n"
	c.serve(w, r, textType, "", []byte(body))
}

func (c *Corpus) serveSitemapIndex(w http.ResponseWriter, r *http.Request) {
	base := html.EscapeString(requestBase(r))
	var b bytes.Buffer
	b.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for n := 1; n <= c.sitemapFiles(); n++ {
		fmt.Fprintf(&b, "<sitemap><loc>%s%s%d%s</loc></sitemap>\n", base, sitemapsPath, n, sitemapExt)
	}
	b.WriteString("</sitemapindex>\n")
	c.serve(w, r, xmlType, "", b.Bytes())
}

func (c *Corpus) serveSitemap(w http.ResponseWriter, r *http.Request) {
	num, ok := strings.CutSuffix(r.PathValue("file"), sitemapExt)
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 1 || n > c.sitemapFiles() || strconv.Itoa(n) != num {
		http.NotFound(w, r)
		return
	}
	base := html.EscapeString(requestBase(r))
	var b bytes.Buffer
	b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := (n - 1) * SitemapURLs; i < min(n*SitemapURLs, c.cfg.Docs); i++ {
		h := c.head(i)
		b.WriteString("<url><loc>" + base + h.path + "</loc>")
		if !h.date.IsZero() {
			b.WriteString("<lastmod>" + h.date.String() + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	c.serve(w, r, xmlType, "", b.Bytes())
}

func (c *Corpus) serveCase(w http.ResponseWriter, r *http.Request) {
	i, ok := c.index(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	c.serve(w, r, htmlType, c.etag(i), c.Page(i))
}

// redirectCase sends a case path without its trailing slash to the page,
// as real sites do.
func (c *Corpus) redirectCase(w http.ResponseWriter, r *http.Request) {
	if _, ok := c.index(r.URL.Path + "/"); !ok {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
}

func (c *Corpus) serveHome(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	src := sources[0].name
	c.pageStart(&b, "Cases – "+src, src)
	b.WriteString(`<main id="content"><h1>Onze cases</h1><ul class="case-list">` + "\n")
	for i := range min(homeLinks, c.cfg.Docs) {
		h := c.head(i)
		b.WriteString(`<li><a href="` + h.path + `">` + html.EscapeString(h.title) + "</a></li>\n")
	}
	b.WriteString("</ul></main>\n")
	c.pageEnd(&b, src)
	c.serve(w, r, htmlType, "", b.Bytes())
}

// serve writes body through http.ServeContent, which answers HEAD and
// conditional requests (If-None-Match, If-Modified-Since).
func (c *Corpus) serve(w http.ResponseWriter, r *http.Request, ctype, etag string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	if etag != "" {
		w.Header().Set("ETag", etag)
	}
	http.ServeContent(w, r, "", c.fetchStart, bytes.NewReader(body))
}

// etag identifies page i of this corpus: the page depends on the config
// and i only (its links are relative).
func (c *Corpus) etag(i int) string {
	return fmt.Sprintf(`"%x-%s-%d-%d"`, c.cfg.Seed, c.cfg.Profile, c.cfg.Docs, i)
}

// dutchMonths are the month names for dates shown to people.
var dutchMonths = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// Page renders document i as an HTML case page: site header and
// navigation, the article (h1 title, time, paragraphs and h2 headings,
// tags), an aside with related cases and a footer. Its links are relative,
// so the page is the same whatever host serves it.
func (c *Corpus) Page(i int) []byte {
	d := c.Document(i)
	r := c.rng(i, streamPage)
	var b bytes.Buffer
	b.Grow(len(d.Body) + len(d.Body)/8 + 4096)
	c.pageStart(&b, d.Title+" – "+d.SourceName, d.SourceName)
	b.WriteString(`<main id="content">` + "\n" + `<article class="case">` + "\n<header>\n")
	b.WriteString(`<h1 class="entry-title">` + html.EscapeString(d.Title) + "</h1>\n")
	if !d.Date.IsZero() {
		t := d.Date.Time()
		fmt.Fprintf(&b, `<div class="entry-meta"><time datetime="%s">%d %s %d</time></div>`+"\n",
			d.Date.String(), t.Day(), dutchMonths[t.Month()-1], t.Year())
	}
	b.WriteString("</header>\n" + `<div class="entry-content">` + "\n")
	for p := range strings.SplitSeq(d.Body, "\n\n") {
		if isHeading(p) {
			b.WriteString("<h2>" + html.EscapeString(p) + "</h2>\n")
		} else {
			b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		}
	}
	b.WriteString("</div>\n")
	if len(d.Tags) > 0 {
		b.WriteString(`<footer class="entry-footer"><ul class="tags">`)
		for _, t := range d.Tags {
			b.WriteString(`<li><a href="/tag/` + slug(t) + `/" rel="tag">` + html.EscapeString(t) + "</a></li>")
		}
		b.WriteString("</ul></footer>\n")
	}
	b.WriteString("</article>\n")
	if n := min(relatedLinks, c.cfg.Docs-1); n > 0 {
		b.WriteString(`<aside class="related"><h2>Gerelateerde cases</h2><ul>` + "\n")
		seen := []int{i}
		for len(seen) <= n {
			j := r.IntN(c.cfg.Docs)
			if !slices.Contains(seen, j) {
				seen = append(seen, j)
				h := c.head(j)
				b.WriteString(`<li><a href="` + h.path + `">` + html.EscapeString(h.title) + "</a></li>\n")
			}
		}
		b.WriteString("</ul></aside>\n")
	}
	b.WriteString("</main>\n")
	c.pageEnd(&b, d.SourceName)
	return b.Bytes()
}

// isHeading reports whether a body paragraph is a heading: it does not end
// like a sentence.
func isHeading(p string) bool {
	return !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, "?") && !strings.HasSuffix(p, "!")
}

// pageStart writes the document head and the site header with navigation.
func (c *Corpus) pageStart(b *bytes.Buffer, title, site string) {
	t, s := html.EscapeString(title), html.EscapeString(site)
	b.WriteString("<!DOCTYPE html>\n" + `<html lang="nl">` + "\n<head>\n" + `<meta charset="utf-8">` + "\n")
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	b.WriteString("<title>" + t + "</title>\n")
	b.WriteString(`<meta property="og:site_name" content="` + s + `">` + "\n</head>\n<body>\n")
	b.WriteString(`<header class="site-header"><a class="logo" href="/">` + s + "</a>\n")
	b.WriteString(`<nav class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/diensten/">Diensten</a></li>` +
		`<li><a href="/over-ons/">Over ons</a></li><li><a href="/contact/">Contact</a></li></ul></nav>` + "\n</header>\n")
}

// pageEnd writes the footer with a newsletter form and closes the page.
func (c *Corpus) pageEnd(b *bytes.Buffer, site string) {
	s := html.EscapeString(site)
	b.WriteString(`<footer class="site-footer">` + "\n")
	b.WriteString(`<form class="newsletter" action="/nieuwsbrief/" method="post"><label>Blijf op de hoogte: ` +
		`schrijf je in voor onze nieuwsbrief <input type="email" name="email"></label><button>Aanmelden</button></form>` + "\n")
	b.WriteString("<p>© " + strconv.Itoa(c.fetchStart.Year()) + " " + s +
		` · <a href="/privacy/">Privacyverklaring</a> · <a href="/cookies/">Cookies</a></p>` + "\n")
	b.WriteString("</footer>\n</body>\n</html>\n")
}
