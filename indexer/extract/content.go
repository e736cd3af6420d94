package extract

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Content selection bounds.
const (
	// minProseRunes is the non-link text a block needs to count as prose
	// when weighing where the content is; shorter blocks are labels and menus.
	minProseRunes = 25
	// explicitMinShare is the share of the page's prose an <article>, <main>
	// or .entry-content must hold to be taken as the content: themes also use
	// <article> for teaser cards.
	explicitMinShare = 0.25
	// genericShare is the share of the page's prose the content block holds
	// when no markup names it: the deepest element with at least this share
	// is the content (a table cell, a page builder's section wrapper).
	genericShare = 0.8
	// chromeMaxShare: an element whose class says chrome but which holds more
	// than this share of the page's prose is the content after all (a
	// "layout-with-sidebar" wrapper, a form around an ASP.NET page).
	chromeMaxShare = 0.5
	// linkDenseShare: a block whose text is at least this share link text is
	// navigation (a menu without <nav>, a list of links), not prose.
	linkDenseShare = 0.8
)

// explicitRoots name the content in common CMS markup, most specific first:
// WordPress's .entry-content and Drupal's body field (with its node's intro
// and facts, nodeOfField) leave the header, byline and tag list out.
var explicitRoots = []string{".entry-content", bodyField, "article", "[role=main]", "main"}

// bodyField is Drupal's body field. A node often shows other fields beside
// it that belong to the case: an intro or lead, the project's facts
// (opdrachtgever, betrokken gemeenten, looptijd).
const bodyField = ".field--name-body"

// fieldNodeMaxShare: the <article> around a body field is the content when
// its prose outside the field is at most this share of the field's (the
// intro and facts of one case, not a list of teasers or comments).
const fieldNodeMaxShare = 0.5

// nodeOfField returns the <article> that holds body field f when that
// article adds little prose to it (fieldNodeMaxShare), else f.
func nodeOfField(f *html.Node, w map[*html.Node]int) *html.Node {
	for n := f.Parent; n != nil; n = n.Parent {
		if n.Type == html.ElementNode && n.DataAtom == atom.Article {
			if float64(w[n]-w[f]) <= fieldNodeMaxShare*float64(w[f]) {
				return n
			}
			return f
		}
	}
	return f
}

// blockTags are elements that start a new paragraph of text.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true,
	atom.Legend: true, atom.Li: true, atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Ol: true,
	atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Td: true, atom.Tfoot: true, atom.Th: true, atom.Thead: true, atom.Tr: true,
	atom.Ul: true,
}

// block is one paragraph of rendered text.
type block struct {
	text string
	// node is the innermost block element holding the text.
	node *html.Node
	// runes and linkRunes count non-space characters, all and inside links.
	runes, linkRunes int
}

func (b block) prose() int { return b.runes - b.linkRunes }

func (b block) linkDense() bool {
	return float64(b.linkRunes) >= linkDenseShare*float64(b.runes)
}

// render turns the tree under root into paragraphs: block elements and <br>
// end a paragraph, inline elements join their text, white space collapses.
func render(root *html.Node) []block {
	var (
		blocks    []block
		buf       []byte
		runes     int
		linkRunes int
		inLink    int
		stack     = []*html.Node{root}
	)
	flush := func() {
		if text := collapse(string(buf)); text != "" {
			blocks = append(blocks, block{text: text, node: stack[len(stack)-1], runes: runes, linkRunes: linkRunes})
		}
		buf, runes, linkRunes = buf[:0], 0, 0
	}
	visit(root, func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			buf = append(buf, n.Data...)
			visible := visibleRunes(n.Data)
			runes += visible
			if inLink > 0 {
				linkRunes += visible
			}
		case html.ElementNode:
			if junkTags[n.DataAtom] {
				return false
			}
			if blockTags[n.DataAtom] || n.DataAtom == atom.Br {
				flush()
			}
			if blockTags[n.DataAtom] && n != root {
				stack = append(stack, n)
			}
			if n.DataAtom == atom.A && hasAttr(n, "href") {
				inLink++
			}
		}
		return true
	}, func(n *html.Node) {
		if n.Type != html.ElementNode || junkTags[n.DataAtom] {
			return
		}
		if blockTags[n.DataAtom] {
			flush()
			if n != root {
				stack = stack[:len(stack)-1]
			}
		}
		if n.DataAtom == atom.A && hasAttr(n, "href") {
			inLink--
		}
	})
	flush()
	return blocks
}

// visibleRunes counts the characters of s that are not white space.
func visibleRunes(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if !unicode.IsSpace(r) {
					n++
				}
			}
			return n
		}
		if c != ' ' && (c < '\t' || c > '\r') {
			n++
		}
	}
	return n
}

// weigh sums the prose of the blocks into every element holding them.
func weigh(blocks []block) (map[*html.Node]int, int) {
	w := map[*html.Node]int{}
	total := 0
	for _, b := range blocks {
		p := b.prose()
		if p < minProseRunes {
			continue
		}
		total += p
		for n := b.node; n != nil; n = n.Parent {
			w[n] += p
		}
	}
	return w, total
}

// chooseRoots returns the elements that hold the case text: the site's body
// selector, else the first explicit CMS marker holding enough of the prose,
// else the deepest element holding most of it.
func chooseRoots(body *html.Node, selector string, blocks []block, w map[*html.Node]int, total int) []*html.Node {
	if nodes := outermost(matchAll(body, selector)); len(nodes) > 0 && len(blocksWithin(blocks, nodes)) > 0 {
		return nodes
	}
	for _, sel := range explicitRoots {
		var best *html.Node
		for _, n := range matchAll(body, sel) {
			if best == nil || w[n] > w[best] {
				best = n
			}
		}
		if best == nil {
			continue
		}
		if total == 0 && len(blocksWithin(blocks, []*html.Node{best})) > 0 ||
			total > 0 && w[best] > 0 && float64(w[best]) >= explicitMinShare*float64(total) {
			if sel == bodyField {
				return []*html.Node{nodeOfField(best, w)}
			}
			return []*html.Node{best}
		}
	}
	n := body
	for total > 0 {
		var next *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && float64(w[c]) >= genericShare*float64(total) {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return []*html.Node{n}
}

// outermost drops nodes that lie inside another node of the list.
func outermost(nodes []*html.Node) []*html.Node {
	set := map[*html.Node]bool{}
	for _, n := range nodes {
		set[n] = true
	}
	var out []*html.Node
	for _, n := range nodes {
		if n.Parent == nil || !within(n.Parent, set) {
			out = append(out, n)
		}
	}
	return out
}

// blocksWithin returns the blocks inside one of roots, in document order.
func blocksWithin(blocks []block, roots []*html.Node) []block {
	set := map[*html.Node]bool{}
	for _, r := range roots {
		set[r] = true
	}
	var out []block
	for _, b := range blocks {
		if within(b.node, set) {
			out = append(out, b)
		}
	}
	return out
}
