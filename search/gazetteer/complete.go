package gazetteer

// CompleteCodes is Complete reduced to codes, in the same order, for callers
// that label municipalities themselves (search's suggestions). It returns nil
// when nothing matches.
func (g *Gazetteer) CompleteCodes(prefix string, n int) []string {
	ms := g.Complete(prefix, n)
	if len(ms) == 0 {
		return nil
	}
	codes := make([]string, len(ms))
	for i, m := range ms {
		codes[i] = m.Code
	}
	return codes
}
