package analytics

import (
	"context"
	"log/slog"
	"sort"
	"time"
)

// Row is one query in a report, its counts summed over the window.
type Row struct {
	Query   string `json:"query"`
	Filters string `json:"filters,omitempty"`
	// Searches, Zero and Relaxed are as in Entry; Clicks counts the
	// reported clicks on hits of the query text (whatever the filters).
	Searches int `json:"searches"`
	Zero     int `json:"zero,omitempty"`
	Relaxed  int `json:"relaxed,omitempty"`
	Clicks   int `json:"clicks,omitempty"`
	// Hits is the number of hits the latest search found.
	Hits       int    `json:"hits"`
	Suggestion string `json:"suggestion,omitempty"`
}

// Report sums a window of days.
type Report struct {
	Window string `json:"window"`
	// From and To are the first and last day (UTC) of the window.
	From string `json:"from"`
	To   string `json:"to"`
	// Totals over the window.
	Searches int `json:"searches"`
	Zero     int `json:"zero"`
	Relaxed  int `json:"relaxed"`
	Clicks   int `json:"clicks"`
	// Dropped counts searches not kept because a day was full.
	Dropped int `json:"dropped"`
	// Top are the most frequent queries; ZeroResults those without hits;
	// RelaxedResults those answered only by dropping words; NoClick the
	// query texts with hits after which no case was opened. Each holds
	// at most ReportRows rows, most searched first.
	Top            []Row `json:"top"`
	ZeroResults    []Row `json:"zero_results"`
	RelaxedResults []Row `json:"relaxed_results"`
	NoClick        []Row `json:"no_click"`
}

// Report sums the counts of window (WindowDay or WindowWeek) up to today.
func (s *Store) Report(window string) (Report, error) {
	var days int
	switch window {
	case WindowDay:
		days = 1
	case WindowWeek:
		days = 7
	default:
		return Report{}, ErrWindow
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	today := s.now().UTC()
	r := Report{Window: window, From: today.AddDate(0, 0, 1-days).Format(time.DateOnly), To: today.Format(time.DateOnly)}
	rows := map[string]*Row{}
	texts := map[string]*Row{}
	for i := days - 1; i >= 0; i-- { // oldest first, so Hits ends as the latest
		d := s.days[today.AddDate(0, 0, -i).Format(time.DateOnly)]
		if d == nil {
			continue
		}
		r.Dropped += d.Dropped
		for key, e := range d.Entries {
			row := rows[key]
			if row == nil {
				row = &Row{Query: e.Query, Filters: e.Filters}
				rows[key] = row
			}
			row.Searches += e.Searches
			row.Zero += e.Zero
			row.Relaxed += e.Relaxed
			row.Hits = e.Hits
			if e.Suggestion != "" {
				row.Suggestion = e.Suggestion
			}
			t := texts[e.Query]
			if t == nil {
				t = &Row{Query: e.Query}
				texts[e.Query] = t
			}
			t.Searches += e.Searches
			t.Zero += e.Zero
			t.Relaxed += e.Relaxed
			t.Hits = max(t.Hits, e.Hits)
			r.Searches += e.Searches
			r.Zero += e.Zero
			r.Relaxed += e.Relaxed
		}
		for text, n := range d.Clicks {
			if t := texts[text]; t != nil {
				t.Clicks += n
			}
			r.Clicks += n
		}
	}
	for _, row := range rows {
		row.Clicks = 0
		if t := texts[row.Query]; t != nil {
			row.Clicks = t.Clicks
		}
	}
	all := make([]Row, 0, len(rows))
	for _, row := range rows {
		all = append(all, *row)
	}
	r.Top = pick(all, func(Row) bool { return true }, func(r Row) int { return r.Searches })
	r.ZeroResults = pick(all, func(r Row) bool { return r.Zero > 0 }, func(r Row) int { return r.Zero })
	r.RelaxedResults = pick(all, func(r Row) bool { return r.Relaxed > 0 }, func(r Row) int { return r.Relaxed })
	byText := make([]Row, 0, len(texts))
	for _, t := range texts {
		byText = append(byText, *t)
	}
	// Without words there is nothing to click on in particular.
	r.NoClick = pick(byText, func(r Row) bool { return r.Query != "" && r.Clicks == 0 && r.Searches > r.Zero },
		func(r Row) int { return r.Searches - r.Zero })
	return r, nil
}

// pick returns the rows keep accepts, largest by first (then by query),
// at most ReportRows.
func pick(rows []Row, keep func(Row) bool, by func(Row) int) []Row {
	out := []Row{}
	for _, r := range rows {
		if keep(r) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := by(out[i]), by(out[j]); a != b {
			return a > b
		}
		if out[i].Query != out[j].Query {
			return out[i].Query < out[j].Query
		}
		return out[i].Filters < out[j].Filters
	})
	if len(out) > ReportRows {
		out = out[:ReportRows]
	}
	return out
}

// SaveInterval is how often Run saves the store: how long counts wait in
// memory, and how old the other replicas' counts a store sees may be.
const SaveInterval = time.Minute

// Run saves the store every interval (adding its new counts to the file
// and reading the other replicas'), and once more when ctx is done; the
// returned stop cancels it and waits for the last save.
func (s *Store) Run(ctx context.Context, interval time.Duration, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				if err := s.Save(); err != nil {
					logger.Warn("analytics not saved", "err", err)
				}
			case <-ctx.Done():
				if err := s.Save(); err != nil {
					logger.Warn("analytics not saved", "err", err)
				}
				return
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
