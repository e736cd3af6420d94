package api

import (
	"net/http"
	"strings"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"
)

// Bounds of the response cache.
const (
	// MaxCachedResponses bounds the encoded answers kept.
	MaxCachedResponses = 4096
	// MaxCachedResponseBytes bounds one kept answer: a page of 50 hits
	// with every facet is well under it, gzipped or not.
	MaxCachedResponseBytes = 256 << 10
	// MaxCachedBytes bounds the bodies kept in all; the oldest go first.
	MaxCachedBytes = 128 << 20
)

// storedHeaders are the headers of an answer that are kept with it; the
// rest (request id, CORS) belong to the request, not the answer.
var storedHeaders = []string{echo.HeaderContentType, echo.HeaderContentEncoding, echo.HeaderVary, headerETag, echo.HeaderCacheControl}

// storedResponse is an encoded answer with its headers.
type storedResponse struct {
	header map[string]string
	body   []byte
}

// responseCache keeps the encoded successful answers of the public API
// per generation of the index: an answer depends only on the request and
// the generation, so a repeated request skips the search, the JSON encoding,
// the ETag and gzip. An answer served from it repeats the took_ms of its
// first computation.
type responseCache struct {
	// generation names what answers are computed from; "" (no index yet)
	// keeps nothing.
	generation func() string
	store      *lru.Cache[string, storedResponse]
	// mu guards bytes, the size of the kept bodies.
	mu    sync.Mutex
	bytes int
}

// newResponseCache returns a cache following generation; nil generation
// returns nil, a cache that keeps nothing.
func newResponseCache(generation func() string) *responseCache {
	if generation == nil {
		return nil
	}
	rc := &responseCache{generation: generation}
	// lru.NewWithEvict fails only for a size below one.
	rc.store, _ = lru.NewWithEvict(MaxCachedResponses, func(_ string, kept storedResponse) {
		rc.mu.Lock()
		rc.bytes -= len(kept.body)
		rc.mu.Unlock()
	})
	return rc
}

// keep adds an answer, removing the oldest while the bodies exceed
// MaxCachedBytes.
func (rc *responseCache) keep(key string, kept storedResponse) {
	if had, _ := rc.store.ContainsOrAdd(key, kept); had {
		return // an answer computed at the same time was kept first
	}
	rc.mu.Lock()
	rc.bytes += len(kept.body)
	over := rc.bytes > MaxCachedBytes
	rc.mu.Unlock()
	for over {
		if _, _, ok := rc.store.RemoveOldest(); !ok {
			return
		}
		rc.mu.Lock()
		over = rc.bytes > MaxCachedBytes
		rc.mu.Unlock()
	}
}

// middleware serves kept answers and keeps new ones. It sits outside gzip
// and the ETag, so what it keeps is what went on the wire.
func (rc *responseCache) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	if rc == nil {
		return next
	}
	return func(c echo.Context) error {
		req := c.Request()
		gen := rc.generation()
		if !isRead(req) || !isPublic(c) || gen == "" {
			return next(c)
		}
		key := responseKey(gen, req)
		if kept, ok := rc.store.Get(key); ok {
			return serveKept(c, kept)
		}
		buf, orig, err := buffered(c, next)
		if buf.status != 0 {
			orig.WriteHeader(buf.status)
			_, _ = orig.Write(buf.body.Bytes())
		}
		// Only a whole fresh 200 is kept: a 304 has no body, and the
		// generation must not have changed under the answer.
		if err == nil && buf.status == http.StatusOK && buf.body.Len() <= MaxCachedResponseBytes && rc.generation() == gen {
			kept := storedResponse{header: map[string]string{}, body: append([]byte(nil), buf.body.Bytes()...)}
			for _, h := range storedHeaders {
				// All values: Vary has one from CORS and one from gzip.
				if v := strings.Join(orig.Header().Values(h), ", "); v != "" {
					kept.header[h] = v
				}
			}
			rc.keep(key, kept)
		}
		return err
	}
}

// responseKey names the answer to req from generation gen: the URI as sent
// and whether the client takes gzip.
func responseKey(gen string, req *http.Request) string {
	gzipped := "0"
	if strings.Contains(req.Header.Get(echo.HeaderAcceptEncoding), "gzip") {
		gzipped = "1"
	}
	return gen + "\x00" + gzipped + "\x00" + req.URL.RequestURI()
}

// serveKept writes a kept answer, or 304 when the client has it.
func serveKept(c echo.Context, kept storedResponse) error {
	res := c.Response()
	h := res.Header()
	for k, v := range kept.header {
		if k == echo.HeaderVary {
			addVary(h, v)
			continue
		}
		h.Set(k, v)
	}
	if etagMatches(c.Request().Header.Get(headerIfNoneMatch), kept.header[headerETag]) {
		h.Del(echo.HeaderContentType)
		h.Del(echo.HeaderContentEncoding)
		res.WriteHeader(http.StatusNotModified)
		return nil
	}
	res.WriteHeader(http.StatusOK)
	_, err := res.Write(kept.body)
	return err
}

// addVary adds the comma-separated names in list to h's Vary that are not
// in it yet (CORS has set Vary: Origin before a kept answer is replayed).
func addVary(h http.Header, list string) {
	have := map[string]bool{}
	for _, v := range h.Values(echo.HeaderVary) {
		for name := range strings.SplitSeq(v, ",") {
			have[strings.ToLower(strings.TrimSpace(name))] = true
		}
	}
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		if key := strings.ToLower(name); name != "" && !have[key] {
			have[key] = true
			h.Add(echo.HeaderVary, name)
		}
	}
}
