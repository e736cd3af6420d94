package compare

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/casus-nl/casus/search"
	"github.com/casus-nl/casus/search/gazetteer"
)

// The weights of the similarity features. The similarity of a candidate c
// to a target t is
//
//	sim(t, c) = Σ w_f·s_f(t, c) / Σ w_f over the features t has data for
//
// where every s_f lies in [0, 1]:
//
//   - class: 1 when both fall in the same size class (SizeClass);
//   - population: 1 − |ln(pop_t / pop_c)| / ln(populationSpan), at least
//     0, so equal populations give 1 and a factor populationSpan apart 0;
//     it ranks within a class and bridges neighbouring classes;
//   - province: 1 in the same province;
//   - urbanity: 1 in the same Urbanity class, urbanityNeighbour in the
//     next one;
//   - themes: the cosine of the two vectors of case counts per theme;
//   - activity: min(cases_c, casesSaturation) / casesSaturation, so
//     municipalities with cases to learn from come first among equals.
//
// A former municipality has no population or area, so class, population
// and urbanity drop out of the denominator; a municipality without cases
// has no theme vector, so themes drop out. Activity always counts. The
// denominator keeps sim in [0, 1] whatever is missing.
const (
	weightClass      = 0.30
	weightPopulation = 0.25
	weightProvince   = 0.15
	weightUrbanity   = 0.15
	weightThemes     = 0.20
	weightActivity   = 0.05

	// populationSpan is the population ratio at which closeness reaches 0.
	populationSpan = 4.0
	// urbanityNeighbour is the urbanity score of adjacent classes.
	urbanityNeighbour = 0.5
	// casesSaturation is the case count from which activity scores 1.
	casesSaturation = 5
	// closePopulation is the population score from which a candidate in
	// another size class is still called of similar size (a ratio of about
	// 1.5 with populationSpan 4).
	closePopulation = 0.7
	// maxReasonThemes bounds the shared themes a reason names.
	maxReasonThemes = 2
	// similarityDecimals is the number of decimals Similarity is rounded
	// to, so equal-looking scores sort the same for every client.
	similarityDecimals = 3
)

// candidate is a municipality with the data the similarity needs.
type candidate struct {
	m        gazetteer.Municipality
	class    int
	urbanity Urbanity
	stats    search.MunicipalityStats
}

func newCandidate(m gazetteer.Municipality, st search.MunicipalityStats) candidate {
	return candidate{m: m, class: classOf(m.Population), urbanity: UrbanityOf(m.Population, m.AreaKM2), stats: st}
}

// scored is a candidate with its similarity to the target and the reasons.
type scored struct {
	candidate
	similarity float64
	reasons    []string
}

// score computes sim(t, c) as documented on the weights, with the reasons
// in Dutch for every feature that counts in c's favour.
func (s *Service) score(t, c candidate) scored {
	var earned, possible float64
	var reasons []string
	if t.class != gazetteer.NoSizeClass {
		possible += weightClass + weightPopulation
		pop := populationCloseness(t.m.Population, c.m.Population)
		earned += weightPopulation * pop
		switch {
		case c.class == t.class:
			earned += weightClass
			reasons = append(reasons, fmt.Sprintf("zelfde grootteklasse (%s inwoners)", SizeClass(t.m.Population)))
		case pop >= closePopulation:
			reasons = append(reasons, fmt.Sprintf("vergelijkbaar aantal inwoners (%s)", formatCount(c.m.Population)))
		}
	}
	possible += weightProvince
	if c.m.Province == t.m.Province {
		earned += weightProvince
		reasons = append(reasons, "ook in "+c.m.Province)
	}
	if t.urbanity != 0 {
		possible += weightUrbanity
		switch d := t.urbanity - c.urbanity; {
		case c.urbanity == 0:
		case d == 0:
			earned += weightUrbanity
			reasons = append(reasons, fmt.Sprintf("vergelijkbare bevolkingsdichtheid (%s)", c.urbanity))
		case d == 1 || d == -1:
			earned += weightUrbanity * urbanityNeighbour
		}
	}
	shared := sharedThemes(t.stats.Themes, c.stats.Themes)
	if t.stats.Cases > 0 {
		possible += weightThemes
		earned += weightThemes * cosine(t.stats.Themes, c.stats.Themes)
	}
	possible += weightActivity
	earned += weightActivity * float64(min(c.stats.Cases, casesSaturation)) / casesSaturation
	switch {
	case len(shared) > 0:
		reasons = append(reasons, s.themesReason(shared))
	case c.stats.Cases == 1:
		reasons = append(reasons, "heeft 1 case")
	case c.stats.Cases > 1:
		reasons = append(reasons, fmt.Sprintf("heeft %d cases", c.stats.Cases))
	}
	scale := math.Pow10(similarityDecimals)
	return scored{candidate: c, similarity: math.Round(earned/possible*scale) / scale, reasons: reasons}
}

// populationCloseness scores two populations: 1 when equal, falling with
// the log of their ratio to 0 at populationSpan; 0 when either is unknown.
func populationCloseness(a, b int) float64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return max(0, 1-math.Abs(math.Log(float64(a)/float64(b)))/math.Log(populationSpan))
}

// cosine is the cosine similarity of two count vectors, 0 when either is
// empty.
func cosine(a, b map[string]int) float64 {
	var dot, na, nb float64
	for k, x := range a {
		dot += float64(x) * float64(b[k])
		na += float64(x) * float64(x)
	}
	for _, y := range b {
		nb += float64(y) * float64(y)
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// sharedThemes lists the themes both have cases on, the one with the most
// cases on both sides (the smaller of the two counts) first, then by slug.
func sharedThemes(a, b map[string]int) []string {
	var out []string
	for k, x := range a {
		if x > 0 && b[k] > 0 {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(x, y string) int {
		return cmp.Or(cmp.Compare(min(a[y], b[y]), min(a[x], b[x])), strings.Compare(x, y))
	})
	return out
}

// themesReason says which themes two municipalities share, naming at most
// maxReasonThemes of them.
func (s *Service) themesReason(shared []string) string {
	labels := make([]string, 0, maxReasonThemes)
	for _, slug := range shared[:min(maxReasonThemes, len(shared))] {
		labels = append(labels, s.themeLabel(slug))
	}
	if len(labels) == 1 {
		return "cases over hetzelfde thema: " + labels[0]
	}
	return "cases over dezelfde thema's: " + strings.Join(labels, ", ")
}

// classOf is the population class of a population.
func classOf(population int) int {
	class, _ := gazetteer.SizeClass(population)
	return class
}
