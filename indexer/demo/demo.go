// Package demo holds the bundled demo corpus: fictional consultancy websites
// kept as files, served from loopback ports so that `casus demo` and the
// end-to-end tests can crawl them with the real crawler.
package demo

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
)

// files holds every site under sites/<id>/ and the sources template.
//
//go:embed sites sources.yaml.tmpl
var files embed.FS

// basePlaceholder is replaced by a site's base URL in every served text file,
// so sitemaps and canonical links point at wherever the site runs.
const basePlaceholder = "{{BASE}}"

// Site is one demo website.
type Site struct {
	// ID is the site's folder name and its source id.
	ID   string
	fsys fs.FS
}

// Sites lists the bundled sites, sorted by id.
func Sites() ([]Site, error) {
	entries, err := fs.ReadDir(files, "sites")
	if err != nil {
		return nil, fmt.Errorf("demo: list sites: %w", err)
	}
	var sites []Site
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub, err := fs.Sub(files, "sites/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("demo: site %s: %w", e.Name(), err)
		}
		sites = append(sites, Site{ID: e.Name(), fsys: sub})
	}
	sort.Slice(sites, func(i, j int) bool { return sites[i].ID < sites[j].ID })
	return sites, nil
}

// NewSite returns a site served from fsys under the source id, with the
// demo's placeholder and content types: for test sites kept as files
// elsewhere (testdata), crawled like the demo's own.
func NewSite(id string, fsys fs.FS) Site { return Site{ID: id, fsys: fsys} }

// ReadFile returns a file of the site as stored (placeholders not replaced).
func (s Site) ReadFile(name string) ([]byte, error) {
	return fs.ReadFile(s.fsys, strings.TrimPrefix(name, "/"))
}

// Handler serves the site with base (scheme://host:port, no trailing slash)
// substituted for the placeholder. A path ending in "/" serves that folder's
// index.html; a folder without the slash redirects to it, as real servers do.
func (s Site) Handler(base string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if strings.HasSuffix(r.URL.Path, "/") {
			name = path.Join(name, "index.html")
		}
		if name == "" {
			name = "index.html"
		}
		info, err := fs.Stat(s.fsys, name)
		switch {
		case err != nil:
			http.NotFound(w, r)
			return
		case info.IsDir():
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		body, err := fs.ReadFile(s.fsys, name)
		if err != nil {
			http.Error(w, "cannot read file", http.StatusInternalServerError)
			return
		}
		ctype, text := contentType(name)
		if text {
			body = bytes.ReplaceAll(body, []byte(basePlaceholder), []byte(base))
		}
		w.Header().Set("Content-Type", ctype)
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}

// contentType maps a file name to its Content-Type and whether it is text
// that may carry placeholders. HTML gets no charset parameter on purpose: the
// page's own <meta> declaration decides, as on many real old sites.
func contentType(name string) (ctype string, text bool) {
	switch path.Ext(name) {
	case ".html", ".htm":
		return "text/html", true
	case ".xml":
		return "application/xml", true
	case ".txt":
		return "text/plain; charset=utf-8", true
	case ".pdf":
		return "application/pdf", false
	case ".gz":
		return "application/gzip", false
	case ".png":
		return "image/png", false
	case ".jpg", ".jpeg":
		return "image/jpeg", false
	default:
		return "application/octet-stream", false
	}
}

// SourcesYAML renders the sources file of the demo: the template's
// {{BASE:<id>}} placeholders are replaced by bases[id]. Every site must have a
// base.
func SourcesYAML(bases map[string]string) ([]byte, error) {
	tmpl, err := fs.ReadFile(files, "sources.yaml.tmpl")
	if err != nil {
		return nil, fmt.Errorf("demo: read sources template: %w", err)
	}
	sites, err := Sites()
	if err != nil {
		return nil, err
	}
	out := tmpl
	for _, s := range sites {
		base, ok := bases[s.ID]
		if !ok {
			return nil, fmt.Errorf("demo: no base URL for site %q", s.ID)
		}
		out = bytes.ReplaceAll(out, []byte("{{BASE:"+s.ID+"}}"), []byte(base))
	}
	if i := bytes.Index(out, []byte("{{BASE")); i >= 0 {
		return nil, fmt.Errorf("demo: sources template has a placeholder for an unknown site at byte %d", i)
	}
	return out, nil
}
