// Package analytics counts what people search for, so that editors see
// which questions casus answers badly: the most frequent queries, those
// without results, those answered only by relaxing the words, and those
// after which nobody opened a case.
//
// It keeps counts per UTC day and per normalised query (lower case, trimmed,
// whitespace collapsed) with its filters as one sorted key; nothing about
// the person asking (no address, no agent, no time of day) is kept. Memory
// and the file are bounded: at most MaxQueriesPerDay distinct queries per
// day (later new ones are only counted as dropped) and DaysKept days.
package analytics

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/casus-nl/casus"
)

// Bounds and names of the store.
const (
	// MaxQueriesPerDay bounds the distinct queries (text and filters) kept
	// per day; searches for further new queries that day are counted in
	// Dropped only.
	MaxQueriesPerDay = 5000
	// DaysKept is how many days (today included) are kept: a week window
	// and the day before it.
	DaysKept = 8
	// MaxQueryRunes bounds a kept query text; longer ones are cut.
	MaxQueryRunes = 100
	// MaxFilterRunes bounds a kept filter key; longer ones are cut.
	MaxFilterRunes = 300
	// ReportRows bounds each list of a report.
	ReportRows = 50
	// FileName is the store's file in the index directory.
	FileName = "analytics.json"
	// fileVersion is the layout of the file.
	fileVersion = 1
)

// Windows of a report.
const (
	WindowDay  = "day"  // today (UTC)
	WindowWeek = "week" // the last seven days, today included
)

// ErrWindow: a window other than WindowDay or WindowWeek.
var ErrWindow = errors.New(`window must be "day" or "week"`)

// Entry counts one query (text and filters) on one day.
type Entry struct {
	Query   string `json:"q"`
	Filters string `json:"f,omitempty"`
	// Searches counts the searches; Zero those without any hit; Relaxed
	// those answered only after dropping words.
	Searches int `json:"n"`
	Zero     int `json:"zero,omitempty"`
	Relaxed  int `json:"relaxed,omitempty"`
	// Hits is the number of hits the last search found.
	Hits int `json:"hits"`
	// Suggestion is the last "did you mean" offered for the query.
	Suggestion string `json:"suggestion,omitempty"`
}

// day holds one UTC day's counts.
type day struct {
	Date string // 2006-01-02
	// Entries by query text and filter key, joined by a NUL.
	Entries map[string]*Entry
	// Clicks counts reported clicks per query text searched that day.
	Clicks map[string]int
	// Dropped counts searches not kept because the day was full.
	Dropped int
}

// entryKey is the key of a query in day.Entries.
func entryKey(text, filters string) string { return text + "\x00" + filters }

// fileDay is a day in the file: its entries as a list.
type fileDay struct {
	Date    string         `json:"date"`
	Entries []*Entry       `json:"entries"`
	Clicks  map[string]int `json:"clicks,omitempty"`
	Dropped int            `json:"dropped,omitempty"`
}

// file is what is written to FileName.
type file struct {
	Version int        `json:"version"`
	Days    []*fileDay `json:"days"`
}

// Store counts searches and clicks. It is safe for concurrent use.
type Store struct {
	path string
	now  func() time.Time

	mu    sync.Mutex
	days  map[string]*day
	dirty bool
}

// Open returns a store kept in dir/FileName, loaded from it when it
// exists. A file that cannot be read as a store is an error (the caller
// may start afresh with New); days older than DaysKept are left out.
func Open(dir string) (*Store, error) {
	s := New(filepath.Join(dir, FileName))
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("read analytics: %w", err)
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return s, fmt.Errorf("read analytics %s: %w", s.path, err)
	}
	if f.Version != fileVersion {
		return s, fmt.Errorf("read analytics %s: version %d, want %d", s.path, f.Version, fileVersion)
	}
	for _, fd := range f.Days {
		if fd == nil {
			continue
		}
		if _, err := time.Parse(time.DateOnly, fd.Date); err != nil {
			continue
		}
		d := &day{Date: fd.Date, Entries: map[string]*Entry{}, Clicks: fd.Clicks, Dropped: fd.Dropped}
		for _, e := range fd.Entries {
			if e != nil {
				d.Entries[entryKey(e.Query, e.Filters)] = e
			}
		}
		d.bound()
		s.days[d.Date] = d
	}
	s.prune()
	return s, nil
}

// New returns an empty store that Save writes to path ("" keeps nothing
// on disk).
func New(path string) *Store {
	return &Store{path: path, now: time.Now, days: map[string]*day{}}
}

// SetClock makes the store take the time from now (for tests).
func (s *Store) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Normalize returns the form a query text is counted under: lower case,
// without control characters, trimmed, inner whitespace collapsed to one
// space, at most MaxQueryRunes runes.
func Normalize(text string) string {
	text = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && !unicode.IsSpace(r)) {
			return -1
		}
		return r
	}, text)
	return cut(strings.Join(strings.Fields(strings.ToLower(text)), " "), MaxQueryRunes)
}

