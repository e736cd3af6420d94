package gazetteer

import (
	"strings"
	"testing"
)

func TestArea(t *testing.T) {
	g, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code     string
		min, max float64 // the land area in km², within rounding
	}{
		{"GM0148", 165, 166}, // Dalfsen
		{"GM0363", 165, 166}, // Amsterdam: land only, without the IJ and lakes
		{"GM0184", 13, 14},   // Urk
		{"GM0457", 22, 23},   // Weesp, former: its land area in 2020
		{"GM0885", 0, 0},     // Arcen en Velden, former in 2010: unknown
	}
	for _, tt := range tests {
		m, ok := g.Lookup(tt.code)
		if !ok {
			t.Fatalf("Lookup(%s) found nothing", tt.code)
		}
		if m.AreaKM2 < tt.min || m.AreaKM2 > tt.max {
			t.Errorf("%s (%s): AreaKM2 = %v, want %v..%v", tt.code, m.Name, m.AreaKM2, tt.min, tt.max)
		}
	}
	for _, m := range g.Current() {
		if m.AreaKM2 <= 0 {
			t.Errorf("%s (%s) has no area", m.Code, m.Name)
		}
	}
}

func TestAreaBad(t *testing.T) {
	_, err := parse(readFixture(t, "gemeenten-bad-area.csv"), readFixture(t, "herindelingen-good.csv"), readFixture(t, "voormalige-good.csv"))
	if err == nil || !strings.Contains(err.Error(), `line 3`) || !strings.Contains(err.Error(), `area_km2 "groot"`) {
		t.Errorf("parse with a bad area: %v, want an error naming line 3 and the value", err)
	}
}
