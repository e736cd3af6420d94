package compound

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// newSplitter returns a Splitter shared by the tests in this file.
var newSplitter = sync.OnceValues(New)

func splitter(tb testing.TB) *Splitter {
	tb.Helper()
	s, err := newSplitter()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// texts returns the part texts of word joined by spaces.
func texts(s *Splitter, word string) string {
	var b strings.Builder
	for i, p := range s.Split(word) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// splitTests lists compounds with all parts Split emits, in order: leaves
// and listed sub-compounds, ordered by start offset, longer first.
var splitTests = []struct{ word, want string }{
	{"uitvoeringsorganisatie", "uitvoering organisatie"},
	{"welzijnswerk", "welzijn werk"},
	{"verslavingszorg", "verslaving zorg"},
	{"ziektenkosten", "ziekten kosten"},
	{"pannenkoek", "pannen koek"},
	{"schuldhulpverlening", "schuldhulp schuld hulpverlening hulp verlening"},
	{"jeugdzorg", "jeugd zorg"},
	{"wijkteams", "wijk teams"},
	{"zorgaanbieders", "zorg aanbieders"},
	{"keukentafelgesprek", "keukentafel keuken tafel gesprek"},
	{"arbeidsmarktregio", "arbeidsmarkt arbeid markt regio"},
	{"kinderopvang", "kinder opvang"},
	// -e- is handled where the first part's listed form carries it.
	{"ziektekosten", "ziekte kosten"},
	{"gezondheidszorg", "gezondheid zorg"},
	{"jeugdhulpaanbieders", "jeugdhulp jeugd hulp aanbieders"},
	{"sociaalwerkbedrijf", "sociaal werkbedrijf werk bedrijf"},
	{"gemeentebestuur", "gemeente bestuur"},
	{"participatiewet", "participatie wet"},
	{"beleidsregels", "beleid regels"},
	{"zorgverzekeraar", "zorg verzekeraar"},
	{"jongerenwerk", "jongeren werk"},
	{"armoedebeleid", "armoede beleid"},
	{"dagbesteding", "dag besteding"},
	{"casusregie", "casus regie"},
	{"statushouders", "status houders"},
	{"huisarts", "huis arts"},
	{"bijstandsuitkering", "bijstand uitkering"},
	{"jeugdwet", "jeugd wet"},
	{"wmoloket", "wmo loket"},
	{"wmovoorziening", "wmo voorziening"},
	{"ggzinstelling", "ggz instelling"},
	{"jeugdhulpverlening", "jeugdhulp jeugd hulpverlening hulp verlening"},
	{"gebiedsteams", "gebied teams"},
	{"wijkteam", "wijk team"},
	{"buurtteam", "buurt team"},
	{"thuiszorg", "thuis zorg"},
	{"wijkverpleging", "wijk verpleging"},
	{"vrouwenopvang", "vrouwen opvang"},
	{"zorgkosten", "zorg kosten"},
	{"armoedebestrijding", "armoede bestrijding"},
	{"schuldsanering", "schuld sanering"},
	{"respijtzorg", "respijt zorg"},
	{"procesregie", "proces regie"},
	{"woningcorporatie", "woning corporatie"},
	{"woonzorgcentrum", "woonzorg woon zorg centrum"},
	{"verpleeghuis", "verpleeg huis"},
	{"jeugdbescherming", "jeugd bescherming"},
	{"gezinshuis", "gezin huis"},
	{"pleegzorg", "pleeg zorg"},
	{"clientondersteuning", "client ondersteuning"},
	{"gemeenteraad", "gemeente raad"},
	{"raadsvoorstel", "raad voorstel"},
	{"ondersteuningsplan", "ondersteuning plan"},
	{"kwartiermaker", "kwartier maker"},
	{"mantelzorgondersteuning", "mantelzorg mantel zorg ondersteuning"},
	{"loonkostensubsidie", "loonkosten loon kosten subsidie"},
	{"inburgeringsplicht", "inburgering plicht"},
	{"leerplichtambtenaar", "leerplicht leer plicht ambtenaar"},
	{"zorgverzekeringswet", "zorgverzekering zorg verzekering wet"},
	{"woonvoorziening", "woon voorziening"},
	{"maatwerkvoorziening", "maatwerk maat werk voorziening"},
}

// noSplitTests lists words that must not be split: simplex words, words
// whose tail is an inflection or suffix, lexicalised prefix words, words
// that are too short and input that is not a folded lowercase word.
var noSplitTests = []string{
	"kinderen", "gemeenten", "organisatie", "beleid", "bestuur", "werken",
	"wonen", "regionale", "ondersteuning", "huishoudelijke", "gemeentelijk",
	"gemeentelijke", "voorziening", "verzekering", "uitvoering", "aanbieders",
	"uitkering", "inburgering", "verslaving", "welzijn", "bedrijf",
	"jongeren", "besteding", "verschillende", "betrokkenen",
	"maatschappelijke", "medewerkers", "werkelijk", "afhankelijk",
	"ontwikkeling", "toegankelijkheid", "aanvragen", "financiele",
	"coordinatie", "burgemeester", "verwijzing", "participatie",
	"gezondheid", "daklozen", "mandaten", "verpleegkundige",
	"samenleving", "jeugd", "zorg", "wijk", "", "a", "wmo",
	"Jeugdzorg", "JEUGDZORG", "jeugd-zorg", "jeugdzorg2", "cliëntondersteuning",
	"jeugd zorg", strings.Repeat("zorg", 20),
}

func TestSplit(t *testing.T) {
	s := splitter(t)
	for _, tt := range splitTests {
		if got := texts(s, tt.word); got != tt.want {
			t.Errorf("Split(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestListed(t *testing.T) {
	s := splitter(t)
	tests := []struct {
		word string
		want bool
	}{
		{"hoek", true}, {"zorg", true}, {"emmeloord", false}, {"Hoek", false}, {"", false},
	}
	for _, tt := range tests {
		if got := s.Listed(tt.word); got != tt.want {
			t.Errorf("Listed(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}

func TestNoSplit(t *testing.T) {
	s := splitter(t)
	for _, w := range noSplitTests {
		if got := s.Split(w); got != nil {
			t.Errorf("Split(%q) = %v, want nil", w, got)
		}
	}
}

func TestOffsets(t *testing.T) {
	s := splitter(t)
	for _, tt := range splitTests {
		parts := s.Split(tt.word)
		if len(parts) < 2 {
			t.Errorf("Split(%q) = %v, want at least 2 parts", tt.word, parts)
		}
		checkParts(t, tt.word, parts)
	}
}

// checkParts reports parts that do not slice word to their text, are empty
// or out of order, or that cover the whole word.
func checkParts(t *testing.T, word string, parts []Part) {
	t.Helper()
	for i, p := range parts {
		if p.Start < 0 || p.End > len(word) || p.Start >= p.End {
			t.Fatalf("Split(%q): part %d %+v out of bounds", word, i, p)
		}
		if word[p.Start:p.End] != p.Text {
			t.Errorf("Split(%q): part %d %+v: word[%d:%d] = %q", word, i, p, p.Start, p.End, word[p.Start:p.End])
		}
		if p.Start == 0 && p.End == len(word) {
			t.Errorf("Split(%q): part %d covers the whole word", word, i)
		}
		if i > 0 {
			q := parts[i-1]
			if q.Start > p.Start || q.Start == p.Start && q.End < p.End {
				t.Errorf("Split(%q): part %d %+v out of order after %+v", word, i, p, q)
			}
		}
	}
}

func TestNewWordList(t *testing.T) {
	s := splitter(t)
	if s.Len() < 10000 {
		t.Errorf("Len() = %d, want at least 10000", s.Len())
	}
	// Every domain word must be listed.
	for _, w := range []string{"wmo", "jeugdwet", "gebiedsteam", "kinder", "reintegratie", "keukentafel"} {
		if _, ok := s.parts[w]; !ok {
			t.Errorf("%q missing from words.txt", w)
		}
	}
}

func TestConcurrent(t *testing.T) {
	s := splitter(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, tt := range splitTests {
				if got := texts(s, tt.word); got != tt.want {
					t.Errorf("Split(%q) = %q, want %q", tt.word, got, tt.want)
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSplit splits a mix of compounds, simplex words and short words,
// roughly like the tokens of a case page; ns/op is per word.
func BenchmarkSplit(b *testing.B) {
	s := splitter(b)
	words := []string{"de", "gemeente", "biedt", "ondersteuning", "via", "het", "wijkteam",
		"jeugdzorg", "uitvoeringsorganisatie", "schuldhulpverlening", "kinderen",
		"maatschappelijke", "keukentafelgesprek", "organisatie", "arbeidsmarktregio",
		"participatiewet", "en", "zorgaanbieders", "huishoudelijke", "beleid"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Split(words[i%len(words)])
		i++
	}
}

func FuzzSplit(f *testing.F) {
	for _, tt := range splitTests {
		f.Add(tt.word)
	}
	for _, w := range noSplitTests {
		f.Add(w)
	}
	f.Add("zorgzorgzorgzorg")
	f.Add("jeugdzorg\xff")
	s := splitter(f)
	f.Fuzz(func(t *testing.T, word string) {
		parts := s.Split(word)
		if parts == nil {
			return
		}
		if len(parts) < 2 {
			t.Fatalf("Split(%q) = %v: a split has at least 2 parts", word, parts)
		}
		if !utf8.ValidString(word) || len(word) < MinCompoundLen || len(word) > MaxWordLen {
			t.Fatalf("Split(%q) = %v, want nil", word, parts)
		}
		checkParts(t, word, parts)
		// The leaves (parts not containing a later part) cover the word in
		// order, with at most a two-letter linker between them.
		end := 0
		for i, p := range parts {
			if i+1 < len(parts) && parts[i+1].Start < p.End {
				continue // p contains the next part: a sub-compound
			}
			if gap := p.Start - end; gap < 0 || gap > 2 {
				t.Fatalf("Split(%q): gap %d before %+v", word, gap, p)
			}
			end = p.End
		}
		if end != len(word) {
			t.Fatalf("Split(%q): leaves end at %d, word at %d", word, end, len(word))
		}
	})
}
