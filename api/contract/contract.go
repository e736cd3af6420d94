// Package contract holds what both HTTP surfaces of casus, the JSON API and
// the search page, promise clients beyond casus.ParseQuery: the dates a
// search may be bounded by and the status of a request its client gave up.
package contract

import (
	"fmt"

	"github.com/casus-nl/casus"
)

// The accepted range of the from and to parameters, inclusive. Case pages
// are recent; the bound keeps dates far inside what the index's date
// ranges can represent (1677–2262), so a date outside it is the client's
// mistake (a 400), never a failed search (a 500).
var (
	MinDate = casus.NewDate(1900, 1, 1)
	MaxDate = casus.NewDate(2100, 12, 31)
)

// StatusClientClosedRequest is the status of a request whose client went
// away before the answer was ready (nginx's 499): counted and logged apart
// from server errors, since nothing failed on this side.
const StatusClientClosedRequest = 499

// DateRangeError reports a from or to outside MinDate–MaxDate. It wraps
// casus.ErrInvalid, so it is answered as a bad parameter.
type DateRangeError struct {
	// Param is "from" or "to".
	Param string
	// Date is the date given.
	Date casus.Date
}

// Error names the parameter, the date and the accepted range.
func (e *DateRangeError) Error() string {
	return fmt.Sprintf("parameter %q: %s is outside the accepted dates %s to %s", e.Param, e.Date, MinDate, MaxDate)
}

// Unwrap makes errors.Is(err, casus.ErrInvalid) true.
func (e *DateRangeError) Unwrap() error { return casus.ErrInvalid }

// CheckDates returns a *DateRangeError when q's from or to lies outside
// MinDate–MaxDate; an absent date is always fine.
func CheckDates(q casus.Query) error {
	for _, d := range []struct {
		param string
		date  casus.Date
	}{{"from", q.From}, {"to", q.To}} {
		if d.date.IsZero() {
			continue
		}
		if t := d.date.Time(); t.Before(MinDate.Time()) || t.After(MaxDate.Time()) {
			return &DateRangeError{Param: d.param, Date: d.date}
		}
	}
	return nil
}
