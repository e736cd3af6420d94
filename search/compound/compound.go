// Package compound splits Dutch compound words into their parts, so that a
// search for "zorg" finds "jeugdzorg" and "organisatie" finds
// "uitvoeringsorganisatie".
//
// The splitter works on lowercase, diacritic-folded words (the analyzer folds
// "financiën" to "financien" before this step) against an embedded list of
// known parts derived from the OpenTaal word list (see PROVENANCE.md). It is
// a dictionary splitter, not a morphological analyser: a word is split only
// when it can be covered completely by listed words, optionally joined by the
// linking letters "s" or "en".
//
// Rules, in the order Split applies them:
//
//   - Only words of MinCompoundLen or more ASCII letters a-z are split; any
//     other input (shorter, upper case, digits, non-ASCII) returns nil.
//   - Each part is a listed word of at least MinPartLen (4) letters, or one
//     of a few short nouns and abbreviations ("dag", "wet", "wmo", "ggz",
//     see isShortPart). Three-letter words are mostly inflection tails or
//     fragments in compounds ("ten" in "gemeenten", "uur" in "bestuur",
//     "aan" in "aanbieders", "uit" in "uitvoering").
//   - A small stop list of listed words is never a part: particles and
//     prefixes ("voor", "onder", "over", "door", "mede", ...), which would
//     split "voorziening" and "ondersteuning", and suffix-like words and
//     fragments ("eren", "lijk", "baar", "kundige", "ving", ...), which
//     would split "kinderen", "gemeentelijk" and "verslaving".
//   - Between two parts one linker may appear: "s" (welzijn-s-werk) or "en"
//     (boek-en-kast; when the plural "boeken" is listed, the tie-break below
//     prefers the longer first part "boeken"). A free linker "-e-" is not
//     used: it splits "burgemeester" into burg-e-meester and "ambtenaar"
//     into ambt-e-naar. An -e- is found where the first part's listed form
//     ends in it ("ziekte" in "ziektekosten"), and "-er-" by listing the
//     part form "kinder" (kinderopvang).
//   - Of all segmentations the one with the fewest parts wins; ties go to the
//     longest first part, then to the segmentation without a linker after it,
//     and so on from left to right. The result is deterministic.
//   - Each chosen part is split again by the same rules (recursion), so
//     "schuldhulpverlening" becomes schuldhulp + verlening and then schuld +
//     hulp + verlening.
//
// Split emits the smallest parts (the leaves of that recursion) and, in
// addition, every run of two or more adjacent leaves that is itself a listed
// word ("schuldhulp", "hulpverlening"), never the whole word. Parts are
// ordered by Start, and for equal Start the longer part comes first.
package compound

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
)

// MinCompoundLen is the minimum length in letters of a word that Split
// considers; shorter words are returned unsplit (nil). Seven letters allows
// "wijkteam" and "jeugdwet" but keeps short words such as "beleid" whole.
const MinCompoundLen = 7

// MinPartLen is the minimum length in letters of a part, except for the few
// short words accepted by isShortPart ("dag", "wet", "wmo", ...). The word
// list has many three-letter words that are mostly inflection tails or
// fragments in compounds ("ten" in "gemeenten", "uur" in "bestuur", "kin" in
// "kinderen", "wel" in "welzijn"), so they are not parts by default.
const MinPartLen = 4

// minListLen is the length of the shortest entry in words.txt.
const minListLen = 3

// MaxWordLen is the maximum length in bytes of a word that Split considers;
// longer input returns nil. It bounds the work done per token.
const MaxWordLen = 64

// maxPartLen is the longest entry in words.txt (see testdata/build-words.sh).
const maxPartLen = 20

// words is the embedded part list: one lowercase, diacritic-folded word of
// 3 to 20 letters a-z per line.
//
//go:embed words.txt
var words string

// Part is one part of a compound word.
type Part struct {
	// Text is the part, a substring of the word passed to Split (without
	// any linker).
	Text string
	// Start and End are byte offsets into the word passed to Split, so
	// word[Start:End] == Text.
	Start, End int
}

// Splitter splits compound words. It is immutable after New and safe for
// concurrent use.
type Splitter struct {
	parts map[string]struct{}
}

// New parses the embedded word list (about 24,000 words) and returns a
// Splitter. Parsing takes a millisecond or two and builds a map of about
// 1 MB; callers should create one Splitter and reuse it.
func New() (*Splitter, error) {
	parts := make(map[string]struct{}, strings.Count(words, "\n"))
	line := 0
	for w := range strings.Lines(words) {
		line++
		// The keys share the embedded string's memory.
		w = strings.TrimSuffix(w, "\n")
		if len(w) < minListLen || len(w) > maxPartLen || !isLetters(w) {
			return nil, fmt.Errorf("compound: words.txt line %d: invalid entry %q", line, w)
		}
		parts[w] = struct{}{}
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("compound: words.txt is empty")
	}
	return &Splitter{parts: parts}, nil
}

// Listed reports whether w, a lowercase and diacritic-folded word, is in
// the word list.
func (s *Splitter) Listed(w string) bool {
	_, ok := s.parts[w]
	return ok
}

// Len returns the number of words in the part list.
func (s *Splitter) Len() int { return len(s.parts) }

