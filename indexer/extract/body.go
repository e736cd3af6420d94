package extract

import (
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/casus-nl/casus"
)

// chooseDate returns the page's date from markup, most trusted first: the
// site's date selector, JSON-LD and meta tags, then a <time> outside hard
// chrome (one inside the article preferred). Zero when none.
func chooseDate(body *html.Node, selector string, hard map[*html.Node]bool, m meta, now time.Time) casus.Date {
	for _, n := range matchAll(body, selector) {
		for _, v := range []string{attr(n, "datetime"), attr(n, "content"), textOf(n)} {
			if d, ok := parseDateValue(v, now); ok {
				return d
			}
		}
	}
	if len(m.dates) > 0 {
		return m.dates[0]
	}
	var first casus.Date
	for _, t := range byTag(body, atom.Time) {
		if within(t, hard) {
			continue
		}
		v := attr(t, "datetime")
		if v == "" {
			v = textOf(t)
		}
		d, ok := parseDateValue(v, now)
		if !ok {
			continue
		}
		if inArticle(t) {
			return d
		}
		if first.IsZero() {
			first = d
		}
	}
	return first
}

// dateNearTitle looks for a short date line among the paragraphs around the
// title, nearest first ("29/09/2016" above the heading, "Gepubliceerd op
// 17 juni 2024" below it).
func dateNearTitle(blocks []block, title *html.Node, hard map[*html.Node]bool, now time.Time) (casus.Date, block) {
	at := -1
	for i, b := range blocks {
		if title != nil && isAncestor(title, b.node) {
			at = i
			break
		}
	}
	if at < 0 {
		return casus.Date{}, block{}
	}
	for dist := 1; dist <= dateWindow; dist++ {
		for _, i := range []int{at + dist, at - dist} {
			if i < 0 || i >= len(blocks) || within(blocks[i].node, hard) {
				continue
			}
			if d, ok := dateLine(blocks[i].text, now); ok {
				return d, blocks[i]
			}
		}
	}
	return casus.Date{}, block{}
}

// dateAtTop looks for a date line among the first paragraphs of the content,
// for pages whose title is not in the text.
func dateAtTop(content []block, now time.Time) (casus.Date, block) {
	for i, b := range content {
		if i == dateWindow {
			break
		}
		if d, ok := dateLine(b.text, now); ok {
			return d, b
		}
	}
	return casus.Date{}, block{}
}

// dateLine returns the date of a short paragraph that states one.
func dateLine(text string, now time.Time) (casus.Date, bool) {
	if utf8.RuneCountInString(text) > maxDateLineRunes {
		return casus.Date{}, false
	}
	d, _, ok := findDate(text, now)
	return d, ok
}

// composeBody joins the content paragraphs, leaving out the title, the date
// line, interface labels, link lists and repeated paragraphs.
func composeBody(content []block, title string, titleNode *html.Node, dateBlock block, now time.Time) string {
	var paras []string
	size := 0
	for i, b := range content {
		_, isDate := dateLine(b.text, now)
		switch {
		case titleNode != nil && isAncestor(titleNode, b.node):
		case strings.EqualFold(b.text, title):
		case i < dateWindow && isHeading(b.node) && overlaps(b.text, title):
		case b.node != nil && b.node == dateBlock.node && b.text == dateBlock.text:
		case i < dateWindow && isDate:
		case isUILabel(b.text):
		case b.linkDense():
		case len(paras) > 0 && paras[len(paras)-1] == b.text:
		default:
			paras = append(paras, b.text)
			size += utf8.RuneCountInString(b.text)
		}
		if size >= MaxBodyRunes {
			break
		}
	}
	return cutRunes(strings.Join(paras, "\n\n"), MaxBodyRunes)
}

func isHeading(n *html.Node) bool {
	return n != nil && (n.DataAtom == atom.H1 || headingLevel(n) > 0 || attr(n, "role") == "heading")
}

// overlaps reports whether one text starts with the other: a page heading
// that repeats the first part of the title ("Werk en inkomen in Zaanstad"
// for "Werk en inkomen in Zaanstad: een nieuwe koers").
func overlaps(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	return a != "" && b != "" && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a))
}
