package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search"
)

func cmdSearch(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "search")
	indexDir := fs.String("index", "", "index directory (required)")
	asJSON := fs.Bool("json", false, "print the result as the API's JSON")
	var themes, municipalities stringList
	fs.Var(&themes, "theme", "filter on a theme slug (repeatable)")
	fs.Var(&municipalities, "municipality", "filter on a municipality code, e.g. GM0363 (repeatable)")
	size := fs.Int("size", casus.DefaultSize, "number of hits")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *indexDir == "" {
		return usageErrorf("--index is required")
	}
	v := url.Values{"q": {strings.Join(fs.Args(), " ")}, "theme": themes, "municipality": municipalities}
	v.Set("size", fmt.Sprint(*size))
	q, err := casus.ParseQuery(v)
	if err != nil {
		return usageErrorf("%v", err)
	}
	k, err := loadKnowledge()
	if err != nil {
		return err
	}
	live, err := search.OpenLive(*indexDir, k.searchOptions())
	if err != nil {
		return err
	}
	defer live.Close()
	res, err := live.Index().Search(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printResult(e.stdout, res)
	return nil
}

var markTag = regexp.MustCompile(`</?mark>`)

// plain turns highlighted HTML into one line of terminal text, matches in
// *stars*.
func plain(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(markTag.ReplaceAllString(s, "*"))), " ")
}

func printResult(w io.Writer, res casus.Result) {
	fmt.Fprintf(w, "%d cases", res.Total)
	if res.Query != "" {
		fmt.Fprintf(w, " voor %q", res.Query)
	}
	if res.Relaxed {
		fmt.Fprint(w, " (niet alle woorden gevonden)")
	}
	fmt.Fprintln(w)
	if res.Suggestion != nil {
		fmt.Fprintf(w, "Bedoelde u: %s?\n", *res.Suggestion)
	}
	for i, h := range res.Hits {
		meta := []string{}
		if !h.Date.IsZero() {
			meta = append(meta, h.Date.String())
		}
		meta = append(meta, h.SourceName)
		for _, m := range h.Municipalities {
			meta = append(meta, m.Name)
		}
		fmt.Fprintf(w, "\n%2d. %s\n    %s\n    %s\n    %s\n", i+1+(res.Page-1)*res.Size,
			plain(h.TitleHTML), strings.Join(meta, " · "), h.URL, plain(h.SnippetHTML))
	}
}
