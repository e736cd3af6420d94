package taxonomy

import (
	"slices"
	"strings"

	"github.com/casus-nl/casus/search/textfold"
)

// namePattern is one word of a term that names a theme outright: the
// folded word, and whether more letters may follow or precede it.
type namePattern struct {
	word           string
	prefix, suffix bool // "jeugdhulp*", "*armoede"
}

func (p namePattern) match(w string) bool {
	switch {
	case p.prefix && p.suffix:
		return strings.Contains(w, p.word)
	case p.prefix:
		return strings.HasPrefix(w, p.word)
	case p.suffix:
		return strings.HasSuffix(w, p.word)
	}
	return w == p.word || w == p.word+"s" || w == p.word+"en"
}

// themeNames holds, per theme, the word sequences that name it: its slug,
// its label and its strong and decisive terms (named), and those with its
// medium terms (mentioned).
type themeNames struct {
	slug             string
	named, mentioned [][]namePattern
}

func (t *Taxonomy) buildThemeNames() {
	for _, th := range t.themes {
		tn := themeNames{slug: th.Slug}
		tn.named = namePatterns(append([]string{th.Slug, th.Label}, t.termTexts(th.Slug, WeightStrong, WeightDecisive)...))
		tn.mentioned = slices.Concat(tn.named, namePatterns(t.termTexts(th.Slug, WeightMedium, WeightMedium)))
		t.names = append(t.names, tn)
	}
}

// termTexts returns the texts of the terms of a theme weighing from least
// to most.
func (t *Taxonomy) termTexts(slug string, least, most int) []string {
	var out []string
	for _, term := range t.themeTerms[slug] {
		if term.Weight >= least && term.Weight <= most {
			out = append(out, term.Text)
		}
	}
	return out
}

// namePatterns compiles term texts into word patterns.
func namePatterns(texts []string) [][]namePattern {
	var out [][]namePattern
	for _, text := range texts {
		var ps []namePattern
		for _, w := range strings.Fields(text) {
			core := strings.Trim(w, "*")
			parts := textfold.Words(core)
			for k, part := range parts {
				ps = append(ps, namePattern{
					word:   part,
					prefix: strings.HasSuffix(w, "*") && k == len(parts)-1,
					suffix: strings.HasPrefix(w, "*") && k == 0,
				})
			}
		}
		if len(ps) > 0 {
			out = append(out, ps)
		}
	}
	return out
}

// NamedThemes returns the themes a short text such as a query names by
// their slug, label or a strong term ("jeugdzorg" names jeugd, "wijkteams"
// toegang), in taxonomy order; nil when none.
func (t *Taxonomy) NamedThemes(text string) []string {
	return t.themesIn(text, func(tn themeNames) [][]namePattern { return tn.named })
}

// MentionedThemes returns the themes a short text names as NamedThemes
// does or by a medium term ("begeleiding", "bijstand"), in taxonomy order;
// nil when none.
func (t *Taxonomy) MentionedThemes(text string) []string {
	return t.themesIn(text, func(tn themeNames) [][]namePattern { return tn.mentioned })
}

func (t *Taxonomy) themesIn(text string, patterns func(themeNames) [][]namePattern) []string {
	words := textfold.Words(text)
	var out []string
	for _, tn := range t.names {
		if slices.ContainsFunc(patterns(tn), func(ps []namePattern) bool { return occurs(ps, words) }) {
			out = append(out, tn.slug)
		}
	}
	return out
}

// occurs reports whether the patterns match consecutive words.
func occurs(ps []namePattern, words []string) bool {
	for i := 0; i+len(ps) <= len(words); i++ {
		ok := true
		for k, p := range ps {
			if !p.match(words[i+k]) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// NamedDomains returns, for each word of a query, the slug of the domain
// whose label it is part of where the words stand together in the label's
// order ("sociaal", "domein" → "sociaal", "sociaal"), "" for none.
func (t *Taxonomy) NamedDomains(words []string) []string {
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = strings.Join(textfold.Words(w), " ")
	}
	out := make([]string, len(words))
	for _, d := range t.domains {
		label := textfold.Words(d.Label)
		for i := 0; i+len(label) <= len(folded); i++ {
			if slices.Equal(folded[i:i+len(label)], label) {
				for k := range label {
					out[i+k] = d.Slug
				}
			}
		}
	}
	return out
}
