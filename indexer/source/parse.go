package source

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/andybalholm/cascadia"
	"github.com/goccy/go-yaml"

	"github.com/casus-nl/casus"
)

// Error is a problem in a sources file, located by line and field so the
// person editing the file can go straight to it.
type Error struct {
	// Line is 1-based; 0 when the problem has no single place.
	Line int
	// Field is the path of the field, like "sources[1].allow[0]".
	Field string
	Msg   string
}

// Error formats "line N: field: message".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap makes every sources error an invalid-input error.
func (e *Error) Unwrap() error { return casus.ErrInvalid }

// slug is the form of an id: the search API's facet value form.
var slug = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// Parse parses and validates a sources file, whose fields the commented
// example testdata/example.yaml explains (README, "Crawl your own sites").
// The file must be UTF-8 (a byte order mark is allowed) of at most
// MaxFileBytes, nested at most MaxNesting deep; unknown fields are errors.
// Every error is an *Error naming line and field where it has them.
func Parse(data []byte) ([]Source, error) {
	data, err := checkFile(data)
	if err != nil {
		return nil, err
	}
	var f rawFile
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.DisallowUnknownField()); err != nil {
		return nil, yamlError(err)
	}
	if len(f.Sources) == 0 {
		return nil, &Error{Field: "sources", Msg: "at least one source is required"}
	}
	if len(f.Sources) > MaxSources {
		return nil, &Error{Field: "sources", Msg: fmt.Sprintf("has %d sources; the maximum is %d", len(f.Sources), MaxSources)}
	}
	out := make([]Source, 0, len(f.Sources))
	idLines := map[string]int{}
	for i, r := range f.Sources {
		src, err := r.validate(fmt.Sprintf("sources[%d]", i))
		if err != nil {
			return nil, err
		}
		if prev, dup := idLines[src.ID]; dup {
			return nil, &Error{Line: r.ID.line, Field: fmt.Sprintf("sources[%d].id", i),
				Msg: fmt.Sprintf("%q is already used on line %d", src.ID, prev)}
		}
		idLines[src.ID] = r.ID.line
		out = append(out, src)
	}
	return out, nil
}

func (r rawSource) validate(field string) (Source, error) {
	fail := func(s scalar, name, format string, args ...any) error {
		line := s.line
		if line == 0 {
			line = r.line
		}
		return &Error{Line: line, Field: field + "." + name, Msg: fmt.Sprintf(format, args...)}
	}
	var src Source
	src.ID = strings.TrimSpace(r.ID.val)
	switch {
	case src.ID == "":
		return Source{}, fail(r.ID, "id", "is required")
	case len(src.ID) > MaxIDLen || !slug.MatchString(src.ID):
		return Source{}, fail(r.ID, "id", "%q is not a lowercase slug of at most %d characters (a-z, 0-9, - and _)", src.ID, MaxIDLen)
	}
	src.Name = strings.TrimSpace(r.Name.val)
	switch {
	case src.Name == "":
		return Source{}, fail(r.Name, "name", "is required")
	case utf8.RuneCountInString(src.Name) > MaxNameLen:
		return Source{}, fail(r.Name, "name", "is longer than %d characters", MaxNameLen)
	}
	var err error
	if src.StartURLs, err = parseURLs(r.StartURLs, field+".start_urls"); err != nil {
		return Source{}, err
	}
	if src.Sitemaps, err = parseURLs(r.Sitemaps, field+".sitemaps"); err != nil {
		return Source{}, err
	}
	if len(src.StartURLs)+len(src.Sitemaps) == 0 {
		return Source{}, fail(scalar{}, "start_urls", "give at least one start URL or sitemap")
	}
	if src.Allow, err = parseRegexps(r.Allow, field+".allow"); err != nil {
		return Source{}, err
	}
	if len(src.Allow) == 0 {
		return Source{}, fail(scalar{}, "allow", "give at least one pattern for the case pages (e.g. '^/cases/[^/]+/?$')")
	}
	if src.Follow, err = parseRegexps(r.Follow, field+".follow"); err != nil {
		return Source{}, err
	}
	if len(src.Follow) == 0 {
		src.Follow = src.Allow
	}
	wholeNumber := func(s scalar, name string, def, max int) (int, error) {
		if !s.set {
			return def, nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(s.val))
		if err != nil || n < 1 || n > max {
			return 0, fail(s, name, "%q is not a whole number from 1 to %d", s.val, max)
		}
		return n, nil
	}
	if src.MaxPages, err = wholeNumber(r.MaxPages, "max_pages", DefaultMaxPages, MaxMaxPages); err != nil {
		return Source{}, err
	}
	src.Delay = DefaultDelay
	if r.Delay.set {
		d, err := time.ParseDuration(strings.TrimSpace(r.Delay.val))
		if err != nil || d < 0 || d > MaxDelay {
			return Source{}, fail(r.Delay, "delay", "%q is not a duration from 0s to %s (like 500ms or 2s)", r.Delay.val, MaxDelay)
		}
		src.Delay = d
	}
	if src.Parallel, err = wholeNumber(r.Parallel, "parallel", DefaultParallel, MaxParallel); err != nil {
		return Source{}, err
	}
	if src.Selectors, err = r.Selectors.validate(field + ".selectors"); err != nil {
		return Source{}, err
	}
	return src, nil
}

