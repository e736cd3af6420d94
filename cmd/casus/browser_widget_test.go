package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/casus-nl/casus"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The widget in a real browser: the demo's host page on another origin
// than casus loads /widget.js, the widget calls the API across origins
// (CORS), and is used with the keyboard only.
//
// startWidgetDemo, widgetBrowser and axeViolations are used by the other
// browser tests too (browser_advisor_test.go).

// widgetRoot is a JavaScript expression for the first widget's shadow
// root on the host page.
const widgetRoot = `document.querySelector('[data-casus-search]').shadowRoot`

// startWidgetDemo runs a demo (sites, crawl, casus, host page) until the
// test ends and returns it once the index is ready.
func startWidgetDemo(t *testing.T) *demoApp {
	t.Helper()
	app, err := newDemoApp(demoConfig{Addr: "127.0.0.1:0", DataDir: t.TempDir(),
		Logger: slog.New(slog.DiscardHandler), Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo run: %v", err)
		}
		if err := app.Close(); err != nil {
			t.Errorf("demo close: %v", err)
		}
	})
	deadline := time.Now().Add(readyTimeout)
	for {
		if resp, err := http.Get(app.URL() + "readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return app
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo not ready within %s", readyTimeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// widgetBrowser starts a headless Chromium (skipping the test when there is
// none) and returns a tab of w×h CSS pixels.
func widgetBrowser(t *testing.T, w, h int) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no Chromium on this machine")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(w, h),
		chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	return ctx
}

// widgetAxeSource returns axe-core's axe.min.js: $CASUS_AXE_JS if set, else the
// gzipped copy in testdata/axe.
func widgetAxeSource(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CASUS_AXE_JS"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	f, err := os.Open(filepath.Join("testdata", "axe", "axe.min.js.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// axeViolations runs axe-core on the page (open shadow roots included) and
// returns its violations as readable lines.
func axeViolations(t *testing.T, ctx context.Context) []string {
	t.Helper()
	type violation struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](widgetAxeSource(t)+"\n;undefined")); err != nil {
		t.Fatalf("load axe: %v", err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
		`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	var out []string
	for _, v := range violations {
		for _, n := range v.Nodes {
			out = append(out, fmt.Sprintf("%s (%s): %v — %s", v.ID, v.Help, n.Target, n.Summary))
		}
	}
	return out
}

// widgetEval evaluates expr in the page and returns its value.
func widgetEval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// widgetKeys sends key presses to the focused element.
func widgetKeys(t *testing.T, ctx context.Context, k string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
		t.Fatalf("keys %q: %v", k, err)
	}
}

// widgetWait polls expr (in the page) until it is true.
func widgetWait(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(pctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { try { const r = `+widgetRoot+`; return r.querySelector('form').outerHTML.slice(0, 2000); } catch (e) { return String(e); } })()`))
		t.Fatalf("waiting for %s: %v\nwidget: %s", what, err, state)
	}
}

// widgetState is what the test reads of the first widget.
type widgetState struct {
	Expanded   string   `json:"expanded"`
	Active     string   `json:"active"`
	Selected   []string `json:"selected"`
	Options    []string `json:"options"`
	PanelShown bool     `json:"panelShown"`
	Status     string   `json:"status"`
	AllHref    string   `json:"allHref"`
	Focused    bool     `json:"focused"`
}

func widgetRead(t *testing.T, ctx context.Context) widgetState {
	t.Helper()
	return widgetEval[widgetState](t, ctx, `(() => {
		const r = `+widgetRoot+`, input = r.querySelector('input[role=combobox]');
		const opts = [...r.querySelectorAll('[role=option]')];
		return {
			expanded: input.getAttribute('aria-expanded'),
			active: input.getAttribute('aria-activedescendant') || '',
			selected: opts.filter(o => o.getAttribute('aria-selected') === 'true').map(o => o.id),
			options: opts.map(o => o.id),
			panelShown: !r.querySelector('.panel').hidden,
			status: r.querySelector('[role=status]').textContent,
			allHref: r.querySelector('a.all').href,
			focused: r.activeElement === input,
		};
	})()`)
}

