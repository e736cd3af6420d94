package casus

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  Query
	}{
		{"defaults", "", Query{Page: 1, Size: DefaultSize}},
		{"words trimmed", "q=++jeugdzorg+Dalfsen+", Query{Text: "jeugdzorg Dalfsen", Page: 1, Size: DefaultSize}},
		{"filters repeat and dedupe", "theme=jeugd&theme=wmo&theme=jeugd&municipality=GM0363&year=2016",
			Query{Themes: []string{"jeugd", "wmo"}, Municipalities: []string{"GM0363"}, Years: []string{"2016"}, Page: 1, Size: DefaultSize}},
		{"paging and sort", "page=3&size=50&sort=date", Query{Page: 3, Size: 50, Sort: SortDate}},
		{"dates", "from=2015-01-01&to=2019-12-31",
			Query{From: NewDate(2015, 1, 1), To: NewDate(2019, 12, 31), Page: 1, Size: DefaultSize}},
		{"unknown parameters ignored", "foo=bar&q=wmo", Query{Text: "wmo", Page: 1, Size: DefaultSize}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseQuery(v)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.query, err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b Date) bool { return a == b })); diff != "" {
				t.Errorf("ParseQuery(%q) (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		name  string
		query string
		param string
	}{
		{"size zero", "size=0", "size"},
		{"size too big", "size=51", "size"},
		{"size not a number", "size=ten", "size"},
		{"absurd size", "size=99999999999999999999", "size"},
		{"page zero", "page=0", "page"},
		{"page too deep", "page=101", "page"},
		{"bad sort", "sort=random", "sort"},
		{"bad municipality", "municipality=Amsterdam", "municipality"},
		{"bad theme", "theme=Jeugd%20en%20zo", "theme"},
		{"bad year", "year=16", "year"},
		{"bad from", "from=17-06-2024", "from"},
		{"to before from", "from=2020-01-01&to=2019-01-01", "to"},
		{"q too long", "q=" + strings.Repeat("a", MaxQueryRunes+1), "q"},
		{"q not utf-8", "q=%ff%fe", "q"},
		{"too many values", "theme=" + strings.Repeat("a&theme=", MaxFilterValues) + "a", "theme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseQuery(v)
			var pe *ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseQuery(%q) error = %v, want a *ParamError", tt.query, err)
			}
			if pe.Param != tt.param || !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v names %q, want %q and kind ErrInvalid", err, pe.Param, tt.param)
			}
			if !strings.Contains(err.Error(), tt.param) {
				t.Errorf("message %q does not name the parameter", err.Error())
			}
		})
	}
}

func TestQueryValuesRoundTrip(t *testing.T) {
	for _, raw := range []string{
		"",
		"q=wijkteam+inkoop&theme=toegang&theme=inkoop&municipality=GM0148&page=2&size=20&sort=date",
		"from=2016-01-01&to=2016-12-31&source=kompas&domain=sociaal&year=2016",
	} {
		v, _ := url.ParseQuery(raw)
		q, err := ParseQuery(v)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseQuery(q.Values())
		if err != nil {
			t.Fatalf("reparse %q: %v", q.Values().Encode(), err)
		}
		if diff := cmp.Diff(q, again, cmp.Comparer(func(a, b Date) bool { return a == b })); diff != "" {
			t.Errorf("round trip of %q (-first +second):\n%s", raw, diff)
		}
	}
}

func TestEffectiveSort(t *testing.T) {
	tests := []struct {
		q    Query
		want Sort
	}{
		{Query{}, SortDate},
		{Query{Text: "wmo"}, SortRelevance},
		{Query{Text: "wmo", Sort: SortDate}, SortDate},
		{Query{Sort: SortRelevance}, SortRelevance},
	}
	for _, tt := range tests {
		if got := tt.q.EffectiveSort(); got != tt.want {
			t.Errorf("%+v.EffectiveSort() = %q, want %q", tt.q, got, tt.want)
		}
	}
}
