package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casus-nl/casus/web"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// widgetHostileSnippet tries every way into the page that a highlighted snippet
// could: elements with handlers, a script, markup inside a mark, entities.
const widgetHostileSnippet = `a <mark>b</mark> <img src=x onerror="window.__pwned=3"><script>window.__pwned=4</script>` +
	`<b>vet</b> <mark onclick="window.__pwned=5" style="color:red">c<img src=y onerror="window.__pwned=6"></mark> &lt;i&gt;`

// widgetFakeCasus answers /api/v1/search by the query (CORS for any origin):
// "giftig" hostile hits, "druk" 429, "stil" 503; it records the queries.
type widgetFakeCasus struct {
	mu      sync.Mutex
	queries []url.Values
}

func (f *widgetFakeCasus) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/api/v1/search" {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/json")
	switch q.Get("q") {
	case "druk":
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":{"code":"rate_limited","message":"too many requests"}}`))
	case "stil":
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"error":{"code":"not_ready","message":"not ready"}}`))
	default:
		_ = json.NewEncoder(w).Encode(map[string]any{"total": 2, "hits": []map[string]any{
			{"id": "x", "url": "javascript:window.__pwned=1", "title": `<img src=x onerror="window.__pwned=2">Titel`,
				"snippet_html": widgetHostileSnippet, "source_name": "Bureau <b>X</b>", "date": "2024-03-05"},
			{"id": "y", "url": "http://127.0.0.1:9/case", "title": "Tweede", "snippet_html": ""},
		}})
	}
}

func (f *widgetFakeCasus) seen() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.queries)
}

// TestBrowserWidgetHostile runs the widget against a fake casus: hostile
// API text stays text (only <mark> is built), javascript: links are not
// followed, the presets and the bounded size are sent, typing is debounced,
// and 429 and 503 give Dutch messages that are also announced.
func TestBrowserWidgetHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	fake := &widgetFakeCasus{}
	api := httptest.NewServer(fake)
	defer api.Close()
	// The host page serves the widget itself; data-api names casus.
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == web.WidgetPath {
			web.ServeWidget(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="nl"><head><title>Proef</title></head><body><main>
<div data-casus-search data-api="` + api.URL + `" data-theme="jeugd, wmo" data-municipality="GM0363" data-size="50"></div>
</main><script src="/widget.js" async></script></body></html>`))
	}))
	defer host.Close()

	ctx := widgetBrowser(t, 1024, 768)
	if err := chromedp.Do(ctx, chromedp.Navigate(host.URL)); err != nil {
		t.Fatal(err)
	}
	widgetWait(t, ctx, "the widget", widgetRoot+` && `+widgetRoot+`.querySelector('input[role=combobox]')`)
	widgetEval[any](t, ctx, widgetRoot+`.querySelector('input[role=combobox]').focus()`)

	widgetKeys(t, ctx, "giftig")
	widgetWait(t, ctx, "results", widgetRoot+`.querySelectorAll('[role=option]').length === 2`)
	time.Sleep(300 * time.Millisecond) // room for handlers that must not run
	got := widgetEval[struct {
		Title, Snippet, Meta string
		Elements             []string
		MarkAttrs            int
		Pwned                any
	}](t, ctx, `(() => {
		const r = `+widgetRoot+`, o = r.querySelector('[role=option]'), s = o.querySelector('.s');
		return {
			Title: o.querySelector('.t').textContent,
			Snippet: s.textContent,
			Meta: o.querySelector('.m').textContent,
			Elements: [...o.querySelectorAll('*')].map(e => e.localName + (e.className ? '.' + e.className : '')),
			MarkAttrs: [...s.querySelectorAll('mark')].reduce((n, m) => n + m.attributes.length, 0),
			Pwned: window.__pwned === undefined ? null : window.__pwned,
		};
	})()`)
	if got.Title != `<img src=x onerror="window.__pwned=2">Titel` {
		t.Errorf("title %q, want the API's text as text", got.Title)
	}
	if got.Snippet != "a b vet c <i>" {
		t.Errorf("snippet text %q, want %q", got.Snippet, "a b vet c <i>")
	}
	if want := []string{"span.t", "span.m", "span.s", "mark", "mark"}; !slices.Equal(got.Elements, want) || got.MarkAttrs != 0 {
		t.Errorf("option elements %q with %d attributes on marks; want %q and none", got.Elements, got.MarkAttrs, want)
	}
	if got.Meta != "Bureau <b>X</b> · 5 maart 2024" {
		t.Errorf("meta %q", got.Meta)
	}
	if got.Pwned != nil {
		t.Errorf("API text ran script: window.__pwned = %v", got.Pwned)
	}

	// The presets, and the size bounded to 10, go with every search; the
	// typing was debounced.
	seen := fake.seen()
	if len(seen) == 0 || len(seen) > 2 {
		t.Errorf("%d requests for typing 'giftig', want 1 (2 at most)", len(seen))
	} else {
		last := seen[len(seen)-1]
		if last.Get("q") != "giftig" || last.Get("size") != "10" || !slices.Equal(last["theme"], []string{"jeugd", "wmo"}) ||
			!slices.Equal(last["municipality"], []string{"GM0363"}) {
			t.Errorf("request %v, want q=giftig size=10 theme=jeugd&theme=wmo municipality=GM0363", last)
		}
	}
	all := widgetEval[string](t, ctx, widgetRoot+`.querySelector('a.all').href`)
	if u, err := url.Parse(all); err != nil || !strings.HasPrefix(all, api.URL+"/?") ||
		!slices.Equal(u.Query()["theme"], []string{"jeugd", "wmo"}) || u.Query().Get("q") != "giftig" {
		t.Errorf("Alle resultaten links to %q, want casus's page with the query and the presets", all)
	}

	// Enter on a javascript: URL goes nowhere.
	widgetKeys(t, ctx, kb.ArrowDown+kb.Enter)
	time.Sleep(300 * time.Millisecond)
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != host.URL+"/" {
		t.Errorf("after Enter on a javascript: link the page is %q", loc)
	}
	if p := widgetEval[any](t, ctx, `window.__pwned === undefined ? null : window.__pwned`); p != nil {
		t.Errorf("javascript: link ran: window.__pwned = %v", p)
	}

	// Errors: a Dutch message in the dropdown, announced, no options.
	for _, tc := range []struct{ q, want string }{
		{"druk", "te vaak gezocht"},
		{"stil", "even niet beschikbaar"},
	} {
		widgetEval[any](t, ctx, widgetRoot+`.querySelector('input[role=combobox]').select()`)
		widgetKeys(t, ctx, tc.q)
		widgetWait(t, ctx, "the message for "+tc.q, widgetRoot+`.querySelector('.msg').textContent.includes('`+tc.want+`') &&
			`+widgetRoot+`.querySelector('[role=status]').textContent.includes('`+tc.want+`')`)
		s := widgetRead(t, ctx)
		if len(s.Options) != 0 || s.Expanded != "false" || !s.PanelShown {
			t.Errorf("after %q: %+v; want the message shown, no options, not expanded", tc.q, s)
		}
	}
}
