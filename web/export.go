package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/contract"
	"github.com/casus-nl/casus/search/textfold"
)

// MaxExportRows bounds the cases of one CSV download: the result list is
// read from the backend a page of casus.MaxSize at a time until it ends or
// this many cases are written.
const MaxExportRows = 1000

// exportHeader is the first row of a CSV download.
var exportHeader = []string{"titel", "datum", "bron", "url", "gemeenten", "thema's", "domeinen"}

// utf8BOM makes Excel read the file as UTF-8.
const utf8BOM = "\ufeff"

// serveExport answers /export.csv with the result list of the same
// parameters as the search page (q, theme, municipality, domain, year,
// source, from, to, sort; page and size are ignored): UTF-8 with a byte
// order mark and ";" between fields, as Dutch Excel opens it, at most
// MaxExportRows cases. A bad parameter is a 400 in plain Dutch text.
func (a *advisor) serveExport(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	v.Del("page")
	v.Del("size")
	q, err := casus.ParseQuery(v)
	if err == nil {
		err = contract.CheckDates(q)
	}
	var body []byte
	if err == nil {
		body, err = a.exportCSV(r.Context(), q)
	}
	if err != nil {
		status, msg := exportError(err)
		if status == http.StatusInternalServerError {
			a.h.logger.Error("csv export failed", "err", err)
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		_, _ = fmt.Fprintln(w, msg)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportFileName(q)+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(body)
}

// exportCSV pages through q's results and writes them as CSV.
func (a *advisor) exportCSV(ctx context.Context, q casus.Query) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(exportHeader); err != nil {
		return nil, err
	}
	q.Size, q.Explain = casus.MaxSize, false
	rows := 0
	for q.Page = 1; q.Page <= casus.MaxPage && rows < MaxExportRows; q.Page++ {
		res, err := a.h.searcher.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if rows == MaxExportRows {
				break
			}
			if err := cw.Write(a.exportRow(h)); err != nil {
				return nil, err
			}
			rows++
		}
		if len(res.Hits) < q.Size || q.Page*q.Size >= res.Total {
			break
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}

// exportRow is the CSV row of one case.
func (a *advisor) exportRow(h casus.Hit) []string {
	var places, themes, domains []string
	for _, m := range h.Municipalities {
		places = append(places, a.municipalityLabel(m))
	}
	for _, t := range h.Themes {
		themes = append(themes, a.themeLabel(t))
	}
	for _, d := range h.Domains {
		domains = append(domains, a.domainLabel(d))
	}
	date := ""
	if !h.Date.IsZero() {
		date = h.Date.String()
	}
	return []string{
		cell(h.Title), date, cell(h.SourceName), cell(h.URL),
		cell(strings.Join(places, ", ")), cell(strings.Join(themes, ", ")), cell(strings.Join(domains, ", ")),
	}
}

// cell defuses text a spreadsheet would take for a formula (a title
// starting with "=", "+", "-" or "@") by a leading apostrophe.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportFileName names the download after the query's words:
// "casus-jeugdzorg-dalfsen.csv", "casus-cases.csv" without words.
func exportFileName(q casus.Query) string {
	words := textfold.Words(q.Text)
	var b strings.Builder
	b.WriteString("casus")
	for _, w := range words {
		var part strings.Builder
		for _, r := range w {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				part.WriteRune(r)
			}
		}
		if part.Len() == 0 || b.Len()+part.Len() > 60 {
			continue
		}
		b.WriteString("-" + part.String())
	}
	if b.Len() == len("casus") {
		b.WriteString("-cases")
	}
	return b.String() + ".csv"
}

// exportError is the status and Dutch message of a failed download.
func exportError(err error) (int, string) {
	var dateErr *contract.DateRangeError
	switch {
	case errors.Is(err, context.Canceled):
		return contract.StatusClientClosedRequest, "De download is afgebroken."
	case errors.As(err, &dateErr):
		return http.StatusBadRequest, dateRangeMessage(dateErr)
	case errors.Is(err, casus.ErrInvalid):
		return http.StatusBadRequest, invalidErrorMessage(err)
	case errors.Is(err, casus.ErrUnavailable):
		return http.StatusServiceUnavailable, "De index wordt nog opgebouwd. Probeer het zo opnieuw."
	default:
		return http.StatusInternalServerError, "Er ging iets mis bij het maken van de download. Probeer het later opnieuw."
	}
}
