package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// widgetMaxGzipBytes is the stated bound of the widget's size on the wire
// (gzip, best compression): sites load it on every page with the box.
const widgetMaxGzipBytes = 15 << 10

func TestWidgetSize(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(widgetJS)
	_ = zw.Close()
	t.Logf("widget.js: %d bytes, %d gzipped (bound %d)", len(widgetJS), buf.Len(), widgetMaxGzipBytes)
	if buf.Len() > widgetMaxGzipBytes {
		t.Errorf("widget.js is %d bytes gzipped, above the bound of %d", buf.Len(), widgetMaxGzipBytes)
	}
}

// TestWidgetSource guards the rules of the widget's code that a browser test
// would not notice: API text never goes through an HTML sink, the snippet is
// built node by node from an inert parse, and it draws in an open shadow root.
func TestWidgetSource(t *testing.T) {
	src := string(widgetJS)
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "createContextualFragment", "srcdoc"} {
		if strings.Contains(src, sink) {
			t.Errorf("widget.js uses %s", sink)
		}
	}
	for _, want := range []string{
		"attachShadow({ mode: 'open' })",
		"new DOMParser().parseFromString(",
		"document.currentScript",
		"/api/v1/search?",
		"role: 'combobox'",
		"role: 'listbox'",
		"role: 'status'",
	} {
		if !strings.Contains(src, want) && !strings.Contains(src, strings.ReplaceAll(want, "document.", "doc.")) {
			t.Errorf("widget.js lacks %q", want)
		}
	}
	// Plain ES2017: no modules, no optional chaining or nullish coalescing
	// (ES2020), no class fields.
	if m := regexp.MustCompile(`\?\.[a-zA-Z_(\[]|\?\?|^\s*(import|export)\s`).FindString(src); m != "" {
		t.Errorf("widget.js uses syntax newer than ES2017: %q", m)
	}
}

func TestWidgetServed(t *testing.T) {
	h, err := New(stubSearcher{res: sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	do := func(method string, header map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, WidgetPath, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	rec := do(http.MethodGet, nil)
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), widgetJS) {
		t.Fatalf("GET %s: status %d, %d bytes; want 200 and the widget", WidgetPath, rec.Code, rec.Body.Len())
	}
	etag := rec.Header().Get("ETag")
	for k, want := range map[string]string{
		"Content-Type":           "text/javascript; charset=utf-8",
		"Cache-Control":          "public, max-age=600",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !regexp.MustCompile(`^W/"[0-9a-f]{24}"$`).MatchString(etag) {
		t.Errorf("ETag = %q, want a weak hash", etag)
	}
	if rec := do(http.MethodGet, map[string]string{"If-None-Match": etag}); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match with the ETag: status %d, %d bytes; want 304, empty", rec.Code, rec.Body.Len())
	}
	if rec := do(http.MethodGet, map[string]string{"If-None-Match": `W/"old"`}); rec.Code != 200 {
		t.Errorf("If-None-Match with another ETag: status %d, want 200", rec.Code)
	}
	if rec := do(http.MethodHead, nil); rec.Code != 200 || rec.Header().Get("ETag") != etag {
		t.Errorf("HEAD: status %d, ETag %q", rec.Code, rec.Header().Get("ETag"))
	}
}
