package enrich

import "testing"

func TestPopulationHint(t *testing.T) {
	tests := map[string]int{
		"een gemeente met ruim 15.000 inwoners":          15000,
		"circa 40 000 inwoners":                          40000,
		"circa 40\u00a0000 inwoners":                     40000,
		"ongeveer 120.000 inwoners":                      120000,
		"een dorp van 1250 inwoners":                     1250,
		"ruim 15.000 Inwoners en 6.000 huishoudens":      15000,
		"RUIM 25.000 INWONERS":                           25000,
		"ruim 35.000 InWoNeRs":                           35000,
		"slechts 12 inwoners":                            0,
		"ruim 17.000.000 inwoners":                       0,
		"de provincie heeft 2.500.000 inwoners":          0,
		"3,5 inwoners per woning, daarna 8.000 inwoners": 8000,
		"15.000 inwonersbijeenkomsten":                   0,
		"geen getal":                                     0,
	}
	for in, want := range tests {
		if got := populationHint(in); got != want {
			t.Errorf("populationHint(%q) = %d, want %d", in, got, want)
		}
	}
	if got := populationHint("geen getal", "wel 9.500 inwoners"); got != 9500 {
		t.Errorf("second text not searched: %d", got)
	}
}
