package contract

import (
	"errors"
	"testing"

	"github.com/casus-nl/casus"
)

func TestCheckDates(t *testing.T) {
	tests := []struct {
		name      string
		from, to  casus.Date
		wantParam string // "" for no error
	}{
		{"no dates", casus.Date{}, casus.Date{}, ""},
		{"ordinary range", casus.NewDate(2015, 1, 1), casus.NewDate(2020, 12, 31), ""},
		{"the bounds themselves", MinDate, MaxDate, ""},
		{"from a day too early", casus.NewDate(1899, 12, 31), casus.Date{}, "from"},
		{"from before the index can count", casus.NewDate(1677, 12, 31), casus.Date{}, "from"},
		{"to a day too late", casus.Date{}, casus.NewDate(2101, 1, 1), "to"},
		{"to after the index can count", casus.Date{}, casus.NewDate(2263, 1, 1), "to"},
		{"from late, to later", casus.NewDate(3000, 1, 1), casus.NewDate(3001, 1, 1), "from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDates(casus.Query{From: tt.from, To: tt.to})
			var de *DateRangeError
			switch {
			case tt.wantParam == "" && err != nil:
				t.Errorf("CheckDates = %v, want nil", err)
			case tt.wantParam != "" && (!errors.As(err, &de) || de.Param != tt.wantParam):
				t.Errorf("CheckDates = %v, want a DateRangeError for %s", err, tt.wantParam)
			case tt.wantParam != "" && !errors.Is(err, casus.ErrInvalid):
				t.Errorf("CheckDates = %v, does not wrap ErrInvalid", err)
			}
		})
	}
}
