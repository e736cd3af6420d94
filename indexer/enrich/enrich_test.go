package enrich

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

// Quality floors for the labelled passages (micro-averaged): the targets a
// policy advisor filtering on a facet needs.
const (
	minMunicipalityPrecision = 0.97
	minMunicipalityRecall    = 0.95
	minThemeQuality          = 0.85
	minDomainQuality         = 0.85
)

// minPassages is the smallest labelled set whose figures mean something.
const minPassages = 60

// passage is one labelled example of testdata/passages.yaml.
type passage struct {
	Name           string   `yaml:"name"`
	Strict         bool     `yaml:"strict"`
	Date           string   `yaml:"date"`
	Title          string   `yaml:"title"`
	Text           string   `yaml:"text"`
	Tags           []string `yaml:"tags"`
	Municipalities []string `yaml:"municipalities"`
	Themes         []string `yaml:"themes"`
	Domains        []string `yaml:"domains"`
	PopulationHint int      `yaml:"population_hint"`
}

func newEnricher(t testing.TB) *Enricher {
	t.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	tx, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(g, tx)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

// loadYAML reads a list of labelled items from a file in testdata.
func loadYAML[T any](t testing.TB, name string) []T {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var items []T
	if err := yaml.UnmarshalWithOptions(data, &items, yaml.Strict()); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return items
}

func loadPassages(t testing.TB) []passage {
	t.Helper()
	ps := loadYAML[passage](t, "passages.yaml")
	if len(ps) < minPassages {
		t.Fatalf("only %d passages; the quality figures need at least %d", len(ps), minPassages)
	}
	return ps
}

func enrich(t *testing.T, e *Enricher, p passage) casus.Document {
	t.Helper()
	doc := casus.Document{Title: p.Title, Body: p.Text, Tags: p.Tags}
	if p.Date != "" {
		d, err := casus.ParseDate(p.Date)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		doc.Date = d
	}
	e.Enrich(&doc)
	return doc
}

func codes(refs []casus.MunicipalityRef) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, r.Code)
	}
	return out
}

// TestPitfalls requires the municipalities and population hint of every
// strict passage to be exactly right, in order.
func TestPitfalls(t *testing.T) {
	e := newEnricher(t)
	for _, p := range loadPassages(t) {
		if !p.Strict {
			continue
		}
		t.Run(p.Name, func(t *testing.T) {
			doc := enrich(t, e, p)
			want := p.Municipalities
			if want == nil {
				want = []string{}
			}
			if diff := cmp.Diff(want, codes(doc.Municipalities)); diff != "" {
				t.Errorf("municipalities (-want +got):\n%s", diff)
			}
			if doc.PopulationHint != p.PopulationHint {
				t.Errorf("population hint %d, want %d", doc.PopulationHint, p.PopulationHint)
			}
		})
	}
}

// counts holds true positives, false positives and false negatives.
type counts struct{ tp, fp, fn int }

func (c *counts) add(want, got []string) {
	for _, g := range got {
		if slices.Contains(want, g) {
			c.tp++
		} else {
			c.fp++
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			c.fn++
		}
	}
}

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestQuality measures precision and recall per facet over all passages.
func TestQuality(t *testing.T) {
	e := newEnricher(t)
	var mun, th, dom counts
	var halves [2]counts // themes of the even (tuning) and odd (held-out) passages
	for i, p := range loadPassages(t) {
		doc := enrich(t, e, p)
		got := struct{ m, th, d []string }{codes(doc.Municipalities), doc.Themes, doc.Domains}
		mun.add(p.Municipalities, got.m)
		th.add(p.Themes, got.th)
		halves[i%2].add(p.Themes, got.th)
		dom.add(p.Domains, got.d)
		if testing.Verbose() && (!sameSet(p.Themes, got.th) || !sameSet(p.Domains, got.d) || !sameSet(p.Municipalities, got.m)) {
			t.Logf("%s: municipalities %v want %v; themes %v want %v; domains %v want %v",
				p.Name, got.m, p.Municipalities, got.th, p.Themes, got.d, p.Domains)
		}
	}
	// The theme model was fit on the even passages; the odd ones are held out.
	for half, name := range []string{"tuning", "held-out"} {
		t.Logf("themes, %s half: precision %.3f recall %.3f", name, halves[half].precision(), halves[half].recall())
	}
	for _, f := range []struct {
		name                    string
		c                       counts
		minPrecision, minRecall float64
	}{
		{"municipalities", mun, minMunicipalityPrecision, minMunicipalityRecall},
		{"themes", th, minThemeQuality, minThemeQuality},
		{"domains", dom, minDomainQuality, minDomainQuality},
	} {
		t.Logf("%-14s precision %.3f recall %.3f (tp %d, fp %d, fn %d)",
			f.name, f.c.precision(), f.c.recall(), f.c.tp, f.c.fp, f.c.fn)
		if f.c.precision() < f.minPrecision || f.c.recall() < f.minRecall {
			t.Errorf("%s: precision %.3f (at least %.2f), recall %.3f (at least %.2f)",
				f.name, f.c.precision(), f.minPrecision, f.c.recall(), f.minRecall)
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
