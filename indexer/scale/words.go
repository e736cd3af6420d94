package scale

// The word lists of the generator, written for casus. Lists are ordered by
// how often their entries should appear: the generator draws the first
// entries of a list far more often than the last (see weighted), so every
// list gives a few common words and a tail of rarer ones.

// themeWords is the vocabulary of one theme of the taxonomy.
type themeWords struct {
	// tag is the site tag of a case on the theme.
	tag string
	// phrases are noun phrases that read well after a preposition ("over
	// jeugdhulp", "voor de Wmo"); the first ones are the most common.
	phrases []string
	// titles are the phrases a title uses; the first ones are the most common.
	titles []string
	// rules are what a regulation on the theme governs ("Verordening
	// jeugdhulp Zwolle 2021").
	rules []string
	// weight is how common the theme is as the main theme of a case.
	weight float64
}

// themeLexicon holds the words of every theme slug of the taxonomy. New
// fails when the taxonomy has a theme this map lacks, or the other way round.
var themeLexicon = map[string]themeWords{
	"wmo": {
		tag: "Wmo",
		phrases: []string{"de Wmo", "maatschappelijke ondersteuning", "huishoudelijke hulp", "beschermd wonen",
			"dagbesteding", "mantelzorg", "mantelzorgondersteuning", "de maatschappelijke opvang", "individuele begeleiding",
			"maatwerkvoorzieningen", "mantelzorgers", "respijtzorg", "hulpmiddelen", "woningaanpassingen",
			"cliëntondersteuning", "het Wmo-loket", "de Wmo-consulenten", "hulp bij het huishouden",
			"begeleid wonen", "het doelgroepenvervoer", "de regiotaxi", "informele zorg", "vrouwenopvang",
			"de uitstroom uit beschermd wonen", "persoonsgebonden budgetten", "zorg in natura",
			"het abonnementstarief", "dak- en thuislozen", "scootmobielen", "logeeropvang", "de Wmo-raad"},
		titles: []string{"de Wmo", "beschermd wonen", "huishoudelijke hulp", "dagbesteding",
			"mantelzorgondersteuning", "de maatschappelijke opvang", "individuele begeleiding"},
		rules:  []string{"maatschappelijke ondersteuning", "Wmo", "beschermd wonen", "mantelzorgwaardering", "hulp bij het huishouden"},
		weight: 14,
	},
	"jeugd": {
		tag: "Jeugd",
		phrases: []string{"jeugdhulp", "de jeugdzorg", "de Jeugdwet", "jeugdbescherming", "het jeugdteam",
			"de jeugdhulpaanbieders", "jeugd-ggz", "het Centrum voor Jeugd en Gezin", "pleegzorg",
			"jeugdhulp met verblijf", "opvoedondersteuning", "de gecertificeerde instellingen", "jeugdreclassering",
			"gezinshuizen", "jeugdconsulenten", "het jeugdstelsel", "de jeugdregio", "jeugdprofessionals",
			"de POH jeugd", "de Hervormingsagenda Jeugd", "de Raad voor de Kinderbescherming", "jeugdigen",
			"het CJG", "kinderen en jongeren", "jeugd en gezin", "uithuisplaatsingen", "gezinsvoogden"},
		titles: []string{"jeugdhulp", "de jeugdzorg", "het jeugdteam", "jeugdbescherming", "jeugdhulp met verblijf",
			"pleegzorg", "de jeugd-ggz"},
		rules:  []string{"jeugdhulp", "Jeugdwet", "jeugdhulp en pleegzorg", "persoonsgebonden budget jeugd"},
		weight: 16,
	},
	"participatie": {
		tag: "Participatie",
		phrases: []string{"de Participatiewet", "werk en inkomen", "re-integratie", "de bijstand", "beschut werk",
			"de sociale werkvoorziening", "de banenafspraak", "werkzoekenden", "loonkostensubsidie",
			"het werkbedrijf", "de sociale dienst", "werkgeversdienstverlening", "uitkeringsgerechtigden",
			"mensen met een afstand tot de arbeidsmarkt", "het werkgeversservicepunt", "arbeidstoeleiding",
			"statushouders", "de Wet inburgering", "jobcoaches", "garantiebanen", "de Wsw",
			"bijstandsgerechtigden", "de arbeidsmarktregio", "werkfit-trajecten", "de tegenprestatie",
			"het participatiebedrijf", "arbeidsparticipatie", "de klantmanagers werk"},
		titles: []string{"werk en inkomen", "de Participatiewet", "re-integratie", "beschut werk", "het werkbedrijf",
			"de sociale werkvoorziening", "de banenafspraak"},
		rules:  []string{"re-integratie", "Participatiewet", "tegenprestatie", "loonkostensubsidie", "inburgering"},
		weight: 9,
	},
	"toegang": {
		tag: "Toegang",
		phrases: []string{"de wijkteams", "het sociaal wijkteam", "de toegang tot zorg", "de gebiedsteams",
			"keukentafelgesprekken", "de integrale toegang", "wijkteammedewerkers", "het toegangsteam",
			"het sociaal team", "casusregie", "vraagverheldering", "informatie en advies", "het sociaal loket",
			"het multidisciplinair team", "de toegangsfunctie", "generalisten", "buurtteams", "dorpsteams",
			"de frontoffice", "wijkcoaches", "gebiedsgericht werken", "de integrale intake", "één loket",
			"de sociaal makelaars", "de toegang jeugd", "de toegang Wmo"},
		titles: []string{"de toegang", "de wijkteams", "het sociaal wijkteam", "de gebiedsteams", "de integrale toegang",
			"het toegangsteam", "het sociaal team"},
		rules:  []string{"toegang sociaal domein", "integrale toegang", "wijkteams", "sociaal loket"},
		weight: 12,
	},
	"welzijn": {
		tag: "Welzijn",
		phrases: []string{"welzijnswerk", "de sociale basis", "de welzijnsorganisatie", "maatschappelijk werk",
			"jongerenwerk", "buurtwerk", "ouderenwerk", "vrijwilligerswerk", "sociaal werk", "opbouwwerk",
			"buurthuizen", "het voorliggend veld", "algemene voorzieningen", "bewonersinitiatieven",
			"sociale cohesie", "de vrijwilligerscentrale", "welzijn op recept", "ontmoetingsplekken",
			"het wijkcentrum", "dorpshuizen", "preventieve ondersteuning", "buurtsportcoaches",
			"informele netwerken", "sociaal werkers", "schoolmaatschappelijk werk", "nabuurschap"},
		titles: []string{"welzijn", "de sociale basis", "welzijnswerk", "het jongerenwerk", "maatschappelijk werk",
			"de welzijnsorganisatie", "het voorliggend veld"},
		rules:  []string{"welzijn", "sociale basis", "vrijwilligerswerk", "jongerenwerk"},
		weight: 7,
	},
	"inkoop": {
		tag: "Inkoop",
		phrases: []string{"de inkoop van zorg", "zorginkoop", "de aanbesteding", "contractmanagement",
			"de zorgaanbieders", "de inkoopstrategie", "bekostiging", "het inkoopmodel", "raamovereenkomsten",
			"reële tarieven", "resultaatfinanciering", "open house", "populatiebekostiging", "de marktconsultatie",
			"zorgcontracten", "bestuurlijk aanbesteden", "het inkoopkader", "subsidiëring", "de subsidierelaties",
			"regionale inkoop", "het bekostigingsmodel", "de contractmanagers", "leveranciersmanagement",
			"het berichtenverkeer", "de gunning", "de Europese aanbesteding", "het kostprijsonderzoek"},
		titles: []string{"de inkoop van zorg", "de aanbesteding", "zorginkoop", "contractmanagement",
			"de inkoopstrategie", "het inkoopmodel", "regionale inkoop"},
		rules:  []string{"inkoop en aanbesteding", "subsidies sociaal domein", "inkoopvoorwaarden zorg"},
		weight: 9,
	},
	"schulden": {
		tag: "Schuldhulp",
		phrases: []string{"schuldhulpverlening", "armoede", "schulden", "het minimabeleid", "vroegsignalering",
			"bijzondere bijstand", "bestaanszekerheid", "problematische schulden", "kinderarmoede",
			"betalingsachterstanden", "beschermingsbewind", "budgetbeheer", "de hersteloperatie toeslagen",
			"geldzorgen", "de stadspas", "kwijtschelding", "de kredietbank", "armoedebestrijding",
			"het kindpakket", "budgetcoaches", "de meedoenregeling", "gedupeerde ouders", "schuldregeling"},
		titles: []string{"schuldhulpverlening", "armoede", "het minimabeleid", "vroegsignalering", "bestaanszekerheid",
			"kinderarmoede", "bijzondere bijstand"},
		rules:  []string{"schuldhulpverlening", "minimabeleid", "bijzondere bijstand", "individuele inkomenstoeslag"},
		weight: 6,
	},
	"gezondheid": {
		tag: "Gezondheid",
		phrases: []string{"de GGD", "publieke gezondheid", "het gezondheidsbeleid", "leefstijl",
			"positieve gezondheid", "gezondheidsverschillen", "het preventieakkoord", "overgewicht",
			"mentale gezondheid", "het Integraal Zorgakkoord", "gezondheidsbevordering", "de gezondheidsmonitor",
			"middelengebruik", "Kansrijke Start", "verslavingspreventie", "gezond opgroeien", "het GALA",
			"een gezonde leefomgeving", "leefstijlcoaches", "het sportakkoord", "de eerstelijnszorg",
			"het lokaal gezondheidsbeleid", "alcoholgebruik onder jongeren"},
		titles: []string{"publieke gezondheid", "het gezondheidsbeleid", "leefstijl", "positieve gezondheid",
			"gezondheidsverschillen", "mentale gezondheid", "Kansrijke Start"},
		rules:  []string{"gezondheidsbeleid", "publieke gezondheid", "preventie en leefstijl"},
		weight: 4,
	},
	"organisatie": {
		tag: "Organisatieontwikkeling",
		phrases: []string{"organisatieontwikkeling", "de uitvoeringsorganisatie", "de reorganisatie", "kwartiermakers",
			"werkprocessen", "interimmanagement", "het organisatiemodel", "professionalisering",
			"de organisatiestructuur", "het verandertraject", "teamontwikkeling", "cultuurverandering",
			"intervisie", "het leer- en ontwikkelplan", "leiderschapsontwikkeling", "de werkorganisatie",
			"de transformatieagenda", "procesverbetering", "uitvoeringskracht", "de ambtelijke samenwerking",
			"het functiehuis", "de organisatieopdracht", "zelforganiserende teams", "de inrichting van de organisatie"},
		titles: []string{"de uitvoeringsorganisatie", "organisatieontwikkeling", "de reorganisatie", "het verandertraject",
			"het organisatiemodel", "professionalisering", "teamontwikkeling"},
		rules:  []string{"organisatie en mandaat", "mandaat en volmacht uitvoeringsorganisatie"},
		weight: 11,
	},
	"financien": {
		tag: "Financiën",
		phrases: []string{"kostenbeheersing", "de begroting", "de uitgavenontwikkeling", "sturingsinformatie", "de tekorten",
			"financiële sturing", "de meerjarenbegroting", "bezuinigingen", "de kostenontwikkeling",
			"managementinformatie", "de businesscase", "de algemene uitkering", "het Gemeentefonds",
			"de jaarrekening", "betaalbaarheid", "budgetoverschrijdingen", "kostenbesparing", "het verdeelmodel",
			"de financiële positie", "het weerstandsvermogen", "kosten en baten", "het Ravijnjaar",
			"de uitgaven sociaal domein", "kosteninzicht"},
		titles: []string{"de uitgavenontwikkeling", "kostenbeheersing", "de begroting", "sturingsinformatie",
			"financiële sturing", "de tekorten", "de businesscase"},
		rules:  []string{"financiële verordening", "budgetbeheer en begroting", "controle en sturing"},
		weight: 8,
	},
	"bestuur": {
		tag: "Bestuur",
		phrases: []string{"het beleidsplan", "de gemeenteraad", "het coalitieakkoord", "het collegeprogramma",
			"regionale samenwerking", "de gemeenschappelijke regeling", "het beleidskader", "de verordening",
			"de beleidsnota", "het raadsvoorstel", "de centrumgemeente", "het samenwerkingsverband",
			"intergemeentelijke samenwerking", "het uitvoeringsprogramma", "de bestuursopdracht",
			"het portefeuillehoudersoverleg", "het college van B en W", "de raadsinformatiebrief",
			"de beleidsvisie", "beleidsregels", "inwonersparticipatie", "het burgerberaad", "de herindeling",
			"de strategische agenda"},
		titles: []string{"het beleidsplan", "regionale samenwerking", "de gemeenschappelijke regeling",
			"het beleidskader", "het collegeprogramma", "de beleidsvisie", "het samenwerkingsverband"},
		rules:  []string{"samenwerking gemeenschappelijke regeling", "inspraak en participatie"},
		weight: 5,
	},
}

