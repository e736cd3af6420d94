package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The search page in a real browser over the demo index: suggestions with
// the keyboard, filters without a reload (focus stays put), the URL as the
// whole state (shared, back button), paging, keyboard only, a phone, no
// JavaScript, and axe-core on the start page, a result page and an error
// page. With CASUS_SCREENSHOTS=1 it writes docs/screenshots/*.png.

// spEval evaluates expr in the page and returns its value.
func spEval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// spWait polls expr in the page until it is true.
func spWait(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+expr+`); } catch (e) { return false; } })()`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + ' focus=' + (document.activeElement && (document.activeElement.id || document.activeElement.tagName))`))
			t.Fatalf("waiting for %s: %v (at %s)", what, err, where)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// spDo runs actions, failing the test on an error.
func spDo(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// spOpen loads url and waits until search.js has enhanced the page.
func spOpen(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	spDo(t, ctx, "open "+url, chromedp.Navigate(url))
	spWait(t, ctx, "search.js", `document.documentElement.classList.contains('js') && document.querySelector('#q[role=combobox]') !== null`)
}

// spShot writes a full-page screenshot to docs/screenshots/name.png when
// CASUS_SCREENSHOTS=1.
func spShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("CASUS_SCREENSHOTS") != "1" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// firstFacet is the id and value of the first unticked checkbox of facet.
func firstFacet(t *testing.T, ctx context.Context, facet string) (id, value string) {
	t.Helper()
	v := spEval[[]string](t, ctx, `(() => { const c = document.querySelector('fieldset[data-facet=`+facet+`] ul.values input[type=checkbox]:not(:checked)'); return c ? [c.id, c.value] : []; })()`)
	if len(v) != 2 {
		t.Fatalf("no unticked %s filter", facet)
	}
	return v[0], v[1]
}

func TestBrowserSearchPage(t *testing.T) {
	base := browserServer(t)
	ctx := newTab(t, 1280, 900)

	t.Run("suggestions with the keyboard", func(t *testing.T) {
		spOpen(t, ctx, base+"/")
		if got := spEval[string](t, ctx, `document.activeElement.id`); got != "q" {
			t.Errorf("start page: focus on %q, want the search box", got)
		}
		spShot(t, ctx, "start-1280")
		spDo(t, ctx, "type", chromedp.SendKeys("#q", "jeug"))
		spWait(t, ctx, "suggestions", `document.querySelector('#q').getAttribute('aria-expanded') === 'true' && document.querySelectorAll('#q-suggesties [role=option]').length > 0`)
		spWait(t, ctx, "announcement", `/^\d+ suggesties?$/.test(document.getElementById('suggesties-status').textContent)`)
		if got := spEval[string](t, ctx, `document.querySelector('#q').getAttribute('aria-controls')`); got != "q-suggesties" {
			t.Errorf("aria-controls = %q", got)
		}
		spShot(t, ctx, "suggestions-1280")
		spDo(t, ctx, "arrow down", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
		active := spEval[string](t, ctx, `document.querySelector('#q').getAttribute('aria-activedescendant') || ''`)
		if active != "q-suggesties-1" || spEval[string](t, ctx, `document.getElementById('q-suggesties-1').getAttribute('aria-selected')`) != "true" {
			t.Fatalf("after two ArrowDown the active option is %q", active)
		}
		spDo(t, ctx, "arrow up", chromedp.KeyEvent(kb.ArrowUp))
		if got := spEval[string](t, ctx, `document.querySelector('#q').getAttribute('aria-activedescendant') || ''`); got != "q-suggesties-0" {
			t.Errorf("after ArrowUp the active option is %q", got)
		}
		picked := spEval[string](t, ctx, `document.getElementById('q-suggesties-0').firstChild.textContent`)
		spDo(t, ctx, "enter", chromedp.KeyEvent(kb.Enter))
		spWait(t, ctx, "the search for the suggestion", `new URLSearchParams(location.search).get('q') === `+jsString(picked)+` && document.getElementById('aantal') !== null`)
		if got := spEval[string](t, ctx, `document.querySelector('#q').getAttribute('aria-expanded')`); got != "false" {
			t.Errorf("listbox still expanded after Enter: %q", got)
		}
		// Esc closes.
		spDo(t, ctx, "type again", chromedp.Focus("#q"), chromedp.SendKeys("#q", "z"))
		spWait(t, ctx, "suggestions again", `document.querySelector('#q').getAttribute('aria-expanded') === 'true'`)
		spDo(t, ctx, "escape", chromedp.KeyEvent(kb.Escape))
		spWait(t, ctx, "closed by Esc", `document.querySelector('#q').getAttribute('aria-expanded') === 'false' && document.getElementById('q-suggesties').hidden`)
	})

	t.Run("filters without a reload, URL, back", func(t *testing.T) {
		spOpen(t, ctx, base+"/?q=jeugd")
		spEval[bool](t, ctx, `window.__samePage = true`)
		if spEval[bool](t, ctx, `getComputedStyle(document.querySelector('#filterform .apply')).display !== 'none'`) {
			t.Error("the Toepassen button shows with JavaScript")
		}
		before := spEval[string](t, ctx, `document.getElementById('aantal').textContent`)
		id, value := firstFacet(t, ctx, "municipality")
		spDo(t, ctx, "tick", chromedp.Click("#"+id))
		spWait(t, ctx, "the filter in the URL", `new URLSearchParams(location.search).getAll('municipality').includes('`+value+`') && document.getElementById('`+id+`').checked`)
		if got := spEval[string](t, ctx, `document.activeElement.id`); got != id {
			t.Errorf("focus on %q after ticking, want the filter %q", got, id)
		}
		if !spEval[bool](t, ctx, `window.__samePage === true`) {
			t.Error("ticking a filter reloaded the page")
		}
		after := spEval[string](t, ctx, `document.getElementById('aantal').textContent`)
		if after == before {
			t.Errorf("the count did not change: %q", after)
		}
		if got := spEval[int](t, ctx, `document.querySelectorAll('.active-filters a.chip').length`); got != 1 {
			t.Errorf("%d active filters shown, want 1", got)
		}
		spShot(t, ctx, "results-1280")
		id2, value2 := firstFacet(t, ctx, "theme")
		spDo(t, ctx, "tick a theme", chromedp.Click("#"+id2))
		spWait(t, ctx, "the theme in the URL", `new URLSearchParams(location.search).getAll('theme').includes('`+value2+`')`)
		shared := spEval[string](t, ctx, `location.href`)
		count := spEval[string](t, ctx, `document.getElementById('aantal').textContent`)

		// Untick: the filter leaves the URL, focus stays.
		spDo(t, ctx, "untick", chromedp.Click("#"+id2))
		spWait(t, ctx, "the theme out of the URL", `!new URLSearchParams(location.search).getAll('theme').includes('`+value2+`') && !document.getElementById('`+id2+`').checked`)
		if got := spEval[string](t, ctx, `document.activeElement.id`); got != id2 {
			t.Errorf("focus on %q after unticking, want %q", got, id2)
		}
		// Back: the theme is ticked again, without a reload.
		spEval[bool](t, ctx, `history.back(), true`)
		spWait(t, ctx, "back", `location.href === `+jsString(shared)+` && document.getElementById('`+id2+`').checked`)
		if got := spEval[string](t, ctx, `document.getElementById('aantal').textContent`); got != count {
			t.Errorf("back: %q, want %q", got, count)
		}
		if !spEval[bool](t, ctx, `window.__samePage === true`) {
			t.Error("back reloaded the page")
		}
		// Shared: the URL loaded fresh shows the same state.
		spOpen(t, ctx, shared)
		if got := spEval[string](t, ctx, `document.getElementById('aantal').textContent`); got != count {
			t.Errorf("shared URL: %q, want %q", got, count)
		}
		if !spEval[bool](t, ctx, `document.getElementById('`+id+`').checked && document.getElementById('`+id2+`').checked && document.querySelector('#q').value === 'jeugd'`) {
			t.Error("shared URL: the filters or the words are lost")
		}
		// Wis alles.
		spDo(t, ctx, "clear", chromedp.Click(".active-filters a.clear"))
		spWait(t, ctx, "cleared", `location.search === '?q=jeugd' && document.querySelectorAll('#filterform input:checked').length === 0`)
	})

	t.Run("municipality filter box and meer tonen", func(t *testing.T) {
		spOpen(t, ctx, base+"/")
		more := spEval[int](t, ctx, `document.querySelectorAll('fieldset[data-facet=municipality] details.more input').length`)
		if more == 0 {
			t.Skip("the demo has too few municipalities for 'meer tonen'")
		}
		spDo(t, ctx, "filter", chromedp.SendKeys("#zoek-municipality", "dalf"))
		spWait(t, ctx, "filtered", `[...document.querySelectorAll('fieldset[data-facet=municipality] li')].filter(li => !li.hidden).every(li => /dalf/i.test(li.textContent))`)
	})

	t.Run("years newest first", func(t *testing.T) {
		spOpen(t, ctx, base+"/")
		years := spEval[[]string](t, ctx, `[...document.querySelectorAll('fieldset[data-facet=year] input')].map(i => i.value)`)
		for i := 1; i < len(years); i++ {
			if years[i] > years[i-1] {
				t.Fatalf("years %v not newest first", years)
			}
		}
	})

	t.Run("pages", func(t *testing.T) {
		spOpen(t, ctx, base+"/?q=gemeente")
		pageOf := spEval[string](t, ctx, `document.getElementById('aantal').textContent`)
		if !strings.Contains(pageOf, "pagina 1 van") {
			t.Skipf("one page only: %q", pageOf)
		}
		spDo(t, ctx, "next", chromedp.Click("a[rel=next]"))
		spWait(t, ctx, "page 2", `new URLSearchParams(location.search).get('page') === '2' && /pagina 2 van/.test(document.getElementById('aantal').textContent)`)
		if got := spEval[string](t, ctx, `document.activeElement.id`); got != "resultaten" {
			t.Errorf("after Volgende the focus is on %q, want the results", got)
		}
		spOpen(t, ctx, base+"/?q=gemeente&page=99")
		text := spEval[string](t, ctx, `document.getElementById('aantal').textContent`)
		var last string
		if i := strings.Index(text, " van "); i >= 0 {
			last = strings.TrimSpace(text[i+5:])
		}
		if !strings.Contains(text, "pagina "+last+" van "+last) {
			t.Errorf("page 99: %q, want the last page", text)
		}
	})

	t.Run("keyboard only", func(t *testing.T) {
		spOpen(t, ctx, base+"/?q=jeugd")
		// The page script marks its history entry once it has taken over
		// the filters; a key pressed before that is the browser's alone.
		spWait(t, ctx, "page script ready", `history.state && history.state.casus === true`)
		spDo(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
		if got := spEval[string](t, ctx, `document.activeElement.className + ':' + document.activeElement.textContent`); got != "skip-link:Naar de resultaten" {
			t.Fatalf("first Tab stop %q, want the skip link", got)
		}
		if spEval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`) == "none" {
			t.Error("no visible focus on the skip link")
		}
		spDo(t, ctx, "enter", chromedp.KeyEvent(kb.Enter))
		spWait(t, ctx, "main focused", `document.activeElement.id === 'inhoud'`)
		// Tab on to the first filter and tick it with Space.
		for i := 0; i < 10 && spEval[string](t, ctx, `document.activeElement.type || ''`) != "checkbox"; i++ {
			spDo(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
		}
		id := spEval[string](t, ctx, `document.activeElement.type === 'checkbox' ? document.activeElement.id : ''`)
		if id == "" {
			t.Fatal("no filter within 10 Tabs after the skip link")
		}
		spDo(t, ctx, "space", chromedp.KeyEvent(" "))
		spWait(t, ctx, "ticked by keyboard", `document.getElementById('`+id+`').checked && location.search.includes('`+strings.SplitN(strings.TrimPrefix(id, "f-"), "-", 2)[0]+`=')`)
		if got := spEval[string](t, ctx, `document.activeElement.id`); got != id {
			t.Errorf("focus on %q after Space, want %q", got, id)
		}
	})

	t.Run("axe 1280", func(t *testing.T) {
		spOpen(t, ctx, base+"/")
		checkAxe(t, ctx)
		if got := spEval[int](t, ctx, `document.documentElement.scrollWidth`); got > 1280 {
			t.Errorf("page %d px wide at 1280", got)
		}
		if got := spEval[int](t, ctx, `document.querySelectorAll('h1').length`); got != 1 {
			t.Errorf("%d h1 on the start page", got)
		}
		spOpen(t, ctx, base+"/?q=jeugd&theme=jeugd")
		checkAxe(t, ctx)
		spEval[bool](t, ctx, `document.querySelector('#q').value = '', true`)
		spDo(t, ctx, "type", chromedp.Focus("#q"), chromedp.SendKeys("#q", "jeug"))
		spWait(t, ctx, "suggestions", `document.querySelector('#q').getAttribute('aria-expanded') === 'true'`)
		checkAxe(t, ctx)
		spOpen(t, ctx, base+"/?q=jeugd&sort=x")
		if got := spEval[string](t, ctx, `document.querySelector('.notice').textContent`); !strings.Contains(got, "klopt niet") || strings.Contains(got, "must") {
			t.Errorf("error page says %q", got)
		}
		spShot(t, ctx, "error-1280")
		checkAxe(t, ctx)
	})
}

