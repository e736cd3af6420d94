package gazetteer

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
)

func load(t *testing.T) *Gazetteer {
	t.Helper()
	g, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return g
}

func TestCounts(t *testing.T) {
	g := load(t)
	cur := g.Current()
	if len(cur) != 342 {
		t.Errorf("Current: %d municipalities, want 342", len(cur))
	}
	provinces := map[string]int{}
	for _, m := range cur {
		provinces[m.Province]++
		if !m.Current || m.Population <= 0 || m.CommonName == "" {
			t.Errorf("%s %s: Current=%v Population=%d CommonName=%q", m.Code, m.Name, m.Current, m.Population, m.CommonName)
		}
	}
	if len(provinces) != 12 {
		t.Errorf("%d provinces, want 12: %v", len(provinces), provinces)
	}
	if provinces["Noord-Brabant"] != 56 || provinces["Flevoland"] != 6 {
		t.Errorf("Noord-Brabant %d (want 56), Flevoland %d (want 6)", provinces["Noord-Brabant"], provinces["Flevoland"])
	}
	former := g.Former()
	if len(former) != 134 {
		t.Errorf("Former: %d municipalities, want 134", len(former))
	}
	sized := 0
	for _, m := range former {
		if m.Current || m.EndDate.IsZero() || len(m.Successors) == 0 {
			t.Errorf("former %s %s: %+v", m.Code, m.Name, m)
		}
		if (m.Population > 0) != (m.AreaKM2 > 0) || (m.Population > 0) == m.PopulationDate.IsZero() {
			t.Errorf("former %s %s: population, its date and area come together: %+v", m.Code, m.Name, m)
		}
		if m.Population > 0 {
			sized++
		}
	}
	if sized != 121 {
		t.Errorf("%d former municipalities with a population, want 121", sized)
	}
}

func TestSortedByName(t *testing.T) {
	g := load(t)
	for name, ms := range map[string][]Municipality{"current": g.Current(), "former": g.Former()} {
		keys := make([]string, len(ms))
		for i, m := range ms {
			keys[i] = sortKey(m.Name)
		}
		if !slices.IsSorted(keys) {
			t.Errorf("%s municipalities are not sorted by name", name)
		}
	}
	if first := g.Current()[0].Name; first != "Aa en Hunze" {
		t.Errorf("first current municipality %q, want Aa en Hunze", first)
	}
}

func TestLookup(t *testing.T) {
	g := load(t)
	tests := []struct {
		code string
		want Municipality
	}{
		{"GM0457", Municipality{Code: "GM0457", Name: "Weesp", Province: "Noord-Holland", CommonName: "Weesp",
			Population: 19738, PopulationDate: casus.NewDate(2020, 1, 1), AreaKM2: 22.79,
			EndDate: casus.NewDate(2022, 3, 24), Successors: []string{"GM0363"}}},
		{"GM0951", Municipality{Code: "GM0951", Name: "Nuth", Province: "Limburg", CommonName: "Nuth",
			Population: 15425, PopulationDate: casus.NewDate(2016, 1, 1), AreaKM2: 33.10,
			EndDate: casus.NewDate(2019, 1, 1), Successors: []string{"GM1954"}}},
		{"GM0788", Municipality{Code: "GM0788", Name: "Haaren", Province: "Noord-Brabant", CommonName: "Haaren",
			Population: 14370, PopulationDate: casus.NewDate(2020, 1, 1), AreaKM2: 57.7,
			EndDate: casus.NewDate(2021, 1, 1), Successors: []string{"GM0757", "GM0824", "GM0855", "GM0865"}}},
		{"GM0518", Municipality{Code: "GM0518", Name: "'s-Gravenhage", Province: "Zuid-Holland", CommonName: "Den Haag",
			Current: true, Population: 570119, AreaKM2: 82.45}},
		{"GM0373", Municipality{Code: "GM0373", Name: "Bergen (NH.)", Province: "Noord-Holland", CommonName: "Bergen (NH)",
			Current: true, Population: 30140, AreaKM2: 98.96}},
		{"GM0893", Municipality{Code: "GM0893", Name: "Bergen (L.)", Province: "Limburg", CommonName: "Bergen (L)",
			Current: true, Population: 13209, AreaKM2: 103.24}},
	}
	for _, tt := range tests {
		got, ok := g.Lookup(tt.code)
		if !ok {
			t.Errorf("Lookup(%s): not found", tt.code)
			continue
		}
		if tt.want.Current {
			// Populations are approximate data; only require a plausible value.
			if got.Population < 1000 {
				t.Errorf("Lookup(%s).Population = %d", tt.code, got.Population)
			}
			got.Population = tt.want.Population
		}
		if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b casus.Date) bool { return a == b })); diff != "" {
			t.Errorf("Lookup(%s) (-want +got):\n%s", tt.code, diff)
		}
	}
	if _, ok := g.Lookup("GM9999"); ok {
		t.Error("Lookup(GM9999) found something")
	}
}