// domainLexicon holds the words of every domain slug of the taxonomy.
var domainLexicon = map[string][]string{
	"sociaal": {"het sociaal domein", "de drie decentralisaties", "zorg en ondersteuning", "kwetsbare inwoners",
		"hulp en ondersteuning", "de transformatie sociaal domein", "sociaal beleid", "zorg en welzijn",
		"de decentralisaties", "de kosten sociaal domein"},
	"fysiek": {"het fysiek domein", "de Omgevingswet", "woningbouw", "de openbare ruimte", "gebiedsontwikkeling",
		"de omgevingsvisie", "volkshuisvesting", "de woonvisie", "klimaatadaptatie", "de energietransitie"},
	"veiligheid": {"openbare orde en veiligheid", "ondermijning", "integrale veiligheid", "het veiligheidsbeleid",
		"de veiligheidsregio", "crisisbeheersing", "het Zorg- en Veiligheidshuis", "ondermijnende criminaliteit"},
	"bedrijfsvoering": {"de bedrijfsvoering", "de informatievoorziening", "informatiebeveiliging", "planning en control",
		"het personeelsbeleid", "strategische personeelsplanning", "het klantcontactcentrum", "de ICT"},
	"bestuur": {"bestuur en organisatie", "bestuurlijke vernieuwing", "de raadsgriffie", "democratische vernieuwing",
		"de bestuurscultuur", "de rekenkamer", "kaderstelling"},
}

