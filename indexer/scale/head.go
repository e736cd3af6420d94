package scale

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/textfold"
)

// Shares and bounds of what a document is about.
const (
	// minYear and lastYear bound document dates; lastMonth is the last
	// month of lastYear with documents, before the fetch dates.
	minYear   = 2010
	lastYear  = 2026
	lastMonth = time.October
	// yearRamp makes later years more common: year y has weight
	// y-minYear+yearRamp, as sites publish more over time.
	yearRamp = 3
	// undatedShare of the documents have no date.
	undatedShare = 0.08
	// formerShare of the documents with a municipality are about a former
	// municipality, dated before its merger.
	formerShare = 0.05
	// noPlaceShare of the cases name no municipality, only a size.
	noPlaceShare = 0.04
	// manyPlacesShare of the cases are regional: 2 to maxPlaces
	// municipalities of one province.
	manyPlacesShare = 0.12
	maxPlaces       = 4
	// hintMin and hintMax bound the size a case without a municipality
	// gives, in thousands of inhabitants.
	hintMin, hintMax = 5, 150
	// oneMoreTheme and twoMoreThemes are the shares of cases with two and
	// three themes; a regulation has at most two.
	oneMoreTheme, twoMoreThemes = 0.40, 0.20
	// extraDomainShare of the documents touch a domain beyond their themes'.
	extraDomainShare = 0.10
	// noTagsShare of the documents have no site tags.
	noTagsShare = 0.10
	// otherTagShare is the chance of each optional tag.
	otherTagShare = 0.5
	// maxSlugBytes bounds the title part of a URL path.
	maxSlugBytes = 60
	// shortSkew and longSkew shape the body lengths: a length is
	// min+(max-min)*u^skew for a uniform u, so that the average of long
	// bodies is near 26 KiB.
	shortSkew = 1.4
	longSkew  = 2.45
	// lengthMargin keeps the planned length below the maximum: the last
	// sentence and the closing paragraph come on top of it.
	lengthMargin = 700
	// regulationTag is the site tag of every regulation.
	regulationTag = "Regelgeving"
)

// Random streams: every document has independent generators for its head
// (what the title needs), its body and its page, so a URL or a page costs
// only what it shows.
const (
	streamHead uint64 = iota + 1
	streamBody
	streamPage
)

// golden is the odd constant of splitmix64.
const golden = 0x9e3779b97f4a7c15

// mix is the splitmix64 finaliser: it turns neighbouring numbers into
// unrelated ones.
func mix(x uint64) uint64 {
	x += golden
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// rng returns the generator of one stream of document i.
func (c *Corpus) rng(i int, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(mix(c.cfg.Seed^stream*golden), mix(uint64(i)^stream<<56)))
}

// head is what a document is about, its title and its URL path: everything
// but the body.
type head struct {
	source  int
	themes  []int
	domains []int
	places  []place
	// pop is the population the text may give: the municipality's, or the
	// size a case without one states (then popHint is set too).
	pop, popHint int
	date         casus.Date
	person       string
	title, path  string
	tags         []string
	// target is the planned body length in bytes; long is true for a long page.
	target int
	long   bool
}

// head generates the head of document i.
func (c *Corpus) head(i int) *head {
	lex := c.lex
	r := c.rng(i, streamHead)
	regs := c.cfg.Profile == ProfileRegulations
	h := &head{source: lex.sourceWeight.pick(r)}
	h.themes = []int{lex.themeWeight.pick(r)}
	more := 0
	switch u := r.Float64(); {
	case u < twoMoreThemes && !regs:
		more = 2
	case u < oneMoreTheme:
		more = 1
	}
	for len(h.themes) < 1+more {
		if t := lex.themeWeight.pick(r); !slices.Contains(h.themes, t) {
			h.themes = append(h.themes, t)
		}
	}
	h.domains = c.domainsOf(r, h.themes)
	c.placesOf(r, h, regs)
	h.date = c.dateOf(r, h)
	h.person = lex.firstNames.pick(r) + " " + lex.surnames.pick(r)

	w := newWriter(lex, r, h)
	w.titles = true
	if regs {
		w.regulationTitle()
	} else {
		w.caseTitle()
	}
	h.title = string(capitalize(w.buf))
	h.path = CasesPath + slug(h.title) + "-" + itoa(i+1) + "/"

	h.long = regs || r.Float64() < LongShare
	if h.long {
		h.target = plannedLength(r, LongMinBytes, LongMaxBytes, longSkew)
	} else {
		h.target = plannedLength(r, ShortMinBytes, ShortMaxBytes, shortSkew)
	}
	h.tags = c.tagsOf(r, h, regs)
	return h
}

// plannedLength draws a body length between lo and hi: the text is planned
// up to closingReserve before it, so the closing paragraph ends it above
// lo, and lengthMargin below hi leaves room for the last sentences.
func plannedLength(r *rand.Rand, lo, hi int, skew float64) int {
	lo += closingReserve
	hi -= lengthMargin
	return lo + int(float64(hi-lo)*math.Pow(r.Float64(), skew))
}

