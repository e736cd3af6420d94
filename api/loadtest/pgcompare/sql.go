package pgcompare

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casus-nl/casus"
)

// The tables of the comparison. Loading drops and creates both.
const (
	tableDocs  = "casus_docs"
	tableWords = "casus_words"
)

// Bounds and options of the queries.
const (
	// maxFacetValues bounds the values listed per facet, as casus does.
	maxFacetValues = 500
	// suggestTitles is how many case titles a suggestion lists at most,
	// after the words.
	suggestTitles = 3
	// similarTerms is how many of a document's terms make the query for
	// its similar cases.
	similarTerms = 12
	// headlineOptions make ts_headline mark words as casus does and cut
	// a snippet of about casus's 200 characters.
	headlineOptions = "StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15"
	// titleHeadlineOptions mark the whole title.
	titleHeadlineOptions = "StartSel=<mark>, StopSel=</mark>, HighlightAll=true"
	// plainSnippetRunes is the snippet of a search without text: the start
	// of the body.
	plainSnippetRunes = 200
)

// schemaSQL creates the documents table. The tsvector is a generated
// column: the title weighted A, the body B, both with the dutch
// configuration. municipalities holds every code a case counts under: its
// own and, for a merged municipality, its successor's.
var schemaSQL = []string{
	`DROP TABLE IF EXISTS ` + tableWords,
	`DROP TABLE IF EXISTS ` + tableDocs,
	`CREATE TABLE ` + tableDocs + ` (
		id text NOT NULL,
		url text NOT NULL,
		source text NOT NULL,
		source_name text NOT NULL,
		title text NOT NULL,
		date date,
		year int GENERATED ALWAYS AS (extract(year FROM date)::int) STORED,
		body text NOT NULL,
		municipalities text[] NOT NULL,
		refs jsonb NOT NULL,
		themes text[] NOT NULL,
		domains text[] NOT NULL,
		tsv tsvector GENERATED ALWAYS AS (
			setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('dutch', body), 'B')) STORED
	)`,
}

// copyColumns are the columns COPY fills, in the order of docRow.
var copyColumns = []string{"id", "url", "source", "source_name", "title", "date", "body",
	"municipalities", "refs", "themes", "domains"}

// indexSQL creates the indexes after the data is in: a GIN index on the
// tsvector and on the array facets, btrees on the rest.
var indexSQL = []string{
	`ALTER TABLE ` + tableDocs + ` ADD PRIMARY KEY (id)`,
	`CREATE INDEX ` + tableDocs + `_tsv ON ` + tableDocs + ` USING gin (tsv)`,
	`CREATE INDEX ` + tableDocs + `_municipalities ON ` + tableDocs + ` USING gin (municipalities)`,
	`CREATE INDEX ` + tableDocs + `_themes ON ` + tableDocs + ` USING gin (themes)`,
	`CREATE INDEX ` + tableDocs + `_domains ON ` + tableDocs + ` USING gin (domains)`,
	`CREATE INDEX ` + tableDocs + `_date ON ` + tableDocs + ` (date DESC NULLS LAST, id)`,
	`CREATE INDEX ` + tableDocs + `_source ON ` + tableDocs + ` (source)`,
	`CREATE INDEX ` + tableDocs + `_year ON ` + tableDocs + ` (year)`,
}

// analyzeSQL gathers statistics and derives the word table for suggest
// and similar: every lexeme of the index with its document count, from
// ts_stat, with a text_pattern_ops btree for prefix ranges. The words are
// Dutch stems ("organisatie", "gemeent"), as stored in the tsvector.
var analyzeSQL = []string{
	`ANALYZE ` + tableDocs,
	`CREATE TABLE ` + tableWords + ` AS SELECT word, ndoc FROM ts_stat('SELECT tsv FROM ` + tableDocs + `')`,
	`CREATE INDEX ` + tableWords + `_word ON ` + tableWords + ` (word text_pattern_ops)`,
	`ANALYZE ` + tableWords,
}