// fallbackDomains are the domains a case gets when none of its themes
// implies one (organisatie, financien), most common first.
var fallbackDomains = []string{"sociaal", "bedrijfsvoering", "bestuur"}

// extraDomains may be added to a case as a side domain, most common first.
var extraDomains = []string{"fysiek", "veiligheid", "bedrijfsvoering", "bestuur"}

// sourceInfo is one fictional consultancy.
type sourceInfo struct{ id, name string }

// sources are the fictional consultancies the cases come from, the most
// productive first.
var sources = []sourceInfo{
	{"bureau-vlonder", "Vlonder Advies"},
	{"bureau-keerpunt", "Keerpunt Interim & Advies"},
	{"bureau-dwarsverband", "Dwarsverband Sociaal Domein"},
	{"bureau-wijkkracht", "Wijkkracht Adviseurs"},
	{"bureau-lantaarn", "De Lantaarn Organisatieadvies"},
	{"bureau-ankerplaats", "Ankerplaats Interim"},
	{"bureau-raamwerk", "Raamwerk Beleid & Uitvoering"},
	{"bureau-zijlstra-vandam", "Zijlstra & Van Dam"},
}

// serviceTags are the tags for the kind of work a case was.
var serviceTags = []string{"Advies", "Interim", "Projectmanagement", "Onderzoek", "Kwartiermaken", "Training", "Procesbegeleiding"}

