// Package taxonomy holds the themes and policy domains of the sociaal domein
// and the vocabulary that signals them, as embedded data.
package taxonomy

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml"
)

//go:embed vocabulary.yaml
var vocabularyYAML []byte

// vocabularyFile names the embedded file in error messages.
const vocabularyFile = "vocabulary.yaml"

// Term weights. A term's weight says how much one mention of it tells about
// its theme or domain; the levels are the keys of a terms block in
// vocabulary.yaml.
const (
	// WeightIgnore marks a phrase that matches but is no evidence; it exists
	// so that a longer phrase ("algemene uitkering") can shadow a shorter
	// term inside it ("uitkering").
	WeightIgnore = 0
	// WeightWeak is for generic words ("gezin") that only add up.
	WeightWeak = 1
	// WeightMedium is for words typical of the theme but used elsewhere too.
	WeightMedium = 2
	// WeightStrong is for words that clearly belong to the theme ("jeugdhulp").
	WeightStrong = 3
	// WeightDecisive is for words that settle the question on their own
	// ("drie decentralisaties" for the sociaal domein).
	WeightDecisive = 4
)

// Theme is a value of the theme facet.
type Theme struct{ Slug, Label string }

// Domain is a value of the domain facet.
type Domain struct{ Slug, Label string }

// Term is one piece of evidence for a theme or domain.
//
// Text is matched word by word, ignoring case, diacritics and punctuation
// (so "jeugd-ggz" and "jeugd ggz" are the same two words). Plural and
// adjective forms (-s, -en, -e, with the usual spelling changes) match too.
// A word that starts or ends with "*" also matches as part of a compound:
// "jeugdhulp*" matches "jeugdhulpaanbieders", "*armoede" matches
// "kinderarmoede".
type Term struct {
	Text   string
	Weight int
}

// Taxonomy is the parsed vocabulary. It is immutable and safe for concurrent use.
type Taxonomy struct {
	themes       []Theme
	domains      []Domain
	themeTerms   map[string][]Term
	domainTerms  map[string][]Term
	themeDomains map[string][]string
	// names are the word sequences that name each theme in a query.
	names []themeNames
}

// Load parses the embedded vocabulary.
func Load() (*Taxonomy, error) {
	return parse(vocabularyYAML)
}

// Themes returns the themes in their fixed order (that of vocabulary.yaml).
func (t *Taxonomy) Themes() []Theme { return slices.Clone(t.themes) }

// Domains returns the domains in their fixed order.
func (t *Taxonomy) Domains() []Domain { return slices.Clone(t.domains) }

// ThemeLabel returns the label of a theme slug, "" if unknown.
func (t *Taxonomy) ThemeLabel(slug string) string {
	for _, th := range t.themes {
		if th.Slug == slug {
			return th.Label
		}
	}
	return ""
}

// DomainLabel returns the label of a domain slug, "" if unknown.
func (t *Taxonomy) DomainLabel(slug string) string {
	for _, d := range t.domains {
		if d.Slug == slug {
			return d.Label
		}
	}
	return ""
}

// ThemeTerms returns the evidence terms of a theme; nil if unknown.
func (t *Taxonomy) ThemeTerms(slug string) []Term { return slices.Clone(t.themeTerms[slug]) }

// DomainTerms returns the evidence terms of a domain itself, not counting
// those of its themes; nil if unknown.
func (t *Taxonomy) DomainTerms(slug string) []Term { return slices.Clone(t.domainTerms[slug]) }

// ThemeDomains returns the domains a recognised theme implies, in domain
// order. It is empty for themes such as organisatie, whose domain depends on
// what is being organised.
func (t *Taxonomy) ThemeDomains(slug string) []string { return slices.Clone(t.themeDomains[slug]) }

// The file format of vocabulary.yaml.
type (
	vocabulary struct {
		Domains []entry `yaml:"domains"`
		Themes  []entry `yaml:"themes"`
	}
	entry struct {
		Slug    string    `yaml:"slug"`
		Label   string    `yaml:"label"`
		Domains *[]string `yaml:"domains"`
		Terms   levels    `yaml:"terms"`
	}
	levels struct {
		Decisive []string `yaml:"decisive"`
		Strong   []string `yaml:"strong"`
		Medium   []string `yaml:"medium"`
		Weak     []string `yaml:"weak"`
		Ignore   []string `yaml:"ignore"`
	}
)

