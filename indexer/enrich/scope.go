package enrich

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
)

//go:embed scope.yaml
var scopeYAML []byte

// scopeFile is the format of scope.yaml.
type scopeFile struct {
	RelatedHeadings []string `yaml:"related_headings"`
	OutsideCues     []string `yaml:"outside_cues"`
	WorkWords       []string `yaml:"work_words"`
	WorkHeadings    []string `yaml:"work_headings"`
	TalkWords       []string `yaml:"talk_words"`
}

// wordScope says how the evidence of a word of the body counts.
type wordScope uint8

const (
	// inProse is running text: evidence counts as it is.
	inProse wordScope = iota
	// inWorkItem is a list item naming part of the work, a result or a
	// deliverable ("- de inkoop van begeleiding"), or a sentence about what
	// the writers did ("We stelden een organisatievoorstel op"): evidence
	// counts, and also towards a side theme.
	inWorkItem
	// outside is a sentence that puts its subject outside the work ("viel
	// buiten deze opdracht"): evidence counts for nothing.
	outside
	// inRelated is a line of a list of links to other pages, under a
	// heading such as "Lees ook": neither its themes nor its municipalities
	// count.
	inRelated
)

// scope reads the structure of a body: its lines, list items and
// sentences.
type scope struct {
	relatedHeadings phraseList
	outsideCues     phraseList
	workWords       phraseList
	workHeadings    phraseList
	talkWords       phraseList
}

func newScope(data []byte) (*scope, error) {
	var sf scopeFile
	if err := yaml.UnmarshalWithOptions(data, &sf, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("scope.yaml: %w", err)
	}
	return &scope{relatedHeadings: newPhraseList(sf.RelatedHeadings), outsideCues: newPhraseList(sf.OutsideCues),
		workWords: newPhraseList(sf.WorkWords), workHeadings: newPhraseList(sf.WorkHeadings),
		talkWords: newPhraseList(sf.TalkWords)}, nil
}

// listMarkers start a list item, after optional spaces.
var listMarkers = []string{"- ", "* ", "• ", "– ", "· "}

// words returns the scope of every word of f.
func (sc *scope) words(f field) []wordScope {
	out := make([]wordScope, len(f.toks))
	related := false
	results := false // the lines are under a heading such as "Resultaat"
	for _, ln := range lines(f) {
		text := f.text[ln.start:ln.end]
		item := isListItem(text)
		switch {
		case related && (item || isLinkLine(text, ln)):
			// A list of links, bulleted or one title per line.
			mark(out, ln.first, ln.last, inRelated)
			continue
		case item:
			mark(out, ln.first, ln.last, inWorkItem)
		case sc.inlineLinks(f, ln):
			// "Lees ook: Transformatieagenda jeugd in Oss", and maybe more
			// titles on the lines below.
			mark(out, ln.first, ln.last, inRelated)
			related = true
			continue
		case ln.first < ln.last:
			// A line of prose or a heading ends a list of links; a heading
			// such as "Lees ook" starts one.
			related = sc.introducesLinks(f, ln, text)
			if isHeading(text, ln) {
				results = sc.holds(f, ln.first, ln.last, &sc.workHeadings)
				continue
			}
		}
		sc.markSentences(f, ln, results, out)
	}
	return out
}

// introducesLinks reports whether a line introduces a list of links to
// other pages: a heading such as "Lees ook", or a line ending in a colon
// that says so ("Neem contact op of lees onze andere cases:").
func (sc *scope) introducesLinks(f field, ln line, text string) bool {
	if ln.last-ln.first <= maxHeadingWords && sc.relatedHeadings.at(f.toks, ln.first) > 0 {
		return true
	}
	return strings.HasSuffix(strings.TrimRight(text, " \t"), ":") && sc.holds(f, ln.first, ln.last, &sc.relatedHeadings)
}

// inlineLinks reports whether a line starts with a heading of related
// links and a colon, with the title of a linked page after it on the same
// line ("Lees ook: Transformatieagenda jeugd in Oss").
func (sc *scope) inlineLinks(f field, ln line) bool {
	if ln.first >= ln.last {
		return false
	}
	n := sc.relatedHeadings.at(f.toks, ln.first)
	if n == 0 || ln.first+n >= ln.last {
		return false
	}
	between := f.text[f.toks[ln.first+n-1].end:f.toks[ln.first+n].start]
	return strings.TrimSpace(between) == ":"
}

// isHeading reports whether a line that is not a list item reads as a
// section heading: a few words without a sentence's closing full stop.
func isHeading(text string, ln line) bool {
	text = strings.TrimRight(text, " \t")
	return ln.last-ln.first <= maxHeadingWords && !strings.HasSuffix(text, ".") && !strings.HasSuffix(text, ";") &&
		!strings.HasSuffix(text, ",")
}

// maxHeadingWords is the longest line read as a heading of related links.
const maxHeadingWords = 6

// maxLinkWords is the longest line without a list marker read as the title
// of a linked page under a heading of related links.
const maxLinkWords = 12

// isLinkLine reports whether a line reads as the title of a linked page: a
// few words without a sentence's closing full stop.
func isLinkLine(text string, ln line) bool {
	text = strings.TrimRight(text, " \t")
	return ln.last > ln.first && ln.last-ln.first <= maxLinkWords && !strings.HasSuffix(text, ".")
}

// markSentences marks the sentences of line ln: outside when one holds an
// outside cue, work when a prose sentence holds a work word ("we") or stands
// in a section of results.
func (sc *scope) markSentences(f field, ln line, results bool, out []wordScope) {
	start := ln.first
	for i := ln.first + 1; i <= ln.last; i++ {
		if i < ln.last && !sentenceStart(f, i) {
			continue
		}
		switch {
		case sc.holds(f, start, i, &sc.outsideCues):
			mark(out, start, i, outside)
		case out[start] == inProse && (results || sc.holds(f, start, i, &sc.workWords) && !sc.holds(f, start, i, &sc.talkWords)):
			mark(out, start, i, inWorkItem)
		}
		start = i
	}
}

// holds reports whether one of phrases starts at a word in [from, to).
func (sc *scope) holds(f field, from, to int, phrases *phraseList) bool {
	for j := from; j < to; j++ {
		if phrases.at(f.toks, j) > 0 {
			return true
		}
	}
	return false
}

func mark(out []wordScope, from, to int, s wordScope) {
	for i := from; i < to; i++ {
		out[i] = s
	}
}

// line is one line of a field: its byte span and its words [first, last).
type line struct {
	start, end  int
	first, last int
}

// lines splits f into lines, with the words of each.
func lines(f field) []line {
	var out []line
	w := 0
	for start := 0; start <= len(f.text); {
		end := strings.IndexByte(f.text[start:], '\n')
		if end < 0 {
			end = len(f.text)
		} else {
			end += start
		}
		ln := line{start: start, end: end, first: w}
		for w < len(f.toks) && f.toks[w].start < end {
			w++
		}
		ln.last = w
		out = append(out, ln)
		start = end + 1
	}
	return out
}

// isListItem reports whether a line is an item of a bulleted or numbered
// list.
func isListItem(s string) bool {
	s = strings.TrimLeft(s, " \t")
	for _, m := range listMarkers {
		if strings.HasPrefix(s, m) {
			return true
		}
	}
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	return digits > 0 && digits <= 2 && len(s) > digits+1 &&
		(s[digits] == '.' || s[digits] == ')') && s[digits+1] == ' '
}
