package main

import (
	"strings"
	"testing"

	"github.com/casus-nl/casus"
)

func TestPrintResult(t *testing.T) {
	fixed := "jeugdzorg"
	tests := []struct {
		name string
		res  casus.Result
		want []string
	}{
		{"hits with highlights", casus.Result{Query: "zorg", Total: 12, Page: 2, Size: 10, Hits: []casus.Hit{{
			TitleHTML: "Inkoop <mark>jeugdzorg</mark> &amp; meer", SnippetHTML: "De <mark>zorg</mark>\n\nvoor",
			SourceName: "Bureau", Date: casus.NewDate(2020, 1, 2), URL: "https://x.example/a",
			Municipalities: []casus.MunicipalityRef{{Code: "GM0148", Name: "Dalfsen"}},
		}}}, []string{`12 cases voor "zorg"`, "11. Inkoop *jeugdzorg* & meer", "2020-01-02 · Bureau · Dalfsen", "De *zorg* voor"}},
		{"relaxed", casus.Result{Query: "a b", Relaxed: true, Page: 1, Size: 10}, []string{"(niet alle woorden gevonden)"}},
		{"did you mean", casus.Result{Query: "jeugzorg", Suggestion: &fixed, Page: 1, Size: 10}, []string{"Bedoelde u: jeugdzorg?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			printResult(&b, tt.res)
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, b.String())
				}
			}
		})
	}
}
