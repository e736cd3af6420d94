package indexer

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSitemap(t *testing.T) {
	tests := []struct {
		name      string
		xml       string
		max       int
		wantLocs  []string
		wantIndex bool
		wantErr   string
	}{
		{name: "urlset", max: 10, xml: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://A.nl/cases/een/#x</loc></url><url><loc>
  https://a.nl/cases/twee/?utm_source=s </loc></url><url><loc>/relatief/</loc></url><url><loc>ftp://a.nl/x</loc></url></urlset>`,
			wantLocs: []string{"https://a.nl/cases/een/", "https://a.nl/cases/twee/"}},
		{name: "index", max: 10, xml: `<sitemapindex><sitemap><loc>https://a.nl/s1.xml</loc></sitemap></sitemapindex>`,
			wantLocs: []string{"https://a.nl/s1.xml"}, wantIndex: true},
		{name: "latin-1", max: 10, xml: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://a.nl/fryslân</loc></url></urlset>",
			wantLocs: []string{"https://a.nl/frysl%C3%A2n"}},
		{name: "bounded", max: 2, xml: `<urlset><url><loc>https://a.nl/1</loc></url><url><loc>https://a.nl/2</loc></url><url><loc>https://a.nl/3</loc></url></urlset>`,
			wantLocs: []string{"https://a.nl/1", "https://a.nl/2"}},
		{name: "html page", max: 10, xml: `<html><body>Niet gevonden</body></html>`, wantErr: "neither"},
		{name: "empty", max: 10, xml: ``, wantErr: "no XML root"},
		{name: "broken", max: 10, xml: `<urlset><url><loc>https://a.nl/1</loc></url><url><loc>`, wantErr: "xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.xml)
			if tt.name == "latin-1" {
				data = bytes.ReplaceAll(data, []byte("â"), []byte{0xe2})
			}
			locs, index, err := parseSitemap(data, tt.max)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range locs {
				got = append(got, l.String())
			}
			if diff := cmp.Diff(tt.wantLocs, got); diff != "" || index != tt.wantIndex {
				t.Errorf("index %v (want %v); locs (-want +got):\n%s", index, tt.wantIndex, diff)
			}
		})
	}
}

func TestGunzip(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("<urlset/>"))
	zw.Close()
	if out, err := gunzip(b.Bytes()); err != nil || string(out) != "<urlset/>" {
		t.Errorf("gunzip = %q, %v", out, err)
	}
	if _, err := gunzip([]byte{0x1f, 0x8b, 0, 0}); err == nil {
		t.Error("a broken gzip stream should fail")
	}
}
