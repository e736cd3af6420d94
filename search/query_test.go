package search

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

func TestParseText(t *testing.T) {
	w := func(s string) term { return term{text: s} }
	ph := func(s string) term { return term{text: s, phrase: true} }
	tests := []struct {
		in   string
		want parsedText
	}{
		{"", parsedText{}},
		{"  wijkteam   inkoop ", parsedText{groups: [][]term{{w("wijkteam")}, {w("inkoop")}}}},
		{`"zorg voor de jeugd" dalfsen`, parsedText{groups: [][]term{{ph("zorg voor de jeugd")}, {w("dalfsen")}}}},
		{`jeugd "open einde`, parsedText{groups: [][]term{{w("jeugd")}, {ph("open einde")}}}},
		{"jeugd -amsterdam", parsedText{groups: [][]term{{w("jeugd")}}, excluded: []term{w("amsterdam")}}},
		{`-"beschut werk" bijstand`, parsedText{groups: [][]term{{w("bijstand")}}, excluded: []term{ph("beschut werk")}}},
		{"wmo OR jeugd OR participatie inkoop", parsedText{groups: [][]term{{w("wmo"), w("jeugd"), w("participatie")}, {w("inkoop")}}}},
		{`wijkteam OR "sociaal team"`, parsedText{groups: [][]term{{w("wijkteam"), ph("sociaal team")}}}},
		// Only upper-case OR is an operator.
		{"wmo or jeugd", parsedText{groups: [][]term{{w("wmo")}, {w("or")}, {w("jeugd")}}}},
		// An OR without a term on both sides is ignored.
		{"OR jeugd OR", parsedText{groups: [][]term{{w("jeugd")}}}},
		{"wmo -jeugd OR inkoop", parsedText{groups: [][]term{{w("wmo")}, {w("inkoop")}}, excluded: []term{w("jeugd")}}},
		// Hyphens inside words stay; a lone dash is a word of its own.
		{"Wmo-consulent - jeugd", parsedText{groups: [][]term{{w("Wmo-consulent")}, {w("-")}, {w("jeugd")}}}},
		{`"" jeugd"zorg`, parsedText{groups: [][]term{{w("jeugd")}, {ph("zorg")}}}},
	}
	for _, tt := range tests {
		got := parseText(tt.in)
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(parsedText{}, term{})); diff != "" {
			t.Errorf("parseText(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestSearchQueries(t *testing.T) {
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}})
	jan1 := func(y int) casus.Date { return casus.NewDate(y, 1, 1) }
	tests := []struct {
		name        string
		q           casus.Query
		want        []string // ids in order
		wantRelaxed bool
	}{
		// d15 and d01 match in the title (d15's shorter title scores higher),
		// d13 only in the body; "wijkteams" finds "wijkteam" by its stem.
		{"stem, title boost", casus.Query{Text: "wijkteams"}, []string{"d15", "d01", "d13"}, false},
		{"stem the other way", casus.Query{Text: "wijkteam"}, []string{"d15", "d01", "d13"}, false},
		{"stop words dropped", casus.Query{Text: "de wijkteams van"}, []string{"d15", "d01", "d13"}, false},
		{"only stop words match all", casus.Query{Text: "de van het", Size: 50}, nil, false},
		{"diacritics folded in query", casus.Query{Text: "coordinatie"}, []string{"d06"}, false},
		{"diacritics folded in text", casus.Query{Text: "financien"}, []string{"d15", "d06"}, false},
		{"all words", casus.Query{Text: "jeugdhulp kosten"}, []string{"d04"}, false},
		// d09 has "zorg voor de jeugd ... hulp": the parts of "jeugdhulp",
		// found apart, rank below the whole word.
		{"relaxed when all words find nothing", casus.Query{Text: "jeugdhulp olifant"}, []string{"d04", "d02", "d09"}, true},
		{"not relaxed when any word finds nothing either", casus.Query{Text: "olifant giraf"}, []string{}, false},
		{"relaxed keeps exclusions and filters", casus.Query{Text: "jeugdhulp olifant -amsterdam", Years: []string{"2019", "2023"}}, []string{"d02"}, true},
		{"relaxed with an OR group", casus.Query{Text: "olifant OR giraf coordinatie kosten"}, []string{"d06", "d04"}, true},
		{"one word is never relaxed", casus.Query{Text: "olifant"}, []string{}, false},
		{"phrase", casus.Query{Text: `"zorg voor de jeugd"`}, []string{"d09"}, false},
		{"phrase needs its word order", casus.Query{Text: `"jeugd voor zorg"`}, []string{}, false},
		{"exclusion", casus.Query{Text: "jeugdhulp -amsterdam"}, []string{"d02", "d09"}, false},
		{"exclusion only", casus.Query{Text: "-jeugdhulp", Themes: []string{"jeugd"}}, []string{"d16", "d09"}, false},
		{"OR", casus.Query{Text: "schuldhulpverlening OR minimabeleid"}, []string{"d05", "d12"}, false},
		// d15 is about Dalfsen too, but its text does not say so.
		{"OR with another word", casus.Query{Text: "olifant OR wijkteam dalfsen"}, []string{"d01", "d13"}, false},
		// Both parts must match; "Wmo-consulenten" in d11's title does.
		{"hyphenated word", casus.Query{Text: "wmo-consulent"}, []string{"d11", "d03"}, false},
		{"theme filter", casus.Query{Themes: []string{"participatie"}}, []string{"d10"}, false},
		{"theme values ORed", casus.Query{Themes: []string{"schulden", "participatie"}}, []string{"d10", "d05", "d12"}, false},
		{"facets ANDed", casus.Query{Themes: []string{"jeugd"}, Sources: []string{"bureau-b"}}, []string{"d04"}, false},
		{"domain filter", casus.Query{Domains: []string{"bestuur"}}, []string{"d13", "d08"}, false},
		{"source filter with words", casus.Query{Text: "jeugd", Sources: []string{"bureau-c"}}, []string{"d16", "d09"}, false},
		{"year filter", casus.Query{Years: []string{"2016", "2024"}}, []string{"d13", "d01", "d03"}, false},
		{"municipality with predecessors", casus.Query{Municipalities: []string{"GM0363"}}, []string{"d04", "d10", "d16", "d03"}, false},
		{"former municipality alone", casus.Query{Municipalities: []string{"GM0457"}}, []string{"d03"}, false},
		{"date range inclusive", casus.Query{From: casus.NewDate(2019, 5, 14), To: casus.NewDate(2020, 11, 2)}, []string{"d06", "d15", "d14", "d02"}, false},
		{"date from only", casus.Query{From: jan1(2023)}, []string{"d13", "d04"}, false},
		{"date to only", casus.Query{To: jan1(2016)}, []string{"d11"}, false},
		// "jeugd" in a title first; a title compound (jeugdhulp, jeugdzorg)
		// outweighs one mention in a long body.
		{"relevance sort on request", casus.Query{Text: "jeugd", Sort: casus.SortRelevance}, []string{"d16", "d04", "d02", "d09"}, false},
		{"date sort on request", casus.Query{Text: "wijkteams", Sort: casus.SortDate}, []string{"d13", "d15", "d01"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustSearch(t, ix, tt.q)
			if tt.want == nil {
				if r.Total != 16 {
					t.Errorf("Total = %d, want all 16", r.Total)
				}
				return
			}
			if diff := cmp.Diff(tt.want, hitIDs(r)); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			if r.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", r.Total, len(tt.want))
			}
			if r.Relaxed != tt.wantRelaxed {
				t.Errorf("Relaxed = %v, want %v", r.Relaxed, tt.wantRelaxed)
			}
		})
	}
}