// FilterKey names a query's filters as one key, facets in a fixed order
// and values sorted: "municipality=GM0344,GM0363;theme=jeugd". No filters
// is "".
func FilterKey(q casus.Query) string {
	var parts []string
	add := func(name string, values []string) {
		if len(values) == 0 {
			return
		}
		v := slices.Clone(values)
		for i := range v {
			v[i] = strings.ToLower(strings.TrimSpace(v[i]))
		}
		sort.Strings(v)
		v = slices.Compact(v)
		parts = append(parts, name+"="+strings.Join(v, ","))
	}
	add("domain", q.Domains)
	if !q.From.IsZero() {
		parts = append(parts, "from="+q.From.String())
	}
	add("municipality", q.Municipalities)
	add("source", q.Sources)
	add("theme", q.Themes)
	if !q.To.IsZero() {
		parts = append(parts, "to="+q.To.String())
	}
	add("year", q.Years)
	return cut(Normalize(strings.Join(parts, ";")), MaxFilterRunes)
}

// cut shortens s to at most n runes.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// RecordSearch counts one answered search.
func (s *Store) RecordSearch(q casus.Query, total int, relaxed bool, suggestion string) {
	text, filters := Normalize(q.Text), FilterKey(q)
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.today()
	s.dirty = true
	key := entryKey(text, filters)
	e := d.Entries[key]
	if e == nil {
		if len(d.Entries) >= MaxQueriesPerDay {
			d.Dropped++
			return
		}
		e = &Entry{Query: text, Filters: filters}
		d.Entries[key] = e
	}
	e.Searches++
	if total == 0 {
		e.Zero++
	}
	if relaxed {
		e.Relaxed++
	}
	e.Hits = total
	if suggestion != "" {
		e.Suggestion = cut(Normalize(suggestion), MaxQueryRunes)
	}
}

// RecordClick counts that a case was opened from the hits of query. A
// click for a query not searched today is ignored (so the beacon cannot
// grow the store), and reported false.
func (s *Store) RecordClick(query string) bool {
	text := Normalize(query)
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.today()
	if _, ok := d.Clicks[text]; !ok {
		found := false
		for _, e := range d.Entries {
			if e.Query == text {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if d.Clicks == nil {
		d.Clicks = map[string]int{}
	}
	d.Clicks[text]++
	s.dirty = true
	return true
}

// today returns today's day, adding it (and dropping days past DaysKept)
// when it is new. s.mu is held.
func (s *Store) today() *day {
	date := s.now().UTC().Format(time.DateOnly)
	d := s.days[date]
	if d == nil {
		d = &day{Date: date, Entries: map[string]*Entry{}}
		s.days[date] = d
		s.prune()
	}
	return d
}

// prune drops the days beyond the DaysKept newest. s.mu is held.
func (s *Store) prune() {
	if len(s.days) <= DaysKept {
		return
	}
	dates := make([]string, 0, len(s.days))
	for date := range s.days {
		dates = append(dates, date)
	}
	sort.Strings(dates)
	for _, date := range dates[:len(dates)-DaysKept] {
		delete(s.days, date)
	}
}

// bound cuts a day read from a file to the store's bounds.
func (d *day) bound() {
	for key, e := range d.Entries {
		if e == nil || len(d.Entries) > MaxQueriesPerDay {
			delete(d.Entries, key)
			continue
		}
		e.Query, e.Filters = cut(e.Query, MaxQueryRunes), cut(e.Filters, MaxFilterRunes)
	}
	for text := range d.Clicks {
		if len(d.Clicks) > MaxQueriesPerDay || utf8.RuneCountInString(text) > MaxQueryRunes {
			delete(d.Clicks, text)
		}
	}
}

// Save writes the store to its file when something changed since the last
// save: to a temporary file, synced and renamed, so the file is always
// whole.
func (s *Store) Save() error {
	s.mu.Lock()
	if !s.dirty || s.path == "" {
		s.mu.Unlock()
		return nil
	}
	f := file{Version: fileVersion}
	for _, d := range s.days {
		fd := &fileDay{Date: d.Date, Clicks: d.Clicks, Dropped: d.Dropped, Entries: make([]*Entry, 0, len(d.Entries))}
		for _, e := range d.Entries {
			fd.Entries = append(fd.Entries, e)
		}
		sort.Slice(fd.Entries, func(i, j int) bool {
			if fd.Entries[i].Query != fd.Entries[j].Query {
				return fd.Entries[i].Query < fd.Entries[j].Query
			}
			return fd.Entries[i].Filters < fd.Entries[j].Filters
		})
		f.Days = append(f.Days, fd)
	}
	sort.Slice(f.Days, func(i, j int) bool { return f.Days[i].Date < f.Days[j].Date })
	data, err := json.Marshal(f)
	s.dirty = false
	s.mu.Unlock()
	if err == nil {
		err = writeFile(s.path, data)
	}
	if err != nil {
		s.mu.Lock()
		s.dirty = true
		s.mu.Unlock()
		return fmt.Errorf("save analytics: %w", err)
	}
	return nil
}

// writeFile writes data to path atomically.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return err
}
