package indexer

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/indexer/extract"
	"github.com/casus-nl/casus/indexer/fetch"
	"github.com/casus-nl/casus/indexer/source"
)

// get fetches u for a source: robots.txt first (a disallowed URL costs no
// request and no politeness delay), then the request through the host's gate.
func (r *run) get(ctx context.Context, st *sourceState, u *url.URL) (fetch.Response, error) {
	var ok bool
	var err error
	if serr := r.polite.slot(ctx, func() { ok, err = st.fetcher.Allowed(ctx, u) }); serr != nil {
		return fetch.Response{}, serr
	}
	switch {
	case err != nil:
		return fetch.Response{}, err
	case !ok:
		st.reached.Store(true)
		return fetch.Response{}, fmt.Errorf("fetch %s: %w", u, fetch.ErrDisallowed)
	}
	var resp fetch.Response
	if gerr := r.polite.do(ctx, source.HostKey(u), st.src.Parallel, st.src.Delay, func() { resp, err = st.fetcher.Get(ctx, u) }); gerr != nil {
		return fetch.Response{}, gerr
	}
	if resp.Status != 0 {
		st.reached.Store(true)
	}
	return resp, err
}

// visit fetches one page, indexes it when it is a case, and returns the
// links to follow.
func (r *run) visit(ctx context.Context, st *sourceState, t task) outcome {
	src := st.src
	id, raw := src.ID, t.u.String()
	resp, err := r.get(ctx, st, t.u)
	if err != nil {
		return r.fetchFailed(ctx, st, t, err)
	}
	r.tally.fetched(id, raw)
	if !isHTML(resp.ContentType, resp.Body) {
		r.tally.skipped(id, raw, ReasonNotHTML)
		return outcome{}
	}
	page, err := extract.Extract(extract.Input{URL: resp.URL, ContentType: resp.ContentType, Body: resp.Body, Selectors: src.Selectors})
	if err != nil {
		r.tally.failed(id, raw, "extract", err)
		return outcome{}
	}
	final := extract.NormalizeURL(resp.URL)
	out := outcome{depth: t.depth, fetched: []*url.URL{final}}
	if canon, err := url.Parse(page.CanonicalURL); err == nil {
		out.fetched = append(out.fetched, canon)
	}
	if (t.start || src.Follows(final)) && !page.NoFollow {
		out.links = page.Links
	}
	if !src.Allows(final) {
		return out
	}
	switch {
	case page.NoIndex:
		r.tally.skipped(id, raw, ReasonNoIndex)
	case page.Body == "":
		r.tally.skipped(id, raw, ReasonEmpty)
	case !st.claim(page.CanonicalURL):
		r.tally.skipped(id, raw, ReasonDuplicate)
	default:
		r.store(ctx, st, raw, resp, r.document(src, page))
	}
	return out
}

// store queues doc for writing unless the stored copy has the same content.
func (r *run) store(ctx context.Context, st *sourceState, raw string, resp fetch.Response, doc casus.Document) {
	if r.opts.OnDocument != nil {
		if err := r.opts.OnDocument(doc); err != nil {
			r.batch.abort(err)
			r.tally.failed(st.src.ID, raw, "output", err)
			return
		}
	}
	rec := Record{Doc: doc, State: PageState{
		URL: doc.URL, ETag: resp.ETag, LastModified: resp.LastModified, ContentHash: ContentHash(doc),
	}}
	old, known := st.prior.byID[doc.ID]
	if known && old.ContentHash == rec.State.ContentHash {
		r.tally.unchanged(st.src.ID, raw)
		return
	}
	r.batch.add(ctx, rec, known)
}

