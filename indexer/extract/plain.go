package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/casus-nl/casus/indexer/source"
)

// plainSkip are the elements whose content plainPage leaves out. Unlike in
// a tree, an unclosed <head> would hide the whole page, so only elements
// with raw or non-text content are skipped.
var plainSkip = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Textarea: true, atom.Select: true,
}

// plainPage extracts a page the HTML parser rejects, token by token: the
// <title>, the text (a paragraph per block element, without junk elements)
// and the links. Chrome cannot be told apart without a tree, so the body may
// hold some; such pages are rare and broken.
func plainPage(text string, pageURL *url.URL) Page {
	z := html.NewTokenizer(strings.NewReader(text))
	var (
		page    Page
		title   strings.Builder
		para    strings.Builder
		paras   []string
		inTitle bool
		skip    int
		seen    = map[string]bool{}
	)
	flush := func() {
		if t := collapse(para.String()); t != "" && !isUILabel(t) {
			paras = append(paras, t)
		}
		para.Reset()
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF, or a read error on the in-memory text: done either way
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			switch {
			case inTitle:
				title.WriteString(tok.Data)
			case skip == 0:
				para.WriteString(tok.Data)
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			a := tok.DataAtom
			start := tt != html.EndTagToken
			switch {
			case a == atom.Title:
				inTitle = start && tt == html.StartTagToken
			case plainSkip[a] && tt == html.StartTagToken:
				skip++
			case plainSkip[a] && tt == html.EndTagToken && skip > 0:
				skip--
			case blockTags[a] || a == atom.Br:
				flush()
			}
			if a == atom.A && start && len(page.Links) < MaxLinks {
				for _, at := range tok.Attr {
					if at.Key != "href" {
						continue
					}
					if u, err := pageURL.Parse(strings.TrimSpace(at.Val)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
						if u = NormalizeURL(u); !seen[u.String()] {
							seen[u.String()] = true
							page.Links = append(page.Links, u)
						}
					}
				}
			}
		}
	}
	flush()
	page.CanonicalURL = NormalizeURL(pageURL).String()
	page.Title = cutRunes(stripSiteName(title.String(), "", source.HostKey(pageURL)), MaxTitleRunes)
	page.Body = cutRunes(strings.Join(paras, "\n\n"), MaxBodyRunes)
	return page
}
