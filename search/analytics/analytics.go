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
	"syscall"
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
//
// Several processes (replicas on one index directory) may keep one file:
// each counts in memory what it answered since its last save (its delta),
// and Save adds that delta to the file under a lock, so no replica's counts
// overwrite another's. What a store reports and checks clicks against is
// the file as of its last save plus its own delta.
type Store struct {
	path string
	now  func() time.Time

	mu sync.Mutex
	// days is the view: the file as last read, with delta added.
	days map[string]*day
	// delta is what this store counted since its last save.
	delta map[string]*day
}

// Open returns a store kept in dir/FileName, loaded from it when it
// exists. A file that cannot be read as a store is an error (the caller
// may start afresh with New); days older than DaysKept are left out.
func Open(dir string) (*Store, error) {
	s := New(filepath.Join(dir, FileName))
	days, err := readDays(s.path)
	if err != nil {
		return s, err
	}
	s.days = days
	s.prune(s.days)
	return s, nil
}

// readDays reads the days of a store's file; a missing file has none.
func readDays(path string) (map[string]*day, error) {
	days := map[string]*day{}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return days, nil
	}
	if err != nil {
		return days, fmt.Errorf("read analytics: %w", err)
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return days, fmt.Errorf("read analytics %s: %w", path, err)
	}
	if f.Version != fileVersion {
		return days, fmt.Errorf("read analytics %s: version %d, want %d", path, f.Version, fileVersion)
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
		days[d.Date] = d
	}
	return days, nil
}

// New returns an empty store that Save writes to path ("" keeps nothing
// on disk).
func New(path string) *Store {
	return &Store{path: path, now: time.Now, days: map[string]*day{}, delta: map[string]*day{}}
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
	e := Entry{Query: Normalize(q.Text), Filters: FilterKey(q), Searches: 1, Hits: total}
	if total == 0 {
		e.Zero = 1
	}
	if relaxed {
		e.Relaxed = 1
	}
	if suggestion != "" {
		e.Suggestion = cut(Normalize(suggestion), MaxQueryRunes)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	date := s.today()
	for _, days := range []map[string]*day{s.days, s.delta} {
		dayOf(days, date).add(&e)
	}
}

// RecordClick counts that a case was opened from the hits of query. A
// click for a query not searched today, by this process or (as of its last
// save) another on the same file, is ignored (so the beacon cannot grow the
// store), and reported false.
func (s *Store) RecordClick(query string) bool {
	text := Normalize(query)
	s.mu.Lock()
	defer s.mu.Unlock()
	date := s.today()
	d := dayOf(s.days, date)
	if _, ok := d.Clicks[text]; !ok && !d.searched(text) {
		return false
	}
	for _, days := range []map[string]*day{s.days, s.delta} {
		dayOf(days, date).addClicks(text, 1)
	}
	return true
}

// searched reports whether d has an entry for the query text.
func (d *day) searched(text string) bool {
	for _, e := range d.Entries {
		if e.Query == text {
			return true
		}
	}
	return false
}

// add adds the counts of e to d's entry for its query, which it creates
// while d has room; without room the searches count as dropped.
func (d *day) add(e *Entry) {
	key := entryKey(e.Query, e.Filters)
	have := d.Entries[key]
	if have == nil {
		if len(d.Entries) >= MaxQueriesPerDay {
			d.Dropped += e.Searches
			return
		}
		have = &Entry{Query: e.Query, Filters: e.Filters}
		d.Entries[key] = have
	}
	have.Searches += e.Searches
	have.Zero += e.Zero
	have.Relaxed += e.Relaxed
	have.Hits = e.Hits
	if e.Suggestion != "" {
		have.Suggestion = e.Suggestion
	}
}

// addClicks adds n clicks for the query text, while d has room for it.
func (d *day) addClicks(text string, n int) {
	if d.Clicks == nil {
		d.Clicks = map[string]int{}
	}
	if _, ok := d.Clicks[text]; ok || len(d.Clicks) < MaxQueriesPerDay {
		d.Clicks[text] += n
	}
}

// addDay adds all counts of src to d.
func (d *day) addDay(src *day) {
	for _, e := range src.Entries {
		d.add(e)
	}
	for text, n := range src.Clicks {
		d.addClicks(text, n)
	}
	d.Dropped += src.Dropped
}

// dayOf returns the day of date in days, adding it when missing.
func dayOf(days map[string]*day, date string) *day {
	d := days[date]
	if d == nil {
		d = &day{Date: date, Entries: map[string]*Entry{}}
		days[date] = d
	}
	return d
}

// today returns today's date, dropping the days past DaysKept when the
// date is new. s.mu is held.
func (s *Store) today() string {
	date := s.now().UTC().Format(time.DateOnly)
	if s.days[date] == nil {
		dayOf(s.days, date)
		s.prune(s.days)
		s.prune(s.delta)
	}
	return date
}

// prune drops the days of days beyond the DaysKept newest.
func (s *Store) prune(days map[string]*day) {
	if len(days) <= DaysKept {
		return
	}
	dates := make([]string, 0, len(days))
	for date := range days {
		dates = append(dates, date)
	}
	sort.Strings(dates)
	for _, date := range dates[:len(dates)-DaysKept] {
		delete(days, date)
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

// Save adds what the store counted since its last save to its file and
// reads back what other processes added, under a lock on the file (a
// flock on FileName+".lock"), so replicas on one directory keep one file.
// The file is written to a temporary file, synced and renamed, so it is
// always whole. A store without a file saves nothing.
func (s *Store) Save() error {
	if s.path == "" {
		return nil
	}
	s.mu.Lock()
	delta := s.delta
	s.delta = map[string]*day{}
	s.mu.Unlock()
	merged, err := s.merge(delta)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		// Keep the counts for the next save.
		for date, d := range delta {
			dayOf(s.delta, date).addDay(d)
		}
		return fmt.Errorf("save analytics: %w", err)
	}
	// The view is the file now, with what was counted during the save.
	s.days = merged
	for date, d := range s.delta {
		dayOf(s.days, date).addDay(d)
	}
	s.prune(s.days)
	return nil
}

// merge adds delta to the file under its lock and returns the file's days.
// A file that cannot be read is replaced (its counts are lost, as they
// would be at Open); one that cannot be written is an error.
func (s *Store) merge(delta map[string]*day) (map[string]*day, error) {
	lock, err := os.OpenFile(s.path+lockSuffix, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	defer lock.Close() // drops the flock
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return nil, fmt.Errorf("lock %s: %w", lock.Name(), err)
	}
	days, rerr := readDays(s.path)
	if rerr != nil && errors.Is(rerr, fs.ErrPermission) {
		return nil, rerr
	}
	if len(delta) == 0 && rerr == nil {
		return days, nil
	}
	for date, d := range delta {
		dayOf(days, date).addDay(d)
	}
	s.prune(days)
	data, err := json.Marshal(fileOf(days))
	if err != nil {
		return nil, err
	}
	if err := writeFile(s.path, data); err != nil {
		return nil, err
	}
	return days, nil
}

// lockSuffix names the lock file of a store's file.
const lockSuffix = ".lock"

// fileOf lays days out as the file holds them: days and entries sorted.
func fileOf(days map[string]*day) file {
	f := file{Version: fileVersion}
	for _, d := range days {
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
	return f
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
