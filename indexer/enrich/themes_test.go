package enrich

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
	"github.com/casus-nl/casus/search/taxonomy"
)

// TestThemeRules covers the scoring rules one at a time.
func TestThemeRules(t *testing.T) {
	e := newEnricher(t)
	tests := []struct {
		name, title, body string
		tags              []string
		themes, domains   []string
	}{
		{"one strong mention is not enough", "", "Dit raakt ook de jeugdhulp.", nil, []string{}, []string{}},
		{"two mentions are", "", "De jeugdhulp groeit. De jeugdhulp kost veel.", nil, []string{"jeugd"}, []string{"sociaal"}},
		{"strong plus weak is enough", "", "De jeugdhulp voor het gezin.", nil, []string{"jeugd"}, []string{"sociaal"}},
		{"weak words alone never count", "", "Gezin, ouders, kind, school en kinderen; gezin en ouders.", nil, []string{}, []string{}},
		{"title counts double", "Jeugdhulp", "Een verslag.", nil, []string{"jeugd"}, []string{"sociaal"}},
		// Bijzondere bijstand is support for minima, not work and income.
		{"bijzondere bijstand is armoede", "", "De bijzondere bijstand werd herzien. Ook de bijzondere bijstand voor kinderen.", nil,
			[]string{"schulden"}, []string{"sociaal"}},
		{"tag naming a theme", "", "Een verslag.", []string{"Schulden en armoede"}, []string{"schulden"}, []string{"sociaal"}},
		{"tag naming a domain", "", "Een verslag.", []string{"Sociaal domein"}, []string{}, []string{"sociaal"}},
		{"drie decentralisaties gives the domain only", "", "Na de drie decentralisaties.", nil, []string{}, []string{"sociaal"}},
		{"3D too", "", "De 3D-taken.", nil, []string{}, []string{"sociaal"}},
		{"organisatie implies no domain", "Kwartiermaker gezocht", "Een kwartiermaker voor de nieuwe organisatie.", nil, []string{"organisatie"}, []string{}},
		{"bestuur implies bestuur", "Collegeprogramma", "Het collegeprogramma is klaar.", nil, []string{"bestuur"}, []string{"bestuur"}},
		{"ignore phrase shadows", "Algemene uitkering", "De algemene uitkering daalt.", nil, []string{"financien"}, []string{"bedrijfsvoering"}},
		{"taxonomy order", "Schuldhulpverlening en jeugdhulp", "", nil, []string{"jeugd", "schulden"}, []string{"sociaal"}},
		{"themes from distinct weak-free evidence add up in domain", "", "De jeugdhulp en de Wmo.", nil, []string{}, []string{"sociaal"}},
		{"a theme named once in passing is not a side theme", "Schuldhulpverlening",
			"Schuldhulpverlening, schulden en minimabeleid. Schulden, armoede en vroegsignalering. " +
				"Schuldhulpverlening en minimabeleid. De schuldhulpverlening kreeg een nieuwe opzet. Ook de jeugdhulp merkt het.",
			nil, []string{"schulden"}, []string{"sociaal"}},
		{"a theme among the results is", "Schuldhulpverlening",
			"Schuldhulpverlening, schulden en minimabeleid. Schulden, armoede en vroegsignalering. " +
				"Schuldhulpverlening en minimabeleid.\n\nResultaat\n\n- een nieuwe opzet van de schuldhulpverlening\n" +
				"- afspraken met de jeugdhulp over gezinnen met schulden\n- een werkproces voor de jeugdhulp bij schulden",
			nil, []string{"jeugd", "schulden"}, []string{"sociaal"}},
		{"a theme outside the work is not", "Schuldhulpverlening",
			"Schuldhulpverlening, schulden en minimabeleid. Schulden, armoede en vroegsignalering. " +
				"Schuldhulpverlening en minimabeleid. De jeugdhulp en de jeugdzorg vielen buiten deze opdracht.",
			nil, []string{"schulden"}, []string{"sociaal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := casus.Document{Title: tt.title, Body: tt.body, Tags: tt.tags}
			e.Enrich(&doc)
			if diff := cmp.Diff(tt.themes, doc.Themes); diff != "" {
				t.Errorf("themes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.domains, doc.Domains); diff != "" {
				t.Errorf("domains (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewRequiresBoth(t *testing.T) {
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	tx, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		g  *gazetteer.Gazetteer
		tx *taxonomy.Taxonomy
	}{{nil, tx}, {g, nil}, {nil, nil}} {
		if _, err := New(tt.g, tt.tx); err == nil {
			t.Errorf("New(%v, %v) succeeded", tt.g != nil, tt.tx != nil)
		}
	}
}

func TestEnrichReplacesAndNeverNil(t *testing.T) {
	e := newEnricher(t)
	e.Enrich(nil)
	doc := casus.Document{
		Municipalities: []casus.MunicipalityRef{{Code: "GM0001"}}, Themes: []string{"oud"},
		Domains: []string{"oud"}, PopulationHint: 7,
	}
	e.Enrich(&doc)
	if doc.Municipalities == nil || doc.Themes == nil || doc.Domains == nil {
		t.Fatalf("nil slices: %+v", doc)
	}
	if len(doc.Municipalities)+len(doc.Themes)+len(doc.Domains) != 0 || doc.PopulationHint != 0 {
		t.Errorf("stale values kept: %+v", doc)
	}
}

func TestMaxTextBytes(t *testing.T) {
	e := newEnricher(t)
	// A multi-byte character straddles the cut, and the only name lies past it.
	body := strings.Repeat("a", MaxTextBytes-1) + "é De gemeente Zwolle."
	doc := casus.Document{Body: body}
	e.Enrich(&doc)
	if len(doc.Municipalities) != 0 {
		t.Errorf("text past MaxTextBytes was examined: %v", doc.Municipalities)
	}
	if got := clip(body); len(got) != MaxTextBytes-1 {
		t.Errorf("clip cut at %d, want %d (before the é)", len(got), MaxTextBytes-1)
	}
}

// TestConcurrentUse lets the race detector check that Enrich shares no
// mutable state.
func TestConcurrentUse(t *testing.T) {
	e := newEnricher(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc := casus.Document{Title: "Wijkteams in Zwolle", Body: "De wijkteams en keukentafelgesprekken."}
			e.Enrich(&doc)
			if len(doc.Municipalities) != 1 || len(doc.Themes) != 1 {
				t.Errorf("got %+v", doc)
			}
		}()
	}
	wg.Wait()
}

func FuzzEnrich(f *testing.F) {
	e, err := newFuzzEnricher()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", "gemeente Best", "'s-", "Bergen (NH", "15.000 inwoners", "\xff\xfe", "Ede/ en , Epe"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, title, body string) {
		doc := casus.Document{Title: title, Body: body, Tags: []string{title}}
		e.Enrich(&doc)
		if doc.Municipalities == nil || doc.Themes == nil || doc.Domains == nil {
			t.Fatal("nil slice")
		}
	})
}

func newFuzzEnricher() (*Enricher, error) {
	g, err := gazetteer.Load()
	if err != nil {
		return nil, err
	}
	tx, err := taxonomy.Load()
	if err != nil {
		return nil, err
	}
	return New(g, tx)
}
