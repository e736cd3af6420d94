package search

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/goccy/go-yaml"
)

//go:embed synonyms.yaml
var synonymsYAML []byte

// Bounds of the synonym data.
const (
	// maxSynonymWords bounds the words of one member, so matching them in
	// a query stays cheap.
	maxSynonymWords = 6
	// maxSynonymGroups bounds the groups of a synonyms file.
	maxSynonymGroups = 2000
)

// Synonyms are groups of words and phrases that mean the same for search
// ("jeugdzorg" and "jeugdhulp"). Build them with LoadSynonyms or
// ParseSynonyms; they are immutable and safe for concurrent use.
type Synonyms struct {
	groups [][]string
	// everyday are one-way expansions, each an everyday word or phrase
	// followed by the field's words for it ("geldzorgen": schuldhulp, …):
	// a query for the first finds the others, not the other way round.
	everyday [][]string
	// questionWords phrase a question ("hoe", "wie", "kun"), lowercased;
	// questionPhrases are words that do so together ("ik werk bij"), each
	// as its lowercased words.
	questionWords   map[string]bool
	questionPhrases [][]string
}

// LoadSynonyms returns the synonyms shipped with casus (synonyms.yaml).
func LoadSynonyms() (*Synonyms, error) {
	return ParseSynonyms(synonymsYAML)
}

// ParseSynonyms reads a synonyms file: a `groups` list of lists of two or
// more members, and the `question_words` and `question_phrases` a query may
// drop.
func ParseSynonyms(data []byte) (*Synonyms, error) {
	var f struct {
		Groups          [][]string          `yaml:"groups"`
		QuestionWords   []string            `yaml:"question_words"`
		QuestionPhrases []string            `yaml:"question_phrases"`
		Everyday        map[string][]string `yaml:"everyday"`
	}
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("synonyms: %w", err)
	}
	if len(f.Groups) > maxSynonymGroups {
		return nil, fmt.Errorf("synonyms: %d groups, at most %d", len(f.Groups), maxSynonymGroups)
	}
	for i, g := range f.Groups {
		if len(g) < 2 {
			return nil, fmt.Errorf("synonyms: group %d has %d member(s); a group needs two", i+1, len(g))
		}
		for _, m := range g {
			if !memberWords(m) {
				return nil, fmt.Errorf("synonyms: group %d: member %q must have 1 to %d words", i+1, m, maxSynonymWords)
			}
		}
	}
	s := &Synonyms{groups: f.Groups, questionWords: map[string]bool{}}
	if len(f.Everyday) > maxSynonymGroups {
		return nil, fmt.Errorf("synonyms: %d everyday words, at most %d", len(f.Everyday), maxSynonymGroups)
	}
	for _, word := range slices.Sorted(maps.Keys(f.Everyday)) {
		to := f.Everyday[word]
		if !memberWords(word) || len(to) == 0 {
			return nil, fmt.Errorf("synonyms: everyday word %q must have 1 to %d words and a list of one or more words for it", word, maxSynonymWords)
		}
		for _, m := range to {
			if !memberWords(m) {
				return nil, fmt.Errorf("synonyms: everyday word %q: %q must have 1 to %d words", word, m, maxSynonymWords)
			}
		}
		s.everyday = append(s.everyday, append([]string{word}, to...))
	}
	for _, w := range f.QuestionWords {
		s.questionWords[strings.ToLower(w)] = true
	}
	for _, ph := range f.QuestionPhrases {
		words := strings.Fields(strings.ToLower(ph))
		if len(words) < 2 {
			return nil, fmt.Errorf("synonyms: question phrase %q needs two or more words", ph)
		}
		s.questionPhrases = append(s.questionPhrases, words)
	}
	return s, nil
}

// memberWords reports whether m has as many words as a member may.
func memberWords(m string) bool {
	n := len(strings.Fields(m))
	return n > 0 && n <= maxSynonymWords
}

// questionPhraseAt returns how many of words, from i, make a question
// phrase ("ik werk bij"), 0 for none.
func (s *Synonyms) questionPhraseAt(words []string, i int) int {
	if s == nil {
		return 0
	}
	for _, ph := range s.questionPhrases {
		if i+len(ph) <= len(words) && slices.EqualFunc(ph, words[i:i+len(ph)], func(p, w string) bool { return p == bare(w) }) {
			return len(ph)
		}
	}
	return 0
}

