package enrich

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus/search/textfold"
)

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Súdwest-Fryslân":  "sudwest-fryslan",
		"’s-Hertogenbosch": "s-hertogenbosch",
		"auto's":           "autos",
		"Financiën":        "financien",
		"coördinatie":      "coordinatie",
		"ĳsselmeer":        "ijsselmeer",
		"GEÏNVESTEERD":     "geinvesteerd",
		"":                 "",
	}
	for in, want := range tests {
		if got := textfold.Word(in); got != want {
			t.Errorf("textfold.Word(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Súdwest-Fryslân", []string{"sudwest", "fryslan"}},
		{"Sudwest Fryslan", []string{"sudwest", "fryslan"}},
		{"'s-Hertogenbosch, Bergen (NH.)", []string{"s", "hertogenbosch", "bergen", "nh"}},
		{"MDT’s en P&O", []string{"mdts", "en", "p", "o"}},
		{"‘basis op orde’ — 3D!", []string{"basis", "op", "orde", "3d"}},
		{"15.000 inwoners", []string{"15", "000", "inwoners"}},
		{"  ' ’ ", nil},
		{"bad \xff utf8", []string{"bad", "utf8"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range tokenize(tt.in) {
			got = append(got, tok.folded)
			if tt.in[tok.start:tok.end] != tok.raw {
				t.Errorf("tokenize(%q): offsets %d-%d do not give %q", tt.in, tok.start, tok.end, tok.raw)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("tokenize(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestCapitalised(t *testing.T) {
	tests := map[string]bool{"Best": true, "best": false, "'s": false, "’S": true, "3D": true, "123": false, " Éde": true}
	for in, want := range tests {
		if got := capitalised(in); got != want {
			t.Errorf("capitalised(%q) = %v, want %v", in, got, want)
		}
	}
}