// domainsOf returns the domains the themes imply (or a fallback when they
// imply none), sometimes with one more, in taxonomy order.
func (c *Corpus) domainsOf(r *rand.Rand, themes []int) []int {
	lex := c.lex
	set := make([]bool, len(lex.domains))
	implied := false
	for _, t := range themes {
		for _, d := range lex.themes[t].domains {
			set[d], implied = true, true
		}
	}
	if !implied {
		set[lex.fallbackIdx[lex.fallback.pick(r)]] = true
	}
	if r.Float64() < extraDomainShare {
		set[lex.extraIdx[lex.extra.pick(r)]] = true
	}
	var out []int
	for d, ok := range set {
		if ok {
			out = append(out, d)
		}
	}
	return out
}

// placesOf chooses the municipalities of h: none (with a size instead),
// one, or several of one province; now and then a former one first.
func (c *Corpus) placesOf(r *rand.Rand, h *head, regs bool) {
	lex := c.lex
	n := 1
	if !regs {
		switch u := r.Float64(); {
		case u < noPlaceShare:
			n = 0
		case u < noPlaceShare+manyPlacesShare:
			n = 2 + r.IntN(maxPlaces-1)
		}
	}
	if n == 0 {
		h.popHint = (hintMin + r.IntN(hintMax-hintMin+1)) * 1000
		h.pop = h.popHint
		return
	}
	first := lex.places[lex.placeWeight.pick(r)]
	if r.Float64() < formerShare {
		first = lex.formers[r.IntN(len(lex.formers))]
	}
	h.places = []place{first}
	h.pop = first.population / 1000 * 1000
	table, ok := lex.provinces[first.province]
	if !ok {
		table = placeTable{w: lex.placeWeight}
	}
	for tries := 0; len(h.places) < n && tries < n*maxPlaces; tries++ {
		k := table.w.pick(r)
		if table.idx != nil {
			k = table.idx[k]
		}
		p := lex.places[k]
		if !slices.ContainsFunc(h.places, func(q place) bool { return q.ref.Code == p.ref.Code }) {
			h.places = append(h.places, p)
		}
	}
}

// dateOf gives most documents a date, later years more often, and a
// document about a former municipality a date before its merger.
func (c *Corpus) dateOf(r *rand.Rand, h *head) casus.Date {
	if r.Float64() < undatedShare {
		return casus.Date{}
	}
	if len(h.places) > 0 && !h.places[0].end.IsZero() {
		start := time.Date(minYear, time.January, 1, 0, 0, 0, 0, time.UTC)
		days := int(h.places[0].end.Time().Sub(start).Hours() / 24)
		d := start.AddDate(0, 0, r.IntN(days))
		return casus.NewDate(d.Year(), d.Month(), d.Day())
	}
	total := 0
	for y := minYear; y <= lastYear; y++ {
		total += y - minYear + yearRamp
	}
	x := r.IntN(total)
	year := minYear
	for ; x >= year-minYear+yearRamp; year++ {
		x -= year - minYear + yearRamp
	}
	months := 12
	if year == lastYear {
		months = int(lastMonth)
	}
	month := time.Month(1 + r.IntN(months))
	days := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return casus.NewDate(year, month, 1+r.IntN(days))
}

// tagsOf gives the site tags: the main theme, sometimes the other themes,
// the kind of work and the municipality.
func (c *Corpus) tagsOf(r *rand.Rand, h *head, regs bool) []string {
	tags := []string{}
	if r.Float64() < noTagsShare {
		return tags
	}
	for k, t := range h.themes {
		if k == 0 || r.Float64() < otherTagShare {
			tags = append(tags, c.lex.themes[t].tag)
		}
	}
	switch {
	case regs:
		tags = append(tags, regulationTag)
	case r.Float64() < otherTagShare:
		tags = append(tags, c.lex.serviceTags.pick(r))
	}
	if len(h.places) > 0 && r.Float64() < otherTagShare {
		tags = append(tags, h.places[0].name)
	}
	return tags
}

// refs returns the municipality references of the document.
func (h *head) refs() []casus.MunicipalityRef {
	out := make([]casus.MunicipalityRef, 0, len(h.places))
	for _, p := range h.places {
		out = append(out, p.ref)
	}
	return out
}

// themeSlugs returns the theme slugs, main theme first.
func (h *head) themeSlugs(lex *lexicon) []string {
	out := make([]string, 0, len(h.themes))
	for _, t := range h.themes {
		out = append(out, lex.themes[t].slug)
	}
	return out
}

// domainSlugs returns the domain slugs in taxonomy order.
func (h *head) domainSlugs(lex *lexicon) []string {
	out := make([]string, 0, len(h.domains))
	for _, d := range h.domains {
		out = append(out, lex.domains[d].slug)
	}
	return out
}

// slug makes the title part of a URL path: folded words joined by hyphens,
// cut at a word within maxSlugBytes.
func slug(title string) string {
	var b strings.Builder
	for _, w := range textfold.Words(title) {
		if b.Len() > 0 && b.Len()+1+len(w) > maxSlugBytes {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	if b.Len() == 0 {
		return "case"
	}
	return b.String()
}
