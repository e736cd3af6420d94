package search

import (
	"strings"
	"testing"
)

func TestShippedSynonymsParse(t *testing.T) {
	s, err := LoadSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.groups) < 20 {
		t.Errorf("%d synonym groups shipped, want the field's abbreviations and synonyms (20 or more)", len(s.groups))
	}
}

func TestSynonymsErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"not yaml", "groups: [[a, b", "synonyms:"},
		{"unknown field", "groepen: [[a, b]]", "groepen"},
		{"lonely member", "groups: [[a]]", "group 1 has 1 member"},
		{"empty member", "groups: [[a, '']]", `member ""`},
		{"long member", "groups: [[a, een twee drie vier vijf zes zeven]]", "1 to 6 words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSynonyms([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseSynonyms = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
