package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/charmap"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTPS://WWW.Example.NL:443/Cases/", "https://www.example.nl/Cases/"},
		{"http://example.nl:80", "http://example.nl/"},
		{"http://example.nl:8080/a", "http://example.nl:8080/a"},
		{"https://example.nl/a#section", "https://example.nl/a"},
		{"https://example.nl/a/", "https://example.nl/a/"},
		{"https://example.nl/a", "https://example.nl/a"},
		{"https://example.nl//cases///weesp//", "https://example.nl/cases/weesp/"},
		{"https://example.nl/a/./b/../c", "https://example.nl/a/c"},
		{"https://example.nl/a/b/..", "https://example.nl/a/"},
		{"https://example.nl/?utm_source=x&b=2&a=1&fbclid=y&gclid=z&UTM_Medium=m&mtm_campaign=c", "https://example.nl/?a=1&b=2"},
		{"https://example.nl/?utm_source=x", "https://example.nl/"},
		{"https://example.nl/x?", "https://example.nl/x"},
		{"https://example.nl/x?b=2&a=2&a=1", "https://example.nl/x?a=1&a=2&b=2"},
		{"https://user:pw@example.nl/", "https://example.nl/"},
		{"https://example.nl./caf%c3%a9", "https://example.nl/caf%C3%A9"},
		{"https://example.nl/café", "https://example.nl/caf%C3%A9"},
		{"https://example.nl/a%2Fb", "https://example.nl/a%2Fb"},
		{"http://[::1]:80/", "http://[::1]/"},
	}
	for _, tt := range tests {
		got := NormalizeURL(mustURL(t, tt.in)).String()
		if got != tt.want {
			t.Errorf("NormalizeURL(%s) = %s, want %s", tt.in, got, tt.want)
		}
		if again := NormalizeURL(mustURL(t, got)).String(); again != got {
			t.Errorf("NormalizeURL is not idempotent on %s: %s", got, again)
		}
	}
	if NormalizeURL(nil) != nil {
		t.Error("NormalizeURL(nil) should be nil")
	}
	in := mustURL(t, "HTTPS://Example.nl/x#f")
	NormalizeURL(in)
	if in.Scheme != "https" || in.Host != "Example.nl" || in.Fragment != "f" {
		t.Errorf("NormalizeURL modified its argument: %v", in)
	}
}

func TestLinks(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "links.html"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := Extract(Input{URL: mustURL(t, "https://www.example.nl/cases/wijkteam-weesp/"), Body: body})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range page.Links {
		got = append(got, l.String())
	}
	want := []string{
		"https://www.example.nl/",
		"https://www.example.nl/cases/overzicht/?cat=jeugd&page=2",
		"https://www.example.nl/over-ons/",
		"https://www.example.nl/contact",
		"https://www.linkedin.com/company/example",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
}

func TestRobotsMeta(t *testing.T) {
	tests := []struct {
		meta              string
		noIndex, noFollow bool
	}{
		{`<meta name="robots" content="noindex, nofollow">`, true, true},
		{`<meta name="ROBOTS" content="NOINDEX">`, true, false},
		{`<meta name="robots" content="none">`, true, true},
		{`<meta name="robots" content="index, follow">`, false, false},
		{`<meta name="casus" content="noindex">`, true, false},
		{`<meta name="googlebot" content="noindex">`, false, false},
	}
	for _, tt := range tests {
		page, err := Extract(Input{URL: mustURL(t, "https://a.nl/"), Body: []byte("<html><head>" + tt.meta + "</head><body><p>x</p></body></html>")})
		if err != nil {
			t.Fatal(err)
		}
		if page.NoIndex != tt.noIndex || page.NoFollow != tt.noFollow {
			t.Errorf("%s: noindex %v nofollow %v, want %v %v", tt.meta, page.NoIndex, page.NoFollow, tt.noIndex, tt.noFollow)
		}
	}
}

func TestDecode(t *testing.T) {
	cp := func(s string) []byte {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const text = "geïnvesteerd in Fryslân – financiën"
	tests := []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"utf-8 undeclared", []byte("<p>" + text), ""},
		{"utf-8 declared", []byte("<p>" + text), "text/html; charset=utf-8"},
		{"utf-8 behind a wrong meta", []byte(`<meta charset="windows-1252"><p>` + text), ""},
		{"utf-8 behind a wrong header", []byte("<p>" + text), "text/html; charset=iso-8859-1"},
		{"utf-8 with BOM", append([]byte("\xEF\xBB\xBF<p>"), text...), ""},
		{"cp1252 meta", cp(`<meta charset="windows-1252"><p>` + text), ""},
		{"cp1252 http-equiv", cp(`<meta http-equiv="content-type" content="text/html; charset=iso-8859-1"><p>` + text), ""},
		{"cp1252 header", cp("<p>" + text), "text/html; charset=windows-1252"},
		{"cp1252 undeclared", cp("<p>" + text), ""},
		{"cp1252 declared utf-8", cp("<p>" + text), "text/html; charset=UTF-8"},
		{"cp1252 long head", cp("<p>" + strings.Repeat("a", 2000) + " " + text), ""},
	}
	for _, tt := range tests {
		got := decode(tt.body, tt.contentType)
		if !strings.Contains(got, text) {
			t.Errorf("%s: decoded %q, want it to contain %q", tt.name, got, text)
		}
	}
}