func TestLookupReturnsCopies(t *testing.T) {
	g := load(t)
	m, _ := g.Lookup("GM0788")
	m.Successors[0] = "GM0000"
	again, _ := g.Lookup("GM0788")
	if again.Successors[0] != "GM0757" {
		t.Errorf("changing a returned value changed the gazetteer: %v", again.Successors)
	}
}

func TestResolve(t *testing.T) {
	g := load(t)
	tests := []struct {
		name, code, want string
		ok               bool
	}{
		{"current resolves to itself", "GM0148", "GM0148", true},
		{"Weesp into Amsterdam", "GM0457", "GM0363", true},
		{"Nuth into Beekdaelen", "GM0951", "GM1954", true},
		{"Onderbanken into Beekdaelen", "GM0881", "GM1954", true},
		{"Schinnen into Beekdaelen", "GM0962", "GM1954", true},
		{"Groesbeek renamed Berg en Dal", "GM0241", "GM1945", true},
		{"Millingen via Groesbeek", "GM0265", "GM1945", true},
		{"De Friese Meren renamed", "GM1921", "GM1940", true},
		{"Molenwaard via Molenlanden chain", "GM0571", "GM1978", true},
		{"Haaren split four ways", "GM0788", "", false},
		{"Boarnsterhim split", "GM0055", "", false},
		{"unknown code", "GM9999", "", false},
		{"empty code", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := g.Resolve(tt.code)
			if ok != tt.ok || got.Code != tt.want {
				t.Errorf("Resolve(%q) = %s, %v; want %q, %v", tt.code, got.Code, ok, tt.want, tt.ok)
			}
			if ok && !got.Current {
				t.Errorf("Resolve(%q) returned a former municipality", tt.code)
			}
		})
	}
}

func TestSuccessors(t *testing.T) {
	g := load(t)
	tests := []struct {
		code string
		want []string
	}{
		{"GM0457", []string{"GM0363"}},
		{"GM0951", []string{"GM1954"}},
		{"GM0265", []string{"GM0241", "GM1945"}},
		{"GM0788", []string{"GM0757", "GM0824", "GM0855", "GM0865"}},
		{"GM0363", nil},
		{"GM9999", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, g.Successors(tt.code)); diff != "" {
			t.Errorf("Successors(%s) (-want +got):\n%s", tt.code, diff)
		}
	}
}

