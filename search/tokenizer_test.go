package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/google/go-cmp/cmp"
)

// tokenizeCases are texts whose words the direct path must split exactly as
// bleve's unicode tokenizer does; some of them leave the direct path.
var tokenizeCases = []string{
	"",
	"jeugdzorg",
	"  Jeugdzorg  in  Utrecht. ",
	"auto's en foto’s, 's-Hertogenbosch",
	"1.250.000,50 euro; 3,5 fte; 2019/2020",
	"a:b 1:2 a·b 1;2 a;b 1,2 a,b .5 5. a..b 1..2 a'b 1'2 a’1 1’a",
	"snake_case __ _x_ 3_4 _ a_ _1",
	"Geïnterviewd: één cliënt, coördinatie, Súdwest-Fryslân",
	"a\u00adb soft hyphen leaves the direct path",
	"日本語 and Ελληνικά leave the direct path",
	"invalid \xff utf-8",
	"tab\tnewline\ncarriage\r\nreturn",
	"m² ½ 3×4 5÷2 20°C «quote» – — … €5",
	"•item§2 ©casus ®a ™b a•b 1•2 a§b 1©2",
}

func TestWordTokenizerMatchesUnicode(t *testing.T) {
	texts := append([]string{}, tokenizeCases...)
	files, err := filepath.Glob(filepath.Join("testdata", "tokenize", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no tokenize fixtures: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	for _, text := range texts {
		got, want := tokenizeBoth(t, []byte(text))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("tokens of %q differ (-unicode +ours):\n%s", text, diff)
		}
	}
}

// TestWordTokenizerDirectPath checks that Dutch prose takes the direct path,
// so the speed is not lost to a stray character class.
func TestWordTokenizerDirectPath(t *testing.T) {
	for _, text := range []string{
		"Geïnterviewd: één cliënt, ‘Samen’ – “Sterk” … € 5,- 's-Hertogenbosch",
		"De gemeente kocht jeugdhulp in (2015–2018).\n\nResultaat: 12% minder.",
	} {
		if !direct([]byte(text)) {
			t.Errorf("%q leaves the direct path", text)
		}
	}
	if direct([]byte("a\u00adb")) {
		t.Error("a soft hyphen stays on the direct path; UAX #29 ignores it inside a word")
	}
}

func FuzzWordTokenizer(f *testing.F) {
	for _, c := range tokenizeCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, want := tokenizeBoth(t, []byte(text))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("tokens of %q differ (-unicode +ours):\n%s", text, diff)
		}
	})
}

// tokenizeBoth returns the tokens of text from wordTokenizer and from
// bleve's unicode tokenizer, as values.
func tokenizeBoth(t *testing.T, text []byte) (ours, theirs []analysis.Token) {
	t.Helper()
	tok, err := newWordTokenizer(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return values(tok.Tokenize(text)), values(unicode.NewUnicodeTokenizer().Tokenize(text))
}

func values(ts analysis.TokenStream) []analysis.Token {
	out := make([]analysis.Token, len(ts))
	for i, t := range ts {
		out[i] = *t
	}
	return out
}

// TestWordTokenizerBuffer checks that tokenizing into a buffer used again
// gives the tokens Tokenize gives, and that a text that might hold more
// than maxBufferTokens words leaves the buffer alone.
func TestWordTokenizerBuffer(t *testing.T) {
	tok := wordTokenizer{general: unicode.NewUnicodeTokenizer()}
	long := strings.Repeat("jeugdzorg ", maxBufferTokens/4)
	texts := append([]string{long}, tokenizeCases...)
	texts = append(texts, "kort", long[:1000])
	buf := &tokenBuffer{}
	for _, text := range texts {
		got := values(tok.tokenizeInto([]byte(text), buf))
		want := values(tok.Tokenize([]byte(text)))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("tokens of %.40q differ (-Tokenize +buffered):\n%s", text, diff)
		}
		if len(text)/2+1 > maxBufferTokens && cap(buf.tokens) != 0 {
			t.Errorf("a text of %d bytes took a buffer of %d tokens", len(text), cap(buf.tokens))
		}
	}
	if cap(buf.tokens) == 0 {
		t.Error("no text was tokenized into the buffer")
	}
}