func TestFindDate(t *testing.T) {
	now := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct{ text, want string }{
		{"29/09/2016", "2016-09-29"},
		{"Gepubliceerd op 17 juni 2024", "2024-06-17"},
		{"maandag 3 mrt. 2021 | Nieuws", "2021-03-03"},
		{"Geplaatst op 1 sept 2019", "2019-09-01"},
		{"2024-06-17", "2024-06-17"},
		{"datum: 5-1-2010", "2010-01-05"},
		{"12.03.2023", "2023-03-12"},
		{"June 17, 2024", "2024-06-17"},
		{"17 JANUARI 2020", "2020-01-17"},
		{"Van 31/02/2020 tot 01/03/2020", "2020-03-01"},
		{"1 januari 1990", ""},
		{"1 januari 2027", ""},
		{"1 januari 2026", "2026-01-01"},
		{"13/13/2020", ""},
		{"in 2016 en 2017", ""},
		{"bel 06-12345678", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, _, ok := findDate(tt.text, now)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("findDate(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	values := []struct{ in, want string }{
		{"2019-05-14T00:30:00+02:00", "2019-05-14"},
		{"2019-05-14", "2019-05-14"},
		{" 2021-03-08T09:12:44Z", "2021-03-08"},
		{"14-05-2019", "2019-05-14"},
		{"gisteren", ""},
	}
	for _, tt := range values {
		d, ok := parseDateValue(tt.in, now)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("parseDateValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripSiteName(t *testing.T) {
	tests := []struct{ title, site, host, want string }{
		{"Inkoop jeugdhulp | Bureau Kompas", "", "www.x.nl", "Inkoop jeugdhulp"},
		{"Bureau Kompas | Inkoop jeugdhulp", "Bureau Kompas", "www.x.nl", "Inkoop jeugdhulp"},
		{"Sociale wijkteams in Hoogeveen – Kwartier Advies", "", "www.kwartieradvies.nl", "Sociale wijkteams in Hoogeveen"},
		{"Case: Gemeente Dalfsen – Begeleiden en faciliteren van de denktank | Rijnconsult", "", "www.rijnconsult.nl",
			"Case: Gemeente Dalfsen – Begeleiden en faciliteren van de denktank"},
		{"Case: Gemeente Dalfsen – Begeleiden en faciliteren van de denktank", "", "www.rijnconsult.nl",
			"Case: Gemeente Dalfsen – Begeleiden en faciliteren van de denktank"},
		{"Adviesbureau Van Dijk :: Project herindeling", "Adviesbureau Van Dijk", "www.x.nl", "Project herindeling"},
		{"Van Dijk :: Project herindeling", "", "www.vandijk-advies.nl", "Project herindeling"},
		// Nothing names the site: by convention it is the last part.
		{"Project herindeling :: Adviesbureau Van Dijk", "", "www.x.nl", "Project herindeling"},
		{"Wijkteams - Noord", "", "www.noord.nl", "Wijkteams"},
		{"Geen scheiding", "", "www.x.nl", "Geen scheiding"},
		{"Alleen | Site", "Alleen", "www.x.nl", "Site"},
	}
	for _, tt := range tests {
		if got := stripSiteName(tt.title, tt.site, tt.host); got != tt.want {
			t.Errorf("stripSiteName(%q, %q, %q) = %q, want %q", tt.title, tt.site, tt.host, got, tt.want)
		}
	}
}

func TestChromeWords(t *testing.T) {
	tests := []struct {
		value string
		hard  bool
		soft  bool
	}{
		{"widget-area", true, false},
		{"elementor-widget elementor-widget-text-editor", false, false},
		{"jp-relatedposts", true, false},
		{"shareButtons", false, true},
		{"sharepoint-link", false, false},
		{"has-sidebar", false, false},
		{"no-sidebar", false, false},
		{"sidebar-left", true, false},
		{"comments-area", true, false},
		{"entry-meta", false, true},
		{"metadata", false, false},
		{"tag-jeugd", false, false},
		{"post-tags", false, true},
		{"menukaart", false, false},
		{"meer-inzichten", true, false},
		{"cookie_notice", true, false},
	}
	for _, tt := range tests {
		words := splitWords(tt.value)
		var hard, soft bool
		for _, v := range strings.Fields(tt.value) {
			hard = hard || hasWord(splitWords(v), hardWords)
			soft = soft || hasWord(splitWords(v), softWords)
		}
		if hard != tt.hard || soft != tt.soft {
			t.Errorf("%q (words %q): hard %v soft %v, want %v %v", tt.value, words, hard, soft, tt.hard, tt.soft)
		}
	}
}

func TestExtractErrors(t *testing.T) {
	if _, err := Extract(Input{Body: []byte("<p>x")}); err == nil {
		t.Error("no URL: want an error")
	}
	if _, err := Extract(Input{URL: mustURL(t, "/relative"), Body: []byte("<p>x")}); err == nil {
		t.Error("relative URL: want an error")
	}
	if _, err := Extract(Input{URL: mustURL(t, "https://a.nl/"), Body: make([]byte, MaxInputBytes+1)}); err == nil {
		t.Error("oversized page: want an error")
	}
	page, err := Extract(Input{URL: mustURL(t, "https://a.nl/"), Body: nil})
	if err != nil || page.Body != "" || page.Title != "" {
		t.Errorf("empty page: %+v, %v", page, err)
	}
}

func TestDeepNesting(t *testing.T) {
	// Deeper than html.Parse accepts: the plain-text fallback reads it.
	deep := strings.Repeat("<div>", 5000) + "<h1>Diep</h1><p>Tekst onderin de boom.</p>" + strings.Repeat("</div>", 5000)
	page, err := Extract(Input{URL: mustURL(t, "https://a.nl/"), Body: []byte("<html><body><p>Bovenaan staat dit.</p>" + deep)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Bovenaan staat dit.", "Tekst onderin de boom."} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("body %q lacks %q", page.Body, want)
		}
	}
}

func TestCollapse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  a \t b\n", "a b"},
		{"x\u00a0\u00a0y", "x y"},
		{"zero\u200bwidth soft\u00adhyphen\ufeff", "zerowidth softhyphen"},
		{"bad\xffbyte", "bad\ufffdbyte"},
		{"Súdwest  Fryslân", "Súdwest Fryslân"},
		{"\u2003em\u3000space\u2028", "em space"},
	}
	for _, tt := range tests {
		if got := collapse(tt.in); got != tt.want {
			t.Errorf("collapse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestVisibleRunes(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"  \n\t\r\v\f", 0},
		{"a b\tc", 3},
		{"é\u00a0ü", 2},
		{"ab\u0085cd", 4},
		{"abc déf", 6},
	}
	for _, tt := range tests {
		if got := visibleRunes(tt.in); got != tt.want {
			t.Errorf("visibleRunes(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
