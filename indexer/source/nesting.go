package source

import (
	"bytes"
	"fmt"
)

// noColumn is nesting.text when no scalar goes on past the line before.
const noColumn = -1

// checkNesting rejects a text whose lists and mappings nest deeper than
// MaxNesting before a YAML parser sees it: go-yaml spends memory quadratic
// in the depth. It reads the text line by line as YAML writes nesting:
// block levels by indentation and by entries ("- - x"), flow levels by
// brackets that open a value; quoted, plain and block scalars and comments
// are text, so brackets inside them do not count. It stops at the first
// line too deep and allocates only the stack of indentations.
func checkNesting(data []byte) error {
	s := nesting{text: noColumn}
	n := 0
	for line := range bytes.Lines(data) {
		n++
		if s.line(line) > MaxNesting {
			return &Error{Line: n, Msg: fmt.Sprintf("lists and mappings nest more than %d levels deep", MaxNesting)}
		}
	}
	return nil
}

// nesting is what checkNesting carries from one line to the next.
type nesting struct {
	// indents are the indentations of the open block levels, increasing.
	indents []int
	// flow counts the open flow collections ([ and {); flowBase is the
	// depth of the block level they are in.
	flow, flowBase int
	// quote is the quote character of a quoted scalar that goes on past
	// the end of a line, or 0.
	quote byte
	// start is whether the next character of a flow collection that goes
	// on past the end of a line begins a value.
	start bool
	// text is the column that lines of a block scalar, or of a plain
	// scalar that goes on, are indented past; noColumn when there is none.
	text int
}

// line reads one line and returns the deepest nesting in it, or a number
// above MaxNesting as soon as it gets there.
func (s *nesting) line(line []byte) int {
	line = bytes.TrimRight(line, "\r\n")
	if s.quote != 0 || s.flow > 0 {
		return s.continued(line)
	}
	content := bytes.TrimLeft(line, " \t")
	indent := len(line) - len(bytes.TrimLeft(line, " "))
	if len(content) == 0 || (s.text != noColumn && indent > s.text) {
		return 0
	}
	s.text = noColumn
	if content[0] == '#' {
		return 0
	}
	s.block(indent)
	s.start = true
	l := lineScan{nesting: s, line: line, i: indent, depth: len(s.indents), parent: indent, node: indent}
	return l.run()
}

// continued reads a line that goes on with a quoted scalar or a flow
// collection. Its columns say nothing about the value they belong to, so
// nothing begun in it makes the next lines text.
func (s *nesting) continued(line []byte) int {
	depth := s.flowBase
	if s.flow == 0 {
		depth = len(s.indents)
	}
	l := lineScan{nesting: s, line: line, depth: depth, parent: noColumn, node: noColumn}
	return l.run()
}

// block closes the block levels indented deeper than a line and opens one
// when the line is indented deeper than the innermost.
func (s *nesting) block(indent int) {
	for len(s.indents) > 0 && s.indents[len(s.indents)-1] > indent {
		s.indents = s.indents[:len(s.indents)-1]
	}
	if len(s.indents) == 0 || s.indents[len(s.indents)-1] < indent {
		s.indents = append(s.indents, indent)
	}
}

// lineScan reads one line.
type lineScan struct {
	*nesting
	line []byte
	// i is the index of the next byte to read.
	i int
	// depth counts the block levels open at i: those of the indentation
	// and the entries ("- ") before i.
	depth int
	// deepest is the deepest nesting seen so far.
	deepest int
	// parent is the column that lines going on with a scalar begun at i
	// must be indented past: that of its key or entry; noColumn when the
	// line cannot tell.
	parent int
	// node is the column where the last value began, or noColumn.
	node int
	// plain is whether i is inside a plain (unquoted) scalar.
	plain bool
}