// Generic words.
var (
	// subjectsOne are singular subjects of a clause.
	subjectsOne = []string{"de gemeente", "het college", "het projectteam", "de wethouder", "de stuurgroep",
		"onze adviseur", "de ambtelijke organisatie", "de kwartiermaker", "de regio", "de programmamanager",
		"het managementteam", "de directie", "de werkgroep", "de teamleider", "de projectleider",
		"de klankbordgroep", "de gemeentesecretaris", "de beleidsadviseur", "de adviesraad", "de afdeling"}
	// subjectsMany are plural subjects of a clause.
	subjectsMany = []string{"we", "de medewerkers", "de professionals", "de ketenpartners", "de aanbieders",
		"de consulenten", "de teamleiders", "onze adviseurs", "de betrokken gemeenten", "de raadsleden",
		"de inwoners", "de partners in de regio"}
	// objects are noun phrases for other parties.
	objects = []string{"de ketenpartners", "de medewerkers", "de teamleiders", "de betrokken organisaties",
		"de inwoners", "de huisartsen", "het onderwijs", "de woningcorporaties", "de buurgemeenten",
		"ervaringsdeskundigen", "het managementteam", "de cliëntenraad", "de uitvoering", "de raadsleden",
		"de adviesraad", "de politiek", "de controllers", "de beleidsmedewerkers", "de regiogemeenten"}
	// adjectives go before a noun: the form before "een" and a het-word,
	// then the inflected form.
	adjectives = []string{"nieuw|nieuwe", "integraal|integrale", "gezamenlijk|gezamenlijke", "helder|heldere",
		"praktisch|praktische", "eenduidig|eenduidige", "regionaal|regionale", "stevig|stevige", "haalbaar|haalbare",
		"gefaseerd|gefaseerde", "realistisch|realistische", "toekomstbestendig|toekomstbestendige",
		"lerend|lerende", "wijkgericht|wijkgerichte", "compact|compacte", "datagedreven|datagedreven",
		"transparant|transparante", "werkbaar|werkbare", "samenhangend|samenhangende", "vernieuwend|vernieuwende"}
	// compounds are common generic compounds, all plural.
	compounds = []string{"uitgangspunten", "werkafspraken", "knelpunten", "samenwerkingsafspraken",
		"verbeterpunten", "projectplannen", "tussenrapportages", "routekaarten", "uitvoeringsplannen",
		"kernboodschappen", "procesafspraken", "werkbijeenkomsten", "nulmetingen", "bouwstenen",
		"implementatieplannen", "ontwikkelagenda's", "spelregels", "werkinstructies", "prestatieafspraken",
		"stuurgroepverslagen"}
	// numbers are small counts as Dutch writes them in prose.
	numbers = []string{"drie", "twee", "vier", "vijf", "zes", "tien", "acht", "twaalf", "zeven", "negen", "vijftien", "twintig"}
	// roles are what a consultant was on a case.
	roles = []string{"senior adviseur", "interim-manager", "kwartiermaker", "projectleider", "programmamanager",
		"organisatieadviseur", "onderzoeker", "procesbegeleider", "interim-teamleider", "beleidsadviseur"}
	// firstNames and surnames make consultants' names.
	firstNames = []string{"Anne", "Mark", "Sanne", "Jeroen", "Marieke", "Pieter", "Esther", "Bas", "Linda", "Rob",
		"Ingrid", "Thijs", "Femke", "Joost", "Karin", "Martijn", "Eva", "Wouter", "Miriam", "Niels", "Hanneke",
		"Erik", "Judith", "Sander", "Petra", "Ruud", "Lotte", "Gerben", "Yvonne", "Koen", "Nadia", "Arjen",
		"Saskia", "Hans", "Ilse", "Dennis", "Marloes", "Frank", "Renske", "Kees", "Fatima", "Youssef", "Anouk",
		"Tim", "Monique", "Laura", "Jan", "Els", "Vincent", "Carola", "Remco", "Sietske", "Bart", "Manon"}
	surnames = []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
		"Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
		"de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Berg",
		"van Dijk", "Hoekstra", "Koster", "Prins", "Blom", "Huisman", "Postma", "Kuipers", "van Wijk", "Willems",
		"Timmermans", "Groen", "Boersma", "van der Veen", "Kramer", "Schouten", "Wouters", "van Beek", "Hoogland",
		"Terpstra", "Veenstra", "Zijlstra", "Brink", "El Amrani", "Yilmaz", "Oosterhuis", "Lammers", "Wijnands",
		"Scholten", "Haverkamp", "Nijland", "Bergsma", "Rietveld"}
)

// Section headings of a case, each list most common first. Headings end
// without a period, like the short heading paragraphs of real pages.
var (
	headingsQuestion = []string{"De vraag", "Aanleiding", "De opdracht", "Achtergrond", "De uitdaging",
		"Waar liep {M} tegenaan", "Wat speelde er", "De situatie in {M}"}
	headingsApproach = []string{"Aanpak", "Werkwijze", "Onze aanpak", "Wat we deden", "Zo pakten we het aan",
		"Aan de slag met {T}", "Stap voor stap", "Samen met de teams"}
	headingsPhase = []string{"Fase {F}: {R}", "{DR}", "Grip op {T}", "{T} in de praktijk", "Samenwerken aan {S}",
		"Van {R} naar {R}", "Ervaringen met {S}", "De rol van {N}", "Sturen op {T}", "{EAR}"}
	headingsResult = []string{"Resultaat", "Het resultaat", "Wat het opleverde", "Opbrengst", "Resultaten",
		"Waar {M} nu staat"}
	headingsLesson = []string{"Het inzicht", "Geleerde lessen", "Tot slot", "Wat we leerden", "Vooruitblik"}
)

