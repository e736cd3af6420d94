// Package extract turns one fetched case page into its case: title, date,
// text and tags, without the site's chrome, plus the links a crawler follows.
// It is pure: no network, no clock beyond judging dates plausible.
package extract

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/source"
)

// Bounds of one extraction.
const (
	// MaxInputBytes bounds the page size Extract accepts.
	MaxInputBytes = 16 << 20
	// MaxBodyRunes bounds the extracted text; longer text is cut at a word.
	MaxBodyRunes = 100_000
	// maxDateLineRunes bounds a paragraph that is a date line ("Gepubliceerd
	// op 17 juni 2024 door …"); a longer one is prose that mentions a date.
	maxDateLineRunes = 80
	// dateWindow is how many paragraphs before and after the title are
	// searched for a date line, and how many at the top of the content.
	dateWindow = 4
)

// Input is one fetched page.
type Input struct {
	// URL is the final URL after redirects.
	URL *url.URL
	// ContentType is the HTTP Content-Type header; it may be empty.
	ContentType string
	// Body holds the raw bytes as received, in any charset.
	Body      []byte
	Selectors source.Selectors
}

// Page is what a page says about its case.
type Page struct {
	// CanonicalURL is normalised: the page's <link rel=canonical> when it
	// names the same host, else its URL.
	CanonicalURL string
	Title        string
	// Date is zero when the page gives none; never the crawl date.
	Date casus.Date
	// Body is the case text only: paragraphs separated by "\n\n", without
	// the title and the date line.
	Body string
	// Tags are the site's own tags for the page.
	Tags []string
	// Links are the absolute, normalised links of the whole page, chrome
	// included: the crawler finds pages through menus and lists.
	Links []*url.URL
	// NoIndex and NoFollow come from <meta name="robots">.
	NoIndex, NoFollow bool
}

// Extract reads the case from one page. Broken HTML still gives its text;
// errors are only for input that is not a page at all.
func Extract(in Input) (Page, error) {
	if in.URL == nil || !in.URL.IsAbs() {
		return Page{}, errors.New("extract: the page URL must be absolute")
	}
	if len(in.Body) > MaxInputBytes {
		return Page{}, fmt.Errorf("extract %s: page is %d bytes, more than %d", in.URL, len(in.Body), MaxInputBytes)
	}
	now := time.Now()
	text := decode(in.Body, in.ContentType)
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// The parser refuses pages nesting more than 512 open elements
		// (a template that never closes its <div>s); read their text plainly.
		return plainPage(text, in.URL), nil
	}
	m := readMeta(doc, in.URL, now)
	page := Page{
		CanonicalURL: canonicalURL(in.URL, m),
		Links:        collectLinks(doc, m.base),
		NoIndex:      m.noIndex,
		NoFollow:     m.noFollow,
	}
	body := bodyOf(doc)
	if body == nil {
		page.Title = cutRunes(stripSiteName(m.docTitle, m.siteName, source.HostKey(in.URL)), MaxTitleRunes)
		return page, nil
	}
	sel := in.Selectors
	removeJunk(doc, sel.Exclude)
	removeRelated(body)

	before := render(body)
	w, total := weigh(before)
	hard, soft := markChrome(body, w, total, matchAll(body, sel.Body))
	page.Tags = collectTags(body, sel.Tags, hard, m.tags)
	for _, n := range matchAll(body, sel.Tags) {
		soft[n] = true // tag labels are not the case's text
	}
	var titleNode *html.Node
	page.Title, titleNode = chooseTitle(body, sel.Title, hard, m, source.HostKey(in.URL))
	page.Date = chooseDate(body, sel.Date, hard, m, now)
	var dateBlock block
	if page.Date.IsZero() {
		page.Date, dateBlock = dateNearTitle(before, titleNode, hard, now)
	}
	for n := range hard {
		detach(n)
	}
	for n := range soft {
		detach(n)
	}

	after := render(body)
	w, total = weigh(after)
	content := blocksWithin(after, chooseRoots(body, sel.Body, after, w, total))
	if page.Date.IsZero() && titleNode == nil {
		page.Date, dateBlock = dateAtTop(content, now)
	}
	page.Body = composeBody(content, page.Title, titleNode, dateBlock, now)
	return page, nil
}

func bodyOf(doc *html.Node) *html.Node {
	for _, n := range byTag(doc, atom.Body) {
		return n
	}
	return nil
}

func canonicalURL(page *url.URL, m meta) string {
	final := NormalizeURL(page)
	if m.canonical == "" {
		return final.String()
	}
	c, err := m.base.Parse(m.canonical)
	if err != nil || (c.Scheme != "http" && c.Scheme != "https") {
		return final.String()
	}
	if c = NormalizeURL(c); c.Host != final.Host {
		return final.String()
	}
	return c.String()
}

// markChrome classifies the elements under body as hard or soft chrome.
// Elements holding a node of the site's body selector are never chrome, and
// an element whose chrome status comes only from its class, id or role but
// which holds most of the page's prose is the content after all.
func markChrome(body *html.Node, w map[*html.Node]int, total int, keep []*html.Node) (hard, soft map[*html.Node]bool) {
	hard, soft = map[*html.Node]bool{}, map[*html.Node]bool{}
	holders := map[*html.Node]bool{}
	for _, k := range keep {
		for n := k; n != nil && !holders[n]; n = n.Parent {
			holders[n] = true
		}
	}
	visit(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return false
		}
		kind := classify(n)
		if kind == notChrome || holders[n] {
			return true
		}
		semantic := chromeTags[n.DataAtom] && n.DataAtom != atom.Form
		if !semantic && total > 0 && float64(w[n]) > chromeMaxShare*float64(total) {
			return true
		}
		if kind == hardChrome {
			hard[n] = true
			return false
		}
		soft[n] = true
		return true
	}, nil)
	return hard, soft
}
