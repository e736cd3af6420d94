package admin

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/casus-nl/casus/search/analytics"
)

// SynonymLines bounds the synonym suggestions on the page.
const SynonymLines = 10

// synonymLine is a suggested line for search/synonyms.yaml.
type synonymLine struct {
	Query, Near string
	Zero        int
}

// YAML is the line to add under groups:.
func (s synonymLine) YAML() string {
	return "  - [" + yamlItem(s.Query) + ", " + yamlItem(s.Near) + "]"
}

// yamlItem quotes a flow sequence item when it needs it.
func yamlItem(s string) string {
	if strings.ContainsAny(s, ",[]{}:#&*!|>'\"%@`") || s == "" {
		return strconv.Quote(s)
	}
	return s
}

// pageData is what the admin page shows.
type pageData struct {
	Status   Status
	Day      analytics.Report
	Week     analytics.Report
	Synonyms []synonymLine
	Now      time.Time
}

// synonyms suggests, for the most frequent zero-result queries of the week,
// a known word near each: the "did you mean" the search offered, or else
// what Nearest finds.
func (h *handler) synonyms(ctx context.Context, week analytics.Report) []synonymLine {
	var out []synonymLine
	for _, row := range week.ZeroResults {
		if len(out) == SynonymLines {
			break
		}
		if row.Query == "" {
			continue
		}
		near := row.Suggestion
		if near == "" && h.cfg.Nearest != nil {
			near = h.cfg.Nearest(ctx, row.Query)
		}
		if near == "" || strings.EqualFold(near, row.Query) {
			continue
		}
		out = append(out, synonymLine{Query: row.Query, Near: near, Zero: row.Zero})
	}
	return out
}

func (h *handler) page(w http.ResponseWriter, r *http.Request) {
	data := pageData{Status: h.cfg.Status(r.Context()), Now: time.Now()}
	var err error
	if data.Day, err = h.reportOf(analytics.WindowDay); err == nil {
		data.Week, err = h.reportOf(analytics.WindowWeek)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	data.Synonyms = h.synonyms(r.Context(), data.Week)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pageTmpl.Execute(w, data); err != nil {
		h.cfg.Logger.Warn("admin page", "err", err)
	}
}

func (h *handler) reportOf(window string) (analytics.Report, error) {
	r, _ := http.NewRequest(http.MethodGet, "/admin/analytics?window="+window, nil)
	return h.report(r)
}

// writeLoginHelp answers GET /admin/ without the token: how to open it.
func writeLoginHelp(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusUnauthorized)
	_ = helpTmpl.Execute(w, "http://"+r.Host+"/admin/")
}

// table is one list of queries on the page.
type table struct {
	Title, Label string
	Rows         []tableRow
}

type tableRow struct {
	Query, Filters string
	N, Hits        int
}

var labels = map[string]string{"searches": "keer", "zero": "zonder resultaat", "relaxed": "verruimd"}

var funcs = template.FuncMap{
	"tijd": func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return "–"
		}
		return t.Local().Format("2-1-2006 15:04:05")
	},
	"filters": func(f string) string {
		if f == "" {
			return ""
		}
		return " [" + f + "]"
	},
	"ptr": func(t time.Time) *time.Time { return &t },
	"rows": func(title string, rows []analytics.Row, by string) table {
		t := table{Title: title, Label: labels[by]}
		for _, r := range rows {
			n := r.Searches
			switch by {
			case "zero":
				n = r.Zero
			case "relaxed":
				n = r.Relaxed
			}
			t.Rows = append(t.Rows, tableRow{Query: r.Query, Filters: r.Filters, N: n, Hits: r.Hits})
		}
		return t
	},
	"woorden": func(q string) string {
		if q == "" {
			return "(geen woorden, alleen filters)"
		}
		return q
	},
}

const style = `<style>
body{font-family:system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border-bottom:1px solid #ddd;padding:.2rem .6rem;text-align:left}
td.n,th.n{text-align:right}pre{background:#f4f4f4;padding:.6rem;overflow:auto}.fout{color:#a00}
section{display:inline-block;vertical-align:top;margin-right:2rem}
</style>`

