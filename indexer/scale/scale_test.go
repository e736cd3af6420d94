package scale

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
	"github.com/casus-nl/casus/search/textfold"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.jsonl")

// Corpus sizes of the tests: large enough for the shares to settle, small
// enough to stay fast.
const (
	testDocs        = 2000
	testRegulations = 300
)

func newCorpus(t *testing.T, cfg Config) *Corpus {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func all(c *Corpus) []casus.Document {
	return slices.Collect(c.Documents())
}

// digest hashes the JSON lines of a whole corpus.
func digest(t *testing.T, c *Corpus) [32]byte {
	t.Helper()
	h := sha256.New()
	enc := json.NewEncoder(h)
	for d := range c.Documents() {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	return [32]byte(h.Sum(nil))
}

func TestNewRejects(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  Config
	}{
		{"no docs", Config{Docs: 0}},
		{"too many docs", Config{Docs: MaxDocs + 1}},
		{"unknown profile", Config{Docs: 1, Profile: "laws"}},
		{"base not http", Config{Docs: 1, BaseURL: "ftp://example.nl"}},
		{"base with path", Config{Docs: 1, BaseURL: "http://example.nl/cases"}},
		{"base without host", Config{Docs: 1, BaseURL: "http:///"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); err == nil {
				t.Errorf("New(%+v) succeeded", tt.cfg)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	const n = 300
	base := Config{Seed: 42, Docs: n}
	for _, tt := range []struct {
		name  string
		other Config
		equal bool
	}{
		{"same config", base, true},
		{"profile spelled out", Config{Seed: 42, Docs: n, Profile: ProfileCases}, true},
		{"other seed", Config{Seed: 43, Docs: n}, false},
		{"other profile", Config{Seed: 42, Docs: n, Profile: ProfileRegulations}, false},
		{"other base URL", Config{Seed: 42, Docs: n, BaseURL: "http://127.0.0.1:8081"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, b := digest(t, newCorpus(t, base)), digest(t, newCorpus(t, tt.other))
			if (a == b) != tt.equal {
				t.Errorf("corpora equal = %v, want %v", a == b, tt.equal)
			}
		})
	}
}

func TestRandomAccess(t *testing.T) {
	c := newCorpus(t, Config{Seed: 5, Docs: 200})
	docs := all(c)
	for i := len(docs) - 1; i >= 0; i-- {
		if diff := cmp.Diff(docs[i], c.Document(i), cmp.AllowUnexported(casus.Date{})); diff != "" {
			t.Fatalf("Document(%d) differs from the %dth of Documents (-seq +direct):\n%s", i, i, diff)
		}
		if c.Path(i) != strings.TrimPrefix(docs[i].URL, DefaultBaseURL) {
			t.Fatalf("Path(%d) = %q, document URL %q", i, c.Path(i), docs[i].URL)
		}
	}
	// A bigger corpus gives the same first documents: document i depends
	// on the seed and i only (related links aside, which are page chrome).
	big := newCorpus(t, Config{Seed: 5, Docs: 100_000})
	if diff := cmp.Diff(docs[17], big.Document(17), cmp.AllowUnexported(casus.Date{})); diff != "" {
		t.Errorf("document 17 depends on the corpus size:\n%s", diff)
	}
}

// TestGolden pins the output of one seed byte for byte, so that a change
// of the generator is noticed (run with -update to accept it).
func TestGolden(t *testing.T) {
	var got bytes.Buffer
	enc := json.NewEncoder(&got)
	for d := range newCorpus(t, Config{Seed: 1, Docs: 3}).Documents() {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join("testdata", "golden.jsonl")
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("seed 1 no longer gives testdata/golden.jsonl; run with -update if the change is meant:\n%s",
			cmp.Diff(string(want), got.String()))
	}
}

func TestIDsAndURLs(t *testing.T) {
	c := newCorpus(t, Config{Seed: 9, Docs: testDocs})
	ids, paths := map[string]int{}, map[string]int{}
	for i, d := range all(c) {
		if prev, dup := ids[d.ID]; dup {
			t.Errorf("documents %d and %d share id %s", prev, i, d.ID)
		}
		ids[d.ID] = i
		if d.ID != casus.DocumentID(d.URL) {
			t.Errorf("document %d: id %s is not DocumentID(%s)", i, d.ID, d.URL)
		}
		path, ok := strings.CutPrefix(d.URL, DefaultBaseURL+CasesPath)
		if !ok || !strings.HasSuffix(path, "-"+itoa(i+1)+"/") {
			t.Errorf("document %d: URL %s is not %s%s<slug>-%d/", i, d.URL, DefaultBaseURL, CasesPath, i+1)
		}
		paths[path] = i
		if got, ok := c.index(CasesPath + path); !ok || got != i {
			t.Errorf("index(%s) = %d, %v; want %d", path, got, ok, i)
		}
		if d.Source == "" || d.SourceName == "" || !strings.HasPrefix(d.Source, "bureau-") {
			t.Errorf("document %d: source %q %q", i, d.Source, d.SourceName)
		}
	}
	if len(paths) != testDocs || c.Len() != testDocs {
		t.Errorf("%d distinct paths for %d documents (Len %d)", len(paths), testDocs, c.Len())
	}
	for _, p := range []string{"/cases/x-1/", CasesPath + "-1/", CasesPath + "a-0/", CasesPath + "a-01/",
		CasesPath + "a-" + itoa(testDocs+1) + "/", CasesPath + "a/", "/other/a-1/", CasesPath + "a-1"} {
		if i, ok := c.index(p); ok {
			t.Errorf("index(%q) = %d, want no document", p, i)
		}
	}
}

func TestLengths(t *testing.T) {
	for _, tt := range []struct {
		profile            Profile
		docs               int
		minLong, maxLong   float64 // share of long pages
		minMean, maxMean   int     // mean body length of long pages
		wantShortAndLonger bool
	}{
		{ProfileCases, testDocs, 0.07, 0.13, 20 << 10, 32 << 10, true},
		{ProfileRegulations, testRegulations, 1, 1, 20 << 10, 32 << 10, false},
	} {
		t.Run(string(tt.profile), func(t *testing.T) {
			c := newCorpus(t, Config{Seed: 3, Docs: tt.docs, Profile: tt.profile})
			long, longBytes, short := 0, 0, 0
			for i, d := range all(c) {
				n := len(d.Body)
				switch {
				case n >= LongMinBytes && n <= LongMaxBytes:
					long++
					longBytes += n
				case n >= ShortMinBytes && n <= ShortMaxBytes && tt.wantShortAndLonger:
					short++
				default:
					t.Errorf("document %d: body of %d bytes is outside the profile's bounds", i, n)
				}
			}
			share := float64(long) / float64(tt.docs)
			if share < tt.minLong || share > tt.maxLong {
				t.Errorf("%.3f of the pages are long, want %.2f to %.2f", share, tt.minLong, tt.maxLong)
			}
			if mean := longBytes / max(long, 1); mean < tt.minMean || mean > tt.maxMean {
				t.Errorf("long bodies average %d bytes, want %d to %d", mean, tt.minMean, tt.maxMean)
			}
			if tt.wantShortAndLonger && short == 0 {
				t.Error("no short pages")
			}
		})
	}
}

// folded is text as the taxonomy matches it: folded words joined by spaces.
func folded(s string) string { return strings.Join(textfold.Words(s), " ") }

// evidence returns a theme's or domain's terms of medium weight or more,
// folded and without the compound marks.
func evidence(terms []taxonomy.Term) []string {
	var out []string
	for _, t := range terms {
		if t.Weight >= taxonomy.WeightMedium {
			out = append(out, folded(strings.ReplaceAll(t.Text, "*", "")))
		}
	}
	return out
}

func containsAny(text string, terms []string) bool {
	return slices.ContainsFunc(terms, func(term string) bool { return strings.Contains(text, term) })
}

// TestWordsAreEvidence checks the word lists against the taxonomy: every
// phrase of a theme or domain contains one of its terms.
func TestWordsAreEvidence(t *testing.T) {
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	for slug, w := range themeLexicon {
		terms := evidence(tax.ThemeTerms(slug))
		for _, p := range slices.Concat(w.phrases, w.titles) {
			if !containsAny(folded(p), terms) {
				t.Errorf("theme %s: %q holds none of the theme's terms", slug, p)
			}
		}
	}
	for slug, phrases := range domainLexicon {
		terms := evidence(tax.DomainTerms(slug))
		for _, p := range phrases {
			if !containsAny(folded(p), terms) {
				t.Errorf("domain %s: %q holds none of the domain's terms", slug, p)
			}
		}
	}
}

func TestThemesAndDomains(t *testing.T) {
	tax, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, profile := range []Profile{ProfileCases, ProfileRegulations} {
		t.Run(string(profile), func(t *testing.T) {
			c := newCorpus(t, Config{Seed: 11, Docs: testRegulations, Profile: profile})
			if profile == ProfileCases {
				c = newCorpus(t, Config{Seed: 11, Docs: testDocs, Profile: profile})
			}
			seen := map[string]int{}
			for i, d := range all(c) {
				body := folded(d.Body)
				if len(d.Themes) == 0 || len(d.Domains) == 0 {
					t.Fatalf("document %d: themes %v, domains %v", i, d.Themes, d.Domains)
				}
				for _, th := range d.Themes {
					seen[th]++
					terms := evidence(tax.ThemeTerms(th))
					if terms == nil {
						t.Fatalf("document %d: unknown theme %q", i, th)
					}
					if !containsAny(body, terms) {
						t.Errorf("document %d: body has no words of its theme %s", i, th)
					}
				}
				for _, dm := range d.Domains {
					if tax.DomainLabel(dm) == "" {
						t.Fatalf("document %d: unknown domain %q", i, dm)
					}
					if !containsAny(body, evidence(tax.DomainTerms(dm))) {
						t.Errorf("document %d: body has no words of its domain %s", i, dm)
					}
				}
				for _, th := range d.Themes {
					for _, dm := range tax.ThemeDomains(th) {
						if !slices.Contains(d.Domains, dm) {
							t.Errorf("document %d: theme %s implies domain %s, domains are %v", i, th, dm, d.Domains)
						}
					}
				}
			}
			for _, th := range tax.Themes() {
				if seen[th.Slug] == 0 {
					t.Errorf("theme %s never occurs", th.Slug)
				}
			}
		})
	}
}

func TestMunicipalities(t *testing.T) {
	gaz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	c := newCorpus(t, Config{Seed: 13, Docs: testDocs})
	count := map[string]int{}
	withPlace, former, regional := 0, 0, 0
	for i, d := range all(c) {
		if len(d.Municipalities) == 0 {
			if d.PopulationHint <= 0 || !strings.Contains(d.Body, "inwoners") {
				t.Errorf("document %d names no municipality and gives no size", i)
			}
			continue
		}
		withPlace++
		if len(d.Municipalities) > 1 {
			regional++
		}
		if d.PopulationHint != 0 {
			t.Errorf("document %d has municipalities and a population hint", i)
		}
		for _, ref := range d.Municipalities {
			count[ref.Code]++
			if want := gaz.Ref(ref.Code); ref != want || want.Name == "" {
				t.Errorf("document %d: reference %+v, the gazetteer says %+v", i, ref, want)
			}
			m, _ := gaz.Lookup(ref.Code)
			if m.Current {
				continue
			}
			former++
			if ref.CurrentCode == "" {
				t.Errorf("document %d: former %s without its current municipality", i, ref.Code)
			}
			if !d.Date.IsZero() && !d.Date.Time().Before(m.EndDate.Time()) {
				t.Errorf("document %d about %s is dated %s, after its end %s", i, m.Name, d.Date, m.EndDate)
			}
		}
		first, _ := gaz.Lookup(d.Municipalities[0].Code)
		lead, _, _ := strings.Cut(d.Body, ".")
		if !strings.Contains(lead, first.CommonName) && !strings.Contains(lead, first.Name) {
			t.Errorf("document %d: first sentence %q does not name %s", i, lead, first.Name)
		}
	}
	if share := float64(former) / float64(withPlace); share < 0.02 || share > 0.09 {
		t.Errorf("%.3f of the cases with a municipality are about a former one, want about 0.05", share)
	}
	if regional == 0 {
		t.Error("no regional cases")
	}
	// Amsterdam (GM0363) is far larger than Schiermonnikoog (GM0088).
	if count["GM0363"] < 20 || count["GM0363"] <= count["GM0088"] {
		t.Errorf("Amsterdam in %d cases, Schiermonnikoog in %d: big municipalities should come up more",
			count["GM0363"], count["GM0088"])
	}
}

func TestDatesAndFetchTimes(t *testing.T) {
	c := newCorpus(t, Config{Seed: 17, Docs: testDocs})
	first := casus.NewDate(minYear, time.January, 1)
	last := casus.NewDate(lastYear, lastMonth+1, 0)
	undated := 0
	years := map[int]bool{}
	var prev time.Time
	for i, d := range all(c) {
		if d.Date.IsZero() {
			undated++
		} else if d.Date.Time().Before(first.Time()) || d.Date.Time().After(last.Time()) {
			t.Errorf("document %d dated %s, outside %s to %s", i, d.Date, first, last)
		}
		years[d.Date.Year()] = true
		if !d.FetchedAt.After(last.Time()) || (i > 0 && !d.FetchedAt.After(prev)) {
			t.Errorf("document %d fetched at %s: before its date range or the previous document", i, d.FetchedAt)
		}
		prev = d.FetchedAt
	}
	if share := float64(undated) / testDocs; share < 0.04 || share > 0.12 {
		t.Errorf("%.3f of the documents are undated, want about %.2f", share, undatedShare)
	}
	for y := minYear; y <= lastYear; y++ {
		if !years[y] {
			t.Errorf("no document of %d", y)
		}
	}
	again := newCorpus(t, Config{Seed: 17, Docs: testDocs}).Document(0).FetchedAt
	other := newCorpus(t, Config{Seed: 18, Docs: testDocs}).Document(0).FetchedAt
	if !again.Equal(c.Document(0).FetchedAt) || again.Equal(other) {
		t.Errorf("fetch time %s (again %s, seed 18 %s) is not fixed by the seed", c.Document(0).FetchedAt, again, other)
	}
}

func TestText(t *testing.T) {
	for _, profile := range []Profile{ProfileCases, ProfileRegulations} {
		t.Run(string(profile), func(t *testing.T) {
			c := newCorpus(t, Config{Seed: 19, Docs: testRegulations, Profile: profile})
			headings := 0
			for i, d := range all(c) {
				for _, s := range []string{d.Title, d.Body} {
					if strings.ContainsAny(s, "{}|") || strings.Contains(s, "  ") {
						t.Errorf("document %d: unfilled slot or double space in %q", i, s[:min(len(s), 200)])
					}
				}
				if d.Title == "" || !startsUpper(d.Title) {
					t.Errorf("document %d: title %q", i, d.Title)
				}
				for p := range strings.SplitSeq(d.Body, "\n\n") {
					if p == "" || strings.TrimSpace(p) != p || strings.Contains(p, "\n") {
						t.Errorf("document %d: bad paragraph %q", i, p)
					}
					if isHeading(p) {
						headings++
						if len(p) > maxHeadingBytes {
							t.Errorf("document %d: heading of %d bytes: %q", i, len(p), p)
						}
					}
				}
			}
			if headings < testRegulations {
				t.Errorf("%d headings in %d documents", headings, testRegulations)
			}
		})
	}
}

// maxHeadingBytes bounds a heading paragraph, which the search engine
// weighs extra.
const maxHeadingBytes = 120

func startsUpper(s string) bool {
	for _, r := range s {
		return strings.ToUpper(string(r)) == string(r)
	}
	return false
}

// TestVocabulary checks the word distribution: Zipf-like (a few words very
// common, most rare), typical compounds present, and a vocabulary that
// keeps growing with the corpus as a real one does.
func TestVocabulary(t *testing.T) {
	c := newCorpus(t, Config{Seed: 23, Docs: testDocs})
	freq := map[string]int{}
	distinctAt := map[int]int{}
	tokens := 0
	for i, d := range all(c) {
		for _, w := range textfold.Words(d.Body) {
			freq[w]++
			tokens++
		}
		if i+1 == testDocs/4 {
			distinctAt[testDocs/4] = len(freq)
		}
	}
	if growth := float64(len(freq)) / float64(distinctAt[testDocs/4]); growth < 2 {
		t.Errorf("4 times the documents give %.2f times the distinct words (%d → %d); a long tail grows faster",
			growth, distinctAt[testDocs/4], len(freq))
	}
	once := 0
	var counts []int
	for _, n := range freq {
		counts = append(counts, n)
		if n == 1 {
			once++
		}
	}
	slices.Sort(counts)
	if share := float64(once) / float64(len(freq)); share < 0.3 {
		t.Errorf("%.2f of the distinct words occur once, want a long tail of at least 0.3", share)
	}
	if top, median := counts[len(counts)-1], counts[len(counts)/2]; top < 1000*median {
		t.Errorf("the most common word occurs %d times, the median word %d: not Zipf-like", top, median)
	}
	for _, w := range []string{"jeugdhulpaanbieders", "zorginkoop", "uitvoeringsorganisatie", "wijkteammedewerkers",
		"jeugdhulp", "wijkteams", "wmo", "participatiewet", "schuldhulpverlening", "aanbesteding", "mantelzorg",
		"armoede", "statushouders", "gebiedsteams", "toegang"} {
		if freq[w] == 0 {
			t.Errorf("the corpus never says %q", w)
		}
	}
	t.Logf("%d documents, %d words, %d distinct, %d once", testDocs, tokens, len(freq), once)
}
