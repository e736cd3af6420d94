package indexer

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"

	"github.com/casus-nl/casus/indexer/extract"
	"github.com/casus-nl/casus/indexer/fetch"
)

// Sitemap bounds per source. The sitemap protocol allows 50,000 URLs and
// 50 MB per file, and a sitemap index of 50,000 files; casus takes as many
// page URLs as the source's max_pages and reads at most MaxSitemapFiles
// files. What a bound leaves out is counted as skipped, never dropped in
// silence.
const (
	// MaxSitemapURLsPerFile bounds the URLs taken from one sitemap file,
	// as the protocol does.
	MaxSitemapURLsPerFile = 50_000
	// MaxSitemapFiles bounds the sitemap files read for a source, indexes
	// included: 1,000 files of 1,000 URLs each cover the largest source.
	MaxSitemapFiles = 1000
	// MaxSitemapBytes bounds one sitemap after gzip decompression.
	MaxSitemapBytes = 50 << 20
	// maxSitemapNesting bounds sitemap indexes listing sitemap indexes (the
	// protocol forbids it, some sites do it anyway).
	maxSitemapNesting = 2
)

var errSitemapTooLarge = errors.New("sitemap too large")

// sitemapURLs reads the source's sitemaps, following sitemap indexes, and
// returns the page URLs in scope, normalised. Failures are counted and
// leave out that file.
func (r *run) sitemapURLs(ctx context.Context, st *sourceState) []*url.URL {
	type file struct {
		u     *url.URL
		level int
	}
	var queue []file
	for _, u := range st.src.Sitemaps {
		queue = append(queue, file{extract.NormalizeURL(u), 0})
	}
	var out []*url.URL
	seen := map[string]bool{}
	files := 0
	for ; len(queue) > 0 && files < MaxSitemapFiles && ctx.Err() == nil; files++ {
		f := queue[0]
		queue = queue[1:]
		if seen[f.u.String()] || !st.inScope(f.u) {
			continue
		}
		seen[f.u.String()] = true
		locs, index, err := r.readSitemap(ctx, st, f.u)
		if err != nil {
			if to := r.sitemapFailed(ctx, st, f.u, err); to != nil {
				queue = append(queue, file{to, f.level})
			}
			continue
		}
		for _, loc := range locs {
			switch {
			case index && f.level < maxSitemapNesting:
				queue = append(queue, file{loc, f.level + 1})
			case index:
				r.tally.skipped(st.src.ID, loc.String(), ReasonSitemapLimit)
			case len(out) < st.src.MaxPages:
				out = append(out, loc)
			default:
				// The crawl would stop at max_pages before reaching it.
				r.tally.skipped(st.src.ID, loc.String(), ReasonMaxPages)
			}
		}
	}
	if ctx.Err() == nil {
		for _, f := range queue {
			r.tally.skipped(st.src.ID, f.u.String(), ReasonSitemapLimit)
		}
	}
	return out
}

// sitemapFailed counts a sitemap that could not be read. A redirect to
// another host of the source gives the sitemap to read instead; one to any
// other host, like a refused request, is skipped.
func (r *run) sitemapFailed(ctx context.Context, st *sourceState, u *url.URL, err error) *url.URL {
	id, raw := st.src.ID, u.String()
	var redirect *fetch.RedirectError
	switch {
	case ctx.Err() != nil:
		// The crawl is ending; the sitemap was not judged.
	case errors.As(err, &redirect) && st.inScope(redirect.To):
		return extract.NormalizeURL(redirect.To)
	case errors.As(err, &redirect):
		r.tally.skipped(id, raw, ReasonOffScope)
	case refusal(err) != "":
		r.tally.skipped(id, raw, refusal(err))
	default:
		r.tally.failed(id, raw, "sitemap", err)
	}
	return nil
}

// readSitemap fetches and parses one sitemap file; index reports a
// <sitemapindex>, whose locs are sitemaps.
func (r *run) readSitemap(ctx context.Context, st *sourceState, u *url.URL) (locs []*url.URL, index bool, err error) {
	resp, err := r.get(ctx, st, u)
	if err != nil {
		return nil, false, err
	}
	data := resp.Body
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		if data, err = gunzip(data); err != nil {
			return nil, false, fmt.Errorf("sitemap %s: %w", u, err)
		}
	}
	locs, index, more, err := parseSitemap(data, MaxSitemapURLsPerFile)
	if err != nil {
		return nil, false, fmt.Errorf("sitemap %s: %w", u, err)
	}
	if more > 0 {
		r.tally.skippedMany(st.src.ID, u.String(), ReasonSitemapLimit, more)
	}
	return locs, index, nil
}

func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, MaxSitemapBytes+1))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if len(out) > MaxSitemapBytes {
		return nil, errSitemapTooLarge
	}
	return out, nil
}

// parseSitemap reads the <loc>s of a <urlset> or <sitemapindex>, at most
// max of them, keeping only absolute http(s) URLs; more counts the ones
// beyond max. Namespaces are ignored: sites get them wrong often enough.
func parseSitemap(data []byte, max int) (locs []*url.URL, index bool, more int, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = false
	root := ""
	inLoc := false
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, 0, fmt.Errorf("xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = t.Name.Local
				if root != "urlset" && root != "sitemapindex" {
					return nil, false, 0, fmt.Errorf("root element <%s> is neither <urlset> nor <sitemapindex>", root)
				}
			}
			if t.Name.Local == "loc" {
				inLoc = true
				text.Reset()
			}
		case xml.CharData:
			if inLoc {
				text.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "loc" && inLoc {
				inLoc = false
				u, err := url.Parse(strings.TrimSpace(text.String()))
				switch {
				case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
				case len(locs) < max:
					locs = append(locs, extract.NormalizeURL(u))
				default:
					more++
				}
			}
		}
	}
	if root == "" {
		return nil, false, 0, errors.New("no XML root element")
	}
	return locs, root == "sitemapindex", more, nil
}
