package casus

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// paramNames are the parameters a ParamError may name.
var paramNames = []string{"q", "page", "size", "municipality", "theme", "domain", "source", "year",
	"from", "to", "sort", "explain"}

// querySeeds are raw query strings that reach every branch of the parsers.
var querySeeds = []string{
	"", "q=jeugdzorg", "q=%22wijkteams+dalfsen%22+-inkoop+OR+wmo", "q=%ff%fe", "page=0", "page=101",
	"size=50", "size=51", "size=-1", "size=1e3", "size=%2B5", "municipality=GM0363&municipality=GM0363",
	"municipality=gm0363", "theme=Jeugd", "theme=jeugd&theme=&theme=+", "year=20166", "year=2016",
	"from=2015-02-30", "from=2019-01-01&to=2018-12-31", "sort=date", "sort=DATE", "explain=true",
	"explain=1", "q=" + strings.Repeat("a", MaxQueryRunes+1), "q=%", "a=1;b=2", "q=a&q=b",
	"source=" + strings.Repeat("x", MaxFilterValueRunes+1), strings.Repeat("domain=a&", MaxFilterValues+1),
}

// checkParamError fails unless err is a *ParamError naming a known
// parameter and wrapping ErrInvalid.
func checkParamError(t *testing.T, raw string, err error, names []string) {
	t.Helper()
	var pe *ParamError
	if !errors.As(err, &pe) {
		t.Fatalf("%q: error %v (%T) is not a *ParamError", raw, err, err)
	}
	if !slices.Contains(names, pe.Param) || pe.Reason == "" || !errors.Is(err, ErrInvalid) {
		t.Fatalf("%q: error %#v does not name one of %v with a reason, or does not wrap ErrInvalid", raw, pe, names)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range querySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseQuery(v)
		if err != nil {
			checkParamError(t, raw, err, paramNames)
			return
		}
		if q.Page < 1 || q.Page > MaxPage || q.Size < 1 || q.Size > MaxSize {
			t.Fatalf("%q: page %d, size %d out of bounds", raw, q.Page, q.Size)
		}
		if !utf8.ValidString(q.Text) || utf8.RuneCountInString(q.Text) > MaxQueryRunes || q.Text != strings.TrimSpace(q.Text) {
			t.Fatalf("%q: text %q is not valid, bounded and trimmed", raw, q.Text)
		}
		for _, list := range [][]string{q.Municipalities, q.Themes, q.Domains, q.Sources, q.Years} {
			if len(list) > MaxFilterValues {
				t.Fatalf("%q: %d filter values", raw, len(list))
			}
		}
		// What Values writes, ParseQuery reads back to the same query: links
		// built from a query cannot change it.
		again, err := ParseQuery(q.Values())
		if err != nil {
			t.Fatalf("%q: reparse of %q: %v", raw, q.Values().Encode(), err)
		}
		if diff := cmp.Diff(q, again, cmp.AllowUnexported(Date{})); diff != "" {
			t.Fatalf("%q: round trip changed the query (-first +again):\n%s", raw, diff)
		}
	})
}

func FuzzParseSuggest(f *testing.F) {
	for _, s := range querySeeds {
		f.Add(s)
	}
	f.Add("q=" + strings.Repeat("é", MaxSuggestRunes+1))
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		text, size, err := ParseSuggest(v)
		if err != nil {
			checkParamError(t, raw, err, []string{"q", "size"})
			return
		}
		if size < 1 || size > MaxSuggestSize {
			t.Fatalf("%q: size %d out of bounds", raw, size)
		}
		if utf8.RuneCountInString(text) > MaxSuggestRunes || text != strings.TrimSpace(text) {
			t.Fatalf("%q: text %q is not bounded and trimmed", raw, text)
		}
	})
}

func FuzzParseSize(f *testing.F) {
	for _, s := range querySeeds {
		f.Add(s, DefaultSimilarSize)
	}
	f.Fuzz(func(t *testing.T, raw string, def int) {
		if def < 1 || def > MaxSize {
			return // the callers' defaults are constants within the bounds
		}
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		size, err := ParseSize(v, def)
		if err != nil {
			checkParamError(t, raw, err, []string{"size"})
			return
		}
		if size < 1 || size > MaxSize || (v.Get("size") == "" && size != def) {
			t.Fatalf("%q (default %d): size %d", raw, def, size)
		}
	})
}