func TestBrowserWidget(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	start := time.Now()
	app := startWidgetDemo(t)
	t.Logf("demo ready in %s", time.Since(start).Round(time.Millisecond))
	ctx := widgetBrowser(t, 1280, 900)
	casusOrigin := strings.TrimSuffix(app.URL(), "/")
	hostOrigin := strings.TrimSuffix(app.HostURL(), "/")
	if casusOrigin == hostOrigin {
		t.Fatalf("host page and casus share the origin %s", hostOrigin)
	}

	// What the first widget will show for "jeugd": the API's first hit.
	var want casus.Result
	resp, err := http.Get(casusOrigin + "/api/v1/search?" + url.Values{"q": {"jeugd"}, "size": {"5"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(resp.Body).Decode(&want)
	resp.Body.Close()
	if err != nil || len(want.Hits) < 2 {
		t.Fatalf("API search for jeugd: %v, %d hits; need at least 2", err, len(want.Hits))
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(app.HostURL())); err != nil {
		t.Fatal(err)
	}
	widgetWait(t, ctx, "both widgets", `document.querySelectorAll('[data-casus-search]').length === 2 &&
		[...document.querySelectorAll('[data-casus-search]')].every(d => d.shadowRoot && d.shadowRoot.querySelector('input[role=combobox]'))`)

	// The second box carries its preset filter.
	preset := widgetEval[string](t, ctx, `document.querySelectorAll('[data-casus-search]')[1].shadowRoot.querySelector('input[name=theme]').value`)
	if preset != "jeugd" {
		t.Errorf("second widget's theme filter = %q, want jeugd", preset)
	}

	// Keyboard only: Tab into the field, type, wait for the dropdown.
	widgetEval[any](t, ctx, widgetRoot+`.querySelector('input[role=combobox]').focus()`)
	widgetKeys(t, ctx, "jeugd")
	widgetWait(t, ctx, "results", widgetRoot+`.querySelectorAll('[role=option]').length > 0`)
	s := widgetRead(t, ctx)
	if s.Expanded != "true" || !s.PanelShown || len(s.Options) != len(want.Hits) || s.Active != "" {
		t.Errorf("after typing: %+v; want expanded, %d options, none active", s, len(want.Hits))
	}
	if firstTitle := widgetEval[string](t, ctx, widgetRoot+`.querySelector('[role=option] .t').textContent`); firstTitle != want.Hits[0].Title {
		t.Errorf("first option %q, want the API's first hit %q", firstTitle, want.Hits[0].Title)
	}
	if marks := widgetEval[int](t, ctx, widgetRoot+`.querySelectorAll('[role=option] .s mark').length`); marks == 0 {
		t.Errorf("no <mark> in the snippets")
	}
	widgetWait(t, ctx, "the count announced", widgetRoot+`.querySelector('[role=status]').textContent.includes('resultaten')`)
	if u, err := url.Parse(widgetRead(t, ctx).AllHref); err != nil || u.Scheme+"://"+u.Host != casusOrigin || u.Query().Get("q") != "jeugd" {
		t.Errorf("Alle resultaten links to %q, want casus's page with q=jeugd", s.AllHref)
	}

	// Arrows move the active option (and wrap), focus stays in the field.
	widgetKeys(t, ctx, kb.ArrowDown)
	s = widgetRead(t, ctx)
	if s.Active != s.Options[0] || len(s.Selected) != 1 || s.Selected[0] != s.Options[0] || !s.Focused {
		t.Errorf("after ArrowDown: %+v; want the first option active and selected, focus in the field", s)
	}
	widgetKeys(t, ctx, kb.ArrowDown)
	if s = widgetRead(t, ctx); s.Active != s.Options[1] {
		t.Errorf("after 2×ArrowDown: active %q, want %q", s.Active, s.Options[1])
	}
	widgetKeys(t, ctx, kb.ArrowUp+kb.ArrowUp)
	if s = widgetRead(t, ctx); s.Active != s.Options[len(s.Options)-1] {
		t.Errorf("ArrowUp past the first: active %q, want the last %q", s.Active, s.Options[len(s.Options)-1])
	}
	widgetKeys(t, ctx, kb.ArrowDown)
	if s = widgetRead(t, ctx); s.Active != s.Options[0] {
		t.Errorf("ArrowDown past the last: active %q, want the first %q", s.Active, s.Options[0])
	}

	// No accessibility violations on the host page, dropdown open.
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe: %d violations on the host page with the dropdown open:\n%s", len(v), strings.Join(v, "\n"))
	}

	// Esc closes.
	widgetKeys(t, ctx, kb.Escape)
	if s = widgetRead(t, ctx); s.Expanded != "false" || s.PanelShown || s.Active != "" {
		t.Errorf("after Esc: %+v; want closed, nothing active", s)
	}

	// Styles do not cross the shadow boundary, either way.
	style := widgetEval[struct {
		WidgetLi, HostLi, HostLiPadding, HostNavList, WidgetUlList, HostMarkBg string
	}](t, ctx, `(() => {
		const st = document.createElement('style');
		st.textContent = 'li { color: rgb(255, 0, 0) !important; } ul { list-style-type: disc; }';
		document.head.append(st);
		const r = `+widgetRoot+`, cs = (e) => getComputedStyle(e);
		const m = document.createElement('mark');
		document.querySelector('main').append(m);
		const out = {
			WidgetLi: cs(r.querySelector('[role=option]')).color,
			HostLi: cs(document.querySelector('ul.facts li')).color,
			HostLiPadding: cs(document.querySelector('ul.facts li')).paddingTop,
			HostNavList: cs(document.querySelector('nav ul')).listStyleType,
			WidgetUlList: cs(r.querySelector('ul')).listStyleType,
			HostMarkBg: cs(m).backgroundColor,
		};
		m.remove();
		st.remove();
		return out;
	})()`)
	if style.WidgetLi == "rgb(255, 0, 0)" || style.HostLi != "rgb(255, 0, 0)" {
		t.Errorf("host rule li{color:red}: host li %s (want red), widget li %s (want its own)", style.HostLi, style.WidgetLi)
	}
	if style.WidgetUlList != "none" {
		t.Errorf("host rule ul{list-style-type:disc} reached the widget: %s", style.WidgetUlList)
	}
	if style.HostLiPadding != "4px" || style.HostNavList != "square" || style.HostMarkBg != "rgb(10, 92, 54)" {
		t.Errorf("widget styles reached the host page: li padding %s (want 4px), nav list %s (want square), mark %s (want rgb(10, 92, 54))",
			style.HostLiPadding, style.HostNavList, style.HostMarkBg)
	}

	// Down opens again on the first option; Enter opens that case and
	// sends casus a click beacon (kept here in the host page's storage,
	// which outlives the navigation).
	widgetEval[any](t, ctx, `navigator.sendBeacon = (u, data) => { localStorage.setItem('beacon', JSON.stringify({url: String(u), data: String(data)})); return true; }`)
	widgetKeys(t, ctx, kb.ArrowDown)
	if s = widgetRead(t, ctx); s.Expanded != "true" || s.Active != s.Options[0] {
		t.Errorf("ArrowDown after Esc: %+v; want open, first option active", s)
	}
	widgetKeys(t, ctx, kb.Enter)
	deadline := time.Now().Add(10 * time.Second)
	var loc string
	for time.Now().Before(deadline) {
		loc, _ = chromedp.Run(ctx, chromedp.Location())
		if loc == want.Hits[0].URL {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if loc != want.Hits[0].URL {
		t.Errorf("after Enter the browser is at %q, want the case %q", loc, want.Hits[0].URL)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(app.HostURL())); err != nil {
		t.Fatal(err)
	}
	sent := widgetEval[string](t, ctx, `localStorage.getItem('beacon') || ''`)
	var beacon struct{ URL, Data string }
	var clicked struct{ Query, ID string }
	if err := json.Unmarshal([]byte(sent), &beacon); err != nil || json.Unmarshal([]byte(beacon.Data), &clicked) != nil {
		t.Errorf("click beacon %q: want {url, data} with JSON data", sent)
	} else if beacon.URL != casusOrigin+"/api/v1/click" || clicked.Query != "jeugd" || clicked.ID != want.Hits[0].ID {
		t.Errorf("click beacon to %s with %+v, want %s/api/v1/click with query jeugd and id %s", beacon.URL, clicked, casusOrigin, want.Hits[0].ID)
	}

	// The second box (data-theme="jeugd" data-link="casus", size 3) opens
	// casus's page of the case.
	var jeugd casus.Result
	resp, err = http.Get(casusOrigin + "/api/v1/search?" + url.Values{"q": {"inkoop"}, "size": {"3"}, "theme": {"jeugd"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(resp.Body).Decode(&jeugd)
	resp.Body.Close()
	if err != nil || len(jeugd.Hits) == 0 {
		t.Fatalf("API search for inkoop in jeugd: %v, %d hits", err, len(jeugd.Hits))
	}
	second := `document.querySelectorAll('[data-casus-search]')[1].shadowRoot`
	if err := chromedp.Do(ctx, chromedp.Navigate(app.HostURL())); err != nil {
		t.Fatal(err)
	}
	widgetWait(t, ctx, "the second widget", second+` && `+second+`.querySelector('input[role=combobox]')`)
	widgetEval[any](t, ctx, second+`.querySelector('input[role=combobox]').focus()`)
	widgetKeys(t, ctx, "inkoop")
	widgetWait(t, ctx, "results in the second widget", second+`.querySelectorAll('[role=option]').length === `+fmt.Sprint(len(jeugd.Hits)))
	if got := widgetEval[string](t, ctx, second+`.querySelector('[role=option] .t').textContent`); got != jeugd.Hits[0].Title {
		t.Errorf("second widget's first option %q, want %q (theme jeugd)", got, jeugd.Hits[0].Title)
	}
	widgetKeys(t, ctx, kb.ArrowDown+kb.Enter)
	wantPage := casusOrigin + "/cases/" + url.PathEscape(jeugd.Hits[0].ID)
	deadline = time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if loc, _ = chromedp.Run(ctx, chromedp.Location()); loc == wantPage {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if loc != wantPage {
		t.Errorf("after Enter in the data-link=casus box the browser is at %q, want %q", loc, wantPage)
	}
	t.Logf("browser test done in %s", time.Since(start).Round(time.Millisecond))
}
