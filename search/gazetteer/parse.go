package gazetteer

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/casus-nl/casus"
)

// The embedded tables; see data/PROVENANCE.md for where they come from.
var (
	//go:embed data/gemeenten.csv
	gemeentenCSV []byte
	//go:embed data/herindelingen.csv
	herindelingenCSV []byte
	//go:embed data/voormalige-gemeenten.csv
	formerCSV []byte
)

// File names used in error messages, so a bad row can be found.
const (
	gemeentenFile     = "gemeenten.csv"
	herindelingenFile = "herindelingen.csv"
	formerFile        = "voormalige-gemeenten.csv"
)

var codePattern = regexp.MustCompile(`^GM\d{4}$`)

// mergerTypes lists the values of the type column of herindelingen.csv.
const mergerTypes = "merger, absorption, split, rename"

func parse(gemeenten, herindelingen, former []byte) (*Gazetteer, error) {
	g := &Gazetteer{byCode: map[string]Municipality{}, preds: map[string][]string{}, succs: map[string][]string{},
		began: map[string]casus.Date{}}
	if err := readTable(gemeentenFile, gemeenten, g.addCurrent); err != nil {
		return nil, err
	}
	if err := readTable(herindelingenFile, herindelingen, g.addMerger); err != nil {
		return nil, err
	}
	if err := g.link(); err != nil {
		return nil, fmt.Errorf("%s: %w", herindelingenFile, err)
	}
	if err := readTable(formerFile, former, g.addFormerSize); err != nil {
		return nil, err
	}
	for _, m := range g.byCode {
		if m.Current {
			g.current = append(g.current, m)
		} else {
			g.former = append(g.former, m)
		}
	}
	sortByName(g.current)
	sortByName(g.former)
	all := append(slices.Clone(g.current), g.former...)
	g.names = newNameIndex(all)
	g.completion = newCompletionKeys(all)
	return g, nil
}

// row gives access to one CSV record by column name.
type row struct {
	cols   map[string]int
	record []string
}

func (r row) get(name string) string { return strings.TrimSpace(r.record[r.cols[name]]) }

// readTable calls add for every data row of a CSV table with a header line
// and prefixes errors with the file name and line number.
func readTable(file string, data []byte, add func(row) error) error {
	cr := csv.NewReader(strings.NewReader(string(data)))
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: reading header: %w", file, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.TrimSpace(h)] = i
	}
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		line, _ := cr.FieldPos(0)
		if err := add(row{cols: cols, record: record}); err != nil {
			return fmt.Errorf("%s line %d: %w", file, line, err)
		}
	}
}

// requireColumns reports the first missing column.
func (r row) requireColumns(names ...string) error {
	for _, n := range names {
		if _, ok := r.cols[n]; !ok {
			return fmt.Errorf("missing column %q", n)
		}
	}
	return nil
}

func (g *Gazetteer) addCurrent(r row) error {
	if err := r.requireColumns("code", "name", "province", "population", "name_common", "area_km2"); err != nil {
		return err
	}
	m := Municipality{
		Code: r.get("code"), Name: r.get("name"), Province: r.get("province"),
		CommonName: r.get("name_common"), Current: true,
	}
	if !codePattern.MatchString(m.Code) {
		return fmt.Errorf("code %q is not GM and four digits", m.Code)
	}
	if m.Name == "" || m.Province == "" {
		return fmt.Errorf("%s: empty name or province", m.Code)
	}
	if _, dup := g.byCode[m.Code]; dup {
		return fmt.Errorf("code %s appears twice", m.Code)
	}
	pop, err := strconv.Atoi(r.get("population"))
	if err != nil || pop < 0 {
		return fmt.Errorf("%s: population %q is not a whole number", m.Code, r.get("population"))
	}
	m.Population = pop
	area, err := strconv.ParseFloat(r.get("area_km2"), 64)
	if err != nil || area <= 0 {
		return fmt.Errorf("%s: area_km2 %q is not a positive number", m.Code, r.get("area_km2"))
	}
	m.AreaKM2 = area
	if m.CommonName == "" {
		m.CommonName = m.Name
	}
	g.byCode[m.Code] = m
	return nil
}

