package pgcompare

import (
	"context"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
)

// IsolatedSchema creates (anew) the schema in the database of dsn and
// returns dsn with its search_path set to it, and a function that drops it:
// runs that share a database, such as the tests of several packages, then
// do not see each other's tables. schema must be a plain identifier.
func IsolatedSchema(ctx context.Context, dsn, schema string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, fmt.Errorf("postgresql: connect: %w", err)
	}
	defer conn.Close(ctx)
	ident := pgx.Identifier{schema}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+ident+" CASCADE; CREATE SCHEMA "+ident); err != nil {
		return "", nil, fmt.Errorf("postgresql: create schema %s: %w", schema, err)
	}
	drop := func() {
		if conn, err := pgx.Connect(context.WithoutCancel(ctx), dsn); err == nil {
			_, _ = conn.Exec(context.WithoutCancel(ctx), "DROP SCHEMA IF EXISTS "+ident+" CASCADE")
			_ = conn.Close(context.WithoutCancel(ctx))
		}
	}
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String(), drop, nil
	}
	return dsn + " search_path=" + schema, drop, nil
}
