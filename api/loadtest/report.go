package loadtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Error kinds that the run assigns itself.
const (
	// KindTimeout counts requests that took longer than Config.Timeout.
	KindTimeout = "timeout"
	// KindOther counts errors without a Kind() method.
	KindOther = "error"
)

// recording holds the latencies of successful requests and the errors,
// per class. Latencies are kept exactly, 8 bytes a request, so percentiles
// are exact.
type recording struct {
	classes map[string]*classRecording
	// examples holds the first message of each error kind.
	examples map[string]string
	elapsed  time.Duration
}

type classRecording struct {
	ok     []time.Duration
	errors map[string]int
}

func newRecording() recording {
	return recording{classes: map[string]*classRecording{}, examples: map[string]string{}}
}

func (r recording) class(name string) *classRecording {
	c := r.classes[name]
	if c == nil {
		c = &classRecording{errors: map[string]int{}}
		r.classes[name] = c
	}
	return c
}

// add records one request of class.
func (r recording) add(class string, took time.Duration, err error) {
	c := r.class(class)
	if err == nil {
		c.ok = append(c.ok, took)
		return
	}
	kind := errorKind(err)
	c.errors[kind]++
	if _, ok := r.examples[kind]; !ok {
		r.examples[kind] = err.Error()
	}
}

// merge adds the recordings of o to r.
func (r recording) merge(o recording) {
	for name, oc := range o.classes {
		c := r.class(name)
		c.ok = append(c.ok, oc.ok...)
		for k, n := range oc.errors {
			c.errors[k] += n
		}
	}
	for k, msg := range o.examples {
		if _, ok := r.examples[k]; !ok {
			r.examples[k] = msg
		}
	}
}

// errorKind labels an error for the report.
func errorKind(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return KindTimeout
	}
	var k interface{ Kind() string }
	if errors.As(err, &k) {
		return k.Kind()
	}
	return KindOther
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the
// nearest-rank method: the smallest sample such that at least p percent of
// the samples are at or below it. It returns 0 for no samples.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// Stats are the figures of a class, a group or the whole run. Latencies
// are of successful requests only, in milliseconds, and the percentiles
// are exact: nearest-rank (Percentile) over every recorded latency, no
// histogram. Count includes the errors and QPS is Count per measured
// second.
type Stats struct {
	Name   string  `json:"name"`
	Group  Group   `json:"group,omitempty"`
	Count  int     `json:"count"`
	Errors int     `json:"errors"`
	QPS    float64 `json:"qps"`
	P50MS  float64 `json:"p50_ms"`
	P95MS  float64 `json:"p95_ms"`
	P99MS  float64 `json:"p99_ms"`
	MaxMS  float64 `json:"max_ms"`
	// ErrorKinds counts the errors by kind: "http 429", "transport",
	// "timeout", "postgres 57014", …
	ErrorKinds map[string]int `json:"error_kinds,omitempty"`
	// CacheBusted is set on the classes that NoCache made unique.
	CacheBusted bool `json:"cache_busted,omitempty"`
}

// Skipped is a class a target could not answer.
type Skipped struct {
	Class  string `json:"class"`
	Reason string `json:"reason"`
}

// Report is the outcome of a run.
type Report struct {
	Target  string  `json:"target"`
	Clients int     `json:"clients"`
	Warmup  float64 `json:"warmup_s"`
	// Measured runs from the end of the warm-up until the last client
	// stopped: a request in flight when the duration ends is completed and
	// counted, one started in the warm-up is not.
	Measured float64 `json:"measured_s"`
	Seed     uint64  `json:"seed"`
	NoCache  bool    `json:"no_cache"`
	// Docs is the number of documents the target reported.
	Docs    int       `json:"docs"`
	Classes []Stats   `json:"classes"`
	Groups  []Stats   `json:"groups"`
	Total   Stats     `json:"total"`
	Skipped []Skipped `json:"skipped,omitempty"`
	// ErrorExamples holds the first message of each error kind.
	ErrorExamples map[string]string `json:"error_examples,omitempty"`
}

// msPerSecond converts durations to the report's milliseconds.
const msPerSecond = 1000

// fill computes the statistics of rec over classes, in mix order.
func (rep *Report) fill(classes []Class, rec recording, noCache bool) {
	rep.Measured = rec.elapsed.Seconds()
	if len(rec.examples) > 0 {
		rep.ErrorExamples = rec.examples
	}
	byGroup := map[Group]*classRecording{}
	total := &classRecording{errors: map[string]int{}}
	for _, c := range classes {
		cr := rec.class(c.Name)
		s := rep.stats(c.Name, cr)
		s.Group = c.Group
		s.CacheBusted = noCache && cacheBusted(c)
		rep.Classes = append(rep.Classes, s)
		g := byGroup[c.Group]
		if g == nil {
			g = &classRecording{errors: map[string]int{}}
			byGroup[c.Group] = g
		}
		for _, into := range []*classRecording{g, total} {
			into.ok = append(into.ok, cr.ok...)
			for k, n := range cr.errors {
				into.errors[k] += n
			}
		}
	}
	for _, g := range groupOrder {
		if cr, ok := byGroup[g]; ok {
			rep.Groups = append(rep.Groups, rep.stats(string(g), cr))
		}
	}
	rep.Total = rep.stats("all", total)
}