// TestSearchProfile: words that name a province or size match the cases of
// municipalities with that profile, though their texts do not use them.
func TestSearchProfile(t *testing.T) {
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}})
	tests := []struct {
		text string
		want []string // ids, sorted
	}{
		// "Overijsselse" is in no text: of the jeugdhulp cases it keeps
		// those of Dalfsen and Zwolle, not Amsterdam's d04.
		{"jeugdhulp Overijsselse", []string{"d02", "d09"}},
		// Of them only d02 is about a small municipality (Dalfsen).
		{"jeugdhulp kleine gemeente", []string{"d02"}},
		// Dalfsen's cases and Weesp's: the small municipalities.
		{"kleine gemeente", []string{"d01", "d02", "d03", "d11", "d13", "d15"}},
		// Dalfsen's and Zwolle's.
		{"Overijsselse", []string{"d01", "d02", "d07", "d09", "d11", "d13", "d14", "d15"}},
		// Dalfsen's region (not Zwolle's in this fake), and a place in
		// Dalfsen: the cases of Dalfsen, whose texts name neither.
		{"Noord-Overijssel", []string{"d01", "d02", "d11", "d13", "d15"}},
		{"Nieuwleusen", []string{"d01", "d02", "d11", "d13", "d15"}},
		{"jeugdhulp Nieuwleusen", []string{"d02"}},
		// Ranges of inhabitants: Weesp (19,738) alone is under 25,000; the
		// jeugdhulp cases under 150,000 are Dalfsen's and Zwolle's, not
		// Amsterdam's d04.
		{"tot-25.000-inwoners", []string{"d03"}},
		{"jeugdhulp tot-150.000-inwoners", []string{"d02", "d09"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := hitIDs(mustSearch(t, ix, casus.Query{Text: tt.text, Size: 50}))
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDropQuestionPhrases: a visitor opening with where they work does not
// ask about work ("ik werk bij"), while "werk" elsewhere is a subject; a
// question word is one with the punctuation a question puts around it.
func TestDropQuestionPhrases(t *testing.T) {
	syn, err := LoadSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	ix := fixtureIndex(t, Options{Synonyms: syn})
	tests := []struct {
		text string
		want []string // the words left
	}{
		{"ik werk bij een kleine gemeente en zoek wijkteams", []string{"een", "kleine", "en", "zoek", "wijkteams"}},
		{"Ik Werk Bij Dalfsen", []string{"Dalfsen"}},
		{"werk bij wijkteams", []string{"werk", "bij", "wijkteams"}},
		{"hoe vind ik werk bij een werkgever", []string{"vind", "werk", "bij", "een", "werkgever"}},
		{"Ik werk bij: Dalfsen", []string{"Dalfsen"}},
		{"wijkteams, hoe doe je dat?", []string{"wijkteams,", "dat?"}},
		{"welke gemeenten hebben wijkteams gedaan?", []string{"wijkteams"}},
	}
	for _, tt := range tests {
		var got []string
		for _, g := range ix.dropQuestionWords(parseText(tt.text)).groups {
			got = append(got, g[0].text)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.text, diff)
		}
	}
}

// TestSearchDomainNamed: words naming a domain by its label match the
// cases of the domain, those whose text uses the words first.
func TestSearchDomainNamed(t *testing.T) {
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}, Taxonomy: fakeTaxonomy{}})
	tests := []struct {
		text      string
		wantFirst string
		wantTotal int
	}{
		// Only d13 of Dalfsen's and Zwolle's cases says "sociaal domein";
		// all eight are in the domain.
		{"Overijsselse sociaal domein", "d13", 8},
		// As a phrase the words are matched as written.
		{`Overijsselse "sociaal domein"`, "d13", 1},
		// "domein" alone names nothing: only the word as written.
		{"Overijsselse domein", "d13", 1},
		// A misspelt label names the domain as its correction does.
		{"Overijsselse sociaal domien", "d13", 8},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := mustSearch(t, ix, casus.Query{Text: tt.text, Size: 50})
			if r.Total != tt.wantTotal {
				t.Fatalf("Total = %d (%v), want %d", r.Total, hitIDs(r), tt.wantTotal)
			}
			if r.Hits[0].ID != tt.wantFirst {
				t.Errorf("hits %v, want %s first", hitIDs(r), tt.wantFirst)
			}
		})
	}
}