var helpTmpl = template.Must(template.New("help").Parse(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>casus beheer: token nodig</title>` + style + `</head><body>
<h1>casus beheer</h1>
<p>Deze pagina vraagt het beheertoken (het bestand van <code>--admin-token-file</code>) in de kop
<code>Authorization: Bearer &lt;token&gt;</code>. Een browser stuurt die kop niet vanzelf; er is bewust
geen inlogformulier of cookie.</p>
<p>Zo opent u de pagina:</p>
<ul>
<li>met curl, en open het bestand daarna in de browser:
<pre>curl -sS -H "Authorization: Bearer $(cat /etc/casus/admin-token)" {{.}} &gt; casus-beheer.html</pre></li>
<li>of met een browserextensie die een kop toevoegt (zoals ModHeader), alleen voor dit adres:
kop <code>Authorization</code>, waarde <code>Bearer &lt;token&gt;</code>.</li>
<li>Op een andere machine: maak eerst een SSH-tunnel, bijvoorbeeld
<code>ssh -L 8081:127.0.0.1:8081 server</code>, en gebruik dan http://127.0.0.1:8081/admin/.</li>
</ul>
<p>De gegevens zijn ook als JSON op te vragen: <code>/admin/status</code> en
<code>/admin/analytics?window=day</code> (of <code>week</code>); een crawl start met
<code>curl -X POST -H "Authorization: Bearer …" …/admin/crawl</code>.</p>
</body></html>
`))

var pageTmpl = template.Must(template.New("page").Funcs(funcs).Parse(`<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>casus beheer</title>` + style + `</head><body>
<h1>casus beheer</h1>
{{with .Status}}
<h2>Index</h2>
<p>Live generatie: <strong>{{if .Generation}}{{.Generation}}{{else}}nog geen{{end}}</strong>, {{.Documents}} documenten.</p>
<h2>Crawls</h2>
<p>{{if .Crawl.Every}}Elke {{.Crawl.Every}}; volgende: {{tijd .Crawl.Next}}.{{else}}Geen geplande crawls in deze server (cron of systemd-timer met <code>casus crawl</code>?).{{end}}
{{if .Crawl.Running}} Er loopt een crawl sinds {{tijd .Crawl.Since}}.{{end}}</p>
{{with .Crawl.Last}}
<p>Laatste crawl ({{.Trigger}}): {{tijd (.Start|ptr)}} tot {{tijd (.End|ptr)}}, {{.Duration}}.
{{if .Error}}<span class="fout">Mislukt: {{.Error}}</span>{{else if .Live}}De index is bijgewerkt.{{else}}Niets veranderd.{{end}}</p>
<table><tr><th class="n">opgehaald</th><th class="n">nieuw</th><th class="n">bijgewerkt</th><th class="n">ongewijzigd</th><th class="n">verwijderd</th><th class="n">overgeslagen</th><th class="n">fouten</th></tr>
<tr><td class="n">{{.Fetched}}</td><td class="n">{{.New}}</td><td class="n">{{.Updated}}</td><td class="n">{{.Unchanged}}</td><td class="n">{{.Removed}}</td><td class="n">{{.Skipped}}</td><td class="n">{{.Errors}}</td></tr></table>
{{else}}<p>Nog geen crawl bekend.</p>{{end}}
<p>Nu crawlen: <code>curl -X POST -H "Authorization: Bearer …" http://…/admin/crawl</code></p>
{{end}}
<h2>Zoekvragen</h2>
<p>Vandaag (UTC): {{.Day.Searches}} zoekopdrachten, {{.Day.Zero}} zonder resultaat, {{.Day.Relaxed}} verruimd, {{.Day.Clicks}} keer een casus geopend.
Afgelopen week ({{.Week.From}} t/m {{.Week.To}}): {{.Week.Searches}} zoekopdrachten, {{.Week.Zero}} zonder resultaat, {{.Week.Relaxed}} verruimd, {{.Week.Clicks}} keer geopend.
{{if .Week.Dropped}}({{.Week.Dropped}} zoekopdrachten niet bewaard: te veel verschillende vragen op één dag.){{end}}</p>
{{with .Synonyms}}
<h3>Voorstel voor synoniemen</h3>
<p>Vaak gezocht zonder resultaat, met een bekend woord dat erop lijkt. Klopt het, voeg de regel dan toe onder
<code>groups:</code> in <code>search/synonyms.yaml</code> (of vul een bestaande groep aan):</p>
<pre>{{range .}}{{.YAML}}   # {{.Zero}}× zonder resultaat
{{end}}</pre>
{{end}}
{{template "rows" (rows "Meest gezocht (week)" .Week.Top "searches")}}
{{template "rows" (rows "Zonder resultaat (week)" .Week.ZeroResults "zero")}}
{{template "rows" (rows "Alleen verruimd gevonden (week)" .Week.RelaxedResults "relaxed")}}
{{template "rows" (rows "Gevonden, maar niets geopend (week)" .Week.NoClick "searches")}}
<p><small>Bewaard per dag: de zoekvraag (kleine letters), de filters, aantallen. Geen IP-adressen, geen browsergegevens, geen tijdstippen.</small></p>
</body></html>
{{define "rows"}}<section><h3>{{.Title}}</h3>{{if .Rows}}<table><tr><th>zoekvraag</th><th class="n">{{.Label}}</th><th class="n">treffers</th></tr>
{{range .Rows}}<tr><td>{{woorden .Query}}{{filters .Filters}}</td><td class="n">{{.N}}</td><td class="n">{{.Hits}}</td></tr>
{{end}}</table>{{else}}<p>Geen.</p>{{end}}</section>{{end}}
`))
