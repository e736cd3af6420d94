package main

import (
	"context"
	"fmt"

	"github.com/casus-nl/casus/search"
)

// defaultAddr is where demo and serve listen unless told otherwise.
const defaultAddr = "127.0.0.1:8080"

func cmdServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve")
	indexDir := fs.String("index", "", "index directory (required)")
	addr := fs.String("addr", defaultAddr, "address to listen on")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *indexDir == "" {
		return usageErrorf("--index is required")
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	k, err := loadKnowledge()
	if err != nil {
		return err
	}
	ix, err := search.Open(*indexDir, k.searchOptions())
	if err != nil {
		return err
	}
	defer ix.Close()
	b := &backend{}
	b.set(ix)
	srv, err := listenHTTP(*addr, b, e.logger)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "casus serves %s at %s\n", *indexDir, srv.URL())
	return srv.serve(ctx)
}
