package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxTitleRunes bounds a title; longer ones are cut at a word boundary.
const MaxTitleRunes = 300

// titleSeparators split "Case title | Site name" in <title> and og:title,
// strongest first: only the first one present is used, so a dash inside the
// case's own title survives a " | " before the site name.
var titleSeparators = []string{" | ", " :: ", " » ", " – ", " — ", " - ", " · "}

// maxSiteNameWords bounds the words of a trailing part that is dropped as a
// site name when the page does not name its site.
const maxSiteNameWords = 4

// chooseTitle picks the title: the site's title selector, else the <h1>
// (outside hard chrome, one inside the article preferred), else og:title,
// else <title> without the site name. It also returns the element the title
// came from, so the body can leave it out.
func chooseTitle(doc *html.Node, selector string, hard map[*html.Node]bool, m meta, host string) (string, *html.Node) {
	for _, n := range matchAll(doc, selector) {
		if t := textOf(n); t != "" {
			return cutRunes(t, MaxTitleRunes), n
		}
	}
	var first *html.Node
	for _, h := range byTag(doc, atom.H1) {
		if within(h, hard) || textOf(h) == "" {
			continue
		}
		if inArticle(h) {
			first = h
			break
		}
		if first == nil {
			first = h
		}
	}
	if first != nil {
		return cutRunes(textOf(first), MaxTitleRunes), first
	}
	for _, t := range []string{m.ogTitle, m.docTitle} {
		if t = stripSiteName(t, m.siteName, host); t != "" {
			return cutRunes(t, MaxTitleRunes), nil
		}
	}
	return "", nil
}

// stripSiteName removes the site's name from a document title.
func stripSiteName(title, siteName, host string) string {
	title = collapse(title)
	for _, sep := range titleSeparators {
		if !strings.Contains(title, sep) {
			continue
		}
		parts := strings.Split(title, sep)
		var kept []string
		for _, p := range parts {
			if !isSiteName(p, siteName, host) {
				kept = append(kept, p)
			}
		}
		if len(kept) == len(parts) {
			last := parts[len(parts)-1]
			strong := sep == " | " || sep == " :: " || sep == " » "
			short := len(strings.Fields(last)) <= maxSiteNameWords &&
				utf8.RuneCountInString(last) < utf8.RuneCountInString(title)/2
			if strong || short {
				kept = parts[:len(parts)-1]
			}
		}
		if len(kept) == 0 {
			return title
		}
		return strings.TrimSpace(strings.Join(kept, sep))
	}
	return title
}

// isSiteName reports whether a title part is the site's name: equal to
// og:site_name, or a short part that spells the host's main label
// ("Rijnconsult" on www.rijnconsult.nl).
func isSiteName(part, siteName, host string) bool {
	part = strings.TrimSpace(part)
	if siteName != "" && strings.EqualFold(part, siteName) {
		return true
	}
	label := hostLabel(host)
	if label == "" || len(strings.Fields(part)) > maxSiteNameWords {
		return false
	}
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, part)
	return letters != "" && (strings.HasPrefix(letters, label) || (len(letters) >= 3 && strings.HasPrefix(label, letters)))
}

// hostLabel returns the registrable label of a host without hyphens:
// "www.k2-advies.nl" gives "k2advies".
func hostLabel(host string) string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return ""
	}
	return strings.ReplaceAll(labels[len(labels)-2], "-", "")
}

// cutRunes shortens s to at most n runes, at a word boundary when possible.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return strings.TrimSpace(string(r)[:i])
	}
	return string(r)
}
