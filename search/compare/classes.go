package compare

import "fmt"

// sizeClass is one CBS population class: from Min inhabitants up to, not
// including, the next class's Min.
type sizeClass struct {
	min   int
	label string
}

// sizeClasses are the population classes policy advisors compare by
// (DOMAIN.md), from small to large; a read-only table.
var sizeClasses = [...]sizeClass{
	{0, "minder dan 10.000"},
	{10_000, "10.000 tot 20.000"},
	{20_000, "20.000 tot 50.000"},
	{50_000, "50.000 tot 100.000"},
	{100_000, "100.000 tot 250.000"},
	{250_000, "250.000 of meer"},
}

// noClass marks an unknown population, as for a former municipality.
const noClass = -1

// sizeClassOf returns the index in sizeClasses of a population, noClass for
// 0 or less.
func sizeClassOf(population int) int {
	if population <= 0 {
		return noClass
	}
	c := 0
	for i, sc := range sizeClasses {
		if population >= sc.min {
			c = i
		}
	}
	return c
}

// SizeClass is the label of the population class ("20.000 tot 50.000"), ""
// for an unknown population (0).
func SizeClass(population int) string {
	c := sizeClassOf(population)
	if c == noClass {
		return ""
	}
	return sizeClasses[c].label
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