// Title templates of a case. {T} is a title phrase of the main theme.
var (
	titlesOne = []string{"Case: Gemeente {M} – {T}", "Grip op {T} in {M}", "Kwartiermaker voor {T} in {M}",
		"Nieuwe koers voor {T} in {M}", "{M} versterkt {T}", "Herinrichting van {T} in {M}",
		"Interim-manager {T} bij gemeente {M}", "Van visie naar uitvoering: {T} in {M}",
		"Evaluatie van {T} in {M}", "Doorontwikkeling van {T} in {M}", "Advies over {T} voor gemeente {M}",
		"{M}: {T} dichter bij inwoners", "Samen werken aan {T} in {M}", "Onderzoek naar {T} in {M}",
		"Een {A} aanpak voor {T} in {M}", "{T} in {M}: {DR}"}
	titlesMany = []string{"Regionale samenwerking rond {T}: {MS}", "{T} voor {MS}",
		"Gezamenlijke aanpak van {T} in {MS}", "Kwartiermaker {T} voor {MS}"}
	titlesNone = []string{"{T} in een gemeente met ruim {POP} inwoners", "Grip op {T}: lessen uit {K} gemeenten",
		"Een {A} aanpak voor {T}", "Wat werkt bij {T}? Een verkenning", "{DR} voor {T}"}
	// regulationKinds start a regulation's title.
	regulationKinds = []string{"Verordening", "Beleidsregels", "Nadere regels", "Uitvoeringsregels", "Subsidieregeling"}
)

// Opening and closing sentences of a case. The first sentence names the
// municipality, as real case pages do; the mentions make sure every theme and
// domain of a case is written about ({S} and {D} then name that one).
var (
	introOne = []string{"Gemeente {M} wilde {T} anders organiseren.", "In {M} stond {T} al langere tijd op de agenda.",
		"De gemeente {M} vroeg ons om mee te denken over {T}.", "{M} zocht een {A} aanpak voor {T}.",
		"Voor de gemeente {M} werkten we aan {T}.", "Hoe krijg je {T} op orde? Die vraag stelde de gemeente {M} zich in {Y}.",
		"Bij de gemeente {M} liepen de wachttijden voor {T} op."}
	introMany = []string{"De gemeenten {MS} werken samen aan {T}.", "{MS} trekken samen op bij {T}.",
		"In de regio werken {MS} samen aan {T}.", "Voor de gemeenten {MS} begeleidden we de gezamenlijke aanpak van {T}."}
	introNone = []string{"Een gemeente met ruim {POP} inwoners vroeg ons om mee te denken over {T}.",
		"Voor een gemeente met ruim {POP} inwoners werkten we aan {T}.",
		"Hoe organiseer je {T} in een gemeente met ruim {POP} inwoners?"}
	themeMentions = []string{"Daarbij speelde ook {S} een rol.", "Ook {S} hoorde bij de opdracht.",
		"De opdracht raakte nadrukkelijk aan {S}.", "Daarnaast vroeg {S} om aandacht."}
	domainMentions = []string{"De opdracht paste in de bredere opgave rond {D}.", "Zo droeg het project bij aan {D}.",
		"De resultaten zijn ook van belang voor {D}."}
	closings = []string{"{P} was als {ROL} bij deze opdracht betrokken.", "{P} begeleidde het traject als {ROL} namens {SRC}.",
		"Deze opdracht werd uitgevoerd door {P}, {ROL} bij {SRC}.", "Meer weten over deze opdracht? {P} vertelt er graag meer over."}
	regulationIntros = []string{"De raad van de gemeente {M} heeft deze regeling vastgesteld.",
		"Het college van burgemeester en wethouders van {M} stelt de volgende regels vast.",
		"Deze regeling van de gemeente {M} geeft de regels voor {T}."}
)

// Fixed headings of a regulation.
const (
	chapterWord     = "Hoofdstuk"
	articleWord     = "Artikel"
	explanationHead = "Toelichting"
)