// stats computes the figures of one recording.
func (rep *Report) stats(name string, cr *classRecording) Stats {
	slices.Sort(cr.ok)
	s := Stats{Name: name, Count: len(cr.ok)}
	for _, n := range cr.errors {
		s.Errors += n
	}
	s.Count += s.Errors
	if s.Errors > 0 {
		s.ErrorKinds = cr.errors
	}
	if rep.Measured > 0 {
		s.QPS = float64(s.Count) / rep.Measured
	}
	ms := func(d time.Duration) float64 { return d.Seconds() * msPerSecond }
	s.P50MS = ms(Percentile(cr.ok, 50))
	s.P95MS = ms(Percentile(cr.ok, 95))
	s.P99MS = ms(Percentile(cr.ok, 99))
	s.MaxMS = ms(Percentile(cr.ok, 100))
	return s
}

// WriteJSON writes the report as indented JSON.
func (rep Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// WriteTable writes the report as a fixed-width table: classes, groups and
// the total, then errors by kind and the skipped classes.
func (rep Report) WriteTable(w io.Writer) error {
	cache := "off"
	if rep.NoCache {
		cache = "on (classes marked * made unique)"
	}
	fmt.Fprintf(w, "%s: %d documents, %d clients, %.1f s measured after %.1f s warm-up, seed %d, cache busting %s\n",
		rep.Target, rep.Docs, rep.Clients, rep.Measured, rep.Warmup, rep.Seed, cache)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "class\tgroup\tcount\terrors\tq/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\t")
	row := func(s Stats, group string) {
		name := s.Name
		if s.CacheBusted {
			name += "*"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t\n",
			name, group, s.Count, s.Errors, s.QPS, s.P50MS, s.P95MS, s.P99MS, s.MaxMS)
	}
	for _, s := range rep.Classes {
		row(s, string(s.Group))
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t\t")
	for _, s := range rep.Groups {
		row(s, "(group)")
	}
	row(rep.Total, "(all)")
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	for _, s := range rep.Classes {
		if s.Errors == 0 {
			continue
		}
		var kinds []string
		for k, n := range s.ErrorKinds {
			kinds = append(kinds, fmt.Sprintf("%s ×%d", k, n))
		}
		slices.Sort(kinds)
		fmt.Fprintf(w, "errors in %s: %s\n", s.Name, strings.Join(kinds, ", "))
	}
	kinds := make([]string, 0, len(rep.ErrorExamples))
	for k := range rep.ErrorExamples {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "first %s: %s\n", k, rep.ErrorExamples[k])
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(w, "skipped %s: %s\n", s.Class, s.Reason)
	}
	_, err := fmt.Fprintln(w)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// Ratio compares one row of two reports: Other's figure divided by
// Base's. A ratio is 0 when Base's figure is 0.
type Ratio struct {
	Name  string  `json:"name"`
	P50   float64 `json:"p50"`
	P99   float64 `json:"p99"`
	QPS   float64 `json:"qps"`
	Kind  string  `json:"kind"` // "class", "group" or "all"
	Notes string  `json:"notes,omitempty"`
}

// Compare returns, for every class and group measured in both reports and
// for the total, other's p50, p99 and q/s divided by base's.
func Compare(base, other Report) []Ratio {
	div := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	ratio := func(kind string, b, o Stats) Ratio {
		r := Ratio{Name: b.Name, Kind: kind, P50: div(o.P50MS, b.P50MS), P99: div(o.P99MS, b.P99MS), QPS: div(o.QPS, b.QPS)}
		if b.Errors > 0 || o.Errors > 0 {
			r.Notes = fmt.Sprintf("errors %d / %d", b.Errors, o.Errors)
		}
		return r
	}
	var out []Ratio
	for _, pair := range []struct {
		kind        string
		base, other []Stats
	}{{"class", base.Classes, other.Classes}, {"group", base.Groups, other.Groups}} {
		for _, b := range pair.base {
			i := slices.IndexFunc(pair.other, func(o Stats) bool { return o.Name == b.Name })
			if i >= 0 {
				out = append(out, ratio(pair.kind, b, pair.other[i]))
			}
		}
	}
	return append(out, ratio("all", base.Total, other.Total))
}

// WriteRatios writes ratios as a fixed-width table headed by the names of
// the two targets.
func WriteRatios(w io.Writer, baseName, otherName string, ratios []Ratio) error {
	fmt.Fprintf(w, "%s divided by %s (latency above 1: %s slower; q/s below 1: %s fewer)\n",
		otherName, baseName, otherName, otherName)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "name\tkind\tp50\tp99\tq/s\tnotes\t")
	for _, r := range ratios {
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.2f\t%.2f\t%s\t\n", r.Name, r.Kind, r.P50, r.P99, r.QPS, r.Notes)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write ratios: %w", err)
	}
	return nil
}
