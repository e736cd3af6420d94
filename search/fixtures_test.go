package search

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

// loadFixtures reads the fixture cases of testdata/docs.json.
func loadFixtures(tb testing.TB) []casus.Document {
	tb.Helper()
	b, err := os.ReadFile("testdata/docs.json")
	if err != nil {
		tb.Fatal(err)
	}
	var docs []casus.Document
	if err := json.Unmarshal(b, &docs); err != nil {
		tb.Fatalf("decode fixtures: %v", err)
	}
	return docs
}

// realKnowledge loads the shipped gazetteer and taxonomy.
func realKnowledge(tb testing.TB) (*gazetteer.Gazetteer, *taxonomy.Taxonomy) {
	tb.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		tb.Fatal(err)
	}
	tx, err := taxonomy.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return g, tx
}

// fixtureIndex returns a memory index holding the fixture cases.
func fixtureIndex(tb testing.TB, opts Options) *Index {
	tb.Helper()
	ix, err := NewMemory(opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	if err := ix.Put(context.Background(), loadFixtures(tb)); err != nil {
		tb.Fatal(err)
	}
	return ix
}

// hitIDs lists the ids of a result's hits in order.
func hitIDs(r casus.Result) []string {
	ids := []string{}
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// fakeMunicipalities knows a few municipalities and one merger, as the
// gazetteer would.
type fakeMunicipalities struct{}

var _ Municipalities = fakeMunicipalities{}

func (fakeMunicipalities) Label(code string) string {
	return map[string]string{
		"GM0148": "Dalfsen",
		"GM0193": "Zwolle",
		"GM0363": "Amsterdam",
		"GM0457": "Weesp (sinds 2022 Amsterdam)",
	}[code]
}

func (fakeMunicipalities) Named(text string) []string {
	var out []string
	for name, code := range map[string]string{"dalfsen": "GM0148", "weesp": "GM0457"} {
		if strings.Contains(strings.ToLower(text), name) {
			out = append(out, code)
		}
	}
	return out
}

func (fakeMunicipalities) Successors(code string) []string {
	if code == "GM0457" {
		return []string{"GM0363"}
	}
	return nil
}

// SameSizeClass puts Dalfsen and Zwolle in one class, and Amsterdam alone.
func (fakeMunicipalities) SameSizeClass(code string) []string {
	switch code {
	case "GM0148", "GM0193":
		return []string{"GM0148", "GM0193"}
	case "GM0363", "GM0457":
		return []string{"GM0363"}
	}
	return nil
}

func (fakeMunicipalities) SizeClassPeers(population int) []string {
	if population > 0 && population < 50_000 {
		return []string{"GM0148", "GM0193"}
	}
	return nil
}

// fakePopulations are the populations of the fake municipalities.
var fakePopulations = map[string]int{"GM0148": 30_268, "GM0193": 134_143, "GM0363": 942_504, "GM0457": 19_738}

// Profile puts Dalfsen and Zwolle in Overijssel, Amsterdam and Weesp in
// Noord-Holland; only Dalfsen and Weesp are small. Each is in the band of
// its population. Two different municipalities make a collaboration.
func (fakeMunicipalities) Profile(codes []string, population int) []string {
	var out []string
	if distinct := slices.Compact(slices.Sorted(slices.Values(codes))); len(distinct) >= 2 {
		out = append(out, gazetteer.CollaborationValue)
	}
	for _, c := range codes {
		switch c {
		case "GM0148", "GM0193":
			out = append(out, "provincie:overijssel")
		case "GM0363", "GM0457":
			out = append(out, "provincie:noord-holland")
		}
		if c == "GM0148" {
			out = append(out, "regio:noord-overijssel")
		}
		if c == "GM0148" || c == "GM0457" {
			out = append(out, "grootte:klein")
		}
		out = append(out, gazetteer.PopulationValue(fakePopulations[c]))
	}
	if len(codes) == 0 && population > 0 && population < 20_000 {
		out = append(out, "grootte:klein")
	}
	return out
}

// NamedProfiles knows "Overijsselse", "kleine gemeente", "Noord-Overijssel"
// (Dalfsen's region), the place Nieuwleusen (in Dalfsen) and ranges of
// inhabitants written as one word ("tot-25.000-inwoners") and
// "buurgemeenten", work done with neighbouring municipalities.
func (fakeMunicipalities) NamedProfiles(terms []string) []string {
	named := make([]string, len(terms))
	for i, t := range terms {
		switch t = strings.ToLower(t); {
		case t == "overijsselse":
			named[i] = "provincie:overijssel"
		case t == "noord-overijssel":
			named[i] = "regio:noord-overijssel"
		case t == "buurgemeenten":
			named[i] = gazetteer.CollaborationValue
		case t == "nieuwleusen":
			named[i] = "gemeente:GM0148"
		case strings.HasPrefix(t, "tot-") && strings.HasSuffix(t, "-inwoners"):
			// "tot-25.000-inwoners": a range of inhabitants in one word.
			n := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(t, "tot-"), "-inwoners"), ".", "")
			named[i] = "inwoners:0-" + n
		case t == "kleine" && i+1 < len(terms) && strings.ToLower(terms[i+1]) == "gemeente":
			named[i], named[i+1] = "grootte:klein", "grootte:klein"
		}
	}
	return named
}