// Clause parts: a sentence is [opener] subject verb rest [tail], with the
// verb second as Dutch wants it.
var (
	// openers start a sentence and move the verb before the subject.
	openers = []string{"In {Y}", "Daarnaast", "Vervolgens", "Tegelijkertijd", "In de eerste fase", "Bovendien",
		"Al snel", "Daarna", "Uiteindelijk", "In de praktijk", "Na een grondige analyse", "Op verzoek van de wethouder",
		"Binnen {K} maanden", "Samen met {N}", "In de tweede fase", "Kort daarop", "Begin {Y}", "Eind {Y}",
		"Gedurende de opdracht", "Om die reden", "Daarom", "Mede daardoor", "Na de zomer", "In het voorjaar van {Y}"}
	// verbs are past-tense verb phrases: singular, plural, the rest.
	verbs = []verbPhrase{
		{"bracht", "brachten", "{T} in kaart"},
		{"zette", "zetten", "een {A} aanpak voor {T} op"},
		{"onderzocht", "onderzochten", "hoe de aansluiting tussen {T} en {S} beter kon"},
		{"ontwikkelde", "ontwikkelden", "{ER} voor {T}"},
		{"sprak", "spraken", "met {N} over {T}"},
		{"maakte", "maakten", "{A} afspraken over {T}"},
		{"koos", "kozen", "voor een {A} aanpak van {T}"},
		{"legde", "legden", "de nadruk op {T}"},
		{"richtte", "richtten", "{T} opnieuw in"},
		{"stelde", "stelden", "{ER} op"},
		{"verbeterde", "verbeterden", "de samenwerking tussen {N} en {N}"},
		{"had", "hadden", "behoefte aan meer zicht op {T}"},
		{"werkte", "werkten", "aan {EAR}"},
		{"toetste", "toetsten", "{DR} aan de uitgangspunten voor {S}"},
		{"haalde", "haalden", "in {K} sessies de knelpunten rond {T} op"},
		{"vertaalde", "vertaalden", "de ambities voor {T} naar concrete {C}"},
		{"betrok", "betrokken", "{N} vanaf het begin bij {T}"},
		{"analyseerde", "analyseerden", "de cijfers over {T} van de afgelopen {K} jaar"},
		{"schreef", "schreven", "{ER} en een notitie over {S}"},
		{"begeleidde", "begeleidden", "de teams bij de invoering van {T}"},
		{"stuurde", "stuurden", "scherper op {T}"},
		{"nam", "namen", "het initiatief voor {ER}"},
		{"organiseerde", "organiseerden", "werksessies over {T} met {N}"},
		{"verkende", "verkenden", "de mogelijkheden voor {S} in de regio"},
		{"formuleerde", "formuleerden", "{K} uitgangspunten voor {T}"},
		{"liep", "liepen", "vast op {T}"},
		{"zag", "zagen", "de vraag naar {T} jaar op jaar toenemen"},
		{"wilde", "wilden", "{T} dichter bij inwoners organiseren"},
		{"testte", "testten", "de nieuwe werkwijze voor {T} in een pilot"},
		{"bouwde", "bouwden", "{ER} op met actuele cijfers over {S}"},
		{"kreeg", "kregen", "meer grip op {T}"},
		{"ging", "gingen", "met {N} in gesprek over {T}"},
		{"besloot", "besloten", "{T} en {S} onder te brengen in {ER}"},
		{"evalueerde", "evalueerden", "de eerste ervaringen met {T}"},
		{"hield", "hielden", "interviews met {N} over {T}"},
		{"deelde", "deelden", "de resultaten over {T} met de gemeenteraad"},
		{"legde", "legden", "de verantwoordelijkheid voor {T} bij {N}"},
		{"zocht", "zochten", "naar een betere balans tussen {T} en {S}"},
		{"beschreef", "beschreven", "in {ER} hoe {T} in de praktijk werkt"},
		{"stemde", "stemden", "{DR} af met {N}"},
		{"herzag", "herzagen", "de {C} voor {D}"},
		{"koppelde", "koppelden", "{T} aan de bredere opgave in {D}"},
		{"schetste", "schetsten", "{EAR} voor {T}"},
		{"benoemde", "benoemden", "{K} knelpunten in {T}"},
		{"ruimde", "ruimden", "overbodige regels rond {T} op"},
		{"gaf", "gaven", "{N} meer ruimte bij {T}"},
		{"trok", "trokken", "samen met {N} op bij {T}"},
		{"zorgde", "zorgden", "voor een soepele overgang naar {DR}"},
		{"actualiseerde", "actualiseerden", "{DR} voor {T}"},
		{"verzamelde", "verzamelden", "signalen over {T} uit de wijken"},
		{"verbond", "verbonden", "{T} met {S}"},
	}
	// tails are subordinate clauses after a main clause.
	tails = []string{"omdat de kosten voor {T} jaarlijks stegen", "zodat inwoners sneller de juiste hulp krijgen",
		"waarbij de inwoner centraal stond", "zodat professionals meer tijd hebben voor {T}",
		"omdat inwoners te lang wachtten op {T}", "zodat de gemeente beter kan sturen op {T}",
		"zonder dat de kwaliteit van {T} onder druk kwam", "omdat niemand precies wist wie waarvoor verantwoordelijk was",
		"waarbij we aansloten bij wat er al goed ging", "zodat {N} weten wat ze van elkaar kunnen verwachten",
		"omdat {D} om een samenhangende aanpak vraagt", "nadat eerdere pogingen waren gestrand",
		"terwijl de druk op {S} bleef toenemen", "zodat {DR} ook na ons vertrek blijft werken"}
)

// verbPhrase is a past-tense verb with its object and particles.
type verbPhrase struct{ one, many, rest string }

