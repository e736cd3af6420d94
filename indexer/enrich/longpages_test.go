package enrich

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
)

// longPage is one page of a blind labelled set of long case pages
// (testdata/longpages.yaml): pages with a main theme and side themes, and
// themes mentioned only in passing that must not count.
type longPage struct {
	Name           string   `yaml:"name"`
	Title          string   `yaml:"title"`
	Date           string   `yaml:"date"`
	Text           string   `yaml:"text"`
	Themes         []string `yaml:"themes"`
	MainTheme      string   `yaml:"main_theme"`
	Passing        []string `yaml:"passing"`
	Domains        []string `yaml:"domains"`
	Municipalities []string `yaml:"municipalities"`
}

// longPageFiles are the blind sets of long pages, each split before tuning
// by position: even positions tune, odd positions are held out.
var longPageFiles = []string{"longpages.yaml", "longpages2.yaml", "longpages3.yaml", "longpages4.yaml", "longpages5.yaml", "longpages6.yaml"}

// Floors of the blind sets, per half (tuning, held-out) of all sets
// together, at the figures measured when the theme model and exclusion rules
// were last changed: a change that lowers one fails. The targets are higher
// (see README "Recognition").
var (
	minLongThemePrecision = [2]float64{0.93, 0.93}
	minLongThemeRecall    = [2]float64{0.93, 0.91}
	minLongThemeExact     = [2]float64{0.75, 0.67}
	minLongMuniPrecision  = [2]float64{0.96, 0.94}
	minNegationPrecision  = [2]float64{0.98, 0.89}
	minNegationRecall     = [2]float64{0.98, 0.86}
)

// checkFloor fails when got is below floor.
func checkFloor(t *testing.T, what string, got, floor float64) {
	t.Helper()
	if got < floor {
		t.Errorf("%s %.3f, below its floor %.2f", what, got, floor)
	}
}

// setScores counts (item, label) decisions against labels, and the items
// whose label set came out exactly right.
type setScores struct {
	counts
	exact, n int
}

func (s *setScores) add(got, want []string) {
	s.counts.add(want, got)
	s.n++
	if len(got) == len(want) && !slices.ContainsFunc(got, func(g string) bool { return !slices.Contains(want, g) }) {
		s.exact++
	}
}

func (s setScores) String() string {
	return fmt.Sprintf("precision %.3f recall %.3f exact %.3f (%d items)",
		s.precision(), s.recall(), ratio(s.exact, s.n), s.n)
}

// TestLongPages measures themes and municipalities on the blind long pages,
// apart for the tuning half (even positions) and the held-out half (odd),
// per set and over all sets.
func TestLongPages(t *testing.T) {
	e := newEnricher(t)
	var themes, munis [2]setScores
	for _, file := range longPageFiles {
		var setThemes, setMunis [2]setScores
		for i, p := range loadYAML[longPage](t, file) {
			doc := casus.Document{Title: p.Title, Body: p.Text, Date: passageDate(t, file, p.Name, p.Date)}
			e.Enrich(&doc)
			codes := []string{}
			for _, m := range doc.Municipalities {
				codes = append(codes, m.Code)
			}
			themes[i%2].add(doc.Themes, p.Themes)
			setThemes[i%2].add(doc.Themes, p.Themes)
			munis[i%2].add(codes, p.Municipalities)
			setMunis[i%2].add(codes, p.Municipalities)
			if os.Getenv("CASUS_LONGPAGES_VERBOSE") != "" && i%2 == 0 {
				t.Logf("%s %d %s: themes %v want %v; municipalities %v want %v", file, i, p.Name, doc.Themes, p.Themes, codes, p.Municipalities)
			}
		}
		t.Logf("%s: themes, tuning half %v; held-out half %v", file, setThemes[0], setThemes[1])
		t.Logf("%s: municipalities, tuning half %v; held-out half %v", file, setMunis[0], setMunis[1])
	}
	for half, name := range []string{"tuning", "held-out"} {
		t.Logf("%s half: themes %v; municipalities %v", name, themes[half], munis[half])
		checkFloor(t, name+" theme precision", themes[half].precision(), minLongThemePrecision[half])
		checkFloor(t, name+" theme recall", themes[half].recall(), minLongThemeRecall[half])
		checkFloor(t, name+" exact theme sets", ratio(themes[half].exact, themes[half].n), minLongThemeExact[half])
		checkFloor(t, name+" municipality precision", munis[half].precision(), minLongMuniPrecision[half])
	}
}

// negationFiles are the blind sets of negation passages, each split before
// tuning by position: even positions tune, odd positions are held out.
var negationFiles = []string{"negation.yaml", "negation2.yaml", "negation3.yaml", "negation4.yaml", "negation5.yaml"}

