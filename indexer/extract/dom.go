package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// visit walks the tree under root in document order without recursion,
// calling enter before and leave (when not nil) after each node's children.
// When enter returns false the children are skipped.
func visit(root *html.Node, enter func(*html.Node) bool, leave func(*html.Node)) {
	type frame struct {
		n     *html.Node
		leave bool
	}
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.leave {
			leave(f.n)
			continue
		}
		descend := enter(f.n)
		if leave != nil {
			stack = append(stack, frame{n: f.n, leave: true})
		}
		if !descend {
			continue
		}
		for c := f.n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c})
		}
	}
}

// elements returns the element nodes under root (root included) for which
// keep returns true, in document order.
func elements(root *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	visit(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && keep(n) {
			out = append(out, n)
		}
		return true
	}, nil)
	return out
}

// byTag returns the elements under root with the given tag.
func byTag(root *html.Node, a atom.Atom) []*html.Node {
	return elements(root, func(n *html.Node) bool { return n.DataAtom == a })
}

// matchAll returns the elements under root matching a CSS selector; an
// invalid selector matches nothing (the sources file validated it already).
func matchAll(root *html.Node, selector string) []*html.Node {
	if selector == "" {
		return nil
	}
	sel, err := cascadia.Compile(selector)
	if err != nil {
		return nil
	}
	return sel.MatchAll(root)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// within reports whether n is inside (or is) one of the nodes in set.
func within(n *html.Node, set map[*html.Node]bool) bool {
	for ; n != nil; n = n.Parent {
		if set[n] {
			return true
		}
	}
	return false
}

// isAncestor reports whether a is n or one of its ancestors.
func isAncestor(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// textOf returns the text under n with whitespace collapsed; block elements
// and <br> separate words, inline elements do not ("Jeugd<em>zorg</em>").
func textOf(n *html.Node) string {
	var b strings.Builder
	visit(n, func(c *html.Node) bool {
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.Type == html.ElementNode && (blockTags[c.DataAtom] || c.DataAtom == atom.Br):
			b.WriteByte(' ')
		}
		return c.Type != html.ElementNode || !junkTags[c.DataAtom]
	}, func(c *html.Node) {
		if c.Type == html.ElementNode && blockTags[c.DataAtom] {
			b.WriteByte(' ')
		}
	})
	return collapse(b.String())
}

// textUpTo returns the collapsed text under n, reading no more than max
// non-space characters of it; ok is false when there was more. It keeps
// checks on "short" elements cheap when the element wraps the whole page.
func textUpTo(n *html.Node, max int) (text string, ok bool) {
	var b strings.Builder
	seen := 0
	ok = true
	visit(n, func(c *html.Node) bool {
		if !ok {
			return false
		}
		switch {
		case c.Type == html.TextNode:
			for _, r := range c.Data {
				if !isSpace(r) {
					seen++
				}
			}
			b.WriteString(c.Data)
		case c.Type == html.ElementNode && (blockTags[c.DataAtom] || c.DataAtom == atom.Br):
			b.WriteByte(' ')
		}
		if seen > max {
			ok = false
		}
		return c.Type != html.ElementNode || !junkTags[c.DataAtom]
	}, nil)
	return collapse(b.String()), ok
}

// collapse trims s and turns every run of white space into one space,
// dropping invisible characters (zero-width space, soft hyphen, BOM). A
// byte that is no UTF-8 becomes U+FFFD.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		// Runs of ASCII other than white space, most of any text, are
		// copied whole.
		if j := plainRun(s, i); j > i {
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case invisible(r):
			continue
		case isSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch {
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		case size == 1: // no UTF-8: r is U+FFFD
			b.WriteRune(r)
		default:
			b.WriteString(s[i-size : i])
		}
	}
	return b.String()
}

// plainRun returns the end of the run of ASCII characters other than white
// space that starts at i: collapse copies them as they are.
func plainRun(s string, i int) int {
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == ' ', c == '\t', c == '\n', c == '\r', c == '\f', c == '\v':
			return i
		}
	}
	return i
}

// invisible reports the characters collapse drops.
func invisible(r rune) bool {
	return r == '\u200b' || r == '\u00ad' || r == '\ufeff' || r == '\u200c' || r == '\u200d'
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2007', '\u202f', '\u2028', '\u2029', '\u3000', '\u0085':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}
