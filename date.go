package casus

import (
	"encoding/json"
	"fmt"
	"time"
)

// DateLayout is the wire format of a Date.
const DateLayout = "2006-01-02"

// Date is a calendar day without a time zone. The zero Date means "unknown"
// and encodes as JSON null: a page that gives no date never gets the crawl date.
type Date struct {
	t time.Time
}

// NewDate returns the given day; it normalises out-of-range values like time.Date.
func NewDate(year int, month time.Month, day int) Date {
	return Date{t: time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return Date{t: t}, nil
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of the day (the zero time for an unknown date).
func (d Date) Time() time.Time { return d.t }

// Year returns the year, 0 for an unknown date.
func (d Date) Year() int {
	if d.IsZero() {
		return 0
	}
	return d.t.Year()
}

// String returns YYYY-MM-DD, or "" for an unknown date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// MarshalJSON encodes YYYY-MM-DD or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts YYYY-MM-DD or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: %w", err)
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}