// run reads the line and returns the deepest nesting in it. A plain scalar
// at its end may go on in the lines indented past its parent.
func (l *lineScan) run() int {
	l.deepest = l.depth + l.flow
	for l.i < len(l.line) && l.deepest <= MaxNesting {
		if l.step() {
			break
		}
	}
	if l.plain && l.flow == 0 && l.quote == 0 && l.parent != noColumn {
		l.text = l.parent
	}
	return l.deepest
}

// step reads what begins at i and reports whether the rest of the line is
// a comment or the header of a block scalar.
func (l *lineScan) step() (rest bool) {
	c := l.line[l.i]
	switch {
	case l.quote != 0:
		l.inQuote()
	case c == ' ' || c == '\t':
		l.i++
	case c == '#' && (l.i == 0 || l.line[l.i-1] == ' ' || l.line[l.i-1] == '\t'):
		l.plain = false
		return true
	case l.flow > 0 && isFlowIndicator(c):
		l.flowIndicator(c)
	case l.start:
		return l.value(c)
	case c == ':' && (!l.plain || l.endsIndicator(l.i+1)):
		l.start, l.plain, l.parent = true, false, l.node
		l.i++
	default:
		l.i++
	}
	return false
}

// value reads the character c that begins a value, and reports whether
// it is the header of a block scalar, which makes the rest of the line and
// the lines indented past the parent text.
func (l *lineScan) value(c byte) (blockScalar bool) {
	switch {
	case c == '\'' || c == '"':
		l.quote, l.start, l.node = c, false, l.i
		l.i++
	case c == '[' || c == '{':
		l.flowIndicator(c)
	case l.flow == 0 && (c == '-' || c == '?') && l.endsIndicator(l.i+1):
		l.depth++
		l.deepest = max(l.deepest, l.depth)
		l.parent = l.i
		l.i++
	case c == ':' && l.endsIndicator(l.i+1):
		l.i++
	case l.flow == 0 && l.i == 0 && bytes.HasPrefix(l.line, []byte("---")) && l.endsIndicator(len("---")):
		l.i += len("---")
	case c == '!' || c == '&':
		l.skipProperty()
	case l.flow == 0 && (c == '|' || c == '>'):
		l.text, l.start = l.parent, false
		return true
	default:
		l.plain, l.start, l.node = true, false, l.i
		l.i++
	}
	return false
}

// flowIndicator reads a bracket or comma: in a flow collection it is never
// text, and outside one only a bracket that begins a value gets here.
func (l *lineScan) flowIndicator(c byte) {
	l.plain = false
	switch c {
	case '[', '{':
		if l.flow == 0 {
			l.flowBase, l.node = l.depth, l.i
		}
		l.flow++
		l.deepest = max(l.deepest, l.flowBase+l.flow)
		l.start = true
	case ']', '}':
		l.flow--
		l.start = false
	case ',':
		l.start = true
	}
	l.i++
}

// inQuote reads the character at i inside a quoted scalar, closing the
// quote when it ends there; an escape takes two characters.
func (l *lineScan) inQuote() {
	c := l.line[l.i]
	switch {
	case l.quote == '"' && c == '\\':
		l.i++
	case l.quote == '\'' && c == '\'' && l.i+1 < len(l.line) && l.line[l.i+1] == '\'':
		l.i++
	case c == l.quote:
		l.quote = 0
	}
	l.i++
}

// skipProperty skips a tag (!x) or an anchor (&x) before a value.
func (l *lineScan) skipProperty() {
	for l.i < len(l.line) && !l.endsIndicator(l.i) {
		l.i++
	}
}

// endsIndicator reports whether an indicator ends before j: at the end of
// the line, before a space or, in a flow collection, before a flow
// indicator.
func (l *lineScan) endsIndicator(j int) bool {
	if j >= len(l.line) {
		return true
	}
	c := l.line[j]
	return c == ' ' || c == '\t' || (l.flow > 0 && isFlowIndicator(c))
}

// isFlowIndicator reports whether c opens, closes or separates the
// entries of a flow collection.
func isFlowIndicator(c byte) bool {
	return c == '[' || c == ']' || c == '{' || c == '}' || c == ','
}
