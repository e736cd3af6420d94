package scale

import (
	"fmt"
	"strings"
)

// slot is a place in a template that the generator fills.
type slot uint8

// The slots, written {NAME} in templates.
const (
	slotNone slot = iota
	// slotM is the document's (first) municipality.
	slotM
	// slotM2 is another municipality: a partner in a regional case or one
	// named for comparison.
	slotM2
	// slotMS lists all the document's municipalities: "Tiel, Buren en Culemborg".
	slotMS
	// slotT is a phrase of the main theme; slotS of any of its themes.
	slotT
	slotS
	// slotD is a phrase of one of the document's domains.
	slotD
	// slotN is another party: "de ketenpartners".
	slotN
	slotA
	// slotR is a rare compound from the long tail; slotDR the same with
	// its definite article ("het jeugdplan"), slotER with "een" (none for
	// a plural), slotEAR with "een" and an adjective ("een nieuw jeugdplan").
	slotR
	slotDR
	slotER
	slotEAR
	slotC
	slotK
	slotY
	// slotP is the consultant's name, slotROL their role, slotSRC the
	// consultancy's name.
	slotP
	slotROL
	slotSRC
	slotPCT
	slotEUR
	slotGRADE
	// slotPOP is a population, "15.000".
	slotPOP
	// slotF is the number of the current phase or chapter.
	slotF
)

// slotNames maps the names in templates to slots.
var slotNames = map[string]slot{
	"M": slotM, "M2": slotM2, "MS": slotMS, "T": slotT, "S": slotS, "D": slotD, "N": slotN, "A": slotA,
	"R": slotR, "DR": slotDR, "ER": slotER, "EAR": slotEAR, "C": slotC, "K": slotK, "Y": slotY, "P": slotP, "ROL": slotROL, "SRC": slotSRC, "PCT": slotPCT, "EUR": slotEUR,
	"GRADE": slotGRADE, "POP": slotPOP, "F": slotF,
}

// needs is what a template requires of a document.
type needs uint8

const (
	needPlace needs = 1 << iota
	needPopulation
)

// covers reports whether a document that can fill n's slots can fill
// those of want.
func (n needs) covers(want needs) bool { return want&^n == 0 }

// segment is literal text followed by a slot (slotNone at the end).
type segment struct {
	lit  string
	slot slot
}

// tmpl is a parsed template.
type tmpl struct {
	segs  []segment
	needs needs
}

// parseTemplate splits s into literal text and slots.
func parseTemplate(s string) (tmpl, error) {
	var t tmpl
	rest := s
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			t.segs = append(t.segs, segment{lit: rest})
			return t, nil
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return tmpl{}, fmt.Errorf("scale: template %q: unclosed {", s)
		}
		name := rest[open+1 : open+end]
		sl, ok := slotNames[name]
		if !ok {
			return tmpl{}, fmt.Errorf("scale: template %q: unknown slot {%s}", s, name)
		}
		switch sl {
		case slotM, slotM2, slotMS:
			t.needs |= needPlace
		case slotPOP:
			t.needs |= needPopulation
		}
		t.segs = append(t.segs, segment{lit: rest[:open], slot: sl})
		rest = rest[open+end+1:]
	}
}