func TestBegan(t *testing.T) {
	g := load(t)
	tests := []struct {
		code string
		want string // "" for none
	}{
		{"GM1982", "2022-01-01"}, // Land van Cuijk, a merger
		{"GM1945", "2016-01-01"}, // Berg en Dal, a rename of Groesbeek
		{"GM0363", ""},           // Amsterdam absorbed Weesp and kept its code
		{"GM0148", ""},
		{"GM9999", ""},
	}
	for _, tt := range tests {
		d, ok := g.Began(tt.code)
		if got := map[bool]string{true: d.String(), false: ""}[ok]; got != tt.want {
			t.Errorf("Began(%s) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestPredecessors(t *testing.T) {
	g := load(t)
	tests := []struct {
		code string
		want []string
	}{
		{"GM0363", []string{"GM0457"}},
		{"GM1954", []string{"GM0881", "GM0951", "GM0962"}},
		{"GM1945", []string{"GM0241", "GM0265", "GM0282"}},
		{"GM0241", []string{"GM0265", "GM0282"}},
		{"GM1978", []string{"GM0571", "GM0689", "GM0693", "GM0694", "GM1927"}},
		{"GM0865", []string{"GM0788"}},
		{"GM0148", nil},
		{"GM9999", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, g.Predecessors(tt.code)); diff != "" {
			t.Errorf("Predecessors(%s) (-want +got):\n%s", tt.code, diff)
		}
	}
}

func TestLabel(t *testing.T) {
	g := load(t)
	tests := map[string]string{
		"GM0148": "Dalfsen",
		"GM0457": "Weesp (sinds 2022 Amsterdam)",
		"GM0951": "Nuth (sinds 2019 Beekdaelen)",
		"GM0265": "Millingen aan de Rijn (sinds 2015 Berg en Dal)",
		"GM0788": "Haaren (tot 2021)",
		"GM0373": "Bergen (NH.)",
		"GM0893": "Bergen (L.)",
		"GM9999": "",
	}
	for code, want := range tests {
		if got := g.Label(code); got != want {
			t.Errorf("Label(%s) = %q, want %q", code, got, want)
		}
	}
}

func TestRef(t *testing.T) {
	g := load(t)
	tests := []casus.MunicipalityRef{
		{Code: "GM0148", Name: "Dalfsen"},
		{Code: "GM0457", Name: "Weesp", CurrentCode: "GM0363", CurrentName: "Amsterdam"},
		{Code: "GM0282", Name: "Ubbergen", CurrentCode: "GM1945", CurrentName: "Berg en Dal"},
		{Code: "GM0788", Name: "Haaren"},
		{Code: "GM9999"},
	}
	for _, want := range tests {
		if got := g.Ref(want.Code); got != want {
			t.Errorf("Ref(%s) = %+v, want %+v", want.Code, got, want)
		}
	}
}

func TestComplete(t *testing.T) {
	g := load(t)
	tests := []struct {
		prefix string
		n      int
		first  string
	}{
		{"dalf", 5, "GM0148"},
		{"Dalfsen", 1, "GM0148"},
		{"vecht", 5, "GM1904"},
		{"hertog", 5, "GM0796"},
		{"sudwest", 5, "GM1900"},
		{"wees", 5, "GM0457"},
		{"beekd", 5, "GM1954"},
	}
	for _, tt := range tests {
		got := g.Complete(tt.prefix, tt.n)
		if len(got) == 0 || got[0].Code != tt.first {
			t.Errorf("Complete(%q) = %v, want %s first", tt.prefix, got, tt.first)
		}
		if len(got) > tt.n {
			t.Errorf("Complete(%q, %d) returned %d", tt.prefix, tt.n, len(got))
		}
	}
	if got := g.Complete("", 5); got != nil {
		t.Errorf("Complete of nothing = %v", got)
	}
	if got := g.Complete("xyzzy", 5); len(got) != 0 {
		t.Errorf("Complete(xyzzy) = %v", got)
	}
	// Current municipalities come first: "amst" is Amsterdam and Amstelveen
	// before any former one.
	for _, m := range g.Complete("a", 20) {
		if !m.Current {
			t.Errorf("former %s among the first 20 current matches of \"a\"", m.Name)
			break
		}
	}
}

func TestSizeClass(t *testing.T) {
	tests := []struct {
		pop   int
		class int
		label string
	}{
		{0, NoSizeClass, ""},
		{-5, NoSizeClass, ""},
		{1, 0, "minder dan 10.000"},
		{9_999, 0, "minder dan 10.000"},
		{10_000, 1, "10.000 tot 20.000"},
		{49_999, 2, "20.000 tot 50.000"},
		{250_000, 5, "250.000 of meer"},
	}
	for _, tt := range tests {
		if c, l := SizeClass(tt.pop); c != tt.class || l != tt.label {
			t.Errorf("SizeClass(%d) = %d, %q; want %d, %q", tt.pop, c, l, tt.class, tt.label)
		}
	}
	g := load(t)
	peers := g.SameSizeClass("GM0148") // Dalfsen, 20.000 tot 50.000
	if !slices.Contains(peers, "GM0148") || !slices.Contains(peers, "GM0177") || slices.Contains(peers, "GM0363") {
		t.Errorf("SameSizeClass(Dalfsen) = %d codes; want Dalfsen and Raalte, not Amsterdam", len(peers))
	}
	if got := g.SameSizeClass("GM0457"); !slices.Equal(got, g.SameSizeClass("GM0363")) {
		t.Error("a former municipality should take the class of what it merged into")
	}
	if g.SameSizeClass("GM9999") != nil {
		t.Error("unknown code has peers")
	}
}
