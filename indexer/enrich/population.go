package enrich

import (
	"regexp"
	"strconv"
	"strings"
)

// Bounds on a stated population. Numbers outside them are not the size of a
// Dutch municipality (the smallest has about a thousand inhabitants, the
// largest under a million).
const (
	MinPopulationHint = 500
	MaxPopulationHint = 1_500_000
)

// populationPattern finds a number of inhabitants: "15.000 inwoners",
// "40 000 inwoners" (also with a non-breaking space), "120000 inwoners".
// The number must not continue a longer number or a decimal.
var populationPattern = regexp.MustCompile(
	`(?i)(?:^|[^\d.,])(\d{1,3}(?:[. \x{00A0}\x{202F}]\d{3})+|\d{1,7})\s+inwoners\b`)

// populationWord is in every text populationPattern matches, in some
// case. Its letters have no case variants outside ASCII, so a search that
// ignores ASCII case alone finds it wherever the pattern's (?i) does, and
// spares the pattern the texts without it.
const populationWord = "inwoner"

// containsASCIIFold reports whether s contains the lower-case ASCII word w
// in any mix of upper and lower case.
func containsASCIIFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && s[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

// populationHint returns the first plausible number of inhabitants stated in
// the texts, 0 if none.
func populationHint(texts ...string) int {
	for _, text := range texts {
		if !containsASCIIFold(text, populationWord) {
			continue
		}
		for _, m := range populationPattern.FindAllStringSubmatch(text, -1) {
			digits := strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, m[1])
			n, err := strconv.Atoi(digits)
			if err == nil && n >= MinPopulationHint && n <= MaxPopulationHint {
				return n
			}
		}
	}
	return 0
}
