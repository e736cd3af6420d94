package enrich

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search/gazetteer"
)

// TestMunicipalityRules covers the recognition rules one at a time.
// threeForAPilot opens the rows that say in some way whether the last of
// three municipalities, none presented as the subject, took part.
const threeForAPilot = "De regio werkte aan een pilot. Het plan kwam uit Amersfoort, Baarn en Leusden. "

func TestMunicipalityRules(t *testing.T) {
	e := newEnricher(t)
	tests := []struct {
		name, title, body string
		tags              []string
		want              []string
	}{
		{"alias from names.yaml", "", "Het nieuwe beleid van Nuenen.", nil, []string{"GM0820"}},
		{"Den Helder is not Helder", "", "In Den Helder start een pilot.", nil, []string{"GM0400"}},
		{"gemeente Bergen without province", "", "De gemeente Bergen koos voor een wijkteam.", nil, []string{}},
		{"Bergen with its province named", "", "De gemeente Bergen ligt in Noord-Holland.", nil, []string{"GM0373"}},
		{"Bergen with a province adjective", "", "Het Limburgse dorp; in Bergen werkt een sociaal team.", nil, []string{"GM0893"}},
		{"Bergen needs evidence besides the province", "", "Bergen is mooi, net als Noord-Holland.", nil, []string{}},
		{"Bergen stays open when both are in play", "", "De gemeente Bergen en Bergen (L.) in Noord-Holland.", nil, []string{"GM0893"}},
		{"lower case is no name", "", "Wat werkt in best practices voor ede mensen?", nil, []string{}},
		{"van after a person's first name", "", "Adviseur Jan van Buren schreef het plan.", nil, []string{}},
		{"van after a lower-case word", "", "De inwoners van Buren zijn tevreden.", nil, []string{"GM0214"}},
		{"slash-separated list", "", "Ede/Wageningen werken samen, net als Heerde.", nil, []string{"GM0228", "GM0289"}},
		{"no list without separator", "", "Ede Wageningen", nil, []string{"GM0289"}},
		{"list accepted from its end", "", "Samen: Best, Putten en Eindhoven.", nil, []string{"GM0753", "GM0273", "GM0772"}},
		{"list accepted from its start", "", "Samen: Eindhoven, Best en Putten.", nil, []string{"GM0772", "GM0753", "GM0273"}},
		{"list of common words only", "", "Best en Putten.", nil, []string{}},
		{"institution is not the city", "", "Onderzoekers van de Universiteit Utrecht en de Hogeschool van Amsterdam.", nil, []string{}},
		{"common word accepted by title evidence", "Aanpak in Putten", "Putten heeft nu een sociaal team.", nil, []string{"GM0273"}},
		{"tag with gemeente prefix", "", "Een verhaal zonder plaatsnaam.", []string{"Gemeente Best"}, []string{"GM0753"}},
		{"tag that is not a place", "", "Tekst.", []string{"Jeugd", "bergen"}, []string{}},
		{"text order before tags", "", "Samen met Zwolle.", []string{"Dalfsen"}, []string{"GM0193", "GM0148"}},
		{"duplicates once", "Zwolle", "Zwolle en Kampen, en weer Zwolle.", nil, []string{"GM0193", "GM0166"}},
		{"former municipality", "", "De gemeente Nuth in 2015.", nil, []string{"GM0951"}},
		{"diacritics optional", "", "Noardeast Fryslan en Sudwest-Fryslân.", nil, []string{"GM1970", "GM1900"}},
		{"qualified names belong to another body", "", "Met de Veiligheidsregio Utrecht, de politie Amsterdam en de Universiteit van Tilburg.", nil, []string{}},
		{"qualifier does not reach past a word", "", "De regio en Zwolle werken samen.", nil, []string{"GM0193"}},
		{"qualifier does not reach past a comma", "", "Over de regio, Zwolle en Kampen.", nil, []string{"GM0193", "GM0166"}},
		{"reference to work elsewhere", "Wmo in Zwolle", "Zwolle kortte de wachttijd in. Eerder deden we dit in Deventer.", nil, []string{"GM0193"}},
		{"a reference is never the subject", "", "Net als in Deventer werkt men met een wijkteam.", nil, []string{}},
		{"denied name", "Bergen (L) en Gennep", "De Limburgse gemeenten Bergen en Gennep, niet te verwarren met Bergen in Noord-Holland, werken samen.", nil, []string{"GM0893", "GM0907"}},
		{"village in another province", "", "Bronckhorst, van Vorden tot Hengelo, opende een dorpshuis in Hengelo (Gld).", nil, []string{"GM1876"}},
		{"own province in parentheses", "", "Een wijkteam in Hengelo (O) en nergens anders.", nil, []string{"GM0164"}},
		{"lead and its list", "Werk in Rivierenland", "Tiel, Buren en Culemborg bundelen hun werkbedrijf. Een werkgever in Geldermalsen of Culemborg merkt het verschil. Ook Zaltbommel keek mee.", nil, []string{"GM0281", "GM0214", "GM0216"}},
		{"capitalised Van is a surname", "", "In Putten vertelt wethouder Van Buren over het plan.", nil, []string{"GM0273"}},
		{"title before van marks a person", "", "Volgens mevrouw van Buren werkt het.", nil, []string{}},
		{"Van at sentence start is a preposition", "", "Zo ging het. Van Buren tot Tiel werkt men samen.", nil, []string{"GM0214", "GM0281"}},
		{"namesake settled by a village", "", "De gemeente Bergen, van Schoorl tot Egmond aan Zee.", nil, []string{"GM0373"}},
		{"namesake settled by a village in Limburg", "", "In Bergen en Afferden start een dorpsteam.", nil, []string{"GM0893"}},
		{"exclusion after the name", "", "Zes gemeenten werkten samen. De stad Groningen, met een eigen wijkaanpak, deed niet mee.", nil, []string{}},
		{"exclusion reaches the nearest name only", "", "Zwolle en Kampen werkten samen, Deventer deed niet mee.", nil, []string{"GM0193", "GM0166"}},
		{"exclusion of a list", "", "Tiel werkte aan het plan; Buren en Culemborg vielen buiten het project.", nil, []string{"GM0281"}},
		{"exclusion prefix", "", "Anders dan in Zwolle koos Deventer voor wijkteams.", nil, []string{"GM0150"}},
		{"exclusion prefix with a gap", "", "Alle gemeenten in de regio behalve de gemeente Dalfsen deden mee, ook Zwolle.", nil, []string{"GM0193"}},
		{"exclusion stops at the sentence", "", "Zwolle kocht de zorg in. Daarna deed niemand anders niet mee.", nil, []string{"GM0193"}},
		{"participation after an exclusion", "", "Haren deed niet mee, Groningen wel.", nil, []string{"GM0014"}},
		{"exclusion with a reflexive verb", "", "Drie gemeenten kochten samen in. Deventer sloot zich niet aan.", nil, []string{}},
		{"a separable verb", "", "Vier gemeenten kochten samen in. Montferland haakte in de voorbereidende fase af.", nil, []string{}},
		{"withdrawal", "", "De regio begon samen. Culemborg trok zich terug.", nil, []string{}},
		// The opening sentence is the first of prose, after a dateline.
		{"a dateline before the opening sentence", "", "Case | 15 april 2021\n\nGorinchem, Molenlanden en Hardinxveld-Giessendam kopen samen in. " +
			"Aanvankelijk deden ook Leerdam en Zederik mee.", nil, []string{"GM0512", "GM1978", "GM0523"}},
		{"a province's part is no municipality", "", "Oldambt, in het oosten van Groningen, kampte met tekorten.", nil, []string{"GM1895"}},
		{"the municipalities a new one formed from", "", "Waadhoeke is ontstaan uit Franekeradeel, het Bildt en Menameradiel.", nil,
			[]string{"GM1949"}},
		{"another merger is history", "Kwartiermaker in Vijfheerenlanden", "Het werk begon in januari. Een buurgemeente koos voor een fusie met " +
			"Molenwaard tot de nieuwe gemeente Molenlanden.", nil, []string{"GM1961"}},
		{"not taking part, with words between", "", "Opmeer, dat ook tot de regio behoort, deed daarom niet mee. Hoorn en Enkhuizen kochten samen in.", nil,
			[]string{"GM0405", "GM0388"}},
		// Pages that name no municipality of their own: the names of work
		// elsewhere do not become theirs.
		{"a reference, not a subject", "", "Een middelgrote gemeente wilde grip op de Wmo. Ook Assen en Hoogeveen namen we als referentie mee.", nil,
			[]string{}},
		{"an example, not a subject", "", "Een kleine gemeente zocht een nieuwe toegang. Het model van Lochem werd als voorbeeld besproken.", nil,
			[]string{}},
		{"examples before their cue", "", "Een kleine gemeente zocht een nieuwe toegang. Zo werden de aanpak van Zutphen en het model van Lochem als voorbeeld besproken.", nil,
			[]string{}},
		{"a comparison before its cue", "", "In Medemblik begon een nieuw team. De gemeente Hoorn koos eerder voor een vergelijkbaar model.", nil,
			[]string{"GM0420"}},
		{"their own way elsewhere", "", "Een kleine gemeente start leerwerktrajecten. Ook Hoorn en Enkhuizen werken daaraan, elk op hun eigen manier.", nil,
			[]string{}},
		{"a link on the line of its heading", "", "Medemblik start leerwerktrajecten met werkgevers.\n\nLees ook: Transformatieagenda jeugd voor de gemeente Hoorn", nil,
			[]string{"GM0420"}},
		{"another order elsewhere", "", "De gemeente belt eerst aan. Vlaardingen en Maassluis kozen voor een andere volgorde.", nil,
			[]string{}},
		{"not joining, with words between", "", "Deventer sloot zich uiteindelijk niet aan. Zwolle en Kampen kochten samen in.", nil,
			[]string{"GM0193", "GM0166"}},
		{"a place only as a bearing", "Drie gemeenten ten oosten van Eindhoven", "Geldrop-Mierlo, Nuenen en Son en Breugel voegden hun ambtelijke organisaties samen.", nil,
			[]string{"GM1771", "GM0820", "GM0848"}},
		{"taking part after the opening", "", "De pilot begon in Oss. Na een halfjaar deed ook Uden mee. Meierijstad sloot zich later aan.", nil,
			[]string{"GM0828", "GM0856", "GM1948"}},
		{"taking part with a doubt", "", "Katwijk startte het programma. Leiden deed mee aan de monitor, maar was geen opdrachtgever.", nil,
			[]string{"GM0537"}},
		{"a first mention that excludes", "", "Voor de gemeenten op Walcheren, met uitzondering van Veere, gaven we een training. Veere had al een eigen training. In Middelburg en Vlissingen deden veertig consulenten mee.", nil,
			[]string{"GM0687", "GM0718"}},
		{"an exclusion after taking part", "", "Tilburg, Goirle en Dongen voerden het protocol in. Geen gemeente behalve Dongen paste het aan.", nil,
			[]string{"GM0855", "GM0785", "GM0766"}},
		{"an exclusion after a mention in passing", "", "Kampen en Zwolle kopen samen in. Ook een deel van de gemeente Dalfsen gaat over. Het deel van Dalfsen dat overgaat, deed niet mee.", nil,
			[]string{"GM0166", "GM0193"}},
		{"a name in a relative clause before an exclusion", "", "Het college koos voor wijkteams. In Deventer zijn er nu vijf. De regionale inkoop, die Deventer met de buurgemeenten regelt, viel buiten de opdracht.", nil,
			[]string{"GM0150"}},
		{"a name in a relative clause of a list", "", "De gemeente belt eerst aan. In Schiedam gebeurt dat sinds maart. Vlaardingen en Maassluis, waarmee Schiedam op veel terreinen samenwerkt, kozen voor een andere volgorde.", nil,
			[]string{"GM0606"}},
		{"no part of the project", "", "Drie gemeenten in Flevoland werkten samen. Urk maakte geen deel uit van het project.", nil, []string{}},
		{"no longer taking part", "", "Drie gemeenten in Flevoland werkten samen. Urk deed niet langer mee.", nil, []string{}},
		{"an example outside the municipality", "", "Een kleine gemeente verlengt de hulp aan jongeren. Dat geldt ook voor wie buiten de gemeente woont, bijvoorbeeld in Arnhem of Nijmegen.", nil,
			[]string{}},
		{"left out of an evaluation", "", "Drie gemeenten in Flevoland werkten samen. De gemeente Urk is niet meegenomen in de evaluatie.", nil, []string{}},
		{"not missing is taking part", "", "Leiderdorp en Oegstgeest hielden een banenmarkt. Ook Leiden ontbrak niet: de stad bracht werkgevers mee.", nil,
			[]string{"GM0547", "GM0579", "GM0546"}},
		{"a client that withdrew", "", "Deventer, Olst-Wijhe en Raalte vroegen ons om advies. Raalte trok zich nog voor de start van het traject terug.", nil,
			[]string{"GM0150", "GM1773"}},
		{"a client that did not withdraw", "", "Deventer, Olst-Wijhe en Raalte vroegen ons om advies. Raalte trok zich niet terug, maar begon later.", nil,
			[]string{"GM0150", "GM1773", "GM0177"}},
		{"niet right before a name", "", "Alleen Meppel en Staphorst, niet Steenwijkerland, gaan over op het contract.", nil, []string{"GM0119", "GM0180"}},
		{"a name only to compare sizes", "", "Lopik, ongeveer even groot als Montfoort, wilde de kosten kennen.", nil, []string{"GM0331"}},
		{"a list of links under Lees ook", "", "Deventer begon met wijkteams.\n\nLees ook\n\n- Wijkteams in Zwolle\nSchuldhulp in Kampen",
			nil, []string{"GM0150"}},
		{"stood outside", "", threeForAPilot + "Leusden stond erbuiten.", nil,
			[]string{"GM0307", "GM0308"}},
		{"did not join", "", threeForAPilot + "Leusden trad niet toe tot de kopgroep.", nil,
			[]string{"GM0307", "GM0308"}},
		{"stayed on the sidelines", "", threeForAPilot + "Leusden bleef aan de zijlijn staan.", nil,
			[]string{"GM0307", "GM0308"}},
		{"let it pass", "", threeForAPilot + "Leusden liet verstek gaan.", nil,
			[]string{"GM0307", "GM0308"}},
		{"did not hook on, with words between", "", threeForAPilot + "Leusden haakte bij de start niet aan.", nil,
			[]string{"GM0307", "GM0308"}},
		{"joins only next year", "", threeForAPilot + "Leusden doet pas volgend jaar mee.", nil,
			[]string{"GM0307", "GM0308"}},
		{"joined later and takes part", "", threeForAPilot + "Leusden sloot pas later aan en doet nu volop mee.", nil,
			[]string{"GM0307", "GM0308", "GM0327"}},
		{"staff wait and see", "", threeForAPilot + "In Leusden kijken medewerkers eerst de kat uit de boom.", nil,
			[]string{"GM0307", "GM0308", "GM0327"}},
		{"others on the sidelines", "", threeForAPilot + "In Leusden stonden mantelzorgers lang aan de zijlijn.", nil,
			[]string{"GM0307", "GM0308", "GM0327"}},
		{"thanked for taking part", "", threeForAPilot + "Leusden heeft de inwoners bedankt voor deelname aan de enquête.", nil,
			[]string{"GM0307", "GM0308", "GM0327"}},
		{"a list the title counts, with the lead before it", "Drie gemeenten kopen jeugdhulp samen in",
			"Tiel heeft de inkoop voorbereid. Tiel doet dat niet alleen, maar samen met Buren en Culemborg. Zaltbommel kocht vorig jaar zo in.", nil,
			[]string{"GM0281", "GM0214", "GM0216"}},
		{"a list the opening counts as others", "", "Tiel en twee andere gemeenten kopen samen in. Naast Tiel gaat het om Buren en Culemborg. Zaltbommel kocht vorig jaar zo in.", nil,
			[]string{"GM0281", "GM0214", "GM0216"}},
		{"a list its own sentence counts", "", "Vlissingen deelde zijn ervaring. De drie gemeenten – Hulst, Terneuzen en Sluis – besloten samen in te kopen.", nil,
			[]string{"GM0718", "GM0677", "GM0715", "GM1714"}},
		{"a count in digits", "10 jaar inkoop: 3 gemeenten kopen samen in", "Tiel zocht partners. Tiel doet dat samen met Buren en Culemborg. Zaltbommel kocht vorig jaar zo in.", nil,
			[]string{"GM0281", "GM0214", "GM0216"}},
		{"a list of another size than the count", "Vijf gemeenten kopen jeugdhulp samen in",
			"Tiel heeft de inkoop voorbereid. Tiel doet dat niet alleen, maar samen met Buren en Culemborg.", nil, []string{"GM0281"}},
		{"a counted list about work elsewhere", "Twee gemeenten kopen jeugdhulp samen in",
			"Tiel heeft de inkoop voorbereid. Eerder deden we dit in Buren en Culemborg.", nil, []string{"GM0281"}},
		{"a negation before zonder in its clause", "", "Drie gemeenten kochten samen in. In Tiel en Buren loopt het contract al. Het was er nooit gekomen zonder Culemborg: daar lag het idee.", nil,
			[]string{"GM0281", "GM0214", "GM0216"}},
		{"a negation after zonder and a relative clause", "", "Drie gemeenten kochten samen in. In Tiel en Buren loopt het contract al. Zonder Culemborg, dat de inkoop regelde, was het niet gelukt.", nil,
			[]string{"GM0281", "GM0214", "GM0216"}},
		{"a negation inside the relative clause after zonder", "", "Tiel en Buren kochten samen in, zonder Culemborg, dat niet was gevraagd.", nil,
			[]string{"GM0281", "GM0214"}},
		{"a negation after a subordinator", "", "Tiel en Buren kochten samen in zonder Culemborg, omdat het contract daar niet afliep.", nil,
			[]string{"GM0281", "GM0214"}},
		{"a decision yet to be taken", "", "Tiel en Buren kochten samen in. In de gemeente Culemborg, die veel taken met hen deelt, wordt pas na de evaluatie besloten of de inkoop ook daar gaat gelden.", nil,
			[]string{"GM0281", "GM0214"}},
		{"a negation beyond a colon", "", "Tiel en Buren kochten zonder Culemborg in: de raad daar was niet akkoord.", nil,
			[]string{"GM0281", "GM0214"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := casus.Document{Title: tt.title, Body: tt.body, Tags: tt.tags}
			e.Enrich(&doc)
			if diff := cmp.Diff(tt.want, codes(doc.Municipalities)); diff != "" {
				t.Errorf("municipalities (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMergerDates covers the rules that depend on the page's date: an old
// name next to its new municipality after the merger is a village, the
// municipalities a former one was about to go into are its context, and a
// municipality formed after the date stands for those that formed it.
func TestMergerDates(t *testing.T) {
	e := newEnricher(t)
	tests := []struct {
		name, date, body string
		want             []string
	}{
		{"village after the merger", "2023-05-01", "Stichtse Vecht opent een buurthuis in Maarssen.", []string{"GM1904"}},
		{"both before the merger", "2009-05-01", "Maarssen en Stichtse Vecht.", []string{"GM0333"}},
		{"no date keeps both", "", "Maarssen en Stichtse Vecht.", []string{"GM0333", "GM1904"}},
		{"split's receivers are context", "2019-06-01", "De gemeente Haaren wordt verdeeld over Boxtel, Oisterwijk, Tilburg en Vught.", []string{"GM0788"}},
		// Zevenaar took in Rijnwaarden in 2018; it existed before and a
		// page that opens with it is about it.
		{"an absorbing municipality presented before the merger", "2016-11-17",
			"De gemeente Zevenaar voegt haar sociale team samen met dat van Rijnwaarden.", []string{"GM0299", "GM0196"}},
		{"named later, it is the merger's context", "2016-11-17",
			"Het sociale team van Rijnwaarden krijgt nieuwe werkprocessen. Rijnwaarden gaat in 2018 op in de gemeente Zevenaar.", []string{"GM0196"}},
		{"after the split they count", "2022-06-01", "Boxtel en Vught delen een wijkteam.", []string{"GM0757", "GM0865"}},
		// Before 2022 the Land van Cuijk is the region of the five that
		// formed it; Berg en Dal (2016, a rename of Groesbeek, which took in
		// Millingen and Ubbergen in 2015) stands for the three in 2014.
		{"a municipality not yet formed is its predecessors", "2021-04-27", "De gemeente Land van Cuijk zoekt een kwartiermaker.",
			[]string{"GM0756", "GM0786", "GM0815", "GM1684", "GM1702"}},
		{"after its merger it is itself", "2022-04-27", "De gemeente Land van Cuijk zoekt een kwartiermaker.", []string{"GM1982"}},
		{"and from its council's election", "2021-12-01", "De gemeente Land van Cuijk zoekt een kwartiermaker.", []string{"GM1982"}},
		{"predecessors through a chain", "2014-03-01", "De gemeente Berg en Dal.", []string{"GM0241", "GM0265", "GM0282"}},
		{"only those that still existed", "2015-03-01", "De gemeente Berg en Dal.", []string{"GM0241"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := casus.Document{Body: tt.body}
			if tt.date != "" {
				d, err := casus.ParseDate(tt.date)
				if err != nil {
					t.Fatal(err)
				}
				doc.Date = d
			}
			e.Enrich(&doc)
			if diff := cmp.Diff(tt.want, codes(doc.Municipalities)); diff != "" {
				t.Errorf("municipalities (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormerMunicipalityRef(t *testing.T) {
	e := newEnricher(t)
	doc := casus.Document{Body: "In 2016 werkte de gemeente Weesp aan haar wijkteams."}
	e.Enrich(&doc)
	want := []casus.MunicipalityRef{{Code: "GM0457", Name: "Weesp", CurrentCode: "GM0363", CurrentName: "Amsterdam"}}
	if diff := cmp.Diff(want, doc.Municipalities); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
}

func TestNamesFileErrors(t *testing.T) {
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"common-word-unknown.yaml":    `common word "Nergenshuizen"`,
		"common-word-ambiguous.yaml":  `common word "Bergen"`,
		"alias-unknown-code.yaml":     "unknown municipality GM9999",
		"unknown-field.yaml":          "stopwords",
		"empty-not-municipality.yaml": "empty entry in not_municipalities",
		"namesake-unknown-code.yaml":  "namesake places for unknown municipality GM9999",
		"count-number-too-small.yaml": `count number "een" is 1`,
	}
	for file, want := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", "names", file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = newPlaces(g, data)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "names.yaml") {
			t.Errorf("%s: error %v, want one naming names.yaml and %q", file, err, want)
		}
	}
}
