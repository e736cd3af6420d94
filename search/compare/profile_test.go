package compare

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

func TestProfile(t *testing.T) {
	s, _ := newTestService(t)
	tests := []struct {
		code string
		want casus.MunicipalityProfile // Population of current ones is only checked for > 0
	}{
		{"GM0457", casus.MunicipalityProfile{
			Code: "GM0457", Name: "Weesp", Province: "Noord-Holland", Population: 19738, SizeClass: "10.000 tot 20.000",
			Predecessors: []casus.MunicipalityRef{},
			MergedInto:   &casus.MunicipalityRef{Code: "GM0363", Name: "Amsterdam"},
			Cases:        1,
			Themes: []casus.FacetValue{
				{Value: "toegang", Label: "Toegang en wijkteams", Count: 1},
				{Value: "wmo", Label: "Wmo en maatschappelijke ondersteuning", Count: 1},
			},
		}},
		{"GM1954", casus.MunicipalityProfile{
			Code: "GM1954", Name: "Beekdaelen", Province: "Limburg", SizeClass: "20.000 tot 50.000",
			Predecessors: []casus.MunicipalityRef{
				{Code: "GM0881", Name: "Onderbanken", CurrentCode: "GM1954", CurrentName: "Beekdaelen"},
				{Code: "GM0951", Name: "Nuth", CurrentCode: "GM1954", CurrentName: "Beekdaelen"},
				{Code: "GM0962", Name: "Schinnen", CurrentCode: "GM1954", CurrentName: "Beekdaelen"},
			},
			Cases: 2,
			Themes: []casus.FacetValue{
				{Value: "toegang", Label: "Toegang en wijkteams", Count: 2},
				{Value: "financien", Label: "Financiën en sturing", Count: 1},
			},
		}},
		{"GM0175", casus.MunicipalityProfile{ // Ommen: no cases
			Code: "GM0175", Name: "Ommen", Province: "Overijssel", SizeClass: "10.000 tot 20.000",
			Predecessors: []casus.MunicipalityRef{}, Themes: []casus.FacetValue{},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, err := s.Profile(context.Background(), tt.code)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want.SizeClass != "" && got.Population <= 0 {
				t.Errorf("population %d, want a positive one", got.Population)
			}
			got.Population = tt.want.Population
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Profile(%s) (-want +got):\n%s", tt.code, diff)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	for _, code := range []string{"GM9999", "gm0148", "", "GM01", "GM01480", "Dalfsen"} {
		if _, err := s.Profile(ctx, code); !errors.Is(err, casus.ErrNotFound) {
			t.Errorf("Profile(%q): err = %v, want casus.ErrNotFound", code, err)
		}
		if _, err := s.Comparable(ctx, code, 5, casus.CaseFilter{}); !errors.Is(err, casus.ErrNotFound) {
			t.Errorf("Comparable(%q): err = %v, want casus.ErrNotFound", code, err)
		}
	}
}

func TestList(t *testing.T) {
	s, _ := newTestService(t)
	tests := []struct {
		prefix string
		size   int
		want   []string // "code:cases", in order
	}{
		{"dalf", 5, []string{"GM0148:4"}},
		{"  DALF ", 5, []string{"GM0148:4"}},
		{"beekd", 5, []string{"GM1954:2"}},
		// A former municipality is found too, with its own cases.
		{"wees", 10, []string{"GM0457:1"}},
		// Most cases first; Amsterdam and Dalfsen tie on cases, Amsterdam is larger.
		{"", 4, []string{"GM0193:5", "GM0363:4", "GM0148:4", "GM0177:3"}},
		{"", 0, nil}, // checked for length only
		{"zzzz", 5, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			got, err := s.List(context.Background(), tt.prefix, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if len(got) != DefaultSize {
					t.Errorf("List(%q, 0) gave %d, want %d", tt.prefix, len(got), DefaultSize)
				}
				return
			}
			ids := []string{}
			for _, m := range got {
				ids = append(ids, m.Code+":"+formatCount(m.Cases))
				if m.Name == "" || m.Province == "" {
					t.Errorf("%s has no name or province: %+v", m.Code, m)
				}
			}
			if diff := cmp.Diff(tt.want, ids); diff != "" {
				t.Errorf("List(%q, %d) (-want +got):\n%s", tt.prefix, tt.size, diff)
			}
		})
	}
}

func TestListBounds(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	long := strings.Repeat("a", MaxPrefixRunes+1)
	for _, c := range []struct {
		prefix string
		size   int
		param  string
	}{{"dalf", -1, "size"}, {"dalf", MaxSize + 1, "size"}, {long, 5, "q"}} {
		_, err := s.List(ctx, c.prefix, c.size)
		var pe *casus.ParamError
		if !errors.As(err, &pe) || pe.Param != c.param {
			t.Errorf("List(%d runes, %d): err = %v, want a ParamError on %s", len([]rune(c.prefix)), c.size, err, c.param)
		}
	}
	got, err := s.List(ctx, "", MaxSize)
	if err != nil || len(got) != MaxSize {
		t.Errorf("List(\"\", MaxSize) gave %d, %v; want %d", len(got), err, MaxSize)
	}
}

func TestStatsError(t *testing.T) {
	s, f := newTestService(t)
	f.err = casus.ErrUnavailable
	ctx := context.Background()
	_, errList := s.List(ctx, "dalf", 5)
	_, errProfile := s.Profile(ctx, "GM0148")
	_, errComparable := s.Comparable(ctx, "GM0148", 5, casus.CaseFilter{})
	for name, err := range map[string]error{"List": errList, "Profile": errProfile, "Comparable": errComparable} {
		if !errors.Is(err, casus.ErrUnavailable) {
			t.Errorf("%s: err = %v, want casus.ErrUnavailable", name, err)
		}
	}
}