// hitColumns are the columns of a page of hits, in the order scanHit reads.
const hitColumns = `d.id, d.url, d.title, %s, %s, d.date, d.source, d.source_name, d.refs, d.themes, d.domains, %s`

// args collects the parameters of a statement and names their placeholders.
type args []any

// add appends v and returns its placeholder, such as "$3".
func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// The facets of casus, as named in the API and in Result.Facets.
const (
	facetMunicipality = "municipality"
	facetTheme        = "theme"
	facetDomain       = "domain"
	facetSource       = "source"
	facetYear         = "year"
	// filterDate is the from/to range, which every facet count obeys.
	filterDate = "date"
)

// facetOrder is the order facets are counted in; filterOrder adds the
// date range.
var (
	facetOrder  = [...]string{facetMunicipality, facetTheme, facetDomain, facetSource, facetYear}
	filterOrder = [...]string{facetMunicipality, facetTheme, facetDomain, facetSource, facetYear, filterDate}
)

// filters are the WHERE conditions of a query's filters by facet, with
// their parameters already in the args they were built with.
type filters map[string]string

// buildFilters turns the filters of q into conditions on the columns of
// the documents table (or a relation with the same column names): values
// of one facet ORed (array overlap or ANY), facets ANDed by where.
func buildFilters(q casus.Query, a *args) (filters, error) {
	f := filters{}
	if len(q.Municipalities) > 0 {
		f[facetMunicipality] = "municipalities && " + a.add(q.Municipalities) + "::text[]"
	}
	if len(q.Themes) > 0 {
		f[facetTheme] = "themes && " + a.add(q.Themes) + "::text[]"
	}
	if len(q.Domains) > 0 {
		f[facetDomain] = "domains && " + a.add(q.Domains) + "::text[]"
	}
	if len(q.Sources) > 0 {
		f[facetSource] = "source = ANY(" + a.add(q.Sources) + "::text[])"
	}
	if len(q.Years) > 0 {
		years := make([]int32, len(q.Years))
		for i, y := range q.Years {
			n, err := strconv.ParseInt(y, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("year %q: %w", y, err)
			}
			years[i] = int32(n)
		}
		f[facetYear] = "year = ANY(" + a.add(years) + "::int[])"
	}
	var date []string
	if !q.From.IsZero() {
		date = append(date, "date >= "+a.add(q.From.Time())+"::date")
	}
	if !q.To.IsZero() {
		date = append(date, "date <= "+a.add(q.To.Time())+"::date")
	}
	if len(date) > 0 {
		f[filterDate] = strings.Join(date, " AND ")
	}
	return f, nil
}

// where returns the conditions of every filter but except's, each
// preceded by " AND ", in a fixed order.
func (f filters) where(except string) string {
	var b strings.Builder
	for _, k := range filterOrder {
		if c, ok := f[k]; ok && k != except {
			b.WriteString(" AND ")
			b.WriteString(c)
		}
	}
	return b.String()
}

// statement is one SQL statement with its parameters.
type statement struct {
	sql  string
	args []any
}

// searchStatements are the three statements of a search: the page of
// hits with headlines, the total, and the facet counts.
type searchStatements struct {
	page, count, facets statement
}

