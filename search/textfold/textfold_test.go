package textfold

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Súdwest-Fryslân", []string{"sudwest", "fryslan"}},
		{"'s-Hertogenbosch", []string{"s", "hertogenbosch"}},
		{"auto's en Financiën", []string{"autos", "en", "financien"}},
		{"ĳssel", []string{"ijssel"}},
		{"jeugdzorg 2024 WMO", []string{"jeugdzorg", "2024", "wmo"}},
		{"rock`n`roll", []string{"rocknroll"}},
		{"Nuenen, Gerwen en Nederwetten", []string{"nuenen", "gerwen", "en", "nederwetten"}},
		{" -- ", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
