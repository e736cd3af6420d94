package taxonomy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNamedDomains(t *testing.T) {
	tx := load(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"sociaal domein", []string{"sociaal", "sociaal"}},
		{"Sociaal Domein Drenthe", []string{"sociaal", "sociaal", ""}},
		{"visie op het sociaal domein", []string{"", "", "", "sociaal", "sociaal"}},
		{"fysiek domein", []string{"fysiek", "fysiek"}},
		// The words of a label in another order, or one alone, name nothing.
		{"domein sociaal", []string{"", ""}},
		{"sociaal team", []string{"", ""}},
		{"domein", []string{""}},
		{"", []string{}},
	}
	for _, tt := range tests {
		got := tx.NamedDomains(strings.Fields(tt.query))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("NamedDomains(%q) (-want +got):\n%s", tt.query, diff)
		}
	}
}

func TestNamedThemes(t *testing.T) {
	tx := load(t)
	tests := []struct {
		query            string
		named, mentioned []string
	}{
		{"jeugdzorg", []string{"jeugd"}, []string{"jeugd"}},
		{"wijkteams in Dalfsen", []string{"toegang"}, []string{"toegang"}},
		// A medium term is mentioned, not named.
		{"tarieven", nil, []string{"inkoop"}},
		{"kinderen", nil, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.named, tx.NamedThemes(tt.query)); diff != "" {
			t.Errorf("NamedThemes(%q) (-want +got):\n%s", tt.query, diff)
		}
		if diff := cmp.Diff(tt.mentioned, tx.MentionedThemes(tt.query)); diff != "" {
			t.Errorf("MentionedThemes(%q) (-want +got):\n%s", tt.query, diff)
		}
	}
}
