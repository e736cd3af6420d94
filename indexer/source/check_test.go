package source

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/casus-nl/casus"
)

// maxCheckAlloc bounds the bytes Parse may allocate to reject a deeply
// nested file: the checks before YAML allocate only a stack of at most
// MaxNesting indentations (go-yaml took 190 MB for 20 KB of "[").
const maxCheckAlloc = 64 << 10

// deep opens more flow levels than MaxNesting allows.
var deep = strings.Repeat("[", MaxNesting+4)

func TestParseFileChecks(t *testing.T) {
	const (
		utf16   = "sources file is UTF-16; save it as UTF-8"
		tooDeep = "lists and mappings nest more than 16 levels deep"
	)
	tests := []struct {
		file     string
		wantLine int
		wantMsg  string
	}{
		{"encoding/latin1.yaml", 3, "byte 0xE2 in column 32 is not UTF-8 (is the file Latin-1 or Windows-1252?); save it as UTF-8"},
		{"encoding/utf16le-bom.yaml", 0, utf16},
		{"encoding/utf16be-bom.yaml", 0, utf16},
		{"encoding/utf16le-nobom.yaml", 0, utf16},
		{"encoding/utf16be-nobom.yaml", 0, utf16},
		{"nesting/flow.yaml", 5, tooDeep},
		{"nesting/flow-lines.yaml", 18, tooDeep},
		{"nesting/dashes.yaml", 6, tooDeep},
		{"nesting/indentation.yaml", 19, tooDeep},
		{"nesting/hidden.yaml", 23, tooDeep},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(data)
			var pe *Error
			if !errors.As(err, &pe) || !errors.Is(err, casus.ErrInvalid) {
				t.Fatalf("Parse error = %v (%T), want an *Error that is casus.ErrInvalid", err, err)
			}
			if pe.Line != tt.wantLine || pe.Msg != tt.wantMsg {
				t.Errorf("got line %d msg %q; want line %d msg %q", pe.Line, pe.Msg, tt.wantLine, tt.wantMsg)
			}
		})
	}
}

func TestParseAcceptsLookalikes(t *testing.T) {
	const bom = "\uFEFF"
	tests := []struct {
		file  string
		names map[string]string
	}{
		{"encoding/utf8-bom.yaml", map[string]string{"bureau-zuid": "Bureau Zuidwest Fryslân"}},
		{"lookalikes.yaml", map[string]string{
			"double-quoted":   `Bureau [[[[[[[[[[[[[[[[[[[[ "Noord" # geen commentaar`,
			"single-quoted":   `It's {{{{{{{{{{{{{{{{{{{{ "Noord"`,
			"quoted-lines":    "Bureau [[[[[[[[[[ [[[[[[[[[[ Noord",
			"plain":           "Bureau [[[[[[[[[[[[[[[[[[[[ - 's-Hertogenbosch#1",
			"plain-lines":     "Bureau [[[[[[[[[[[[[[[[[[[[ 'Noord",
			"block-scalar":    "Bureau [[[[[[[[[[ - 'Noord ? {{{{{{{{{{",
			"byte-order-mark": bom + "Bureau " + bom + "[[[[[[[[[[[[[[[[[[[[ ï»¿Noord " + bom,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			srcs, err := Load(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if len(srcs) != len(tt.names) {
				t.Errorf("got %d sources, want %d", len(srcs), len(tt.names))
			}
			for _, s := range srcs {
				if want := tt.names[s.ID]; s.Name != want {
					t.Errorf("source %s: name %q, want %q", s.ID, s.Name, want)
				}
			}
		})
	}
}

// TestCheckNesting checks that the nesting check is not misled: nesting
// after what looks like a scalar or comment still counts (wantLine is the
// line it is caught on), and brackets inside scalars and comments do not
// (wantLine 0).
func TestCheckNesting(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		wantLine int
	}{
		{"flow", "a: " + deep, 1},
		{"tag", "a: !!seq " + deep, 1},
		{"anchor", "a: &x " + deep, 1},
		{"document start", "--- " + deep, 1},
		{"json key", `"a":` + deep, 1},
		{"explicit key", "? " + deep, 1},
		{"flow lines", "a: [\n" + deep, 2},
		{"indentless sequences", indentless(MaxNesting + 1), MaxNesting + 1},
		{"after block scalar", "a:\n  b: |\n    [[[[\n  c: " + deep, 4},
		{"after block scalar of an entry", "a:\n  - b: |\n      x\n    c: " + deep, 4},
		{"after quoted lines", "a: \"x\n  y\"\nb: " + deep, 3},
		{"after escaped quote", "a: \"x\\\" y\"\nb: " + deep, 2},
		{"after doubled quote", "a: 'it''s'\nb: " + deep, 2},
		{"after quote in plain text", "a: x - 'y\nb: " + deep, 2},
		{"after plain value", "a:\n  - id: x\n    b: " + deep, 3},
		{"after plain lines", "a: x\n  y\nb: " + deep, 3},
		{"after quote in comment", "# it's\na: " + deep, 2},
		{"after quoted key in flow lines", "a: [\"x\n y\" , b\n]\nc: " + deep, 4},
		{"in plain value", "a: x" + deep, 0},
		{"in plain lines", "a: x\n  " + deep, 0},
		{"in block scalar", "a: |\n  " + deep + "\nb: c", 0},
		{"in quoted lines", "a: 'x\n  " + deep + "'", 0},
		{"in escaped quotes", `a: "\"` + deep + `"`, 0},
		{"in comment", "a: x # " + deep + "\n# " + deep, 0},
		{"in flow comment", "a: [x, # " + deep + "\n  y]", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkNesting([]byte(tt.text))
			var pe *Error
			switch {
			case tt.wantLine == 0 && err != nil:
				t.Errorf("checkNesting = %v, want nil", err)
			case tt.wantLine > 0 && !errors.As(err, &pe):
				t.Errorf("checkNesting = %v, want an error on line %d", err, tt.wantLine)
			case tt.wantLine > 0 && pe.Line != tt.wantLine:
				t.Errorf("checkNesting error on line %d, want line %d", pe.Line, tt.wantLine)
			}
		})
	}
}

func TestParseNestedFailsFast(t *testing.T) {
	const nested20KB = 20 << 10
	tests := []struct {
		name string
		size int
	}{
		{"20 KB", nested20KB},
		{"largest file", MaxFileBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte("sources: " + strings.Repeat("[", tt.size-len("sources: ")))
			var err error
			alloc := allocated(func() { _, err = Parse(data) })
			if err == nil || !strings.Contains(err.Error(), "nest more than") {
				t.Fatalf("Parse error = %v, want too deep", err)
			}
			if alloc > maxCheckAlloc {
				t.Errorf("Parse allocated %d bytes to reject %d bytes of nesting, want at most %d", alloc, tt.size, maxCheckAlloc)
			}
		})
	}
}

// indentless returns lines that nest two levels each, a sequence written
// at the indentation of its key: "a:\n- a:\n  - a:\n".
func indentless(lines int) string {
	var b strings.Builder
	b.WriteString("a:\n")
	for i := range lines {
		b.WriteString(strings.Repeat("  ", i) + "- a:\n")
	}
	return b.String()
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