func parseURLs(raw list, field string) ([]*url.URL, error) {
	if len(raw) > MaxListLen {
		return nil, &Error{Line: raw[0].line, Field: field, Msg: fmt.Sprintf("has %d entries; the maximum is %d", len(raw), MaxListLen)}
	}
	var out []*url.URL
	for i, s := range raw {
		u, err := url.Parse(strings.TrimSpace(s.val))
		msg := ""
		switch {
		case err != nil:
			msg = fmt.Sprintf("%q is not a URL", s.val)
		case u.Scheme != "http" && u.Scheme != "https":
			msg = fmt.Sprintf("%q is not an absolute http(s) URL", s.val)
		case u.Hostname() == "":
			msg = fmt.Sprintf("%q has no host", s.val)
		case u.User != nil:
			msg = fmt.Sprintf("%q must not contain a user name or password", s.val)
		}
		if msg != "" {
			return nil, &Error{Line: s.line, Field: fmt.Sprintf("%s[%d]", field, i), Msg: msg}
		}
		u.Fragment, u.RawFragment = "", ""
		out = append(out, u)
	}
	return out, nil
}

func parseRegexps(raw list, field string) ([]*regexp.Regexp, error) {
	if len(raw) > MaxListLen {
		return nil, &Error{Line: raw[0].line, Field: field, Msg: fmt.Sprintf("has %d entries; the maximum is %d", len(raw), MaxListLen)}
	}
	var out []*regexp.Regexp
	for i, s := range raw {
		if s.val == "" {
			return nil, &Error{Line: s.line, Field: fmt.Sprintf("%s[%d]", field, i), Msg: "is empty"}
		}
		re, err := regexp.Compile(s.val)
		if err != nil {
			return nil, &Error{Line: s.line, Field: fmt.Sprintf("%s[%d]", field, i), Msg: fmt.Sprintf("bad regexp: %v", err)}
		}
		out = append(out, re)
	}
	return out, nil
}

func (r rawSelectors) validate(field string) (Selectors, error) {
	var sel Selectors
	single := []struct {
		name string
		raw  scalar
		dst  *string
	}{
		{"title", r.Title, &sel.Title},
		{"date", r.Date, &sel.Date},
		{"body", r.Body, &sel.Body},
		{"tags", r.Tags, &sel.Tags},
	}
	for _, s := range single {
		v, err := cssSelector(s.raw, field+"."+s.name)
		if err != nil {
			return Selectors{}, err
		}
		*s.dst = v
	}
	if len(r.Exclude) > MaxListLen {
		return Selectors{}, &Error{Line: r.Exclude[0].line, Field: field + ".exclude",
			Msg: fmt.Sprintf("has %d entries; the maximum is %d", len(r.Exclude), MaxListLen)}
	}
	for i, s := range r.Exclude {
		v, err := cssSelector(s, fmt.Sprintf("%s.exclude[%d]", field, i))
		if err != nil {
			return Selectors{}, err
		}
		if v != "" {
			sel.Exclude = append(sel.Exclude, v)
		}
	}
	return sel, nil
}

func cssSelector(s scalar, field string) (string, error) {
	v := strings.TrimSpace(s.val)
	if v == "" {
		return "", nil
	}
	if _, err := cascadia.ParseGroup(v); err != nil {
		return "", &Error{Line: s.line, Field: field, Msg: fmt.Sprintf("bad CSS selector %q: %v", v, err)}
	}
	return v, nil
}