func (g *Gazetteer) addMerger(r row) error {
	if err := r.requireColumns("date", "old_code", "old_name", "old_province", "new_code", "type"); err != nil {
		return err
	}
	oldCode, newCode := r.get("old_code"), r.get("new_code")
	for _, c := range []string{oldCode, newCode} {
		if !codePattern.MatchString(c) {
			return fmt.Errorf("code %q is not GM and four digits", c)
		}
	}
	if oldCode == newCode {
		return fmt.Errorf("%s merges into itself", oldCode)
	}
	if t := r.get("type"); t == "" || !slices.Contains(strings.Split(mergerTypes, ", "), t) {
		return fmt.Errorf("%s: type %q is not one of %s", oldCode, t, mergerTypes)
	}
	end, err := casus.ParseDate(r.get("date"))
	if err != nil {
		return fmt.Errorf("%s: %w", oldCode, err)
	}
	name, province := r.get("old_name"), r.get("old_province")
	if name == "" || province == "" {
		return fmt.Errorf("%s: empty old_name or old_province", oldCode)
	}
	m, seen := g.byCode[oldCode]
	switch {
	case !seen:
		m = Municipality{Code: oldCode, Name: name, Province: province, CommonName: name, EndDate: end}
	case m.Current:
		return fmt.Errorf("%s (%s) is listed as a current municipality", oldCode, m.Name)
	case m.Name != name || m.EndDate != end:
		return fmt.Errorf("%s: name or date differs from an earlier row", oldCode)
	}
	if !slices.Contains(m.Successors, newCode) {
		m.Successors = append(m.Successors, newCode)
	}
	g.byCode[oldCode] = m
	if t := r.get("type"); t == "merger" || t == "rename" {
		if prev, ok := g.began[newCode]; ok && prev != end {
			return fmt.Errorf("%s begins on %s and on %s", newCode, prev, end)
		}
		g.began[newCode] = end
	}
	return nil
}

// addFormerSize sets the last known population and area of a former
// municipality of the merger table; a row with empty figures leaves them
// unknown (0).
func (g *Gazetteer) addFormerSize(r row) error {
	if err := r.requireColumns("code", "name", "population", "population_date", "area_km2"); err != nil {
		return err
	}
	code := r.get("code")
	m, ok := g.byCode[code]
	switch {
	case !ok:
		return fmt.Errorf("%s is not a former municipality of %s", code, herindelingenFile)
	case m.Current:
		return fmt.Errorf("%s (%s) is a current municipality", code, m.Name)
	case m.Name != r.get("name"):
		return fmt.Errorf("%s: name %q differs from %q in %s", code, r.get("name"), m.Name, herindelingenFile)
	case m.Population != 0:
		return fmt.Errorf("code %s appears twice", code)
	}
	if r.get("population") == "" && r.get("population_date") == "" && r.get("area_km2") == "" {
		return nil
	}
	pop, err := strconv.Atoi(r.get("population"))
	if err != nil || pop <= 0 {
		return fmt.Errorf("%s: population %q is not a positive whole number", code, r.get("population"))
	}
	date, err := casus.ParseDate(r.get("population_date"))
	if err != nil {
		return fmt.Errorf("%s: population_date: %w", code, err)
	}
	if !date.Time().Before(m.EndDate.Time()) {
		return fmt.Errorf("%s: population_date %s is not before the merger (%s)", code, date, m.EndDate)
	}
	area, err := strconv.ParseFloat(r.get("area_km2"), 64)
	if err != nil || area <= 0 {
		return fmt.Errorf("%s: area_km2 %q is not a positive number", code, r.get("area_km2"))
	}
	m.Population, m.PopulationDate, m.AreaKM2 = pop, date, area
	g.byCode[code] = m
	return nil
}

// link checks that every successor is known and that mergers never loop, and
// fills the predecessor and successor indexes.
func (g *Gazetteer) link() error {
	codes := make([]string, 0, len(g.byCode))
	for c, m := range g.byCode {
		for _, s := range m.Successors {
			if _, ok := g.byCode[s]; !ok {
				return fmt.Errorf("%s merges into unknown code %s", c, s)
			}
		}
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		if g.byCode[c].Current {
			continue
		}
		reached := map[string]bool{}
		if err := g.walk(c, c, reached, 0); err != nil {
			return err
		}
		for d := range reached {
			g.preds[d] = append(g.preds[d], c)
			g.succs[c] = append(g.succs[c], d)
		}
		slices.Sort(g.succs[c])
	}
	for d := range g.preds {
		slices.Sort(g.preds[d])
	}
	return nil
}

// walk marks every code reachable from code. A path longer than the number of
// municipalities must contain a cycle.
func (g *Gazetteer) walk(start, code string, reached map[string]bool, depth int) error {
	if depth > len(g.byCode) {
		return fmt.Errorf("mergers starting at %s form a cycle", start)
	}
	for _, s := range g.byCode[code].Successors {
		if s == start {
			return fmt.Errorf("mergers starting at %s form a cycle", start)
		}
		reached[s] = true
		if err := g.walk(start, s, reached, depth+1); err != nil {
			return err
		}
	}
	return nil
}
