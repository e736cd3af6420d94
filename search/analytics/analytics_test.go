package analytics

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casus-nl/casus"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Wijkteam   Houten ", "wijkteam houten"},
		{"JEUGDZORG\tin\nUtrecht", "jeugdzorg in utrecht"},
		{"a\x00b\x07c", "abc"},
		{"", ""},
		{"   ", ""},
		{strings.Repeat("é", 300), strings.Repeat("é", MaxQueryRunes)},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFilterKey(t *testing.T) {
	from, _ := casus.ParseDate("2024-01-01")
	for _, tc := range []struct {
		q    casus.Query
		want string
	}{
		{casus.Query{Text: "x"}, ""},
		{casus.Query{Municipalities: []string{"GM0363", "GM0344", "GM0363"}, Themes: []string{"jeugd"}},
			"municipality=gm0344,gm0363;theme=jeugd"},
		{casus.Query{Years: []string{"2024"}, From: from, Domains: []string{"Zorg"}}, "domain=zorg;from=2024-01-01;year=2024"},
	} {
		if got := FilterKey(tc.q); got != tc.want {
			t.Errorf("FilterKey(%+v) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// clock is a settable time.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newTestStore(t *testing.T) (*Store, *clock, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)}
	s.SetClock(c.now)
	return s, c, dir
}

func TestReport(t *testing.T) {
	s, c, _ := newTestStore(t)
	// Yesterday: "wmo" twice with hits and a click.
	c.t = c.t.AddDate(0, 0, -1)
	s.RecordSearch(casus.Query{Text: "Wmo"}, 12, false, "")
	s.RecordSearch(casus.Query{Text: " wmo "}, 12, false, "")
	s.RecordClick("WMO")
	c.t = c.t.AddDate(0, 0, 1)
	// Today.
	for range 3 {
		s.RecordSearch(casus.Query{Text: "wijkteem"}, 0, false, "wijkteam")
	}
	s.RecordSearch(casus.Query{Text: "jeugdzorg houten", Themes: []string{"jeugd"}}, 4, true, "")
	s.RecordSearch(casus.Query{Text: "wmo"}, 9, false, "")
	s.RecordSearch(casus.Query{Text: "wmo"}, 10, false, "")
	if s.RecordClick("nooit gezocht") {
		t.Error("a click for a query not searched today was counted")
	}

	day, err := s.Report(WindowDay)
	if err != nil {
		t.Fatal(err)
	}
	week, err := s.Report(WindowWeek)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		got  any
		want any
	}{
		{"day searches", day.Searches, 6},
		{"week searches", week.Searches, 8},
		{"day zero", day.Zero, 3},
		{"day relaxed", day.Relaxed, 1},
		{"week clicks", week.Clicks, 1},
		{"day clicks", day.Clicks, 0},
		{"day top", day.Top[0].Query, "wijkteem"},
		{"week top", week.Top[0].Query + fmt.Sprint(week.Top[0].Searches), "wmo4"},
		{"week top hits are the latest", week.Top[0].Hits, 10},
		{"zero", fmt.Sprintln(len(day.ZeroResults), day.ZeroResults[0].Query, day.ZeroResults[0].Suggestion), "1 wijkteem wijkteam\n"},
		{"relaxed", day.RelaxedResults[0].Query + "|" + day.RelaxedResults[0].Filters, "jeugdzorg houten|theme=jeugd"},
		// Today nobody clicked after "wmo"; over the week someone did.
		{"day no click", len(day.NoClick), 2},
		{"week no click", noClick(week), "jeugdzorg houten"},
		{"window", day.From + " " + day.To + " " + week.From, "2026-12-04 2026-12-04 2026-11-28"},
	} {
		if fmt.Sprint(tc.got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if _, err := s.Report("month"); err != ErrWindow {
		t.Errorf("window month: %v, want ErrWindow", err)
	}
}

func noClick(r Report) string {
	var q []string
	for _, row := range r.NoClick {
		q = append(q, row.Query)
	}
	return strings.Join(q, ",")
}

// TestPersistence: what was counted survives a restart, and the file
// holds only queries and counts.
func TestPersistence(t *testing.T) {
	s, c, dir := newTestStore(t)
	s.RecordSearch(casus.Query{Text: "schuldhulp"}, 7, false, "")
	s.RecordClick("schuldhulp")
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s2.SetClock(c.now)
	r, err := s2.Report(WindowDay)
	if err != nil {
		t.Fatal(err)
	}
	if r.Searches != 1 || r.Clicks != 1 || r.Top[0].Query != "schuldhulp" {
		t.Errorf("after reopening: %+v", r)
	}
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "10:00") {
		t.Errorf("the file holds a time of day: %s", data)
	}
	// An unreadable file is an error, and the store starts empty.
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	s3, err := Open(dir)
	if err == nil || s3 == nil {
		t.Fatalf("Open of a broken file: %v, %v", s3, err)
	}
}

func TestBounds(t *testing.T) {
	s, c, dir := newTestStore(t)
	for i := range MaxQueriesPerDay + 10 {
		s.RecordSearch(casus.Query{Text: fmt.Sprint("q", i)}, 1, false, "")
	}
	s.RecordSearch(casus.Query{Text: "q1"}, 1, false, "") // known: still counted
	r, _ := s.Report(WindowDay)
	if r.Dropped != 10 || r.Searches != MaxQueriesPerDay+1 || len(r.Top) != ReportRows {
		t.Errorf("dropped %d, searches %d, rows %d", r.Dropped, r.Searches, len(r.Top))
	}
	// Days beyond DaysKept go.
	for i := range DaysKept + 3 {
		c.t = c.t.AddDate(0, 0, 1)
		s.RecordSearch(casus.Query{Text: fmt.Sprint("dag ", i)}, 1, false, "")
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(s2.days) != DaysKept {
		t.Errorf("%d days kept, want %d", len(s2.days), DaysKept)
	}
	info, _ := os.Stat(filepath.Join(dir, FileName))
	if info.Size() > 1<<20 {
		t.Errorf("file of %d bytes", info.Size())
	}
}

// TestReplicasShareOneFile: stores of several processes on one directory
// (replicas) add their counts to one file instead of overwriting each
// other's, see each other's searches after a save, and count a click for a
// query another replica answered.
func TestReplicasShareOneFile(t *testing.T) {
	const replicas, searchesEach, rounds = 3, 40, 5
	dir := t.TempDir()
	c := &clock{t: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)}
	stores := make([]*Store, replicas)
	for i := range stores {
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		s.SetClock(c.now)
		stores[i] = s
	}
	// Each replica answers its share of a burst and saves now and then,
	// all at the same time.
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Go(func() {
			for n := range searchesEach * rounds {
				s.RecordSearch(casus.Query{Text: "wijkteam"}, 3, false, "")
				s.RecordSearch(casus.Query{Text: fmt.Sprint("replica ", i)}, 0, false, "")
				if n%searchesEach == 0 {
					if err := s.Save(); err != nil {
						t.Error(err)
					}
				}
			}
			if err := s.Save(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// A click on replica 0 for the query only replica 2 searched counts
	// once replica 0 has read the file.
	if err := stores[0].Save(); err != nil {
		t.Fatal(err)
	}
	if !stores[0].RecordClick("replica 2") {
		t.Error("a click for a query another replica answered was refused")
	}
	if stores[0].RecordClick("never searched") {
		t.Error("a click for a query nobody searched was counted")
	}
	if err := stores[0].Save(); err != nil {
		t.Fatal(err)
	}
	fresh, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	fresh.SetClock(c.now)
	for name, s := range map[string]*Store{"a new process": fresh, "replica 1 after a save": stores[1]} {
		if name != "a new process" {
			if err := s.Save(); err != nil {
				t.Fatal(err)
			}
		}
		r, err := s.Report(WindowDay)
		if err != nil {
			t.Fatal(err)
		}
		want := 2 * replicas * searchesEach * rounds
		if r.Searches != want || r.Zero != want/2 || r.Clicks != 1 {
			t.Errorf("%s reports %d searches, %d without hits, %d clicks; want %d, %d, 1", name, r.Searches, r.Zero, r.Clicks, want, want/2)
		}
	}
}
