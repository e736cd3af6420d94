package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const (
	// maxHeadingRunes bounds the text of an element treated as a section
	// heading that is not an h2-h6 (a <p class="title">): longer is prose.
	maxHeadingRunes = 80
	// maxRelatedSections bounds the related sections removed from one page,
	// which bounds the work a page full of such headings can cause.
	maxRelatedSections = 20
)

// relatedHeading matches headings that announce a list of other pages. Those
// lists name other cases and other municipalities, so they must not become
// part of this case's text. "meer", "andere" and "recente" only count before
// a word for pages: "Meer weten?" is an ordinary heading.
var relatedHeading = regexp.MustCompile(`^(?:` +
	`(?:nog )?(?:meer|andere|recente|relevante|more|other|recent) (?:klant)?(?:cases?|inzichten|projecten|opdrachten|artikelen|berichten|nieuws(?:berichten)?|verhalen|blogs?|voorbeelden|praktijkvoorbeelden|publicaties|referenties|items|posts|stories|projects|articles|insights)` +
	`|gerelateerd|gerelateerde|vergelijkbare|soortgelijke|related|lees ook|bekijk ook|zie ook|ook interessant|misschien ook interessant|dit vind je misschien ook|you may also like` +
	`)\b`)

// isRelatedHeading reports whether n is a heading announcing related pages.
func isRelatedHeading(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	heading := headingLevel(n) > 0 || attr(n, "role") == "heading"
	if !heading && !signalled(n, headingWords) {
		return false
	}
	raw, short := textUpTo(n, 4*maxHeadingRunes)
	text := strings.ToLower(strings.Trim(raw, " :.!?…"))
	if !short || text == "" || utf8.RuneCountInString(text) > maxHeadingRunes {
		return false
	}
	return relatedHeading.MatchString(text)
}

// headingWords mark elements styled as headings without being h2-h6.
var headingWords = wordList("title", "heading", "kop", "titel")

// headingLevel returns 2-6 for h2-h6 (h1 is the page title) and 0 otherwise.
func headingLevel(n *html.Node) int {
	switch n.DataAtom {
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// removeRelated removes every section announced by a related heading: the
// heading and what follows it up to the next heading of the same or a higher
// level. A heading wrapped alone in a container stands for that container,
// so the list in the container's next sibling goes too.
func removeRelated(root *html.Node) {
	heads := elements(root, isRelatedHeading)
	if len(heads) > maxRelatedSections {
		heads = heads[:maxRelatedSections]
	}
	for _, h := range heads {
		if h.Parent == nil || !isAncestor(root, h) {
			continue // already removed with an earlier section
		}
		level := headingLevel(h)
		if level == 0 {
			level = 2
		}
		scope := h
		for scope.Parent != nil && scope.Parent != root && onlyContent(scope.Parent, scope) {
			scope = scope.Parent
		}
		for sib := scope.NextSibling; sib != nil; {
			next := sib.NextSibling
			if startsSection(sib, level) {
				break
			}
			detach(sib)
			sib = next
		}
		detach(scope)
	}
}

// onlyContent reports whether child is the only part of parent with text.
func onlyContent(parent, child *html.Node) bool {
	for c := parent.FirstChild; c != nil; c = c.NextSibling {
		if c == child {
			continue
		}
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return false
		}
		if c.Type == html.ElementNode {
			if t, _ := textUpTo(c, 0); t != "" {
				return false
			}
		}
	}
	return true
}

// startsSection reports whether n begins a new section: its first heading
// (n itself or the first one inside it) has level <= level and is not a
// link. Linked headings are the titles of cards in the list being removed.
func startsSection(n *html.Node, level int) bool {
	var first *html.Node
	visit(n, func(c *html.Node) bool {
		if first == nil && (c.DataAtom == atom.H1 || headingLevel(c) > 0) {
			first = c
		}
		return first == nil
	}, nil)
	if first == nil {
		return false
	}
	l := headingLevel(first)
	if first.DataAtom == atom.H1 {
		l = 1
	}
	return l <= level && !isLinked(first)
}

// isLinked reports whether most of heading h's text is a link.
func isLinked(h *html.Node) bool {
	for p := h.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.A {
			return true
		}
	}
	linked := 0
	for _, a := range byTag(h, atom.A) {
		linked += utf8.RuneCountInString(textOf(a))
	}
	return 2*linked >= utf8.RuneCountInString(textOf(h))
}

// uiLabels are whole blocks of interface text that sit between chrome and
// content on case pages ("Terug", "Share:", "Bekijk profiel").
var uiLabels = map[string]bool{
	"terug": true, "terug naar overzicht": true, "naar overzicht": true, "terug naar cases": true,
	"share": true, "share this": true, "delen": true, "deel": true, "deel dit": true,
	"deel dit artikel": true, "deel deze pagina": true, "deel deze case": true, "delen via": true,
	"bekijk profiel": true, "lees meer": true, "lees verder": true, "print": true,
	"print deze pagina": true, "volg ons": true, "follow us": true, "tweet": true,
	"linkedin": true, "facebook": true, "twitter": true, "whatsapp": true, "e-mail": true,
}

// isUILabel reports whether a block's whole text is an interface label.
func isUILabel(text string) bool {
	t := strings.ToLower(strings.Trim(text, " :|←→‹›«»<>-–—·•"))
	return uiLabels[t]
}
