// Package pgcompare answers the load test's query mix with PostgreSQL
// full-text search over the same corpus, so casus can be compared with the
// obvious alternative on the same machine.
//
// The corpus (casus.Document values, as written by casus crawl --out or
// casus bench gen) goes into one table with a generated tsvector column
// (title weighted A, body B, the dutch configuration) and a GIN index.
// Searches use websearch_to_tsquery('dutch', q), rank with ts_rank_cd,
// headline the returned page with ts_headline and count facets with GROUP
// BY over array columns, disjunctively as casus does. Suggest is a prefix
// range over a word table derived from ts_stat (Dutch stems) plus title
// prefixes (to_tsquery('dutch', 'jeug:*A')); similar ORs a document's top
// tf·idf terms and ranks with ts_rank_cd; comparable is not a text search
// and is skipped.
//
// What PostgreSQL does not do here, so its figures are for less work:
// typo tolerance, did-you-mean, compound splitting, synonyms, any-word
// relaxation, proximity and recency boosts, facet labels and HTML escaping
// of snippets. It is a cost comparison, not a relevance comparison.
package pgcompare

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/casus-nl/casus"
)

// Connection bounds.
const (
	// connectTimeout bounds connecting when the DSN sets no timeout, so an
	// unreachable server is reported quickly.
	connectTimeout = 5 * time.Second
	// minConns keeps one connection open between load and run.
	minConns = 1
)

// Store is a connection pool to the PostgreSQL of the comparison.
type Store struct {
	pool *pgxpool.Pool
}

// CheckDSN parses dsn (a URL or key=value string; empty takes libpq's
// PG* environment defaults) and accepts it only when every host is a Unix
// socket directory or a loopback address: the comparison runs on this
// machine.
func CheckDSN(dsn string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres dsn: %w", err)
	}
	hosts := []string{cfg.ConnConfig.Host}
	for _, fb := range cfg.ConnConfig.Fallbacks {
		hosts = append(hosts, fb.Host)
	}
	for _, h := range hosts {
		if strings.HasPrefix(h, "/") || h == "localhost" {
			continue
		}
		if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("postgres dsn: host %q is not a Unix socket or a loopback address", h)
		}
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	return cfg, nil
}

// Open connects to dsn with up to maxConns connections and checks that
// the server answers.
func Open(ctx context.Context, dsn string, maxConns int) (*Store, error) {
	cfg, err := CheckDSN(dsn)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = int32(max(maxConns, minConns))
	cfg.MinConns = minConns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &Store{pool: pool}, nil
}

// Close closes the pool.
func (s *Store) Close() { s.pool.Close() }

// Version returns the server's version, such as "15.18 (Debian ...)".
func (s *Store) Version(ctx context.Context) (string, error) {
	var v string
	if err := s.pool.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "", fmt.Errorf("postgres version: %w", err)
	}
	return v, nil
}

// LoadStats says how long each step of a load took.
type LoadStats struct {
	Docs    int
	Create  time.Duration // drop and create the table
	Copy    time.Duration // COPY, with the tsvector computed per row
	Index   time.Duration // primary key, GIN and btree indexes
	Analyze time.Duration // ANALYZE and the word table
	Total   time.Duration
}

// Load replaces the comparison's tables with the documents received from
// batches (one COPY per batch) until it is closed, then creates the
// indexes and the word table and analyzes. A failed load leaves the tables
// as far as they got; load again.
func (s *Store) Load(ctx context.Context, batches <-chan []casus.Document) (LoadStats, error) {
	var st LoadStats
	start := time.Now()
	if err := s.exec(ctx, schemaSQL); err != nil {
		return st, err
	}
	st.Create = time.Since(start)
	t := time.Now()
	for {
		var batch []casus.Document
		var ok bool
		select {
		case batch, ok = <-batches:
		case <-ctx.Done():
			return st, fmt.Errorf("postgres load: %w", ctx.Err())
		}
		if !ok {
			break
		}
		n, err := s.pool.CopyFrom(ctx, pgx.Identifier{tableDocs}, copyColumns, pgx.CopyFromSlice(len(batch), func(i int) ([]any, error) {
			return docRow(batch[i])
		}))
		st.Docs += int(n)
		if err != nil {
			return st, fmt.Errorf("postgres copy after %d documents: %w", st.Docs, err)
		}
	}
	st.Copy = time.Since(t)
	t = time.Now()
	if err := s.exec(ctx, indexSQL); err != nil {
		return st, err
	}
	st.Index = time.Since(t)
	t = time.Now()
	if err := s.exec(ctx, analyzeSQL); err != nil {
		return st, err
	}
	st.Analyze = time.Since(t)
	st.Total = time.Since(start)
	return st, nil
}

// exec runs statements one after the other.
func (s *Store) exec(ctx context.Context, stmts []string) error {
	for _, sql := range stmts {
		if _, err := s.pool.Exec(ctx, sql); err != nil {
			first, _, _ := strings.Cut(strings.TrimSpace(sql), "\n")
			return fmt.Errorf("postgres: %s: %w", first, err)
		}
	}
	return nil
}

// docRow is the COPY row of d, in the order of copyColumns.
func docRow(d casus.Document) ([]any, error) {
	refs, err := json.Marshal(orEmpty(d.Municipalities))
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", d.ID, err)
	}
	return []any{d.ID, d.URL, d.Source, d.SourceName, d.Title,
		pgtype.Date{Time: d.Date.Time(), Valid: !d.Date.IsZero()}, d.Body,
		municipalityCodes(d.Municipalities), json.RawMessage(refs),
		orEmpty(d.Themes), orEmpty(d.Domains)}, nil
}

// municipalityCodes lists the codes a case counts under: each
// municipality's own and its current successor's, once each.
func municipalityCodes(refs []casus.MunicipalityRef) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, r := range refs {
		for _, c := range []string{r.Code, r.CurrentCode} {
			if c != "" && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// orEmpty returns s, or an empty slice for nil: the array columns are NOT
// NULL.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ErrNotLoaded is returned by Target when the comparison's tables are
// missing.
var ErrNotLoaded = errors.New("the PostgreSQL comparison tables are missing; load the corpus first (casus bench pg --in FILE.jsonl)")

// Target returns the load-test target on the loaded tables.
func (s *Store) Target(ctx context.Context) (*Target, error) {
	var docs, words *string
	if err := s.pool.QueryRow(ctx, "SELECT to_regclass($1)::text, to_regclass($2)::text", tableDocs, tableWords).Scan(&docs, &words); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if docs == nil || words == nil {
		return nil, ErrNotLoaded
	}
	var n int
	if err := s.pool.QueryRow(ctx, countSQL).Scan(&n); err != nil {
		return nil, fmt.Errorf("postgres: count documents: %w", err)
	}
	return &Target{pool: s.pool, docs: n}, nil
}
