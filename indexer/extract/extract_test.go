package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus/indexer/source"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestExtractPages(t *testing.T) {
	tests := []struct {
		file        string
		url         string
		contentType string
		selectors   source.Selectors
		title       string
		date        string // YYYY-MM-DD, "" for none
		bodyStart   string
		bodyEnd     string
		tags        []string
		canonical   string // "" means the page URL
		present     []string
		absent      []string
	}{
		{
			file: "wordpress.html", url: "https://www.bureaukompas.nl/cases/inkoop-jeugdhulp-zuid-drenthe/",
			title: "Inkoop jeugdhulp in de regio Zuid-Drenthe", date: "2021-03-08",
			bodyStart: "De vier gemeenten in Zuid-Drenthe wilden",
			bodyEnd:   "in het najaar hebben vastgesteld.",
			tags:      []string{"Jeugd", "Inkoop", "Zuid-Drenthe"},
			present:   []string{"\n\nDe vraag\n\n", "\n\nGesprekken met zorgaanbieders, wijkteams en beleidsmedewerkers;\n\n"},
			absent: []string{"cookies", "Privacyverklaring", "Over ons", "Marieke", "Geplaatst", "8 maart 2021", "Deel dit",
				"LinkedIn", "Emmen", "Gerelateerd", "Reacties", "Assen", "Groningen", "Wmo", "nieuwsbrief", "Tags"},
		},
		{
			// The node's intro and facts belong to the case beside the
			// body field.
			file: "drupal-fields.html", url: "https://www.noordveluwe.example/projecten/buurtcoaches-harderwijk/",
			title:     "Buurtcoaches in Harderwijk",
			bodyStart: "Opdrachtgever",
			bodyEnd:   "vaak eerder dan anders het geval was geweest.",
			tags:      []string{"Welzijn"},
			present:   []string{"Gemeente Harderwijk", "Sinds het voorjaar van 2022", "Wat leverde het op?"},
			absent:    []string{"Direct naar de inhoud", "Projecten", "Postbus", "Welzijn"},
		},
		{
			// Reader comments inside the node are chrome, whether or not
			// the node is taken with the body field.
			file: "drupal-comments.html", url: "https://www.elburg.example/nieuws/wmo-verordening/",
			title:     "Nieuwe Wmo-verordening in Elburg",
			bodyStart: "De gemeenteraad van Elburg",
			bodyEnd:   "voor alle nieuwe aanvragen.",
			absent:    []string{"Reacties", "Nunspeet", "Oldebroek"},
		},
		{
			// A node whose other fields hold more prose than half its body
			// field (an overview of other pages) keeps to the body field.
			file: "drupal-teasers.html", url: "https://www.ermelo.example/werk-en-inkomen/",
			title:     "Werk en inkomen in Ermelo",
			bodyStart: "Ermelo helpt inwoners",
			bodyEnd:   "om ervaring op te doen.",
			absent:    []string{"Taalcursus", "jongerencoach", "schuldhulpverlening"},
		},
		{
			file: "drupal.html", url: "https://www.hardenberg.example/projecten/gebiedsteams-hardenberg",
			title: "Gebiedsteams Hardenberg: van pilot naar vaste werkwijze", date: "2024-06-17",
			bodyStart: "In 2022 begon de gemeente Hardenberg met twee gebiedsteams",
			bodyEnd:   "of een schuldhulpverlener uit het team.",
			tags:      []string{"Wmo", "Wijkteams"},
			present:   []string{"Wat verandert er voor inwoners?"},
			absent:    []string{"Overslaan", "Home", "Projecten", "Gepubliceerd", "Onderwerpen", "Postbus", "Gemeente Hardenberg"},
		},
		{
			file: "pagebuilder.html", url: "https://www.kwartieradvies.nl/opdrachten/wijkteams-hoogeveen/",
			title: "Sociale wijkteams in Hoogeveen", date: "2021-03-03",
			bodyStart: "De gemeente Hoogeveen wilde de toegang",
			bodyEnd:   "met intervisie en casuïstiekbesprekingen.",
			present:   []string{"\n\nWerkwijze\n\nMet de teamleiders"},
			absent:    []string{"Opdrachten", "Contact", "Geplaatst", "Benieuwd", "nieuwsbrief", "Meppel", "©"},
		},
		{
			file: "table-layout.html", url: "http://www.vandijk-advies.nl/projecten/sociale-dienst.html",
			title: "Project herindeling sociale dienst", date: "2008-11-10",
			bodyStart: "Na de samenvoeging van drie sociale diensten",
			bodyEnd:   "levensonderhoud weggewerkt.",
			present:   []string{"\n\nOpdracht\n\nVan Dijk leverde de kwartiermaker"},
			absent:    []string{"Publicaties", "Copyright", "Disclaimer", "10-11-2008"},
		},
		{
			file: "cp1252-meta.html", url: "https://www.noorderlicht.example/projecten/sociale-basis/",
			title: "Versterken van de sociale basis in Fryslân", date: "2020-01-14",
			bodyStart: "In vijf Friese gemeenten is de afgelopen jaren flink geïnvesteerd",
			bodyEnd:   "één contactpersoon per dorp.",
			present:   []string{"financiën", "coördinatie", "– „samen sterker”", "subsidiëring"},
			absent:    []string{"Datum", "Leeuwarden", "Projecten", "\uFFFD", "Ã"},
		},
		{
			file: "cp1252-header.html", url: "https://www.example.nl/cases/zorgkosten", contentType: "text/html; charset=ISO-8859-1",
			title: "Grip op de zorgkosten in Súdwest-Fryslân", date: "2018-02-02",
			bodyStart: "De gemeente had te maken met oplopende tekorten",
			bodyEnd:   "met de afdeling financiën.",
			present:   []string{"geïnvesteerd"},
			absent:    []string{"Gepubliceerd", "\uFFFD"},
		},
		{
			file: "jsonld-graph.html", url: "https://www.lindeboom.example/cases/beschermd-wonen-twente/",
			title: "Beschermd wonen regio Twente", date: "2019-05-14",
			bodyStart: "Met de overgang van beschermd wonen",
			bodyEnd:   "in december ondertekenden.",
			absent:    []string{"2 februari 2020", "Andere projecten", "Enschede", "4 april 2018"},
		},
		{
			file: "no-date.html", url: "https://www.debrug.example/werk/oldambt",
			title: "Transformatie sociaal domein Oldambt", date: "",
			bodyStart: "Op 1 januari 2015 kregen gemeenten er taken bij",
			bodyEnd:   "met vaste casusoverleggen en een gezamenlijke planning.",
			absent:    []string{"Ons werk", "Winschoten"},
		},
		{
			file: "broken.html", url: "https://www.maasdal.example/cases/schuldhulp-kerkrade",
			title: "Schuldhulpverlening in Kerkrade", date: "2017-09-05",
			bodyStart: "De gemeente Kerkrade wilde de wachttijden",
			bodyEnd:   "Na een jaar was de wachtlijst verdwenen.",
			present:   []string{"\n\nEerste gesprek binnen drie werkdagen\n\nVast aanspreekpunt per huishouden\n\n"},
			absent:    []string{"Home", "Cases", "Publicatiedatum", "Heerlen"},
		},
		{
			file: "date-before-title.html", url: "https://www.lysander.example/inzichten/kwartiermakers/",
			title: "Kwartiermakers voor de uitvoering", date: "2016-09-29",
			bodyStart: "Drie gemeenten aan de Vecht besloten",
			bodyEnd:   "een opleidingsplan voor de medewerkers opstelden.",
			absent:    []string{"Terug", "29/09/2016", "Share", "Meer inzichten", "Friesland", "Oosterhout", "17/06/2024"},
		},
		{
			file: "author-box.html", url: "https://www.kompaan.example/projecten/focusweek-beekdaelen",
			title: "Een focusweek voor het welzijnswerk", date: "",
			bodyStart: "Kunnen jullie ons helpen bij de aanbesteding",
			bodyEnd:   "er direct mee aan de slag kan.",
			absent:    []string{"Bijdrage", "Joke", "Sittard", "Bekijk profiel", "Specialisten", "Maastricht", "Nieuwsbrief", "Limburg", "Roermond"},
		},
		{
			file: "og-title.html", url: "https://www.stroomadvies.example/cases/zaanstad",
			title: "Werk en inkomen in Zaanstad: een nieuwe koers", date: "2022-11-30",
			bodyStart: "De afdeling Werk en Inkomen van Zaanstad",
			bodyEnd:   "een uitvoeringsplan voor de Participatiewet.",
			tags:      []string{"Participatiewet", "Re-integratie"},
			absent:    []string{"Deel deze pagina", "Facebook", "Stroom Advies\n"},
		},
		{
			file: "municipality.html", url: "https://www.dalfsen.example/projecten/samen-dalfsen-vitaal",
			title: "Samen Dalfsen Vitaal", date: "2023-03-12",
			bodyStart: "Met het programma Samen Dalfsen Vitaal",
			bodyEnd:   "via telefoonnummer 14 0529.",
			tags:      []string{"Gezondheid", "Mantelzorg"},
			present:   []string{"\n\nMeer weten?\n\n"},
			absent:    []string{"cookies", "Ommen", "Zoeken", "Kruimelpad", "Projecten", "Datum", "Onderwerpen", "Zwolle", "Kerkplein"},
		},
		{
			file: "selectors.html", url: "https://www.raadhuis.example/cases/jeugdbescherming",
			selectors: source.Selectors{Title: ".case-kop", Date: ".case-datum", Body: ".case-tekst",
				Exclude: []string{".case-tekst .quote-card"}, Tags: ".labels li"},
			title: "Jeugdbescherming in Noord-Limburg", date: "2015-07-04",
			bodyStart: "De regio Noord-Limburg wilde",
			bodyEnd:   "de wijkteams van Venlo en Venray.",
			tags:      []string{"Jeugd", "Veiligheid"},
			absent:    []string{"citaat", "Onze cases", "Geplaatst"},
		},
		{
			file: "sidebar-layout.html", url: "https://www.veldwerk.example/cases/wmo-putten",
			title: "Herijking Wmo-beleid Putten", date: "2022-10-05",
			bodyStart: "De gemeente Putten wilde haar Wmo-beleid herijken",
			bodyEnd:   "in het voorjaar door de raad vastgesteld.",
			absent:    []string{"Ermelo", "Gepubliceerd", "Blog"},
		},
		{
			file: "related-heading.html", url: "https://www.baken.example/cases/hof-van-twente",
			title: "Inkoop Wmo-begeleiding Hof van Twente", date: "",
			bodyStart: "Hof van Twente kocht de begeleiding",
			bodyEnd:   "van het eerste contractjaar.",
			present:   []string{"\n\nMeer weten?\n\n"},
			absent:    []string{"Gerelateerde", "Almelo", "Hengelo", "Lees ook", "Losser"},
		},
		{
			file: "links.html", url: "https://www.example.nl/cases/wijkteam-weesp/?utm_campaign=x",
			title: "Wijkteam Weesp", date: "",
			bodyStart: "In Weesp is in 2016 een sociaal wijkteam gestart",
			bodyEnd:   "met één plan per gezin.",
			canonical: "https://www.example.nl/cases/wijkteam-weesp/",
		},
		{
			file: "noindex.html", url: "https://www.tiel.example/concept/armoede",
			title: "Concept: armoedebeleid Tiel", date: "",
			bodyStart: "Deze pagina is een concept",
			bodyEnd:   "besproken in de gemeenteraad.",
			canonical: "https://www.tiel.example/concept/armoede",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			page, err := Extract(Input{URL: mustURL(t, tt.url), ContentType: tt.contentType, Body: body, Selectors: tt.selectors})
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if page.Title != tt.title {
				t.Errorf("title = %q, want %q", page.Title, tt.title)
			}
			if got := page.Date.String(); got != tt.date {
				t.Errorf("date = %q, want %q", got, tt.date)
			}
			if !strings.HasPrefix(page.Body, tt.bodyStart) {
				t.Errorf("body starts %q, want %q", head(page.Body), tt.bodyStart)
			}
			if !strings.HasSuffix(page.Body, tt.bodyEnd) {
				t.Errorf("body ends %q, want %q", tail(page.Body), tt.bodyEnd)
			}
			for _, para := range strings.Split(page.Body, "\n\n") {
				if strings.EqualFold(para, tt.title) || para == "" {
					t.Errorf("body has paragraph %q", para)
				}
			}
			for _, s := range tt.present {
				if !strings.Contains(page.Body, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(page.Body, s) {
					t.Errorf("body contains chrome text %q", s)
				}
			}
			if strings.Contains(page.Body, "\n\n\n") || strings.Contains(page.Body, "  ") {
				t.Errorf("body has uncollapsed white space")
			}
			if diff := cmp.Diff(tt.tags, page.Tags); diff != "" {
				t.Errorf("tags (-want +got):\n%s", diff)
			}
			wantCanon := tt.canonical
			if wantCanon == "" {
				wantCanon = NormalizeURL(mustURL(t, tt.url)).String()
			}
			if page.CanonicalURL != wantCanon {
				t.Errorf("canonical = %q, want %q", page.CanonicalURL, wantCanon)
			}
			if t.Failed() {
				t.Logf("body:\n%s", page.Body)
			}
		})
	}
}

func head(s string) string {
	if len(s) > 80 {
		return s[:80]
	}
	return s
}

func tail(s string) string {
	if len(s) > 80 {
		return s[len(s)-80:]
	}
	return s
}