// buildSearch returns the statements that answer q as /api/v1/search
// does: matches of websearch_to_tsquery('dutch', q) ranked by ts_rank_cd
// (or newest first), ts_headline for the page only, the total, and
// disjunctive facet counts (each facet ignores its own filter).
func buildSearch(q casus.Query) (searchStatements, error) {
	var a args
	text, from := "", tableDocs
	if q.Text != "" {
		text = a.add(q.Text)
		from = tableDocs + ", websearch_to_tsquery('dutch', " + text + ") AS tq"
	}
	f, err := buildFilters(q, &a)
	if err != nil {
		return searchStatements{}, err
	}
	match := "true"
	if text != "" {
		match = "tsv @@ tq"
	}
	var s searchStatements
	shared := slices.Clone(a)

	s.count = statement{sql: "SELECT count(*) FROM " + from + " WHERE " + match + f.where(""), args: shared}

	var fb strings.Builder
	fb.WriteString("WITH m AS MATERIALIZED (SELECT municipalities, themes, domains, source, year, date FROM " +
		from + " WHERE " + match + ")\n")
	for i, facet := range facetOrder {
		if i > 0 {
			fb.WriteString("UNION ALL ")
		}
		switch facet {
		case facetSource:
			fb.WriteString("SELECT 'source', source, count(*) FROM m WHERE true" + f.where(facet) + " GROUP BY source\n")
		case facetYear:
			fb.WriteString("SELECT 'year', year::text, count(*) FROM m WHERE year IS NOT NULL" + f.where(facet) + " GROUP BY year\n")
		default:
			col := map[string]string{facetMunicipality: "municipalities", facetTheme: "themes", facetDomain: "domains"}[facet]
			fmt.Fprintf(&fb, "SELECT '%s', v, count(*) FROM m, unnest(m.%s) AS v WHERE true%s GROUP BY v\n", facet, col, f.where(facet))
		}
	}
	s.facets = statement{sql: fb.String(), args: shared}

	page, size := max(q.Page, 1), q.Size
	if size <= 0 {
		size = casus.DefaultSize
	}
	limit, offset := a.add(int32(size)), a.add(int32((page-1)*size))
	if text == "" {
		cols := fmt.Sprintf(hitColumns, "d.title", fmt.Sprintf("left(d.body, %d)", plainSnippetRunes), "0::float8")
		s.page = statement{sql: "SELECT " + cols + " FROM " + tableDocs + " d WHERE true" + f.where("") +
			" ORDER BY d.date DESC NULLS LAST, d.id LIMIT " + limit + " OFFSET " + offset, args: a}
		return s, nil
	}
	inner, order := "ts_rank_cd(tsv, tq)", "p.rank DESC, p.id"
	if q.EffectiveSort() == casus.SortDate {
		inner, order = "date", "p.rank DESC NULLS LAST, p.id"
	}
	cols := fmt.Sprintf(hitColumns,
		"ts_headline('dutch', d.title, p.tq, '"+titleHeadlineOptions+"')",
		"ts_headline('dutch', d.body, p.tq, '"+headlineOptions+"')",
		"ts_rank_cd(d.tsv, p.tq)::float8")
	s.page = statement{sql: "SELECT " + cols + " FROM (SELECT id, tq, " + inner + " AS rank FROM " + from +
		" WHERE " + match + f.where("") + " ORDER BY rank DESC NULLS LAST, id LIMIT " + limit + " OFFSET " + offset +
		") p JOIN " + tableDocs + " d ON d.id = p.id ORDER BY " + order, args: a}
	return s, nil
}

// facetRow is one row of the facet statement.
type facetRow struct {
	facet, value string
	count        int
}

