package search

import (
	"context"
	"testing"

	"github.com/casus-nl/casus"
)

// TestSimilarPrefersPeersInSize: of two cases equally close in words and
// themes, the one about a municipality of the same population class comes
// first.
func TestSimilarPrefersPeersInSize(t *testing.T) {
	ix, err := NewMemory(Options{Municipalities: fakeMunicipalities{}})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	body := "Een nieuwe aanpak voor mantelzorgers met respijtzorg en dagbesteding in de dorpen."
	docs := []casus.Document{
		{ID: "dalfsen", Title: "Respijtzorg", Body: body, Municipalities: []casus.MunicipalityRef{{Code: "GM0148"}}},
		{ID: "amsterdam", Title: "Respijtzorg", Body: body, Municipalities: []casus.MunicipalityRef{{Code: "GM0363"}}},
		{ID: "zwolle", Title: "Respijtzorg", Body: body, Municipalities: []casus.MunicipalityRef{{Code: "GM0193"}}},
		{ID: "other", Title: "Iets anders", Body: "Over wegen en bruggen en een dorp."},
	}
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	hits, err := ix.Similar(context.Background(), "dalfsen", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 2 || hits[0].ID != "zwolle" || hits[1].ID != "amsterdam" {
		ids := []string{}
		for _, h := range hits {
			ids = append(ids, h.ID)
		}
		t.Errorf("similar to dalfsen = %v; want zwolle (same size class) before amsterdam", ids)
	}
}
