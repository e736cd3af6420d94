package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The pages for policy advisors in a real browser (headless Chromium):
// picking a municipality by name with completion, a merged municipality, narrowing the comparable municipalities' cases by
// a theme and following the link to the same search on the search page, a
// case page and a similar case; axe-core finds no violations on any of
// them, at 375 and 1280 px. The harness (shared demo, tabs, axe-core) is
// browser_helpers_test.go's.

// advisorViewports are the widths the pages are checked at: a small phone
// and a laptop.
var advisorViewports = []struct {
	name string
	w, h int
}{{"375px", 375, 812}, {"1280px", 1280, 900}}

func TestBrowserAdvisor(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	base := browserServer(t)
	id := firstCaseAbout(t, base, "GM0457")
	for _, vp := range advisorViewports {
		t.Run(vp.name, func(t *testing.T) {
			ctx := newTab(t, vp.w, vp.h)
			if got := advisorEval[int](t, ctx, `window.innerWidth`); got != vp.w {
				t.Fatalf("viewport %d px wide, want %d", got, vp.w)
			}
			t.Run("pick by name", func(t *testing.T) {
				advisorOpen(t, ctx, base+"/gemeenten")
				checkAdvisorPage(t, ctx)
				if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#gemeente-naam"), "Dalf")); err != nil {
					t.Fatal(err)
				}
				// municipality.js fills the datalist from the API.
				advisorWait(t, ctx, `[...document.querySelectorAll("#gemeente-namen option")].some(o => o.value === "Dalfsen")`)
				if err := chromedp.Do(ctx,
					chromedp.SetValue(chromedp.CSS("#gemeente-naam"), "Dalfsen"),
					chromedp.Click(chromedp.CSS("form.picker button[type=submit]")),
				); err != nil {
					t.Fatal(err)
				}
				advisorWait(t, ctx, `location.pathname === "/gemeenten/GM0148"`)
			})
			t.Run("merged municipality", func(t *testing.T) {
				advisorOpen(t, ctx, base+"/gemeenten/GM0457")
				if h1, lead := advisorEval[string](t, ctx, `document.querySelector("h1").textContent`), advisorEval[string](t, ctx, `document.querySelector("p.lead").textContent`); h1 != "Weesp" || !strings.Contains(lead, "sinds 2022 hoort het bij Amsterdam") {
					t.Errorf("h1 %q, lead %q", h1, lead)
				}
				checkAdvisorPage(t, ctx)
			})
			t.Run("narrow and search", func(t *testing.T) {
				advisorOpen(t, ctx, base+"/gemeenten/GM0148")
				chart := advisorEval[string](t, ctx, `(() => { const s = document.querySelector("figure.chart > svg");
					return s.getAttribute("role") + ": " + s.getAttribute("aria-labelledby").split(" ").map(id => document.getElementById(id).textContent).join(" | "); })()`)
				if !strings.HasPrefix(chart, "img: Thema's van de cases over Dalfsen per jaar | Gestapelde staafgrafiek") {
					t.Errorf("chart %q", chart)
				}
				if rows := advisorEval[int](t, ctx, `document.querySelectorAll("table.data tbody tr").length`); rows < 2 {
					t.Errorf("chart table has %d rows", rows)
				}
				checkAdvisorPage(t, ctx)

				theme := advisorEval[string](t, ctx, `document.querySelector("#filter-thema option:not([value=''])").value`)
				if err := chromedp.Do(ctx,
					chromedp.SetValue(chromedp.CSS("#filter-thema"), theme),
					chromedp.Click(chromedp.CSS("form.narrow button[type=submit]")),
				); err != nil {
					t.Fatal(err)
				}
				advisorWait(t, ctx, `location.search.includes("theme=`+theme+`")`)
				if got := advisorEval[string](t, ctx, `document.querySelector("#filter-thema").value`); got != theme {
					t.Errorf("theme select %q after narrowing, want %q", got, theme)
				}
				if got := advisorEval[string](t, ctx, `document.querySelector("p.summary").textContent`); !strings.Contains(got, "gevonden") {
					t.Errorf("summary %q", got)
				}
				checkAdvisorPage(t, ctx)

				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#op-zoekpagina"))); err != nil {
					t.Fatal(err)
				}
				advisorWait(t, ctx, `location.pathname === "/"`)
				u, err := url.Parse(advisorEval[string](t, ctx, `location.href`))
				if err != nil {
					t.Fatal(err)
				}
				if q := u.Query(); q.Get("theme") != theme || len(q["municipality"]) == 0 {
					t.Errorf("search page %s: want theme=%s and the comparable municipalities", u, theme)
				}
			})
			t.Run("case and similar case", func(t *testing.T) {
				advisorOpen(t, ctx, base+"/cases/"+id)
				h1 := advisorEval[string](t, ctx, `document.querySelector("h1").textContent`)
				facts := advisorEval[string](t, ctx, `document.querySelector(".facts").textContent`)
				if h1 == "" || !strings.Contains(facts, "Weesp (sinds 2022 Amsterdam)") || !strings.Contains(facts, " 2016") {
					t.Errorf("h1 %q, facts %q", h1, facts)
				}
				checkAdvisorPage(t, ctx)
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`section[aria-labelledby="vergelijkbare-kop"] li a`))); err != nil {
					t.Fatal(err)
				}
				advisorWait(t, ctx, `location.pathname.startsWith("/cases/") && location.pathname !== "/cases/`+id+`"`)
				if next := advisorEval[string](t, ctx, `document.querySelector("h1").textContent`); next == "" || next == h1 {
					t.Errorf("similar case h1 %q (first %q)", next, h1)
				}
				checkAdvisorPage(t, ctx)
			})
		})
	}
}

// checkAdvisorPage: axe finds nothing, the page has one h1 and does not
// scroll sideways.
func checkAdvisorPage(t *testing.T, ctx context.Context) {
	t.Helper()
	checkAxe(t, ctx)
	if n := advisorEval[int](t, ctx, `document.querySelectorAll("h1").length`); n != 1 {
		t.Errorf("%d h1 elements", n)
	}
	if advisorEval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`) {
		t.Errorf("the page scrolls sideways at %d px", advisorEval[int](t, ctx, `window.innerWidth`))
	}
}

// advisorOpen navigates the tab to u.
func advisorOpen(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
}

// advisorEval evaluates expr in the tab.
func advisorEval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// advisorWait waits until cond holds on a completely loaded page; errors
// while the tab navigates are retried.
func advisorWait(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && (`+cond+`)`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", cond, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// firstCaseAbout is the id of a case about the municipality with code.
func firstCaseAbout(t *testing.T, base, code string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/search?municipality=" + code)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || len(res.Hits) == 0 {
		t.Fatalf("no case about %s: %v", code, err)
	}
	return res.Hits[0].ID
}
