package taxonomy

import (
	"strings"

	"github.com/casus-nl/casus/search/textfold"
)

// minLabelWordRunes is the shortest label word a prefix can complete, so the
// "en" of "Jeugd en jeugdhulp" does not make every theme match "e".
const minLabelWordRunes = 3

// CompleteThemes returns the slugs of up to n themes whose slug or a word of
// whose label starts with prefix, ignoring case and diacritics ("jeug" →
// jeugd, "wijk" → toegang for "Toegang en wijkteams", "financ" → financien).
// A match at the start of the label or slug comes first, then taxonomy
// order. It returns nil for an empty prefix or n < 1.
func (t *Taxonomy) CompleteThemes(prefix string, n int) []string {
	words := textfold.Words(prefix)
	if len(words) == 0 || n < 1 {
		return nil
	}
	want := strings.Join(words, " ")
	var first, inside []string
	for _, th := range t.themes {
		switch themeMatch(th, want) {
		case matchStart:
			first = append(first, th.Slug)
		case matchInside:
			inside = append(inside, th.Slug)
		}
	}
	out := append(first, inside...)
	return out[:min(n, len(out))]
}

// themeMatchKind says where a prefix matched a theme.
type themeMatchKind int

// The places, worst first.
const (
	matchNone themeMatchKind = iota
	matchInside
	matchStart
)

// themeMatch finds want at the start of the slug or of a label word; a
// multi-word want must match consecutive label words.
func themeMatch(th Theme, want string) themeMatchKind {
	if strings.HasPrefix(th.Slug, want) {
		return matchStart
	}
	label := textfold.Words(th.Label)
	best := matchNone
	for i, w := range label {
		if len([]rune(w)) < minLabelWordRunes {
			continue
		}
		if strings.HasPrefix(strings.Join(label[i:], " "), want) {
			if i == 0 {
				return matchStart
			}
			best = matchInside
		}
	}
	return best
}
