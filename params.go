package casus

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds on search parameters. Requests beyond them are rejected with a
// ParamError naming the parameter, never truncated silently.
const (
	// MaxQueryRunes bounds the length of q.
	MaxQueryRunes = 256
	// MaxPage bounds page, so deep paging cannot make the engine collect
	// page*size hits.
	MaxPage = 100
	// DefaultSize is the page size when none is given.
	DefaultSize = 10
	// MaxSize bounds size (the contract's 1–50).
	MaxSize = 50
	// MaxFilterValues bounds the values of one filter parameter.
	MaxFilterValues = 20
	// MaxFilterValueRunes bounds the length of one filter value.
	MaxFilterValueRunes = 64
)

var (
	municipalityCode = regexp.MustCompile(`^GM\d{4}$`)
	slugValue        = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	yearValue        = regexp.MustCompile(`^\d{4}$`)
)

// ParseQuery turns URL parameters into a validated Query. Unknown parameters
// are ignored. It is shared by the JSON API and the web page so the two cannot
// drift.
func ParseQuery(v url.Values) (Query, error) {
	q := Query{Page: 1, Size: DefaultSize}
	text := strings.TrimSpace(v.Get("q"))
	if !utf8.ValidString(text) {
		return Query{}, InvalidParam("q", "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(text); n > MaxQueryRunes {
		return Query{}, InvalidParam("q", "is %d characters long; the maximum is %d", n, MaxQueryRunes)
	}
	q.Text = text

	var err error
	if q.Page, err = intParam(v, "page", 1, 1, MaxPage); err != nil {
		return Query{}, err
	}
	if q.Size, err = intParam(v, "size", DefaultSize, 1, MaxSize); err != nil {
		return Query{}, err
	}
	filters := []struct {
		name  string
		dst   *[]string
		valid *regexp.Regexp
		want  string
	}{
		{"municipality", &q.Municipalities, municipalityCode, "a CBS code like GM0363"},
		{"theme", &q.Themes, slugValue, "a lowercase slug"},
		{"domain", &q.Domains, slugValue, "a lowercase slug"},
		{"source", &q.Sources, slugValue, "a lowercase slug"},
		{"year", &q.Years, yearValue, "a four-digit year"},
	}
	for _, f := range filters {
		if *f.dst, err = listParam(v, f.name, f.valid, f.want); err != nil {
			return Query{}, err
		}
	}
	if q.From, err = dateParam(v, "from"); err != nil {
		return Query{}, err
	}
	if q.To, err = dateParam(v, "to"); err != nil {
		return Query{}, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Time().Before(q.From.Time()) {
		return Query{}, InvalidParam("to", "%s is before from %s", q.To, q.From)
	}
	switch s := Sort(v.Get("sort")); s {
	case SortDefault, SortRelevance, SortDate:
		q.Sort = s
	default:
		return Query{}, InvalidParam("sort", "must be %q or %q", SortRelevance, SortDate)
	}
	switch v.Get("explain") {
	case "", "false":
	case "true":
		q.Explain = true
	default:
		return Query{}, InvalidParam("explain", "must be true or false")
	}
	return q, nil
}

// Values is the inverse of ParseQuery: the URL parameters that express q.
// Defaults are left out, so links stay short.
func (q Query) Values() url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	for name, vals := range map[string][]string{
		"municipality": q.Municipalities, "theme": q.Themes, "domain": q.Domains,
		"source": q.Sources, "year": q.Years,
	} {
		for _, x := range vals {
			v.Add(name, x)
		}
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.String())
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.String())
	}
	if q.Sort != SortDefault {
		v.Set("sort", string(q.Sort))
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.Size != 0 && q.Size != DefaultSize {
		v.Set("size", strconv.Itoa(q.Size))
	}
	if q.Explain {
		v.Set("explain", "true")
	}
	return v
}

func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, InvalidParam(name, "must be a whole number from %d to %d", lo, hi)
	}
	return n, nil
}

func listParam(v url.Values, name string, valid *regexp.Regexp, want string) ([]string, error) {
	raw := v[name]
	if len(raw) > MaxFilterValues {
		return nil, InvalidParam(name, "has %d values; the maximum is %d", len(raw), MaxFilterValues)
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range raw {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		if utf8.RuneCountInString(s) > MaxFilterValueRunes || !valid.MatchString(s) {
			return nil, InvalidParam(name, "value %q is not %s", truncate(s, MaxFilterValueRunes), want)
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, nil
}

func dateParam(v url.Values, name string) (Date, error) {
	s := v.Get(name)
	if s == "" {
		return Date{}, nil
	}
	d, err := ParseDate(s)
	if err != nil {
		return Date{}, InvalidParam(name, "must be a date YYYY-MM-DD")
	}
	return d, nil
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Bounds of the other endpoints' parameters.
const (
	// MaxSuggestRunes bounds the text of a suggest request.
	MaxSuggestRunes = 100
	// DefaultSuggestSize and MaxSuggestSize bound /suggest's size.
	DefaultSuggestSize = 8
	MaxSuggestSize     = 20
	// DefaultSimilarSize is /similar's default size; its maximum is MaxSize.
	DefaultSimilarSize = 5
	// DefaultListSize is the default size of municipality lists and
	// comparisons; their maximum is MaxSize.
	DefaultListSize = 10
)

// ParseSuggest reads q (at most MaxSuggestRunes characters; empty asks for
// nothing) and size of a suggest request.
func ParseSuggest(v url.Values) (text string, size int, err error) {
	if text, err = ParseSuggestText(v); err != nil {
		return "", 0, err
	}
	size, err = intParam(v, "size", DefaultSuggestSize, 1, MaxSuggestSize)
	return text, size, err
}

// ParseSuggestText reads a short typed text from q, as for suggestions and
// name lookups: at most MaxSuggestRunes characters, trimmed.
func ParseSuggestText(v url.Values) (string, error) {
	text := strings.TrimSpace(v.Get("q"))
	if n := utf8.RuneCountInString(text); n > MaxSuggestRunes {
		return "", InvalidParam("q", "is %d characters long; the maximum is %d", n, MaxSuggestRunes)
	}
	return text, nil
}

// ParseSize reads an optional size from 1 to MaxSize.
func ParseSize(v url.Values, def int) (int, error) {
	return intParam(v, "size", def, 1, MaxSize)
}