// Split returns the parts of word, a lowercase and diacritic-folded token, or
// nil when word is not a compound under the rules in the package
// documentation. The returned parts have byte offsets into word.
func (s *Splitter) Split(word string) []Part {
	if len(word) < MinCompoundLen || len(word) > MaxWordLen || !isLetters(word) {
		return nil
	}
	var leaves []Part
	if !s.leaves(word, 0, &leaves) {
		return nil
	}
	// out shares leaves' backing array; appending past len(leaves) leaves
	// the leaves themselves untouched.
	out := leaves
	// Add runs of two or more adjacent leaves that are listed words, except
	// the run covering the whole word.
	for i := range leaves {
		for j := i + 1; j < len(leaves); j++ {
			start, end := leaves[i].Start, leaves[j].End
			if start == 0 && end == len(word) {
				continue
			}
			if end-start > maxPartLen {
				break
			}
			if t := word[start:end]; s.isPart(t) {
				out = append(out, Part{Text: t, Start: start, End: end})
			}
		}
	}
	if len(out) > len(leaves) {
		slices.SortFunc(out, func(a, b Part) int {
			if a.Start != b.Start {
				return a.Start - b.Start
			}
			return b.End - a.End
		})
	}
	return out
}

// leaves appends to out the smallest parts of word (offset by base) and
// reports whether word is a compound.
func (s *Splitter) leaves(word string, base int, out *[]Part) bool {
	n := len(word)
	if n < MinCompoundLen {
		return false
	}
	// Suffix dynamic programme: count[i] is the fewest parts covering
	// word[i:], 0 if it cannot be covered; next[i] is the end of the first of
	// those parts and skip[i] the length of the linker after it.
	var count, next, skip [MaxWordLen + 1]uint8
	for i := n - 1; i >= 0; i-- {
		for j := min(n, i+maxPartLen); j-i >= minListLen; j-- {
			if i == 0 && j == n {
				continue // the whole word is not a split
			}
			c, k := s.segment(word, i, j, &count)
			if c > 0 && (count[i] == 0 || c < count[i]) {
				count[i], next[i], skip[i] = c, uint8(j), uint8(k-j)
			}
		}
	}
	if count[0] < 2 {
		return false
	}
	for i := 0; i < n; {
		j := int(next[i])
		// A part long enough to be a compound is split again.
		if !s.leaves(word[i:j], base+i, out) {
			*out = append(*out, Part{Text: word[i:j], Start: base + i, End: base + j})
		}
		i = j + int(skip[i])
	}
	return true
}

// segment scores word[i:j] as the first part of a segmentation of word[i:].
// It returns the number of parts of the best such segmentation (0 if there
// is none) and the position k where the next part starts, after any linker.
func (s *Splitter) segment(word string, i, j int, count *[MaxWordLen + 1]uint8) (c uint8, k int) {
	n := len(word)
	p := word[i:j]
	if j == n {
		if s.isPart(p) {
			return 1, n
		}
		return 0, 0
	}
	if count[j] == 0 && !hasLinker(word[j:]) || !s.isPart(p) {
		return 0, 0
	}
	// No linker first, so it wins ties.
	best, at := uint8(0), 0
	for _, link := range [...]string{"", "s", "en"} {
		k := j + len(link)
		if k < n && strings.HasPrefix(word[j:], link) && count[k] > 0 && (best == 0 || count[k]+1 < best) {
			best, at = count[k]+1, k
		}
	}
	return best, at
}

// hasLinker reports whether rest starts with a linker.
func hasLinker(rest string) bool {
	return strings.HasPrefix(rest, "s") || strings.HasPrefix(rest, "en")
}

// isPart reports whether w may be a part: long enough, listed and not a stop
// word.
func (s *Splitter) isPart(w string) bool {
	if len(w) < MinPartLen && !isShortPart(w) {
		return false
	}
	if _, ok := s.parts[w]; !ok {
		return false
	}
	return !isNonPart(w)
}

// isLetters reports whether w consists of ASCII letters a-z only.
func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// isShortPart reports whether w, shorter than MinPartLen, may still be a
// part: a few common nouns and the domain abbreviations ("jeugdwet",
// "dagbesteding", "wmoloket").
func isShortPart(w string) bool {
	switch w {
	case "dag", "wet", "lid", "rol", "web", "gas", "bus", "zee", "hof", "bos",
		"dak", "zak", "vis", "ijs",
		"wmo", "ggz", "uwv", "pgb", "cjg", "svb", "wlz", "zvw", "zzp", "aow":
		return true
	}
	return false
}

// isNonPart reports whether w is a listed word that is never used as a part:
// separable particles and prefixes, whose compounds are lexicalised
// ("uitvoering", "aanbieders", "ondersteuning", "verzekering"), and words
// that are also common suffixes or inflection tails ("kind-eren",
// "gemeente-lijk").
func isNonPart(w string) bool {
	switch w {
	// particles and prefixes
	case "achter", "door", "onder", "over", "terug", "voor":
		return true
	// suffixes, inflection tails and fragments
	case "eren", "ties", "lijk", "baar", "bare", "loos", "ster", "sters",
		"ving", "deren", "geren", "lende", "kenen", "ding", "tuur", "vers", "mede",
		"kundig", "kundige", "schappelijk", "schappelijke", "aten", "anten", "ende",
		"batte", "aars", "opper", "verwar", "lozen":
		return true
	}
	return false
}