func TestBrowserSearchPhone(t *testing.T) {
	base := browserServer(t)
	ctx := newTab(t, 375, 740)
	spOpen(t, ctx, base+"/?q=jeugd")
	if got := spEval[int](t, ctx, `document.documentElement.scrollWidth`); got > 375 {
		t.Errorf("page %d px wide at 375", got)
	}
	if spEval[bool](t, ctx, `document.getElementById('filters').open`) {
		t.Error("filters open on a phone")
	}
	hitTop := spEval[float64](t, ctx, `document.querySelector('.hit').getBoundingClientRect().top`)
	if hitTop > 740 {
		t.Errorf("first result at %.0f px, below the first screen", hitTop)
	}
	if spEval[bool](t, ctx, `document.querySelector('#filterform input[type=checkbox]').checkVisibility()`) {
		t.Error("filters show before the results on a phone")
	}
	spShot(t, ctx, "results-375")
	checkAxe(t, ctx)
	spDo(t, ctx, "open filters", chromedp.Click("#filters > summary"))
	spWait(t, ctx, "filters open", `document.getElementById('filters').open && document.querySelector('#filterform input[type=checkbox]').checkVisibility()`)
	spShot(t, ctx, "filters-375")
	id, _ := firstFacet(t, ctx, "theme")
	spDo(t, ctx, "tick", chromedp.Click("#"+id))
	spWait(t, ctx, "ticked", `document.getElementById('`+id+`').checked && location.search.includes('theme=')`)
	if !spEval[bool](t, ctx, `document.getElementById('filters').open`) {
		t.Error("the filters folded after ticking one")
	}
	checkAxe(t, ctx)
	spOpen(t, ctx, base+"/")
	checkAxe(t, ctx)
	spOpen(t, ctx, base+"/?from=1700-01-01")
	checkAxe(t, ctx)
}

// Without JavaScript the filters are a form with a Toepassen button.
func TestBrowserSearchWithoutJavaScript(t *testing.T) {
	base := browserServer(t)
	ctx := newTab(t, 1280, 900)
	spDo(t, ctx, "no script", chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		return chromedp.Void{}, tg.Call(ctx, "Emulation.setScriptExecutionDisabled", map[string]any{"value": true}, nil)
	}), chromedp.Navigate(base+"/?q=jeugd"))
	id, value := firstFacet(t, ctx, "theme")
	spDo(t, ctx, "tick and apply", chromedp.Click("#"+id), chromedp.Click("#filterform button.apply"))
	spWait(t, ctx, "applied", `new URLSearchParams(location.search).getAll('theme').includes('`+value+`') && new URLSearchParams(location.search).get('q') === 'jeugd' && document.getElementById('`+id+`').checked`)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`)
	return `'` + r.Replace(s) + `'`
}
