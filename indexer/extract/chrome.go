package extract

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// junkTags never hold text a reader sees as the page's text.
var junkTags = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Object: true,
	atom.Embed: true, atom.Button: true, atom.Select: true, atom.Input: true, atom.Textarea: true,
	atom.Audio: true, atom.Video: true, atom.Map: true, atom.Dialog: true,
}

// chromeTags are the HTML5 elements for site chrome. header and footer inside
// the article are the article's own (title, date, tags): they are soft chrome,
// removed from the body but still searched for title, date and tags.
var chromeTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Header: true, atom.Form: true, atom.Menu: true,
}

// chromeRoles are ARIA landmark and widget roles that are never the case text.
var chromeRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true, "search": true,
	"dialog": true, "alertdialog": true, "menu": true, "menubar": true, "toolbar": true,
}

// hardWords mark, in class, id or aria-label values, chrome that never holds
// the case's own title, date or tags: cookie banners, newsletter sign-ups,
// lists of other cases, sidebars, menus. A hyphenated entry matches
// consecutive words of a value ("widget-area" in "footer-widget-area").
var hardWords = wordList(
	"cookie", "cookies", "cookiebar", "consent", "gdpr", "newsletter", "nieuwsbrief", "subscribe",
	"subscription", "aanmelden", "related", "relatedposts", "yarpp", "gerelateerd", "gerelateerde",
	"meer", "comment", "comments", "reactie", "reacties", "respond", "sidebar", "zijbalk", "menu",
	"hoofdmenu", "submenu", "navbar", "navigation", "navigatie", "widget-area", "popup", "modal",
	"cta", "carousel", "slider", "advert", "advertisement", "promo", "site-header", "site-footer",
	"skip-link", "screen-reader-text", "sr-only", "visually-hidden", "offcanvas", "off-canvas",
	"toolbar",
)

// softWords mark chrome that may belong to the case page (its byline, date
// line, share bar, tag list): removed from the body, but title, date and
// tags are still read from inside it.
var softWords = wordList(
	"share", "sharing", "sharedaddy", "social", "delen", "author", "auteur", "bio", "biography",
	"profile", "profiel", "byline", "entry-meta", "post-meta", "meta", "posted-on", "tags",
	"tags-links", "tagcloud", "tag-cloud", "trefwoord", "trefwoorden", "keywords", "labels", "cat-links", "categories", "breadcrumb", "breadcrumbs",
	"kruimelpad", "print", "pagination", "pager", "nav-links", "post-navigation", "footer",
	"header", "reading-time", "leestijd", "follow-us", "volg-ons", "contactpersoon", "specialist",
	"specialisten", "expert", "experts", "team-member",
)

// qualifiers before a chrome word describe a layout, not chrome:
// "has-sidebar", "no-sidebar", "with-sidebar".
var qualifiers = map[string]bool{"no": true, "has": true, "with": true, "without": true, "hide": true}

func wordList(entries ...string) [][]string {
	out := make([][]string, len(entries))
	for i, e := range entries {
		out[i] = strings.Split(e, "-")
	}
	return out
}

// splitWords splits an attribute value into lowercase words at every
// non-alphanumeric character and at camelCase boundaries, so class tokens are
// compared by their parts: "shareButtons" and "share-buttons" both contain
// "share", while "sharepoint" does not.
func splitWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range s {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return words
}

// hasWord reports whether words contain one of the entries as consecutive
// words (a last word may carry a plural "s"), not preceded by a qualifier.
func hasWord(words []string, list [][]string) bool {
	for i := range words {
		if i > 0 && qualifiers[words[i-1]] {
			continue
		}
		for _, e := range list {
			if i+len(e) > len(words) {
				continue
			}
			ok := true
			for j, w := range e {
				got := words[i+j]
				if got != w && !(j == len(e)-1 && got == w+"s") {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// signalWords returns the words of n's class, id and aria-label.
func signalWords(n *html.Node) [][]string {
	var out [][]string
	for _, v := range strings.Fields(attr(n, "class")) {
		out = append(out, splitWords(v))
	}
	if id := attr(n, "id"); id != "" {
		out = append(out, splitWords(id))
	}
	if l := attr(n, "aria-label"); l != "" {
		out = append(out, splitWords(l))
	}
	return out
}

func signalled(n *html.Node, list [][]string) bool {
	for _, words := range signalWords(n) {
		if hasWord(words, list) {
			return true
		}
	}
	return false
}

// chromeKind classifies one element.
type chromeKind int

const (
	notChrome chromeKind = iota
	softChrome
	hardChrome
)

// inArticle reports whether n is inside an article or the main landmark.
func inArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main || attr(p, "role") == "main" {
			return true
		}
	}
	return false
}

func classify(n *html.Node) chromeKind {
	if n.DataAtom == atom.Html || n.DataAtom == atom.Body {
		return notChrome
	}
	if chromeTags[n.DataAtom] {
		if (n.DataAtom == atom.Header || n.DataAtom == atom.Footer) && inArticle(n) {
			return softChrome
		}
		return hardChrome
	}
	if chromeRoles[attr(n, "role")] || signalled(n, hardWords) {
		return hardChrome
	}
	if signalled(n, softWords) {
		return softChrome
	}
	return notChrome
}

// isHidden reports markup that hides an element from every reader.
func isHidden(n *html.Node) bool {
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

// removeJunk drops elements that never hold readable text, hidden elements
// and the site's own exclude selectors.
func removeJunk(root *html.Node, exclude []string) {
	var drop []*html.Node
	visit(root, func(n *html.Node) bool {
		switch {
		case n.Type == html.CommentNode:
			drop = append(drop, n)
		case n.Type == html.ElementNode && n != root && (junkTags[n.DataAtom] || isHidden(n)):
			drop = append(drop, n)
			return false
		}
		return true
	}, nil)
	for _, sel := range exclude {
		drop = append(drop, matchAll(root, sel)...)
	}
	for _, n := range drop {
		detach(n)
	}
}