// TestSearchThemeNamed: in a question, a medium term of one theme ("loket"
// in the fake taxonomy) matches the cases of the theme beside its text; in
// a query of words only a strong term does (TestEachPartMatters), or the
// correction of a typo.
func TestSearchThemeNamed(t *testing.T) {
	syn, err := LoadSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	ix := fixtureIndex(t, Options{Taxonomy: fakeTaxonomy{}, Synonyms: syn})
	tests := []struct {
		text  string
		want  []string // ids, sorted
		first string   // "" for any
	}{
		// "loket" is only in d06's text.
		{"loket", []string{"d06"}, "d06"},
		// Asked as a question, it finds the toegang cases too, after d06,
		// which says it.
		{"wat is een loket?", []string{"d01", "d03", "d06", "d11", "d15"}, "d06"},
		// A typo names the theme of its correction ("jeugdzorg"): d16, a
		// jeugd case, is found though it says neither word.
		{"jeugzorg", []string{"d02", "d04", "d09", "d16"}, ""},
		// An everyday word names the theme of the field's words for it
		// ("kinderrechter" → jeugdbescherming → jeugd), though no case
		// holds it; so does a typo of it, in a question too.
		{"kinderrechter", []string{"d02", "d04", "d09", "d16"}, ""},
		{"wat doet een kinderechter?", []string{"d02", "d04", "d09", "d16"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := mustSearch(t, ix, casus.Query{Text: tt.text, Size: 50})
			got := hitIDs(r)
			if tt.first != "" && got[0] != tt.first {
				t.Errorf("hits %v, want %s first", got, tt.first)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBoostedReachesLeaves: bleve scores with the boosts of leaf queries
// only, so a boost of a compound query must multiply those of its leaves.
func TestBoostedReachesLeaves(t *testing.T) {
	term := query.NewTermQuery("jeugd")
	term.SetBoost(2)
	match := query.NewMatchQuery("wijkteam")
	excluded := query.NewTermQuery("olifant")
	q := query.NewDisjunctionQuery([]query.Query{
		term,
		query.NewBooleanQuery([]query.Query{query.NewConjunctionQuery([]query.Query{match})}, nil, []query.Query{excluded}),
	})
	boosted(q, 3)
	for _, tt := range []struct {
		name string
		leaf query.BoostableQuery
		want float64
	}{
		{"term", term, 6},
		{"match inside a boolean and a conjunction", match, 3},
		{"an exclusion does not score", excluded, 1},
	} {
		if got := tt.leaf.Boost(); got != tt.want {
			t.Errorf("%s: boost %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestSearchSuccessorNamed: a former municipality named in a query lifts
// the cases of what it merged into (Weesp, now Amsterdam) above the same
// words elsewhere, though the case is not about Weesp itself.
func TestSearchSuccessorNamed(t *testing.T) {
	ix, err := NewMemory(Options{Municipalities: fakeMunicipalities{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	docs := []casus.Document{
		// The Amsterdam case is longer, so its words alone score lower.
		{ID: "ams", URL: "https://a.example/ams", Source: "a", Title: "Schuldhulp dichtbij",
			Body:           "De schuldhulp kwam dichter bij inwoners, met spreekuren in elk stadsdeel en in de bibliotheek.",
			Municipalities: []casus.MunicipalityRef{{Code: "GM0363", Name: "Amsterdam"}}},
		{ID: "zwl", URL: "https://a.example/zwl", Source: "a", Title: "Schuldhulp dichtbij",
			Body:           "De schuldhulp kwam dichter bij inwoners.",
			Municipalities: []casus.MunicipalityRef{{Code: "GM0193", Name: "Zwolle"}}},
	}
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(mustSearch(t, ix, casus.Query{Text: "schuldhulp"})); !slices.Equal(got, []string{"zwl", "ams"}) {
		t.Fatalf("schuldhulp: %v, want the shorter zwl first; the test needs it", got)
	}
	if got := hitIDs(mustSearch(t, ix, casus.Query{Text: "schuldhulp Weesp"})); !slices.Equal(got, []string{"ams", "zwl"}) {
		t.Errorf("schuldhulp Weesp: %v, want Amsterdam's case first", got)
	}
}

// TestSearchQuestionFilled: a question whose own query finds few cases is
// filled up with the cases that have any of its words, after its own.
func TestSearchQuestionFilled(t *testing.T) {
	syn, err := LoadSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}, Synonyms: syn})
	own := mustSearch(t, ix, casus.Query{Text: "jeugdhulp kosten"})
	r := mustSearch(t, ix, casus.Query{Text: "wat zijn de kosten van jeugdhulp", Size: 50})
	if own.Total == 0 || own.Total >= questionFillHits {
		t.Fatalf("the words alone find %d cases; the test needs between 1 and %d", own.Total, questionFillHits-1)
	}
	if r.Total <= own.Total || !r.Relaxed {
		t.Fatalf("question: Total %d Relaxed %v, want more than %d cases and Relaxed", r.Total, r.Relaxed, own.Total)
	}
	if diff := cmp.Diff(hitIDs(own), hitIDs(r)[:len(own.Hits)]); diff != "" {
		t.Errorf("the question's own cases do not come first (-want +got):\n%s", diff)
	}
}

func TestSearchSortAndPaging(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	byDate := []string{"d13", "d04", "d10", "d16", "d07", "d06", "d15", "d14", "d02", "d08", "d09", "d01", "d03", "d11", "d05", "d12"}
	tests := []struct {
		name             string
		q                casus.Query
		want             []string
		wantPage, wantSz int
	}{
		{"empty q sorts by date, undated last", casus.Query{Size: 50}, byDate, 1, 50},
		{"first page", casus.Query{Page: 1, Size: 5}, byDate[:5], 1, 5},
		{"second page", casus.Query{Page: 2, Size: 5}, byDate[5:10], 2, 5},
		{"last, partial page", casus.Query{Page: 4, Size: 5}, byDate[15:], 4, 5},
		{"beyond the last page", casus.Query{Page: 5, Size: 5}, []string{}, 5, 5},
		{"zero page and size take the defaults", casus.Query{}, byDate[:casus.DefaultSize], 1, casus.DefaultSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustSearch(t, ix, tt.q)
			if diff := cmp.Diff(tt.want, hitIDs(r)); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			if r.Total != 16 {
				t.Errorf("Total = %d, want 16 on every page", r.Total)
			}
			if r.Page != tt.wantPage || r.Size != tt.wantSz {
				t.Errorf("Page, Size = %d, %d; want %d, %d", r.Page, r.Size, tt.wantPage, tt.wantSz)
			}
		})
	}
}

func TestSearchBadPaging(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	tests := []struct {
		q     casus.Query
		param string
	}{
		{casus.Query{Page: -1}, "page"},
		{casus.Query{Page: casus.MaxPage + 1}, "page"},
		{casus.Query{Size: -3}, "size"},
		{casus.Query{Size: casus.MaxSize + 1}, "size"},
	}
	for _, tt := range tests {
		_, err := ix.Search(t.Context(), tt.q)
		var pe *casus.ParamError
		if !errors.As(err, &pe) || pe.Param != tt.param || !errors.Is(err, casus.ErrInvalid) {
			t.Errorf("Search(page %d, size %d) = %v, want a ParamError for %s", tt.q.Page, tt.q.Size, err, tt.param)
		}
	}
}

func TestSearchOddInput(t *testing.T) {
	ix := fixtureIndex(t, Options{})
	for _, text := range []string{"-", `"`, `-"`, `- -`, `""""`, "OR", "OR OR OR", "-OR", "\xff\xfe", "\u200b", strings.Repeat("a OR ", 50)} {
		if _, err := ix.Search(t.Context(), casus.Query{Text: text}); err != nil {
			t.Errorf("Search(%q) = %v, want no error", text, err)
		}
	}
	// Numbers of inhabitants, domains, themes and unknown words at their
	// edges, with the real gazetteer and taxonomy.
	g, tx := realKnowledge(t)
	full := fixtureIndex(t, Options{Municipalities: g, Taxonomy: tx})
	for _, text := range []string{"minder dan 0 inwoners", "meer dan 9999999 inwoners", "tussen 0 en 0 inwoners",
		"tussen 1 en 2 inwoners", "9.999.999 inwoners", "1 inwoners", "sociaal domein sociaal domein",
		"hoe sociaal domein?", `"sociaal domein"`, "-sociaal domein", "jeugdzorg OR wijkteams OR bijstand",
		strings.Repeat("parkstadgemeenten", 20), "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"} {
		if _, err := full.Search(t.Context(), casus.Query{Text: text}); err != nil {
			t.Errorf("Search(%q) = %v, want no error", text, err)
		}
	}
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := ix.Search(cancelled, casus.Query{Text: "jeugd"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search with a cancelled context = %v, want context.Canceled", err)
	}
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{"wijkteam inkoop", `"zorg voor" -jeugd`, "a OR b OR", `-"x`, "- OR -"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := parseText(s)
		for _, g := range p.groups {
			if len(g) == 0 {
				t.Fatalf("parseText(%q) has an empty group", s)
			}
			for _, tm := range g {
				if tm.text == "" {
					t.Fatalf("parseText(%q) has an empty term", s)
				}
			}
		}
		for _, tm := range p.excluded {
			if tm.text == "" {
				t.Fatalf("parseText(%q) excludes an empty term", s)
			}
		}
	})
}

// TestNotCorrected: did-you-mean leaves alone what is no typo. A word that
// only phrases a question is dropped from the query, so it is not
// corrected ("krijg" is no typo of "krijt"), while a typo beside it is; nor are a number ("20.000" is not
// "22.000") and a form of a word the index holds ("ervaring" beside
// "ervaren", "vergoedingen" beside "vergoeding").
func TestNotCorrected(t *testing.T) {
	ix := synonymIndex(t, "question_words: [wie, heeft, ervaring, krijg, ik]\n", map[string]string{
		"teams": "Medewerkers ervaren de wijkteams als een goede start; op het bord stond krijt.",
		"size":  "Een gemeente met 22.000 inwoners en een vergoeding per maand.",
	})
	tests := []struct {
		q, suggestion string // "" for none
	}{
		{"wie heeft ervaring met wijkteams?", ""},
		{"krijg ik wijkteams?", ""},
		{"wie heeft ervaring met wijkteamz?", "wie heeft ervaring met wijkteams?"},
		{"gemeente met 20.000 inwoners", ""},
		{"vergoedingen", ""},
		{"ervaring", ""},
	}
	for _, tt := range tests {
		r := mustSearch(t, ix, casus.Query{Text: tt.q, Size: 10})
		got := suggestionOf(r)
		if got != tt.suggestion {
			t.Errorf("%q suggests %q, want %q", tt.q, got, tt.suggestion)
		}
	}
}

// TestSearchQuestionOneCompound: a question about one compound that few
// cases hold is filled with the cases that hold one of its parts, after its
// own; the compound asked alone, not as a question, finds its own cases
// only.
func TestSearchQuestionOneCompound(t *testing.T) {
	ix := synonymIndex(t, "question_words: [wie, heeft, ervaring]\n", map[string]string{
		"own":     "In elk dorp hielden we dorpsgesprekken met inwoners.",
		"dorp":    "Het dorp kreeg een nieuw ontmoetingspunt.",
		"gesprek": "Een gesprek met de wethouder volgde.",
		"neither": "De begroting werd vastgesteld.",
	})
	tests := []struct {
		q       string
		want    []string // "own" first, the rest sorted
		relaxed bool
	}{
		{"wie heeft ervaring met dorpsgesprekken?", []string{"own", "dorp", "gesprek"}, true},
		{"dorpsgesprekken", []string{"own"}, false},
	}
	for _, tt := range tests {
		r := mustSearch(t, ix, casus.Query{Text: tt.q, Size: 10})
		got := hitIDs(r)
		if len(got) > 1 {
			slices.Sort(got[1:])
		}
		if !slices.Equal(got, tt.want) || r.Relaxed != tt.relaxed {
			t.Errorf("%q found %v (relaxed %v), want %v (relaxed %v)", tt.q, got, r.Relaxed, tt.want, tt.relaxed)
		}
	}
}

// TestSearchCollaborationNamed: a query for work done with
// neighbouring municipalities puts the case of two municipalities (d02,
// Dalfsen and Zwolle) first, though its text has no such word; without
// the profile boosts the cases that say "gemeenten" come first.
func TestSearchCollaborationNamed(t *testing.T) {
	const text = "buurgemeenten"
	tests := []struct {
		name      string
		off       Disable
		wantFirst bool
	}{
		{"named", Disable{}, true},
		{"profile boosts off", Disable{FacetBoost: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := fixtureIndex(t, Options{Municipalities: fakeMunicipalities{}, Disable: tt.off})
			r := mustSearch(t, ix, casus.Query{Text: text, Size: 50})
			if len(r.Hits) == 0 {
				t.Fatalf("no hits for %q", text)
			}
			if first := r.Hits[0].ID == "d02"; first != tt.wantFirst {
				t.Errorf("hits %v: d02 first is %v, want %v", hitIDs(r), first, tt.wantFirst)
			}
		})
	}
}
