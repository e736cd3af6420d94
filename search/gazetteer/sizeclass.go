package gazetteer

// sizeClass is one CBS population class: from min inhabitants up to, not
// including, the next class's min.
type sizeClass struct {
	min   int
	label string
}

// sizeClasses are the population classes policy advisors compare by (CBS's
// gemeentegrootteklassen, also behind comparable municipalities: README,
// "The API in brief"), from small to large; a read-only table.
var sizeClasses = [...]sizeClass{
	{0, "minder dan 10.000"},
	{10_000, "10.000 tot 20.000"},
	{20_000, "20.000 tot 50.000"},
	{50_000, "50.000 tot 100.000"},
	{100_000, "100.000 tot 250.000"},
	{250_000, "250.000 of meer"},
}

// NoSizeClass is the class of an unknown population (a former
// municipality's 0).
const NoSizeClass = -1

// SizeClass returns the CBS population class of a population, counted from
// 0 for the smallest, and its label ("20.000 tot 50.000"); NoSizeClass and
// "" for a population of 0 or less.
func SizeClass(population int) (class int, label string) {
	if population <= 0 {
		return NoSizeClass, ""
	}
	for i := len(sizeClasses) - 1; i >= 0; i-- {
		if population >= sizeClasses[i].min {
			return i, sizeClasses[i].label
		}
	}
	return NoSizeClass, ""
}

// SameSizeClass returns the codes of the current municipalities in the
// population class of code (code itself included); for a former
// municipality, the class of what it merged into. It returns nil when the
// class is unknown.
func (g *Gazetteer) SameSizeClass(code string) []string {
	m, ok := g.Resolve(code)
	if !ok {
		return nil
	}
	return g.SizeClassPeers(m.Population)
}

// SizeClassPeers returns the codes of the current municipalities in the
// population class of population; nil for an unknown population.
func (g *Gazetteer) SizeClassPeers(population int) []string {
	class, _ := SizeClass(population)
	if class == NoSizeClass {
		return nil
	}
	var out []string
	for _, c := range g.current {
		if k, _ := SizeClass(c.Population); k == class {
			out = append(out, c.Code)
		}
	}
	return out
}