// negationPassage is one passage of a negation set: municipalities named as
// taking part or not.
type negationPassage struct {
	Name           string   `yaml:"name"`
	Kind           string   `yaml:"kind"`
	Mixed          bool     `yaml:"mixed"`
	Title          string   `yaml:"title"`
	Date           string   `yaml:"date"`
	Text           string   `yaml:"text"`
	Municipalities []string `yaml:"municipalities"`
	Themes         []string `yaml:"themes"`
}

// passageDate parses the optional date of a labelled page or passage; a
// page without one is undated.
func passageDate(t *testing.T, file, name, date string) casus.Date {
	t.Helper()
	if date == "" {
		return casus.Date{}
	}
	d, err := casus.ParseDate(date)
	if err != nil {
		t.Fatalf("%s: %s: %v", file, name, err)
	}
	return d
}

// TestNegationPassages measures municipalities on passages that name some
// municipalities as not taking part, and on controls where they do; the
// tuning half (even positions) and the held-out half (odd) apart, per set
// and over all sets.
func TestNegationPassages(t *testing.T) {
	e := newEnricher(t)
	var munis [2]setScores
	for _, file := range negationFiles {
		var set [2]setScores
		for i, p := range loadYAML[negationPassage](t, file) {
			doc := casus.Document{Title: p.Title, Body: p.Text, Date: passageDate(t, file, p.Name, p.Date)}
			e.Enrich(&doc)
			codes := []string{}
			for _, m := range doc.Municipalities {
				codes = append(codes, m.Code)
			}
			munis[i%2].add(codes, p.Municipalities)
			set[i%2].add(codes, p.Municipalities)
			if os.Getenv("CASUS_LONGPAGES_VERBOSE") != "" && i%2 == 0 {
				t.Logf("%s %d %s (%s): %v want %v", file, i, p.Name, p.Kind, codes, p.Municipalities)
			}
		}
		t.Logf("%s: municipalities, tuning half %v; held-out half %v", file, set[0], set[1])
	}
	for half, name := range []string{"tuning", "held-out"} {
		t.Logf("%s half: municipalities %v", name, munis[half])
		checkFloor(t, name+" municipality precision", munis[half].precision(), minNegationPrecision[half])
		checkFloor(t, name+" municipality recall", munis[half].recall(), minNegationRecall[half])
	}
}

// secondEditorFiles hold an independent second editor's themes for the
// held-out pages of some long-page sets (testdata/second-editor, see
// BLIND-SETS.md), keyed "<set>-<position>".
var secondEditorFiles = []string{"longpages3.yaml", "longpages4.yaml", "longpages5.yaml"}

// secondLabel is a second editor's themes for one page.
type secondLabel struct {
	Key       string   `yaml:"key"`
	MainTheme string   `yaml:"main_theme"`
	Themes    []string `yaml:"themes"`
	Passing   []string `yaml:"passing"`
	Note      string   `yaml:"note"`
}

// Floors of the system against the second editor on all re-labelled pages,
// at their first measurement: precision, recall and exact theme sets.
var minSecondEditor = [3]float64{0.90, 0.87, 0.55}

// TestSecondEditor measures how far two careful editors agree on the
// themes of the same held-out pages, and how far the system agrees with
// each: the exact-set target is read against the editors' own agreement.
func TestSecondEditor(t *testing.T) {
	e := newEnricher(t)
	var editors, first, second setScores
	for _, file := range secondEditorFiles {
		pages := loadYAML[longPage](t, file)
		set := strings.TrimSuffix(file, ".yaml")
		var fileEditors, fileFirst, fileSecond setScores
		for _, l := range loadYAML[secondLabel](t, filepath.Join("second-editor", file)) {
			name, pos, ok := strings.Cut(l.Key, "-")
			i, err := strconv.Atoi(pos)
			if !ok || name != set || err != nil || i < 0 || i >= len(pages) || i%2 == 0 {
				t.Fatalf("second-editor/%s: key %q is not a held-out page of %s", file, l.Key, file)
			}
			p := pages[i]
			doc := casus.Document{Title: p.Title, Body: p.Text}
			e.Enrich(&doc)
			for _, s := range []*setScores{&editors, &fileEditors} {
				s.add(l.Themes, p.Themes)
			}
			for _, s := range []*setScores{&first, &fileFirst} {
				s.add(doc.Themes, p.Themes)
			}
			for _, s := range []*setScores{&second, &fileSecond} {
				s.add(doc.Themes, l.Themes)
			}
		}
		t.Logf("%s: second editor against the first %v; system against the first %v, against the second %v",
			file, fileEditors, fileFirst, fileSecond)
	}
	t.Logf("all: second editor against the first %v", editors)
	t.Logf("all: system against the first editor %v", first)
	t.Logf("all: system against the second editor %v", second)
	checkFloor(t, "precision against the second editor", second.precision(), minSecondEditor[0])
	checkFloor(t, "recall against the second editor", second.recall(), minSecondEditor[1])
	checkFloor(t, "exact theme sets against the second editor", ratio(second.exact, second.n), minSecondEditor[2])
}