// defaultThemeDomain is implied by a theme that does not list its domains.
const defaultThemeDomain = "sociaal"

var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

func parse(data []byte) (*Taxonomy, error) {
	var v vocabulary
	if err := yaml.UnmarshalWithOptions(data, &v, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%s: %w", vocabularyFile, err)
	}
	if len(v.Domains) == 0 || len(v.Themes) == 0 {
		return nil, fmt.Errorf("%s: needs at least one domain and one theme", vocabularyFile)
	}
	t := &Taxonomy{
		themeTerms: map[string][]Term{}, domainTerms: map[string][]Term{}, themeDomains: map[string][]string{},
	}
	for _, e := range v.Domains {
		terms, err := e.check("domain", t.domainTerms)
		if err != nil {
			return nil, err
		}
		if e.Domains != nil {
			return nil, fmt.Errorf("%s: domain %q: a domain cannot list domains", vocabularyFile, e.Slug)
		}
		t.domains = append(t.domains, Domain{Slug: e.Slug, Label: e.Label})
		t.domainTerms[e.Slug] = terms
	}
	for _, e := range v.Themes {
		terms, err := e.check("theme", t.themeTerms)
		if err != nil {
			return nil, err
		}
		implied := []string{defaultThemeDomain}
		if e.Domains != nil {
			implied = *e.Domains
		}
		for _, d := range implied {
			if _, ok := t.domainTerms[d]; !ok {
				return nil, fmt.Errorf("%s: theme %q: unknown domain %q", vocabularyFile, e.Slug, d)
			}
		}
		slices.SortFunc(implied, func(a, b string) int { return t.domainIndex(a) - t.domainIndex(b) })
		t.themes = append(t.themes, Theme{Slug: e.Slug, Label: e.Label})
		t.themeTerms[e.Slug] = terms
		t.themeDomains[e.Slug] = slices.Compact(slices.Clone(implied))
	}
	t.buildThemeNames()
	return t, nil
}

func (t *Taxonomy) domainIndex(slug string) int {
	return slices.IndexFunc(t.domains, func(d Domain) bool { return d.Slug == slug })
}

// check validates an entry of kind "theme" or "domain" against the entries
// seen so far and returns its terms.
func (e entry) check(kind string, seen map[string][]Term) ([]Term, error) {
	if !slugPattern.MatchString(e.Slug) {
		return nil, fmt.Errorf("%s: %s slug %q is not a lowercase slug", vocabularyFile, kind, e.Slug)
	}
	if _, dup := seen[e.Slug]; dup {
		return nil, fmt.Errorf("%s: %s %q appears twice", vocabularyFile, kind, e.Slug)
	}
	if strings.TrimSpace(e.Label) == "" {
		return nil, fmt.Errorf("%s: %s %q has no label", vocabularyFile, kind, e.Slug)
	}
	var terms []Term
	texts := map[string]bool{}
	for _, lv := range []struct {
		weight int
		texts  []string
	}{
		{WeightDecisive, e.Terms.Decisive}, {WeightStrong, e.Terms.Strong}, {WeightMedium, e.Terms.Medium},
		{WeightWeak, e.Terms.Weak}, {WeightIgnore, e.Terms.Ignore},
	} {
		for _, text := range lv.texts {
			if err := checkTerm(text); err != nil {
				return nil, fmt.Errorf("%s: %s %q: term %q: %w", vocabularyFile, kind, e.Slug, text, err)
			}
			key := strings.ToLower(strings.Join(strings.Fields(text), " "))
			if texts[key] {
				return nil, fmt.Errorf("%s: %s %q: term %q appears twice", vocabularyFile, kind, e.Slug, text)
			}
			texts[key] = true
			terms = append(terms, Term{Text: text, Weight: lv.weight})
		}
	}
	return terms, nil
}

// checkTerm enforces the term notation: words with letters or digits, "*"
// only at the edges of a word.
func checkTerm(text string) error {
	words := strings.Fields(text)
	if len(words) == 0 {
		return fmt.Errorf("is empty")
	}
	for _, w := range words {
		core := strings.TrimSuffix(strings.TrimPrefix(w, "*"), "*")
		if strings.Contains(core, "*") {
			return fmt.Errorf("word %q has a * that is not at its start or end", w)
		}
		if !strings.ContainsFunc(core, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			return fmt.Errorf("word %q has no letters or digits", w)
		}
	}
	return nil
}
