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

// populationHint returns the first plausible number of inhabitants stated in
// the texts, 0 if none.
func populationHint(texts ...string) int {
	for _, text := range texts {
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
