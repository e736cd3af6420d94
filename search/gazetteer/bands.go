package gazetteer

import (
	"fmt"
	"strconv"
	"strings"
)

// Population bands. A case is indexed under the band of each of its
// municipalities' populations ("inwoners:35000", 35,000 up to 40,000), so
// that a query naming a number of inhabitants ("minder dan 25.000
// inwoners", "tussen 30.000 en 60.000 inwoners") matches the cases whose
// municipalities lie in its range, not only those of a coarse size group.
const populationPrefix = "inwoners:"

// bandSteps give the width of the bands from each start up to the next
// one: fine where policy advisors draw their lines (20,000, 25,000,
// 50,000), coarse for the few large cities; the last band is open.
var bandSteps = [...]struct{ from, width int }{
	{0, 5_000},
	{50_000, 10_000},
	{100_000, 25_000},
	{250_000, 50_000},
	{lastBandFrom, 0},
}

// lastBandFrom starts the open band of the largest cities.
const lastBandFrom = 1_000_000

// band returns the start and end (exclusive; 0 for the open last band) of
// the band holding population, which is positive.
func band(population int) (start, end int) {
	for i := len(bandSteps) - 1; i >= 0; i-- {
		s := bandSteps[i]
		if population < s.from {
			continue
		}
		if s.width == 0 {
			return s.from, 0
		}
		start = s.from + (population-s.from)/s.width*s.width
		return start, start + s.width
	}
	return 0, 0
}

// PopulationValue is the profile value of the band of a population
// ("inwoners:35000"); "" for 0 or less.
func PopulationValue(population int) string {
	if population <= 0 {
		return ""
	}
	start, _ := band(population)
	return populationPrefix + strconv.Itoa(start)
}

// populationRange is the value a query's number of inhabitants names: the
// range from low up to high, exclusive, where high 0 is open
// ("inwoners:0-25000", "inwoners:100000-0").
func populationRange(low, high int) string {
	return fmt.Sprintf("%s%d-%d", populationPrefix, low, high)
}

// IsPopulationRange reports whether a profile value is a range of
// inhabitants that a query named, to be matched by PopulationBands.
func IsPopulationRange(value string) bool {
	rest, ok := strings.CutPrefix(value, populationPrefix)
	return ok && strings.Contains(rest, "-")
}

// PopulationBands returns the profile values of the bands whose middle lies
// in a range a query named (IsPopulationRange), smallest first; nil for a
// value that is no such range.
func PopulationBands(value string) []string {
	rest, ok := strings.CutPrefix(value, populationPrefix)
	if !ok {
		return nil
	}
	lo, hi, ok := strings.Cut(rest, "-")
	if !ok {
		return nil
	}
	low, err1 := strconv.Atoi(lo)
	high, err2 := strconv.Atoi(hi)
	if err1 != nil || err2 != nil || low < 0 || high < 0 || high != 0 && high <= low {
		return nil
	}
	var out []string
	for start := 0; ; {
		_, end := band(max(start, 1))
		if high != 0 && start >= high {
			break
		}
		middle := start + (end-start)/2
		if end == 0 {
			middle = start
		}
		if middle >= low && (high == 0 || middle < high) {
			out = append(out, populationPrefix+strconv.Itoa(start))
		}
		if end == 0 {
			break
		}
		start = end
	}
	return out
}