// sentences are whole sentences with slots, for variety beside the clauses.
var sentences = []string{
	"Gemeente {M} zag de uitgaven aan {T} de afgelopen jaren fors stijgen.",
	"Hoe houd je {T} betaalbaar zonder dat inwoners tussen wal en schip vallen?",
	"Die vraag stond centraal in de opdracht die {M} ons gaf.",
	"{DR} bleek een bruikbaar instrument om het gesprek over {T} te voeren.",
	"Het ontbrak aan een gedeeld beeld van wat {T} moet opleveren.",
	"Professionals ervoeren veel administratieve last rond {T}.",
	"Er waren {K} verschillende loketten voor {S}, elk met een eigen werkwijze.",
	"Met {DR} ligt er nu een stevige basis voor {T}.",
	"Inmiddels werken {K} teams volgens de nieuwe werkwijze.",
	"Het aantal inwoners dat gebruikmaakt van {T} daalde in {K} jaar met {PCT} procent.",
	"Wat werkt, leggen we vast in {DR}.",
	"Een belangrijke les: begin klein en leer onderweg.",
	"De samenwerking met {N} verliep niet altijd soepel.",
	"Niet alles ging in één keer goed.",
	"We zijn trots op wat de teams in {M} hebben bereikt.",
	"Voor {T} betekent dit een andere manier van werken.",
	"{DR} wordt twee keer per jaar besproken.",
	"Daarmee is {T} beter verankerd in de organisatie.",
	"Er is gekozen voor een gefaseerde invoering.",
	"Elke fase werd afgesloten met een evaluatie.",
	"Ook {S} kwam daarbij nadrukkelijk aan de orde.",
	"De wachtlijsten voor {T} zijn korter geworden.",
	"Inwoners geven de dienstverlening gemiddeld een {GRADE}.",
	"De uitgaven bleven binnen het budget van {EUR}.",
	"Zo ontstond er ruimte voor {T} dicht bij huis.",
	"De vraag was niet óf, maar hoe {T} anders georganiseerd kon worden.",
	"Dat vroeg om lef van bestuurders en vertrouwen in professionals.",
	"{P} leidde het project namens {SRC}.",
	"In {DR} staan {K} concrete acties voor de komende jaren.",
	"Eerder werkten we in {M2} aan een vergelijkbare opdracht.",
	"De opgave in {D} raakt direct aan {T}.",
	"Wie de {C} wil lezen, kan die opvragen bij de gemeente.",
	"In {M} wonen ruim {POP} inwoners, van wie een groeiend deel een beroep doet op {T}.",
	"De {A} {C} gaven houvast in een periode waarin veel veranderde.",
	"Met {N} is afgesproken dat {DR} jaarlijks terugkomt.",
	"Juist bij {T} is een goede verbinding met {S} essentieel.",
	"Het college heeft {DR} inmiddels vastgesteld.",
	"Wat opviel: de kennis was er wel, maar zat verspreid over {K} afdelingen.",
	"Het budget voor {T} bedroeg in {Y} ruim {EUR}.",
	"Er kwamen {K} nieuwe {C} uit de sessies.",
	"Daarvoor was het nodig om eerst de feiten op tafel te krijgen.",
	"De cijfers lieten zien dat een klein deel van de huishoudens een groot deel van de kosten voor {T} veroorzaakte.",
	"Medewerkers gaven aan dat ze meer ruimte wilden voor maatwerk.",
	"In gesprekken met inwoners kwam steeds hetzelfde beeld naar voren.",
	"De gemeenteraad wilde vooral weten wat {T} oplevert voor inwoners.",
	"Het werk aan {T} is daarmee niet af, maar de richting is helder.",
	"Na {K} maanden werd de eerste versie van {DR} opgeleverd.",
	"Het team kreeg de ruimte om te experimenteren.",
	"Dat leverde soms stevige discussies op, maar ook meer begrip voor elkaars rol.",
	"{P} zorgde voor de verbinding tussen beleid en uitvoering.",
	"De nieuwe werkwijze voor {T} gaat in {Y} regionaal van start.",
	"Een externe blik hielp om vastgeroeste patronen te doorbreken.",
	"De aanpak is inmiddels overgenomen door {M2}.",
	"Wie belt met een vraag over {T}, krijgt nu binnen {K} werkdagen antwoord.",
	"Er is een duidelijke taakverdeling tussen {N} en {N}.",
	"In {DR} is vastgelegd wie waarvoor verantwoordelijk is.",
	"We hebben bewust gekozen voor korte lijnen.",
	"Het resultaat is een werkwijze die past bij de schaal van {M}.",
	"Ook na de oplevering bleven we betrokken als sparringpartner.",
	"De inzet op {T} kostte in {Y} ongeveer {EUR}.",
	"Zonder de inzet van {N} was dit niet gelukt.",
	"Door {T} en {S} in samenhang te bekijken, ontstond een completer beeld.",
}

// Regulation parts.
var (
	// chapters name the chapters of a regulation.
	chapters = []string{"Algemene bepalingen", "Toegang tot {T}", "Verstrekking van {T}", "Kwaliteit en toezicht",
		"Financiële bepalingen", "Bijzondere bepalingen", "Procedure", "Rechtsbescherming", "Slotbepalingen",
		"Uitvoering en evaluatie"}
	// articles name the articles of a regulation.
	articles = []string{"Begripsbepalingen", "Aanvraag", "Beslistermijn", "Onderzoek naar de hulpvraag",
		"Afwegingsfactoren", "Persoonsgebonden budget", "Eigen bijdrage", "Kwaliteitseisen", "Weigeringsgronden",
		"Terugvordering", "Klachtenregeling", "Evaluatie", "Hardheidsclausule", "Verslaglegging",
		"Toezicht op de naleving", "Overgangsrecht", "Intrekking", "Inwerkingtreding", "Citeertitel",
		"Toegang tot {T}", "Voorwaarden voor {T}", "Melding", "Gesprek", "Advies", "Medewerkingsplicht",
		"Herziening", "Nadere regels", "Vergoeding", "Samenwerking met {N}", "Meldplicht calamiteiten"}
	// clauses are the numbered members of an article.
	clauses = []string{
		"Het college kan een voorziening op het gebied van {T} verstrekken aan een inwoner die daarvoor in aanmerking komt.",
		"Een aanvraag in het kader van {T} wordt schriftelijk of digitaal ingediend bij het college.",
		"Het college beslist binnen {K} weken na ontvangst van de aanvraag.",
		"In afwijking van het eerste lid kan het college de termijn eenmaal met {K} weken verlengen.",
		"Het college stelt nadere regels over {T}.",
		"Bij de beoordeling betrekt het college in ieder geval de eigen mogelijkheden van de inwoner en de inzet van {N}.",
		"Het college draagt zorg voor een jaarlijkse evaluatie van {T}.",
		"De aanbieder meldt calamiteiten onverwijld bij de toezichthouder.",
		"Het college kan een besluit tot verstrekking herzien of intrekken als de ontvanger onjuiste gegevens heeft verstrekt.",
		"De hoogte van de vergoeding wordt jaarlijks door het college vastgesteld.",
		"Een persoonsgebonden budget wordt niet verstrekt als de inwoner niet in staat is de taken daarvan te vervullen.",
		"Het college wijst functionarissen aan die belast zijn met het toezicht op de naleving van deze verordening.",
		"De inwoner verstrekt het college alle gegevens die nodig zijn voor de beoordeling van {S}.",
		"Het college kan in bijzondere gevallen afwijken van deze verordening als toepassing leidt tot onbillijkheden van overwegende aard.",
		"Het onderzoek naar de hulpvraag op het gebied van {T} wordt binnen {K} weken na de melding afgerond.",
		"Het college stelt de inwoner in de gelegenheid een eigen plan in te dienen.",
		"Van het gesprek wordt een verslag gemaakt dat de inwoner ontvangt.",
		"Het college zorgt voor gratis cliëntondersteuning tijdens het hele traject.",
		"Deze verordening treedt in werking met ingang van de dag na die van bekendmaking.",
		"Het college kan {DR} periodiek aanpassen na overleg met {N}.",
		"Onder {DR} wordt in deze verordening verstaan: het geheel van afspraken over {T}.",
		"Een eigen bijdrage wordt niet gevraagd voor {S}.",
		"De kosten van {T} worden vergoed tot ten hoogste {EUR}.",
		"Het college legt de afspraken over {T} vast in een overeenkomst met de aanbieder.",
		"De raad wordt jaarlijks geïnformeerd over de uitvoering van {T}.",
	}
)

