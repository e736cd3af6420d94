package casus

import (
	"encoding/json"
	"testing"
)

func TestDateJSON(t *testing.T) {
	tests := []struct {
		in   Date
		json string
	}{
		{Date{}, `null`},
		{NewDate(2016, 9, 29), `"2016-09-29"`},
		{NewDate(2024, 2, 29), `"2024-02-29"`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.in)
		if err != nil || string(b) != tt.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tt.in, b, err, tt.json)
		}
		var back Date
		if err := json.Unmarshal(b, &back); err != nil || back != tt.in {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", b, back, err, tt.in)
		}
	}
}

func TestDateUnmarshalRejects(t *testing.T) {
	for _, in := range []string{`"29/09/2016"`, `"2016-13-01"`, `2016`, `"2016-02-30"`} {
		var d Date
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", in, d)
		}
	}
}

func TestDocumentJSONDateNull(t *testing.T) {
	b, err := json.Marshal(Document{ID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if v, ok := m["date"]; !ok || v != nil {
		t.Errorf("date = %v (present %v), want null", v, ok)
	}
	if _, ok := m["population_hint"]; ok {
		t.Errorf("population_hint present without a value: %s", b)
	}
}

func TestDocumentID(t *testing.T) {
	a := DocumentID("https://www.example.nl/cases/a/")
	if len(a) != 16 || a != DocumentID("https://www.example.nl/cases/a/") {
		t.Errorf("DocumentID not stable 16 hex digits: %q", a)
	}
	if a == DocumentID("https://www.example.nl/cases/b/") {
		t.Error("different URLs share an id")
	}
}