// foldFacets turns facet rows into the facet lists of a result: per facet
// by count, most first (years newest first), at most maxFacetValues,
// with the selected values of q marked and always listed.
func foldFacets(rows []facetRow, q casus.Query) casus.Facets {
	lists := map[string][]casus.FacetValue{}
	for _, r := range rows {
		lists[r.facet] = append(lists[r.facet], casus.FacetValue{Value: r.value, Label: r.value, Count: r.count})
	}
	selected := map[string][]string{facetMunicipality: q.Municipalities, facetTheme: q.Themes,
		facetDomain: q.Domains, facetSource: q.Sources, facetYear: q.Years}
	for facet, values := range selected {
		list := lists[facet]
		for _, v := range values {
			i := slices.IndexFunc(list, func(fv casus.FacetValue) bool { return fv.Value == v })
			if i < 0 {
				list = append(list, casus.FacetValue{Value: v, Label: v})
				i = len(list) - 1
			}
			list[i].Selected = true
		}
		lists[facet] = list
	}
	for facet, list := range lists {
		slices.SortFunc(list, func(a, b casus.FacetValue) int {
			if facet == facetYear {
				return cmp.Compare(b.Value, a.Value)
			}
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
		})
		if len(list) > maxFacetValues {
			kept := list[:maxFacetValues]
			for _, fv := range list[maxFacetValues:] {
				if fv.Selected {
					kept = append(kept, fv)
				}
			}
			list = kept
		}
		lists[facet] = list
	}
	orEmpty := func(l []casus.FacetValue) []casus.FacetValue {
		if l == nil {
			return []casus.FacetValue{}
		}
		return l
	}
	return casus.Facets{
		Municipality: orEmpty(lists[facetMunicipality]),
		Theme:        orEmpty(lists[facetTheme]),
		Domain:       orEmpty(lists[facetDomain]),
		Source:       orEmpty(lists[facetSource]),
		Year:         orEmpty(lists[facetYear]),
	}
}

// suggestSQL lists the most frequent index words starting with a prefix:
// a range on the text_pattern_ops btree, so the plan does not depend on
// the parameter.
const suggestSQL = `SELECT word FROM ` + tableWords + ` WHERE word ~>=~ $1 AND word ~<~ $2 ORDER BY ndoc DESC, word LIMIT $3`

// suggestTitlesSQL lists cases whose title (weight A) has a word starting
// with the prefix, through the GIN index: to_tsquery('dutch', 'jeug:*A').
const suggestTitlesSQL = `SELECT id, title FROM ` + tableDocs + ` WHERE tsv @@ to_tsquery('dutch', $1) LIMIT $2`

// prefixRange returns the folded prefix of a typed text (lower case,
// letters and digits of its last word) and the smallest string above
// every string starting with it; ok is false when nothing is left.
func prefixRange(text string) (prefix, above string, ok bool) {
	fields := strings.Fields(strings.ToLower(text))
	if len(fields) == 0 {
		return "", "", false
	}
	prefix = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, fields[len(fields)-1])
	if prefix == "" {
		return "", "", false
	}
	last, n := utf8.DecodeLastRuneInString(prefix)
	return prefix, prefix[:len(prefix)-n] + string(last+1), true
}

// similarSQL finds the cases most like one document: its similarTerms
// terms with the highest tf·idf (term frequency from the tsvector's
// positions, document frequency from the word table) ORed into a tsquery,
// and the other documents matching it ranked by ts_rank_cd. $1 is the
// id, $2 the number of documents, $3 the number of terms, $4 the size.
const similarSQL = `WITH src AS (SELECT tsv FROM ` + tableDocs + ` WHERE id = $1),
terms AS (
	SELECT u.lexeme FROM src CROSS JOIN LATERAL unnest(src.tsv) AS u JOIN ` + tableWords + ` w ON w.word = u.lexeme
	ORDER BY coalesce(array_length(u.positions, 1), 1) * ln($2::float8 / w.ndoc) DESC, u.lexeme
	LIMIT $3
),
sq AS (SELECT string_agg('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''', ' | ')::tsquery AS q FROM terms)
SELECT d.id, d.url, d.title, d.title, '', d.date, d.source, d.source_name, d.refs, d.themes, d.domains,
	ts_rank_cd(d.tsv, sq.q)::float8 AS rank
FROM ` + tableDocs + ` d, sq WHERE d.tsv @@ sq.q AND d.id <> $1 ORDER BY rank DESC, d.id LIMIT $4`

// prepareSQL lists the newest documents, as an empty search on casus
// does, for the similar class.
const prepareSQL = `SELECT id FROM ` + tableDocs + ` ORDER BY date DESC NULLS LAST, id LIMIT $1`

// countSQL counts the documents.
const countSQL = `SELECT count(*) FROM ` + tableDocs
