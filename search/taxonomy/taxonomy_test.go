package taxonomy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func load(t *testing.T) *Taxonomy {
	t.Helper()
	tx, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return tx
}

func TestThemesInDomainOrder(t *testing.T) {
	tx := load(t)
	want := []Theme{
		{"wmo", "Wmo en maatschappelijke ondersteuning"},
		{"jeugd", "Jeugd en jeugdhulp"},
		{"participatie", "Werk en inkomen"},
		{"toegang", "Toegang en wijkteams"},
		{"welzijn", "Welzijn en sociale basis"},
		{"inkoop", "Inkoop en aanbesteding"},
		{"schulden", "Schulden en armoede"},
		{"gezondheid", "Gezondheid en preventie"},
		{"organisatie", "Organisatie en transformatie"},
		{"financien", "Financiën en sturing"},
		{"bestuur", "Bestuur en beleid"},
	}
	if diff := cmp.Diff(want, tx.Themes()); diff != "" {
		t.Errorf("Themes() (-want +got):\n%s", diff)
	}
}

func TestDomains(t *testing.T) {
	tx := load(t)
	want := []Domain{
		{"sociaal", "Sociaal domein"},
		{"fysiek", "Fysiek domein"},
		{"veiligheid", "Openbare orde en veiligheid"},
		{"bedrijfsvoering", "Bedrijfsvoering"},
		{"bestuur", "Bestuur en organisatie"},
	}
	if diff := cmp.Diff(want, tx.Domains()); diff != "" {
		t.Errorf("Domains() (-want +got):\n%s", diff)
	}
}

func TestLabels(t *testing.T) {
	tx := load(t)
	tests := []struct {
		fn         func(string) string
		slug, want string
	}{
		{tx.ThemeLabel, "jeugd", "Jeugd en jeugdhulp"},
		{tx.ThemeLabel, "financien", "Financiën en sturing"},
		{tx.ThemeLabel, "sociaal", ""},
		{tx.ThemeLabel, "", ""},
		{tx.DomainLabel, "sociaal", "Sociaal domein"},
		{tx.DomainLabel, "bestuur", "Bestuur en organisatie"},
		{tx.DomainLabel, "jeugd", ""},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.slug); got != tt.want {
			t.Errorf("label of %q = %q, want %q", tt.slug, got, tt.want)
		}
	}
}

func TestThemeDomains(t *testing.T) {
	tx := load(t)
	tests := map[string][]string{
		"wmo":         {"sociaal"},
		"jeugd":       {"sociaal"},
		"inkoop":      {"sociaal"},
		"organisatie": {},
		"financien":   {},
		"bestuur":     {"bestuur"},
		"onbekend":    nil,
	}
	for slug, want := range tests {
		if diff := cmp.Diff(want, tx.ThemeDomains(slug)); diff != "" {
			t.Errorf("ThemeDomains(%q) (-want +got):\n%s", slug, diff)
		}
	}
}

// TestVocabulary checks the evidence the enricher relies on, so an edit of
// vocabulary.yaml that drops a core term fails here first.
func TestVocabulary(t *testing.T) {
	tx := load(t)
	tests := []struct {
		domain bool
		slug   string
		text   string
		weight int
	}{
		{false, "jeugd", "Jeugdwet", WeightStrong},
		{false, "jeugd", "jeugdhulp*", WeightStrong},
		{false, "jeugd", "gezin", WeightWeak},
		{false, "toegang", "wijkteam*", WeightStrong},
		{false, "toegang", "keukentafelgesprek*", WeightStrong},
		{false, "schulden", "schuldhulp*", WeightStrong},
		{false, "schulden", "minimabeleid", WeightStrong},
		{false, "participatie", "re integratie*", WeightStrong},
		{false, "participatie", "beschut werk*", WeightStrong},
		{false, "participatie", "algemene uitkering", WeightIgnore},
		{false, "wmo", "maatwerkvoorziening*", WeightStrong},
		{false, "wmo", "mantelzorg*", WeightStrong},
		{false, "inkoop", "zorgaanbieder*", WeightStrong},
		{false, "inkoop", "*aanbesteding*", WeightStrong},
		{false, "inkoop", "contractmanagement", WeightStrong},
		{false, "organisatie", "kwartiermaker*", WeightStrong},
		{false, "financien", "*begroting*", WeightStrong},
		{false, "financien", "tekorten", WeightStrong},
		{false, "bestuur", "collegeprogramma", WeightStrong},
		{true, "sociaal", "drie decentralisaties", WeightDecisive},
		{true, "sociaal", "3D", WeightDecisive},
		{true, "sociaal", "transitie", WeightMedium},
		{true, "fysiek", "Omgevingswet", WeightDecisive},
		{true, "veiligheid", "ondermijning*", WeightDecisive},
		{true, "bedrijfsvoering", "ICT", WeightStrong},
	}
	for _, tt := range tests {
		terms := tx.ThemeTerms(tt.slug)
		if tt.domain {
			terms = tx.DomainTerms(tt.slug)
		}
		got := -1
		for _, term := range terms {
			if term.Text == tt.text {
				got = term.Weight
			}
		}
		if got != tt.weight {
			t.Errorf("%s: term %q has weight %d, want %d", tt.slug, tt.text, got, tt.weight)
		}
	}
	if tx.ThemeTerms("onbekend") != nil {
		t.Error("ThemeTerms of an unknown slug is not nil")
	}
}

func TestTermsAreCopies(t *testing.T) {
	tx := load(t)
	tx.ThemeTerms("jeugd")[0].Weight = 99
	if tx.ThemeTerms("jeugd")[0].Weight == 99 {
		t.Error("changing returned terms changed the taxonomy")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"unknown-field.yaml", []string{"vocabulary.yaml", "unknown field", "synonyms"}},
		{"duplicate-slug.yaml", []string{`theme "jeugd" appears twice`}},
		{"bad-slug.yaml", []string{`slug "Jeugd Hulp"`}},
		{"no-label.yaml", []string{`theme "jeugd" has no label`}},
		{"bad-wildcard.yaml", []string{`theme "jeugd"`, `term "jeugd*hulp"`, "not at its start or end"}},
		{"empty-term.yaml", []string{`term "*"`, "no letters or digits"}},
		{"duplicate-term.yaml", []string{`term "jeugdwet" appears twice`}},
		{"unknown-domain.yaml", []string{`unknown domain "zorg"`}},
		{"domain-with-domains.yaml", []string{`domain "sociaal": a domain cannot list domains`}},
		{"empty.yaml", []string{"at least one domain and one theme"}},
		{"syntax.yaml", []string{"vocabulary.yaml", "[3:"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = parse(data)
			if err == nil {
				t.Fatal("parse succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
