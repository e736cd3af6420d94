package web

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/casus-nl/casus"
)

// Bounds of the themes-over-the-years chart of a municipality page: one
// search per year, so the years are bounded.
const (
	// chartMaxYears is the number of most recent years with cases shown.
	chartMaxYears = 12
	// chartMaxThemes is the number of themes shown apart; the others are
	// summed up as "overige thema's".
	chartMaxThemes = 4
)

// Geometry of the chart, in SVG user units (it scales with the page).
const (
	chartWidth   = 640
	chartHeight  = 260
	chartLeft    = 48
	chartRight   = 12
	chartTop     = 12
	chartBottom  = 36
	chartBarMaxW = 56
)

// chartColors have a contrast of at least 4.5:1 against white, so a bar
// stands out from the page (WCAG 1.4.11 asks 3:1); neighbouring segments
// are set apart by a white line as well, so no colour has to be told from
// another by hue alone, and the table under the chart holds every number.
var chartColors = []string{"#1d4f91", "#a3460b", "#2c6e36", "#6b2f8a", "#595959"}

// themeChart is a stacked bar chart of the cases per theme per year, with
// the same numbers as a table.
type themeChart struct {
	ID            string
	Title         string
	Desc          string
	Width, Height int
	// PlotBottom and PlotRight bound the plot area, for the axis lines.
	PlotLeft, PlotBottom, PlotRight float64
	Bars                            []chartBar
	Ticks                           []chartTick
	Legend                          []chartLegend
	// Years, Rows and Cases are the table: themes down, years across;
	// Cases counts the cases of each year (a case may have several themes).
	Years []string
	Rows  []chartRow
	Cases []int
}

type chartBar struct {
	Year     string
	X, W     float64
	LabelX   float64
	Segments []chartSegment
}

type chartSegment struct {
	Y, H  float64
	Color string
	Title string
}

type chartTick struct {
	Y     float64
	Label string
}

type chartLegend struct {
	Color, Label string
}

type chartRow struct {
	Label  string
	Color  string
	Counts []int
}

// themeChart counts the cases of prof per theme in each of its most recent
// years with cases (years are the year facet of a search on prof). It is nil
// when prof has no dated cases.
func (a *advisor) themeChart(ctx context.Context, prof casus.MunicipalityProfile, years []casus.FacetValue) (*themeChart, error) {
	var ys []casus.FacetValue
	for _, y := range years {
		if y.Count > 0 {
			ys = append(ys, y)
		}
	}
	if len(ys) == 0 {
		return nil, nil
	}
	slices.SortFunc(ys, func(a, b casus.FacetValue) int { return cmp.Compare(a.Value, b.Value) })
	ys = ys[max(0, len(ys)-chartMaxYears):]

	perYear := make([]map[string]int, len(ys))
	totals := map[string]int{}
	for i, y := range ys {
		res, err := a.h.searcher.Search(ctx, casus.Query{Municipalities: []string{prof.Code}, Years: []string{y.Value}, Page: 1, Size: 1})
		if err != nil {
			return nil, fmt.Errorf("themes of %s in %s: %w", prof.Code, y.Value, err)
		}
		perYear[i] = map[string]int{}
		for _, t := range res.Facets.Theme {
			if t.Count > 0 {
				perYear[i][t.Value] = t.Count
				totals[t.Value] += t.Count
			}
		}
	}
	themes := make([]string, 0, len(totals))
	for t := range totals {
		themes = append(themes, t)
	}
	slices.SortFunc(themes, func(x, y string) int { return cmp.Or(cmp.Compare(totals[y], totals[x]), cmp.Compare(x, y)) })

	c := &themeChart{
		ID:    "themagrafiek",
		Title: "Thema's van de cases over " + prof.Name + " per jaar",
		Width: chartWidth, Height: chartHeight,
		PlotLeft: chartLeft, PlotBottom: chartHeight - chartBottom, PlotRight: chartWidth - chartRight,
	}
	// Rows: the top themes, then the rest summed up.
	shown := themes[:min(chartMaxThemes, len(themes))]
	for i, t := range shown {
		row := chartRow{Label: a.themeLabel(t), Color: chartColors[i]}
		for j := range ys {
			row.Counts = append(row.Counts, perYear[j][t])
		}
		c.Rows = append(c.Rows, row)
	}
	if rest := themes[len(shown):]; len(rest) > 0 {
		row := chartRow{Label: "Overige thema's", Color: chartColors[len(chartColors)-1]}
		for j := range ys {
			n := 0
			for _, t := range rest {
				n += perYear[j][t]
			}
			row.Counts = append(row.Counts, n)
		}
		c.Rows = append(c.Rows, row)
	}
	for _, y := range ys {
		c.Years = append(c.Years, y.Value)
		c.Cases = append(c.Cases, y.Count)
	}

	// Scale: the highest stack, rounded up to whole ticks.
	highest := 0
	for j := range ys {
		sum := 0
		for _, r := range c.Rows {
			sum += r.Counts[j]
		}
		highest = max(highest, sum)
	}
	step := niceStep(highest)
	top := max(step, int(math.Ceil(float64(highest)/float64(step)))*step)
	plotH := float64(chartHeight - chartTop - chartBottom)
	scale := plotH / float64(top)
	for v := 0; v <= top; v += step {
		c.Ticks = append(c.Ticks, chartTick{Y: c.PlotBottom - float64(v)*scale, Label: strconv.Itoa(v)})
	}
	slot := (c.PlotRight - c.PlotLeft) / float64(len(ys))
	w := math.Min(slot*0.6, chartBarMaxW)
	for j, y := range ys {
		x := c.PlotLeft + slot*float64(j) + (slot-w)/2
		bar := chartBar{Year: y.Value, X: x, W: w, LabelX: x + w/2}
		base := c.PlotBottom
		for _, r := range c.Rows {
			n := r.Counts[j]
			if n == 0 {
				continue
			}
			h := float64(n) * scale
			base -= h
			bar.Segments = append(bar.Segments, chartSegment{Y: base, H: h, Color: r.Color,
				Title: fmt.Sprintf("%s, %s: %d", y.Value, r.Label, n)})
		}
		c.Bars = append(c.Bars, bar)
	}
	for _, r := range c.Rows {
		c.Legend = append(c.Legend, chartLegend{Color: r.Color, Label: r.Label})
	}
	c.Desc = chartSummary(c)
	return c, nil
}

// niceStep is a tick step of 1, 2 or 5 times a power of ten giving at most
// five steps up to highest.
func niceStep(highest int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if highest <= 5*m*p {
				return m * p
			}
		}
	}
}

// chartSummary says in one sentence what the chart shows, for its
// description.
func chartSummary(c *themeChart) string {
	cases := 0
	for _, n := range c.Cases {
		cases += n
	}
	span := c.Years[0]
	if len(c.Years) > 1 {
		span += " tot en met " + c.Years[len(c.Years)-1]
	}
	s := fmt.Sprintf("Gestapelde staafgrafiek van %d %s uit %s, per jaar verdeeld over de thema's", cases, plural(cases, "case", "cases"), span)
	if len(c.Rows) > 0 {
		s += "; het meest voorkomende thema is " + c.Rows[0].Label
	}
	return s + ". De tabel hieronder geeft dezelfde aantallen."
}

func plural(n int, one, more string) string {
	if n == 1 {
		return one
	}
	return more
}