// isQuestionWord reports whether word only phrases a question.
func (s *Synonyms) isQuestionWord(word string) bool {
	return s != nil && s.questionWords[bare(word)]
}

// bare is a query word in lower case without the punctuation around it, as
// a question writes it ("gedaan?", "gemeente;").
func bare(word string) string {
	return strings.TrimFunc(strings.ToLower(word), unicode.IsPunct)
}

// spellings returns the distinct single-word members and everyday words of
// s as a analyses them (the spelling analyzer: folded, unstemmed), sorted,
// so a typo of a word the field knows but no case holds can be corrected
// to it ("deurwaader" → "deurwaarder").
func (s *Synonyms) spellings(a analysis.Analyzer) []string {
	if s == nil {
		return nil
	}
	seen := map[string]bool{}
	add := func(m string) {
		if terms := analysedTerms(a, m); len(terms) == 1 {
			seen[terms[0]] = true
		}
	}
	for _, g := range s.groups {
		for _, m := range g {
			add(m)
		}
	}
	for _, e := range s.everyday {
		add(e[0])
	}
	return slices.Sorted(maps.Keys(seen))
}

// synonymTable is Synonyms analysed by one analyzer: each member as its
// sequence of terms, so query words can be compared after stemming.
type synonymTable struct {
	// byFirst maps the first term of a member to the members starting
	// with it.
	byFirst map[string][]synonymMember
}

type synonymMember struct {
	terms []string
	group int
	// everyday marks the first word of an everyday expansion; group is
	// then its place in Synonyms.everyday.
	everyday bool
}

// analyse returns the table of s under a; members that analyse to nothing
// (only stop words) are left out.
func (s *Synonyms) analyse(a analysis.Analyzer) synonymTable {
	t := synonymTable{byFirst: map[string][]synonymMember{}}
	if s == nil {
		return t
	}
	for gi, g := range s.groups {
		for _, m := range g {
			terms := analysedTerms(a, m)
			if len(terms) == 0 {
				continue
			}
			t.byFirst[terms[0]] = append(t.byFirst[terms[0]], synonymMember{terms: terms, group: gi})
		}
	}
	for ei, e := range s.everyday {
		if terms := analysedTerms(a, e[0]); len(terms) > 0 {
			t.byFirst[terms[0]] = append(t.byFirst[terms[0]], synonymMember{terms: terms, group: ei, everyday: true})
		}
	}
	return t
}

// alternatives returns the members of the groups of the member that matches
// terms exactly, as written in the file (the matching member included).
func (t synonymTable) alternatives(s *Synonyms, terms []string) []string {
	if s == nil || len(terms) == 0 {
		return nil
	}
	var out []string
	for _, m := range t.byFirst[terms[0]] {
		if !m.everyday && slices.Equal(m.terms, terms) {
			out = append(out, s.groups[m.group]...)
		}
	}
	return out
}

// related returns the field's words for the everyday word or phrase that
// matches terms exactly, as written in the file.
func (t synonymTable) related(s *Synonyms, terms []string) []string {
	if s == nil || len(terms) == 0 {
		return nil
	}
	var out []string
	for _, m := range t.byFirst[terms[0]] {
		if m.everyday && slices.Equal(m.terms, terms) {
			out = append(out, s.everyday[m.group][1:]...)
		}
	}
	return out
}

// longest returns the length of the longest member that starts terms, 0 if
// none.
func (t synonymTable) longest(terms []string) int {
	best := 0
	if len(terms) == 0 {
		return 0
	}
	for _, m := range t.byFirst[terms[0]] {
		if len(m.terms) <= len(terms) && len(m.terms) > best && slices.Equal(m.terms, terms[:len(m.terms)]) {
			best = len(m.terms)
		}
	}
	return best
}

// analysedTerms returns the terms a gives for text.
func analysedTerms(a analysis.Analyzer, text string) []string {
	toks := a.Analyze([]byte(text))
	out := make([]string, 0, len(toks))
	for _, tok := range toks {
		out = append(out, string(tok.Term))
	}
	return out
}
