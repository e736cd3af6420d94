package pgcompare

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/loadtest"
)

// skipComparable says why the comparable class is not run.
const skipComparable = "not a text search (municipality profiles and their similarity); PostgreSQL full-text search has no counterpart"

// Target answers the load test's requests from the loaded tables. Every
// answer is read whole into the casus result types, as the API would
// before encoding them.
type Target struct {
	pool *pgxpool.Pool
	docs int
}

// Name is "postgresql".
func (t *Target) Name() string { return "postgresql" }

// Skip leaves out the comparable class.
func (t *Target) Skip(c loadtest.Class) string {
	if c.Group == loadtest.GroupComparable {
		return skipComparable
	}
	return ""
}

// Prepare returns the ids of the n newest documents, as an empty search
// on casus lists them, and the number of documents.
func (t *Target) Prepare(ctx context.Context, n int) (loadtest.Corpus, error) {
	rows, err := t.pool.Query(ctx, prepareSQL, n)
	if err != nil {
		return loadtest.Corpus{}, wrap(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return loadtest.Corpus{}, wrap(err)
	}
	return loadtest.Corpus{IDs: ids, Docs: t.docs}, nil
}

// Do answers r.
func (t *Target) Do(ctx context.Context, r loadtest.Request) error {
	var err error
	switch r.Group {
	case loadtest.GroupSearch:
		_, err = t.Search(ctx, r)
	case loadtest.GroupSuggest:
		_, err = t.Suggest(ctx, r)
	case loadtest.GroupSimilar:
		_, err = t.Similar(ctx, r)
	default:
		return fmt.Errorf("postgres: class %s of group %s is not supported", r.Class, r.Group)
	}
	return err
}

// Search answers a search request: the page with headlines, the total and
// the facets, in one round trip.
func (t *Target) Search(ctx context.Context, r loadtest.Request) (casus.Result, error) {
	q, err := casus.ParseQuery(r.Params)
	if err != nil {
		return casus.Result{}, fmt.Errorf("postgres search: %w", err)
	}
	st, err := buildSearch(q)
	if err != nil {
		return casus.Result{}, fmt.Errorf("postgres search: %w", err)
	}
	b := &pgx.Batch{}
	b.Queue(st.page.sql, st.page.args...)
	b.Queue(st.count.sql, st.count.args...)
	b.Queue(st.facets.sql, st.facets.args...)
	br := t.pool.SendBatch(ctx, b)
	defer br.Close()
	res := casus.Result{Query: q.Text, Page: q.Page, Size: q.Size}
	rows, err := br.Query()
	if err != nil {
		return casus.Result{}, wrap(err)
	}
	if res.Hits, err = pgx.CollectRows(rows, scanHit); err != nil {
		return casus.Result{}, wrap(err)
	}
	if err := br.QueryRow().Scan(&res.Total); err != nil {
		return casus.Result{}, wrap(err)
	}
	rows, err = br.Query()
	if err != nil {
		return casus.Result{}, wrap(err)
	}
	facets, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (facetRow, error) {
		var f facetRow
		err := row.Scan(&f.facet, &f.value, &f.count)
		return f, err
	})
	if err != nil {
		return casus.Result{}, wrap(err)
	}
	res.Facets = foldFacets(facets, q)
	if err := br.Close(); err != nil {
		return casus.Result{}, wrap(err)
	}
	return res, nil
}

// Suggest answers a suggest request: index words starting with the last
// word typed, most frequent first, then case titles with such a word.
func (t *Target) Suggest(ctx context.Context, r loadtest.Request) (casus.Suggestions, error) {
	text, size, err := casus.ParseSuggest(r.Params)
	if err != nil {
		return casus.Suggestions{}, fmt.Errorf("postgres suggest: %w", err)
	}
	res := casus.Suggestions{Query: text, Suggestions: []casus.Suggestion{}}
	prefix, above, ok := prefixRange(text)
	if !ok {
		return res, nil
	}
	titles := min(suggestTitles, size/2)
	b := &pgx.Batch{}
	b.Queue(suggestSQL, prefix, above, size-titles)
	b.Queue(suggestTitlesSQL, prefix+":*A", titles)
	br := t.pool.SendBatch(ctx, b)
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return casus.Suggestions{}, wrap(err)
	}
	words, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return casus.Suggestions{}, wrap(err)
	}
	for _, w := range words {
		res.Suggestions = append(res.Suggestions, casus.Suggestion{Text: w, Kind: casus.SuggestTerm})
	}
	rows, err = br.Query()
	if err != nil {
		return casus.Suggestions{}, wrap(err)
	}
	docs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (casus.Suggestion, error) {
		s := casus.Suggestion{Kind: casus.SuggestDocument}
		err := row.Scan(&s.ID, &s.Text)
		return s, err
	})
	if err != nil {
		return casus.Suggestions{}, wrap(err)
	}
	res.Suggestions = append(res.Suggestions, docs...)
	if err := br.Close(); err != nil {
		return casus.Suggestions{}, wrap(err)
	}
	return res, nil
}

// Similar answers a similar request for the document r.ID.
func (t *Target) Similar(ctx context.Context, r loadtest.Request) (casus.SimilarResult, error) {
	size, err := casus.ParseSize(r.Params, casus.DefaultSimilarSize)
	if err != nil {
		return casus.SimilarResult{}, fmt.Errorf("postgres similar: %w", err)
	}
	rows, err := t.pool.Query(ctx, similarSQL, r.ID, float64(max(t.docs, 1)), similarTerms, size)
	if err != nil {
		return casus.SimilarResult{}, wrap(err)
	}
	hits, err := pgx.CollectRows(rows, scanHit)
	if err != nil {
		return casus.SimilarResult{}, wrap(err)
	}
	return casus.SimilarResult{Hits: hits}, nil
}

// scanHit reads a row of hitColumns.
func scanHit(row pgx.CollectableRow) (casus.Hit, error) {
	var (
		h    casus.Hit
		date pgtype.Date
	)
	err := row.Scan(&h.ID, &h.URL, &h.Title, &h.TitleHTML, &h.SnippetHTML, &date, &h.Source, &h.SourceName,
		&h.Municipalities, &h.Themes, &h.Domains, &h.Score)
	if err != nil {
		return casus.Hit{}, err
	}
	if date.Valid {
		h.Date = casus.NewDate(date.Time.Date())
	}
	return h, nil
}

// Error is a failed PostgreSQL request; its kind names the SQLSTATE.
type Error struct{ Err error }

// Error is the underlying error's, prefixed "postgres".
func (e *Error) Error() string { return "postgres: " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Kind is "postgres" and the SQLSTATE when the server sent one, such as
// "postgres 57014" for a cancelled statement.
func (e *Error) Kind() string {
	var pe *pgconn.PgError
	if errors.As(e.Err, &pe) {
		return "postgres " + pe.Code
	}
	return "postgres"
}

func wrap(err error) error { return &Error{Err: err} }
