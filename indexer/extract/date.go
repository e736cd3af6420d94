package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/casus-nl/casus"
)

// Plausible publication dates: none of the sites is older than the web's
// Dutch government pages, and a date more than a year ahead is an event or a
// typo, not when the page was written.
const (
	minYear       = 1995
	maxDateFuture = 365 * 24 * time.Hour
)

// months maps Dutch and English month names and abbreviations to months.
var months = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1,
	"februari": 2, "feb": 2, "febr": 2, "february": 2,
	"maart": 3, "mrt": 3, "mar": 3, "march": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7,
	"augustus": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

const monthNames = `januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|` +
	`january|february|march|may|june|july|august|october|` +
	`jan|febr|feb|mrt|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec`

// datePatterns find dates in text. Numeric dates are day-first, as Dutch
// writes them (29/09/2016); the order of the groups is given per pattern.
var datePatterns = []struct {
	re         *regexp.Regexp
	y, m, d    int // submatch indexes
	namedMonth bool
}{
	{re: regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`), y: 1, m: 2, d: 3},
	{re: regexp.MustCompile(`\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b`), y: 3, m: 2, d: 1},
	{re: regexp.MustCompile(`(?i)\b(\d{1,2})\.?\s+(` + monthNames + `)\.?,?\s+(\d{4})\b`), y: 3, m: 2, d: 1, namedMonth: true},
	{re: regexp.MustCompile(`(?i)\b(` + monthNames + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`), y: 3, m: 1, d: 2, namedMonth: true},
}

// isoPrefix matches the date part of an ISO 8601 date or date-time.
var isoPrefix = regexp.MustCompile(`^\s*(\d{4})-(\d{2})-(\d{2})`)

// parseDateValue parses a machine-readable date (JSON-LD, meta content,
// datetime attribute): ISO 8601 first, then any date form findDate knows.
// The calendar day is taken as written, without converting time zones: a
// page published at 00:30 Amsterdam time was published that day.
func parseDateValue(s string, now time.Time) (casus.Date, bool) {
	if m := isoPrefix.FindStringSubmatch(s); m != nil {
		if d, ok := makeDate(m[1], m[2], m[3], false, now); ok {
			return d, true
		}
	}
	d, _, ok := findDate(s, now)
	return d, ok
}

// findDate returns the leftmost plausible date in text and where it starts.
func findDate(text string, now time.Time) (casus.Date, int, bool) {
	best, bestAt := casus.Date{}, -1
	if !hasYearDigits(text) {
		return best, bestAt, false
	}
	for _, p := range datePatterns {
		for _, m := range p.re.FindAllStringSubmatchIndex(text, -1) {
			if bestAt >= 0 && m[0] >= bestAt {
				break
			}
			sub := func(i int) string { return text[m[2*i]:m[2*i+1]] }
			if d, ok := makeDate(sub(p.y), sub(p.m), sub(p.d), p.namedMonth, now); ok {
				best, bestAt = d, m[0]
				break
			}
		}
	}
	return best, bestAt, bestAt >= 0
}

// hasYearDigits reports whether text holds four digits in a row, as every
// date pattern's year does: most paragraphs have none, and the check spares
// them the patterns.
func hasYearDigits(text string) bool {
	run := 0
	for i := 0; i < len(text); i++ {
		if text[i] < '0' || text[i] > '9' {
			run = 0
		} else if run++; run == 4 {
			return true
		}
	}
	return false
}

func makeDate(ys, ms, ds string, named bool, now time.Time) (casus.Date, bool) {
	y, err1 := strconv.Atoi(ys)
	d, err2 := strconv.Atoi(ds)
	var m int
	if named {
		m = int(months[strings.ToLower(ms)])
	} else {
		m, _ = strconv.Atoi(ms)
	}
	if err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return casus.Date{}, false
	}
	date := casus.NewDate(y, time.Month(m), d)
	t := date.Time()
	if t.Day() != d || y < minYear || t.After(now.Add(maxDateFuture)) {
		return casus.Date{}, false
	}
	return date, true
}
