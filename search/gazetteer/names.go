package gazetteer

import (
	"slices"
	"strings"

	"github.com/casus-nl/casus/search/textfold"
)

// maxNameWords bounds the words of a municipality name ("Nuenen, Gerwen en
// Nederwetten" has four).
const maxNameWords = 6

// nameIndex finds municipality names in short texts such as queries. It
// knows the official and everyday name of every current and former
// municipality; a name two municipalities once shared ("Bergen") names
// neither.
type nameIndex struct {
	// byFirst maps a name's first word to its names, longest first.
	byFirst map[string][]indexedName
}

type indexedName struct {
	words []string
	codes []string
}

func newNameIndex(ms []Municipality) nameIndex {
	byKey := map[string]*indexedName{}
	for _, m := range ms {
		for _, n := range []string{m.Name, m.CommonName} {
			words := textfold.Words(n)
			if len(words) == 0 || len(words) > maxNameWords {
				continue
			}
			key := strings.Join(words, " ")
			if byKey[key] == nil {
				byKey[key] = &indexedName{words: words}
			}
			if !slices.Contains(byKey[key].codes, m.Code) {
				byKey[key].codes = append(byKey[key].codes, m.Code)
			}
		}
	}
	ix := nameIndex{byFirst: map[string][]indexedName{}}
	for _, n := range byKey {
		if len(n.codes) == 1 {
			ix.byFirst[n.words[0]] = append(ix.byFirst[n.words[0]], *n)
		}
	}
	for w := range ix.byFirst {
		slices.SortFunc(ix.byFirst[w], func(a, b indexedName) int { return len(b.words) - len(a.words) })
	}
	return ix
}

// Named returns the codes of the municipalities named in text, in order of
// first mention, the longest name winning where names overlap ("Stichtse
// Vecht" rather than a Vecht). Case, diacritics and punctuation are ignored,
// as in a search box. It returns nil when none is named.
func (g *Gazetteer) Named(text string) []string {
	words := textfold.Words(text)
	var out []string
	for i := 0; i < len(words); {
		n, ok := g.names.longestAt(words, i)
		if !ok {
			i++
			continue
		}
		if !slices.Contains(out, n.codes[0]) {
			out = append(out, n.codes[0])
		}
		i += len(n.words)
	}
	return out
}

func (ix nameIndex) longestAt(words []string, i int) (indexedName, bool) {
	for _, n := range ix.byFirst[words[i]] {
		if i+len(n.words) <= len(words) && slices.Equal(n.words, words[i:i+len(n.words)]) {
			return n, true
		}
	}
	return indexedName{}, false
}

// completionKey is a municipality with the word-suffixes of its names
// ("stichtse vecht", "vecht"), folded once at load for Complete.
type completionKey struct {
	m Municipality
	// whole are the folded names; inside their suffixes from a later word.
	whole, inside []string
}

func newCompletionKeys(ms []Municipality) []completionKey {
	keys := make([]completionKey, 0, len(ms))
	for _, m := range ms {
		k := completionKey{m: m}
		for _, name := range []string{m.Name, m.CommonName} {
			words := textfold.Words(name)
			for i := range words {
				suffix := strings.Join(words[i:], " ")
				if i == 0 {
					k.whole = append(k.whole, suffix)
				} else {
					k.inside = append(k.inside, suffix)
				}
			}
		}
		keys = append(keys, k)
	}
	return keys
}

// Complete returns up to n municipalities whose name, or a word of it,
// starts with prefix, ignoring case and diacritics ("dalf" → Dalfsen,
// "vecht" → Stichtse Vecht, "hertog" → 's-Hertogenbosch). Current
// municipalities come before former ones; then a match at the start of the
// name before one inside it, then the larger population.
func (g *Gazetteer) Complete(prefix string, n int) []Municipality {
	want := strings.Join(textfold.Words(prefix), " ")
	if want == "" || n <= 0 {
		return nil
	}
	type match struct {
		m     Municipality
		start bool
	}
	hasPrefix := func(keys []string) bool {
		return slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, want) })
	}
	var found []match
	for _, k := range g.completion {
		if start := hasPrefix(k.whole); start || hasPrefix(k.inside) {
			found = append(found, match{k.m, start})
		}
	}
	slices.SortStableFunc(found, func(a, b match) int {
		switch {
		case a.m.Current != b.m.Current:
			return boolOrder(a.m.Current)
		case a.start != b.start:
			return boolOrder(a.start)
		}
		return b.m.Population - a.m.Population
	})
	out := make([]Municipality, 0, min(n, len(found)))
	for _, f := range found[:min(n, len(found))] {
		out = append(out, clone(f.m))
	}
	return out
}

// boolOrder sorts true first.
func boolOrder(first bool) int {
	if first {
		return -1
	}
	return 1
}
