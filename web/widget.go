package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// WidgetPath is where the embeddable search widget is served.
const WidgetPath = "/widget.js"

// WidgetMaxAge is how long browsers and shared caches may reuse the widget
// before asking again (with its ETag): short, so a new version reaches the
// sites that embed it within minutes.
const WidgetMaxAge = 10 * time.Minute

// widgetJS is the widget: a script a site loads from casus's origin, with a
// <div data-casus-search> where the search box goes.
//
//go:embed widget/widget.js
var widgetJS []byte

// widgetETag names this build's widget; weak, because gzip may change the
// bytes on the wire.
var widgetETag = func() string {
	sum := sha256.Sum256(widgetJS)
	return `W/"` + hex.EncodeToString(sum[:12]) + `"`
}()

// widgetModTime is the zero time: the ETag is the validator.
var widgetModTime time.Time

// ServeWidget serves the widget script with Cache-Control and ETag
// (If-None-Match gives 304). It may be loaded from any page, so it needs no
// CORS; the API calls it makes do (--cors-origin).
func ServeWidget(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(WidgetMaxAge.Seconds())))
	h.Set("ETag", widgetETag)
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "widget.js", widgetModTime, bytes.NewReader(widgetJS))
}
