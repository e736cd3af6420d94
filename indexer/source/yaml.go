package source

import (
	"errors"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// scalar is one YAML value remembered with its line. Every field is read as
// text first so that all validation errors, not only YAML syntax errors, can
// point at a line.
type scalar struct {
	val  string
	line int
	set  bool
}

// UnmarshalYAML accepts any scalar (strings, numbers, null) and rejects lists
// and mappings.
func (s *scalar) UnmarshalYAML(n ast.Node) error {
	s.line = n.GetToken().Position.Line
	switch v := n.(type) {
	case *ast.NullNode:
		return nil
	case *ast.StringNode:
		s.val, s.set = v.Value, true
		return nil
	case *ast.LiteralNode:
		// A block scalar (| or >): its text, not its header.
		s.set = true
		if v.Value != nil {
			s.val = v.Value.Value
		}
		return nil
	case ast.ScalarNode:
		s.val, s.set = n.GetToken().Value, true
		return nil
	}
	return &Error{Line: s.line, Msg: "want a single value, not a " + strings.ToLower(n.Type().String())}
}

// list is a YAML sequence of scalars; a single scalar is read as a list of
// one, so `start_urls: https://a.nl/` means what it says.
type list []scalar

// UnmarshalYAML accepts a sequence of scalars, a single scalar or null.
func (l *list) UnmarshalYAML(n ast.Node) error {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		var s scalar
		if err := s.UnmarshalYAML(n); err != nil {
			return err
		}
		if s.set {
			*l = list{s}
		}
		return nil
	}
	out := make(list, len(seq.Values))
	for i, v := range seq.Values {
		if err := out[i].UnmarshalYAML(v); err != nil {
			return err
		}
	}
	*l = out
	return nil
}

type rawFile struct {
	Sources []rawSource `yaml:"sources"`
}

type rawSource struct {
	line      int
	ID        scalar       `yaml:"id"`
	Name      scalar       `yaml:"name"`
	StartURLs list         `yaml:"start_urls"`
	Sitemaps  list         `yaml:"sitemaps"`
	Allow     list         `yaml:"allow"`
	Follow    list         `yaml:"follow"`
	MaxPages  scalar       `yaml:"max_pages"`
	Delay     scalar       `yaml:"delay"`
	Parallel  scalar       `yaml:"parallel"`
	Selectors rawSelectors `yaml:"selectors"`
}

type rawSelectors struct {
	Title   scalar `yaml:"title"`
	Date    scalar `yaml:"date"`
	Body    scalar `yaml:"body"`
	Exclude list   `yaml:"exclude"`
	Tags    scalar `yaml:"tags"`
}

// UnmarshalYAML remembers where the source starts, for errors about fields
// that are missing and so have no line of their own.
func (r *rawSource) UnmarshalYAML(n ast.Node) error {
	type plain rawSource
	if err := yaml.NodeToValue(n, (*plain)(r), yaml.DisallowUnknownField()); err != nil {
		return err
	}
	r.line = n.GetToken().Position.Line
	return nil
}

// yamlError turns a go-yaml error (whose text spans several lines with a
// source excerpt) into a one-line *Error.
func yamlError(err error) error {
	var own *Error
	if errors.As(err, &own) {
		return own
	}
	var ye yaml.Error
	if errors.As(err, &ye) {
		e := &Error{Msg: ye.GetMessage()}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line = tk.Position.Line
		}
		return e
	}
	return &Error{Msg: err.Error()}
}