// fetchFailed counts a failed fetch and turns an in-scope cross-host
// redirect (example.nl to www.example.nl) into a new task.
func (r *run) fetchFailed(ctx context.Context, st *sourceState, t task, err error) outcome {
	id, raw := st.src.ID, t.u.String()
	var redirect *fetch.RedirectError
	var status *fetch.StatusError
	switch {
	case ctx.Err() != nil:
		// The crawl is ending; the page was not judged.
	case errors.As(err, &redirect):
		st.reached.Store(true)
		to := extract.NormalizeURL(redirect.To)
		switch {
		case t.hops >= r.opts.Fetch.MaxRedirects:
			r.tally.failed(id, raw, "redirect", fmt.Errorf("more than %d redirects across hosts", r.opts.Fetch.MaxRedirects))
		case st.inScope(to):
			return outcome{redirect: &task{u: to, depth: t.depth, start: t.start, hops: t.hops + 1}}
		default:
			r.tally.skipped(id, raw, ReasonOffScope)
		}
	case refusal(err) != "":
		r.tally.skipped(id, raw, refusal(err))
	case errors.Is(err, fetch.ErrDisallowed):
		r.tally.skipped(id, raw, ReasonDisallowed)
	case errors.Is(err, fetch.ErrRobotsUnavailable):
		// The host is down or its robots.txt broken: a failure, and the
		// host stays off limits for the rest of the crawl.
		r.tally.failed(id, raw, "robots_unavailable", err)
	case errors.Is(err, fetch.ErrTooLarge):
		r.tally.skipped(id, raw, ReasonTooLarge)
	case errors.Is(err, fetch.ErrRedirect):
		r.tally.failed(id, raw, "redirect", err)
	case errors.As(err, &status) && r.revalidated(st, t.u, status.Code):
		return outcome{depth: t.depth, fetched: []*url.URL{t.u}}
	case errors.As(err, &status):
		r.tally.failed(id, raw, fmt.Sprintf("http_%d", status.Code), err)
	case errors.Is(err, context.DeadlineExceeded):
		r.tally.failed(id, raw, "timeout", err)
	default:
		r.tally.failed(id, raw, "network", err)
	}
	return outcome{}
}

// refusal is the skip reason of a request casus refused to make, or "".
func refusal(err error) string {
	switch {
	case errors.Is(err, fetch.ErrForbiddenAddress):
		return ReasonForbiddenAddress
	case errors.Is(err, fetch.ErrOutOfScope):
		return ReasonOffScope
	}
	return ""
}

// revalidated handles the answers that only make sense for a stored page:
// 304 (unchanged) and 404/410 (gone, removed once the crawl completes). It
// reports whether the answer was one of those.
func (r *run) revalidated(st *sourceState, u *url.URL, code int) bool {
	docID, stored, ok := st.prior.lookup(u)
	if !ok {
		return false
	}
	switch code {
	case http.StatusNotModified:
		r.tally.fetched(st.src.ID, u.String())
		st.claim(stored.URL)
		r.tally.unchanged(st.src.ID, u.String())
		return true
	case http.StatusNotFound, http.StatusGone:
		r.markGone(st.src.ID, docID, u.String())
		return true
	}
	return false
}

// document builds the Document of an indexed page and enriches it.
func (r *run) document(src source.Source, page extract.Page) casus.Document {
	tags := page.Tags
	if tags == nil {
		tags = []string{}
	}
	doc := casus.Document{
		ID:             casus.DocumentID(page.CanonicalURL),
		URL:            page.CanonicalURL,
		Source:         src.ID,
		SourceName:     src.Name,
		Title:          page.Title,
		Date:           page.Date,
		Body:           page.Body,
		Municipalities: []casus.MunicipalityRef{},
		Themes:         []string{},
		Domains:        []string{},
		Tags:           tags,
		FetchedAt:      r.opts.Now().UTC(),
	}
	if r.enricher != nil {
		r.enricher.Enrich(&doc)
	}
	return doc
}

// isHTML reports whether a response is an HTML page, sniffing the body when
// the server sent no Content-Type.
func isHTML(contentType string, body []byte) bool {
	if contentType == "" {
		contentType = http.DetectContentType(body)
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}
