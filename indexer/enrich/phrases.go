package enrich

import "slices"

// phraseList is a list of phrases as folded words, found by their first
// word: a page's every word is tried against it, and trying every phrase
// there was a tenth of a crawl's time.
type phraseList struct {
	// byFirst holds the phrases under their first word, in list order.
	byFirst map[string][][]string
	// firsts has the bit of wordBit set for every first word, so that
	// most words of a page are passed over without a lookup in byFirst.
	firsts [wordBits / 64]uint64
}

// wordBits is the size of phraseList.firsts: a list has at most a few dozen
// first words, so few bits are set and few other words share one.
const wordBits = 1024

// wordBit returns the bit of word w in phraseList.firsts, from its length
// and its first and last bytes.
func wordBit(w string) uint {
	if w == "" {
		return 0
	}
	return (uint(w[0])*131 + uint(w[len(w)-1])*31 + uint(len(w))) % wordBits
}

// newPhraseList returns the list of phrases, each given as its words as
// textfold.Words folds them; an empty phrase is left out.
func newPhraseList(phrases []string) phraseList {
	l := phraseList{byFirst: map[string][][]string{}}
	for _, ph := range foldPhrases(phrases) {
		if len(ph) > 0 {
			l.byFirst[ph[0]] = append(l.byFirst[ph[0]], ph)
			b := wordBit(ph[0])
			l.firsts[b/64] |= 1 << (b % 64)
		}
	}
	return l
}

// atFunc returns at for the words toks.
func (l *phraseList) atFunc(toks []token) func(int) int {
	return func(i int) int { return l.at(toks, i) }
}

// at returns the length of the first phrase of the list that starts at
// word i, 0 when none does.
func (l *phraseList) at(toks []token, i int) int {
	if i < 0 || i >= len(toks) {
		return 0
	}
	if b := wordBit(toks[i].folded); l.firsts[b/64]&(1<<(b%64)) == 0 {
		return 0
	}
	for _, ph := range l.byFirst[toks[i].folded] {
		if i+len(ph) <= len(toks) && slices.EqualFunc(ph, toks[i:i+len(ph)], isWord) {
			return len(ph)
		}
	}
	return 0
}

// isWord reports whether t is the folded word w.
func isWord(w string, t token) bool { return w == t.folded }
