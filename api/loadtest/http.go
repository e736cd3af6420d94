package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// HTTP settings of the load generator.
const (
	// idleConnsPerClient sizes the keep-alive pool: every client keeps its
	// connection between requests, with room for one more while a
	// response is being closed.
	idleConnsPerClient = 2
	// idleConnTimeout closes keep-alive connections unused that long.
	idleConnTimeout = 90 * time.Second
	// maxErrorBody bounds how much of an error response is read into the
	// error message.
	maxErrorBody = 512
	// userAgent names the load generator in the server's access log.
	userAgent = "casus-loadtest"
	// maxStartupBody bounds the start-up search response.
	maxStartupBody = 16 << 20
)

// API paths of the mix.
const (
	pathSearch     = "/api/v1/search"
	pathSuggest    = "/api/v1/suggest"
	pathDocuments  = "/api/v1/documents/"
	pathSimilar    = "/similar"
	pathComparable = "/api/v1/municipalities/"
	pathCompSuffix = "/comparable"
)

// CheckBaseURL accepts an http or https URL whose host is localhost or a
// loopback address: the load generator loads this machine and nothing else.
func CheckBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("url %q: must be http or https", raw)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("url %q: has no host", raw)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("url %q: host %s is not a loopback address; only this machine may be loaded", raw, host)
	}
	return nil
}

// NewHTTPClient returns a client for clients concurrent loops: keep-alive
// connections for all of them on one host, no timeout of its own (each
// request has one) and no transparent decompression, since requests ask
// for gzip themselves as a browser does.
func NewHTTPClient(clients int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.MaxIdleConns = clients * idleConnsPerClient
	tr.MaxIdleConnsPerHost = clients * idleConnsPerClient
	tr.IdleConnTimeout = idleConnTimeout
	tr.DisableCompression = true
	return &http.Client{Transport: tr}
}

// StatusError is a response with a status other than 2xx.
type StatusError struct {
	Status int
	Body   string
}

// Error names the status and the start of the body.
func (e *StatusError) Error() string {
	return fmt.Sprintf("status %d: %s", e.Status, e.Body)
}

// Kind is "http" and the status code, such as "http 429".
func (e *StatusError) Kind() string { return "http " + strconv.Itoa(e.Status) }

// TransportError is a request that got no complete response.
type TransportError struct{ Err error }

// Error is the underlying error's.
func (e *TransportError) Error() string { return "transport: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *TransportError) Unwrap() error { return e.Err }

// Kind is "transport".
func (e *TransportError) Kind() string { return "transport" }

// HTTPTarget sends the mix to a casus server.
type HTTPTarget struct {
	base   string
	client *http.Client
}

// NewHTTPTarget returns a target for the server at base (no trailing
// slash needed) using client.
func NewHTTPTarget(base string, client *http.Client) *HTTPTarget {
	for len(base) > 0 && base[len(base)-1] == '/' {
		base = base[:len(base)-1]
	}
	return &HTTPTarget{base: base, client: client}
}

// Name is "casus".
func (t *HTTPTarget) Name() string { return "casus" }

// Skip answers every class.
func (t *HTTPTarget) Skip(Class) string { return "" }

// Prepare takes the ids of the first n hits of an empty search (newest
// first) and the total number of documents.
func (t *HTTPTarget) Prepare(ctx context.Context, n int) (Corpus, error) {
	body, err := t.get(ctx, pathSearch+"?"+url.Values{"size": {strconv.Itoa(n)}}.Encode())
	if err != nil {
		return Corpus{}, fmt.Errorf("start-up search: %w", err)
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return Corpus{}, fmt.Errorf("start-up search: %w", err)
	}
	c := Corpus{Docs: res.Total}
	for _, h := range res.Hits {
		if h.ID != "" {
			c.IDs = append(c.IDs, h.ID)
		}
	}
	return c, nil
}

// Do sends r and reads the whole body.
func (t *HTTPTarget) Do(ctx context.Context, r Request) error {
	_, err := t.send(ctx, Path(r), false)
	return err
}

// Path returns the path and query of r on the casus API.
func Path(r Request) string {
	var p string
	switch r.Group {
	case GroupSuggest:
		p = pathSuggest
	case GroupSimilar:
		p = pathDocuments + url.PathEscape(r.ID) + pathSimilar
	case GroupComparable:
		p = pathComparable + url.PathEscape(r.ID) + pathCompSuffix
	default:
		p = pathSearch
	}
	if len(r.Params) > 0 {
		p += "?" + r.Params.Encode()
	}
	return p
}

// get sends a GET without asking for gzip and returns the body, at most
// maxStartupBody bytes.
func (t *HTTPTarget) get(ctx context.Context, path string) ([]byte, error) {
	return t.send(ctx, path, true)
}

// send GETs path. keep returns the body (uncompressed, bounded); otherwise
// the body is read to the end and dropped, as a browser asking for gzip
// receives it.
func (t *HTTPTarget) send(ctx context.Context, path string, keep bool) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.base+path, nil)
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", path, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/json")
	if !keep {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return nil, &TransportError{Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode < http.StatusOK || resp.StatusCode >= http.StatusMultipleChoices {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil, &StatusError{Status: resp.StatusCode, Body: string(msg)}
	}
	if keep {
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxStartupBody+1))
		if err != nil {
			return nil, &TransportError{Err: err}
		}
		if len(body) > maxStartupBody {
			return nil, fmt.Errorf("%s: response longer than %d bytes", path, maxStartupBody)
		}
		return body, nil
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return nil, &TransportError{Err: err}
	}
	return nil, nil
}