// Parts of the rare compounds: first parts with their linking letters, and
// heads. Together they make millions of words, most of which appear once in
// a large corpus, as the long tail of a real one does.
var (
	compoundFirst = []string{"jeugd", "zorg", "wijk", "werk", "uitvoerings", "welzijns", "inkomens", "gezins",
		"buurt", "schuld", "armoede", "kinder", "woon", "gemeente", "burger", "keten", "regio", "project",
		"programma", "proces", "informatie", "dossier", "contract", "inkoop", "tarief", "subsidie", "sport",
		"gezondheids", "preventie", "leefstijl", "verslavings", "opvang", "vervoers", "mantelzorg",
		"vrijwilligers", "ouderen", "jongeren", "werkgevers", "cliënt", "klant", "kwaliteits", "budget", "kosten",
		"beleids", "raads", "college", "bestuurs", "organisatie", "team", "personeels", "opleidings",
		"participatie", "integratie", "taal", "schuldhulp", "jeugdhulp", "toegangs", "monitor", "data",
		"sturings", "verantwoordings", "samenwerkings", "ontwikkel", "leer", "veranderings", "transformatie",
		"netwerk", "signalerings", "triage", "indicatie", "aanbieders", "dagbestedings", "begeleidings",
		"huishoud", "school", "onderwijs", "gebieds", "dorps", "stads", "ontmoetings", "cultuur", "kennis",
		"casus", "regie", "zorgpad", "hulpverlenings", "ondersteunings", "voorzieningen", "bekostigings",
		"prestatie", "resultaat", "risico", "veiligheids", "woning", "huisvestings", "meldings", "aanvraag",
		"bezwaar", "klachten", "inspraak", "advies", "huisartsen", "wijkverpleeg", "pleeg", "gezinshuis",
		"beschermings", "crisis", "nazorg", "uitstroom", "instroom", "doorstroom", "wacht", "zorgvraag",
		"maatwerk", "basis", "arbeids", "loon", "bijstands", "re-integratie", "statushouders", "inburgerings",
		"energie", "armoedeval", "minima", "toeslagen", "budgetcoach", "vroegsignalerings", "bewind",
		"kredietbank", "gemeenteraads", "dienstverlenings", "handhavings", "toezichts", "ketenregie"}
	// compoundHeadsDe, compoundHeadsHet and compoundHeadsMany are the heads
	// by the article they take: de, het, and plurals.
	compoundHeadsDe = []string{"aanpak", "agenda", "analyse", "notitie", "werkgroep", "coördinator", "adviseur",
		"consulent", "functie", "structuur", "cyclus", "opgave", "visie", "nota", "toets", "scan", "matrix", "kaart",
		"route", "wijzer", "gids", "regie", "sturing", "financiering", "verdeling", "planning", "capaciteit",
		"formatie", "ontwikkeling", "vernieuwing", "verbetering", "versterking", "beheersing", "ondersteuning",
		"begeleiding", "voorziening", "organisatie", "verlening", "registratie", "richtlijn", "werkwijze",
		"methodiek", "avond", "dag", "week", "ronde", "estafette", "werkplaats", "academie", "campagne", "pot",
		"prognose", "monitor", "tafel", "sessie", "bijeenkomst", "pilot", "evaluatie", "rapportage",
		"verantwoording", "regeling"}
	compoundHeadsHet = []string{"plan", "overleg", "team", "traject", "kader", "model", "budget", "contract",
		"dashboard", "voorstel", "loket", "systeem", "platform", "netwerk", "experiment", "onderzoek", "register",
		"protocol", "portaal", "profiel", "fonds", "lab", "spreekuur", "programma", "akkoord", "convenant",
		"handboek", "advies", "besluit", "beleid"}
	compoundHeadsMany = []string{"medewerkers", "afspraken", "aanbieders", "partners", "indicatoren", "doelen",
		"ambities", "principes", "instrumenten", "bouwstenen", "middelen", "tarieven", "kosten", "uitgaven",
		"scenario's", "keuzes", "risico's", "signalen", "meldingen", "gesprekken", "plannen", "dossiers",
		"trajecten", "teams", "gegevens", "cijfers"}
)
