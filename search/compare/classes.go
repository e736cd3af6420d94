package compare

import (
	"fmt"

	"github.com/casus-nl/casus/search/gazetteer"
)

// SizeClass is the label of the population class ("20.000 tot 50.000"), ""
// for an unknown population (0).
func SizeClass(population int) string {
	_, label := gazetteer.SizeClass(population)
	return label
}

// Urbanity approximates CBS's stedelijkheid (1 zeer sterk stedelijk … 5
// niet stedelijk) from inhabitants per km² of land. CBS classifies by
// address density within a kilometre of each address (2500, 1500, 1000 and
// 500 addresses per km²), which the gazetteer does not have. Municipal
// population density is lower than that address density wherever a
// municipality has empty land around its towns, so the thresholds below are
// set lower; they put Amsterdam and The Hague in class 1, Zwolle in 2,
// Dalfsen and Súdwest-Fryslân in 5. It is an approximation: a rural
// municipality with one dense town can be classed too rural.
type Urbanity int

// The density thresholds of Urbanity, in inhabitants per km² of land.
const (
	urbanity1Density = 2500.0 // zeer sterk stedelijk from here
	urbanity2Density = 1000.0 // sterk stedelijk
	urbanity3Density = 500.0  // matig stedelijk
	urbanity4Density = 250.0  // weinig stedelijk; below: niet stedelijk
)

// urbanityLabels names the classes, index 1..5; a read-only table.
var urbanityLabels = [...]string{"", "zeer sterk stedelijk", "sterk stedelijk", "matig stedelijk", "weinig stedelijk", "niet stedelijk"}

// UrbanityOf classes a municipality by its population and land area; 0 when
// either is unknown.
func UrbanityOf(population int, areaKM2 float64) Urbanity {
	if population <= 0 || areaKM2 <= 0 {
		return 0
	}
	switch d := float64(population) / areaKM2; {
	case d >= urbanity1Density:
		return 1
	case d >= urbanity2Density:
		return 2
	case d >= urbanity3Density:
		return 3
	case d >= urbanity4Density:
		return 4
	}
	return 5
}

// String names the class in Dutch, "" for 0.
func (u Urbanity) String() string {
	if u < 1 || int(u) >= len(urbanityLabels) {
		return ""
	}
	return urbanityLabels[u]
}

// formatCount writes a whole number the Dutch way, with a dot every three
// digits: 30268 → "30.268".
func formatCount(n int) string {
	if n < 0 {
		return "-" + formatCount(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