func (f fakeMunicipalities) CompleteCodes(prefix string, n int) []string {
	var out []string
	for _, code := range []string{"GM0148", "GM0193", "GM0363", "GM0457"} {
		if len(out) < n && prefix != "" && strings.HasPrefix(strings.ToLower(f.Label(code)), strings.ToLower(prefix)) {
			out = append(out, code)
		}
	}
	return out
}

// fakeTaxonomy labels some themes and domains and leaves the rest unknown.
type fakeTaxonomy struct{}

var _ Taxonomy = fakeTaxonomy{}

func (fakeTaxonomy) ThemeLabel(slug string) string {
	return map[string]string{"jeugd": "Jeugd en jeugdhulp", "toegang": "Toegang en wijkteams"}[slug]
}

func (fakeTaxonomy) NamedThemes(text string) []string {
	if strings.Contains(strings.ToLower(text), "jeugd") {
		return []string{"jeugd"}
	}
	return nil
}

// NamedDomains names the domain sociaal by "sociaal domein".
func (fakeTaxonomy) NamedDomains(words []string) []string {
	out := make([]string, len(words))
	for i := 0; i+1 < len(words); i++ {
		if strings.EqualFold(words[i], "sociaal") && strings.EqualFold(words[i+1], "domein") {
			out[i], out[i+1] = "sociaal", "sociaal"
		}
	}
	return out
}

// MentionedThemes is NamedThemes, and toegang for "loket".
func (f fakeTaxonomy) MentionedThemes(text string) []string {
	if strings.Contains(strings.ToLower(text), "loket") {
		return append(f.NamedThemes(text), "toegang")
	}
	return f.NamedThemes(text)
}

func (f fakeTaxonomy) CompleteThemes(prefix string, n int) []string {
	var out []string
	for _, slug := range []string{"jeugd", "toegang"} {
		if len(out) < n && prefix != "" && strings.HasPrefix(strings.ToLower(f.ThemeLabel(slug)), strings.ToLower(prefix)) {
			out = append(out, slug)
		}
	}
	return out
}

func (fakeTaxonomy) DomainLabel(slug string) string {
	return map[string]string{"sociaal": "Sociaal domein"}[slug]
}

// suggestionOf returns r's did-you-mean, "" for none.
func suggestionOf(r casus.Result) string {
	if r.Suggestion == nil {
		return ""
	}
	return *r.Suggestion
}

// mustSearch runs q on ix and fails the test on error.
func mustSearch(tb testing.TB, ix *Index, q casus.Query) casus.Result {
	tb.Helper()
	r, err := ix.Search(context.Background(), q)
	if err != nil {
		tb.Fatalf("Search(%+v): %v", q, err)
	}
	return r
}
