package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Bounds and settings of the HTTP middleware.
const (
	// MaxRequestIDBytes bounds an X-Request-ID taken over from the client;
	// longer or non-printable ones are replaced by a generated id, so the
	// access log cannot be flooded or forged through it.
	MaxRequestIDBytes = 128
	// GzipMinBytes is the smallest response worth compressing: below it the
	// gzip header and CPU cost more than they save.
	GzipMinBytes = 1 << 10
	// MaxBodyBytes bounds request bodies; the API reads none, so anything
	// sizeable is a mistake or an attack and gets a 413.
	MaxBodyBytes = "64K"
	// CacheMaxAge is how long clients and shared caches may reuse a public
	// API answer; short, because a crawl can change the index at any time.
	CacheMaxAge = 60 * time.Second
	// CORSMaxAge is how long browsers may cache a preflight answer.
	CORSMaxAge = 10 * time.Minute
)

// Headers echo has no names for.
const (
	headerETag        = "ETag"
	headerIfNoneMatch = "If-None-Match"
	headerRetryAfter  = "Retry-After"
	// HeaderGeneration names the index generation that was live when the
	// request arrived, on every answer once an index is open: behind a
	// load balancer it tells which generation each replica serves.
	HeaderGeneration = "X-Casus-Generation"
)

// publicPrefix is the path prefix of the public API, which is rate limited
// and cacheable.
const publicPrefix = "/api/v1/"

// readMethods are the methods of every route: HEAD is answered like GET,
// and the HTTP server sends no body with it.
var readMethods = []string{http.MethodGet, http.MethodHead}

// isRead reports whether r reads (GET or HEAD), the requests whose answers
// may be cached.
func isRead(r *http.Request) bool {
	return r.Method == http.MethodGet || r.Method == http.MethodHead
}

// isPublic reports whether the request is for the public API.
func isPublic(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, publicPrefix)
}

// generationHeader sets HeaderGeneration to generation's answer, unless
// no index is open yet (or generation is nil).
func generationHeader(generation func() string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if generation == nil {
			return next
		}
		return func(c echo.Context) error {
			if gen := generation(); gen != "" {
				c.Response().Header().Set(HeaderGeneration, gen)
			}
			return next(c)
		}
	}
}

// requestID takes over a well-formed X-Request-ID from the client or
// generates one, and echoes it in the response.
func requestID() echo.MiddlewareFunc {
	mw := middleware.RequestIDWithConfig(middleware.RequestIDConfig{})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		inner := mw(next)
		return func(c echo.Context) error {
			h := c.Request().Header
			if !validRequestID(h.Get(echo.HeaderXRequestID)) {
				h.Del(echo.HeaderXRequestID)
			}
			return inner(c)
		}
	}
}

// validRequestID accepts short ids of printable ASCII without spaces.
func validRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestIDBytes {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// cors allows cross-origin reads of the public API (/api/v1/*) from the
// configured origins only: exact matches (no patterns, no subdomains), or
// any origin when "*" is one of them. Answers carry Vary: Origin, so shared
// caches keep them apart; preflights (OPTIONS) are answered here. With no
// origins configured it adds no CORS headers at all, and other paths (the
// page, /widget.js, health checks) never get them.
func cors(origins []string) echo.MiddlewareFunc {
	if len(origins) == 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	cfg := middleware.CORSConfig{
		Skipper:       func(c echo.Context) bool { return !isPublic(c) },
		AllowMethods:  []string{http.MethodGet, http.MethodHead, http.MethodOptions},
		ExposeHeaders: []string{echo.HeaderXRequestID, headerRetryAfter, headerETag, HeaderGeneration},
		MaxAge:        int(CORSMaxAge.Seconds()),
	}
	if slices.Contains(origins, "*") {
		cfg.AllowOrigins = []string{"*"}
	} else {
		// A function, not AllowOrigins: echo reads "*" and "?" in those as
		// wildcards and also lets subdomains through.
		allowed := make(map[string]bool, len(origins))
		for _, o := range origins {
			allowed[strings.TrimSuffix(o, "/")] = true
		}
		cfg.AllowOriginFunc = func(origin string) (bool, error) { return allowed[origin], nil }
	}
	return middleware.CORSWithConfig(cfg)
}

// caching gives successful GET answers of the public API a short public
// Cache-Control and a weak ETag over the body (weak, because gzip may change
// the bytes on the wire), and answers a matching If-None-Match with 304.
// It buffers the response, which is bounded by the API's page sizes.
func caching(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !isRead(c.Request()) || !isPublic(c) {
			return next(c)
		}
		res := c.Response()
		buf, orig, err := buffered(c, next)
		if err != nil || buf.status != http.StatusOK {
			// Errors are written later by the error handler, uncached; a
			// non-200 answer is passed on as it is.
			if buf.status != 0 {
				orig.WriteHeader(buf.status)
				_, _ = orig.Write(buf.body.Bytes())
			}
			return err
		}
		etag := bodyETag(buf.body.Bytes())
		h := orig.Header()
		h.Set(headerETag, etag)
		h.Set(echo.HeaderCacheControl, fmt.Sprintf("public, max-age=%d", int(CacheMaxAge.Seconds())))
		if etagMatches(c.Request().Header.Get(headerIfNoneMatch), etag) {
			h.Del(echo.HeaderContentType)
			h.Del(echo.HeaderContentLength)
			orig.WriteHeader(http.StatusNotModified)
			res.Status = http.StatusNotModified
			res.Size = 0
			return nil
		}
		orig.WriteHeader(http.StatusOK)
		_, werr := orig.Write(buf.body.Bytes())
		return werr
	}
}

// volatileField matches the search timing, which differs on every run of
// the same search and so must not change the ETag.
var volatileField = regexp.MustCompile(`"took_ms":[-+.eE0-9]+`)

// bodyETag is a weak ETag over body without its volatile field.
func bodyETag(body []byte) string {
	sum := sha256.Sum256(volatileField.ReplaceAll(body, nil))
	return `W/"` + hex.EncodeToString(sum[:16]) + `"`
}

// etagMatches applies If-None-Match's weak comparison.
func etagMatches(header, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
			return true
		}
	}
	return false
}

// buffered runs next with the response held in a buffer, and puts the
// original writer orig back however next ends: a panic unwinding through
// here must leave the error handler a writer that reaches the client.
func buffered(c echo.Context, next echo.HandlerFunc) (buf *bufferedWriter, orig http.ResponseWriter, err error) {
	res := c.Response()
	orig = res.Writer
	buf = &bufferedWriter{header: orig.Header()}
	res.Writer = buf
	defer func() { res.Writer = orig }()
	return buf, orig, next(c)
}

// bufferedWriter holds a response until caching has seen all of it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// Header returns the headers to send.
func (w *bufferedWriter) Header() http.Header { return w.header }

// WriteHeader records the status until the body is complete.
func (w *bufferedWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

// Write buffers b.
func (w *bufferedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}
