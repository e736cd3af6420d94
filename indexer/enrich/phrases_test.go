package enrich

import "testing"

func TestPhraseListAt(t *testing.T) {
	l := newPhraseList([]string{"deed niet mee", "buiten", "anders dan in", "Anders", ""})
	tests := []struct {
		text string
		at   int
		want int
	}{
		{"Utrecht deed niet mee aan de pilot", 1, 3},
		{"Utrecht deed wel mee", 1, 0},
		{"Dit viel buiten de opdracht", 2, 1},
		{"anders dan in Zeist", 0, 3},
		// The first phrase of the list that matches wins.
		{"Anders, namelijk", 0, 1},
		{"deed niet", 0, 0},
		{"een ander woord", 1, 0},
		{"buitenland", 0, 0},
		{"", 0, 0},
		{"buiten", 5, 0},
		{"buiten", -1, 0},
	}
	for _, tt := range tests {
		if got := l.at(tokenize(tt.text), tt.at); got != tt.want {
			t.Errorf("at(%q, %d) = %d, want %d", tt.text, tt.at, got, tt.want)
		}
	}
}
