package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// ErrDamaged marks a generation whose files are not as they were written,
// or that the index library could not read.
var ErrDamaged = errors.New("damaged")

// damaged is the error of generation name of dir being damaged by cause.
func damaged(dir, name string, cause error) error {
	return fmt.Errorf("generation %s in %s is %w: %w", name, dir, ErrDamaged, cause)
}

// recovered, deferred, turns a panic of the index library, which some
// damage makes it do, into the error of a damaged generation in *err.
func recovered(dir, name string, err *error) {
	if r := recover(); r != nil {
		*err = damaged(dir, name, fmt.Errorf("the index library failed reading it: %v", r))
	}
}

// openGuarded verifies generation name of dir against its finished mark,
// opens it with open and guards its reads, so that damage is an error
// naming the generation and never a crash.
func openGuarded(dir, name string, opts Options, open func(string, Options) (*Index, error)) (ix *Index, err error) {
	if err := verifyGeneration(dir, name); err != nil {
		return nil, err
	}
	defer recovered(dir, name, &err)
	if ix, err = open(filepath.Join(dir, name), opts); err != nil {
		return nil, err
	}
	ix.idx = &guardedIndex{bleveIndex: ix.idx, dir: dir, name: name}
	return ix, nil
}

// openBuildBase opens the live generation name of dir as the base of a
// build, whatever its mapping version. A damaged one is refused: a crawl
// would copy the damage, or crawl everything again without the crawl state
// kept in it.
func openBuildBase(dir, name string, opts Options) (*Index, error) {
	ix, err := openGuarded(dir, name, opts, openBase)
	if errors.Is(err, ErrDamaged) {
		return nil, fmt.Errorf("%w; nothing was changed: remove %s and crawl again to rebuild the index", err, dir)
	}
	return ix, err
}

// guardedIndex is a generation's bleve index whose reads answer a panic of
// the index library as the error of a damaged generation.
type guardedIndex struct {
	bleveIndex
	dir, name string
}

// bleveIndex names bleve.Index for embedding: a field named Index would
// hide the method Index.
type bleveIndex = bleve.Index

// SearchInContext implements bleve.Index.
func (g *guardedIndex) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (res *bleve.SearchResult, err error) {
	defer recovered(g.dir, g.name, &err)
	return g.bleveIndex.SearchInContext(ctx, req)
}

// Search implements bleve.Index.
func (g *guardedIndex) Search(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return g.SearchInContext(context.Background(), req)
}

// Document implements bleve.Index.
func (g *guardedIndex) Document(id string) (doc index.Document, err error) {
	defer recovered(g.dir, g.name, &err)
	return g.bleveIndex.Document(id)
}

// DocCount implements bleve.Index.
func (g *guardedIndex) DocCount() (n uint64, err error) {
	defer recovered(g.dir, g.name, &err)
	return g.bleveIndex.DocCount()
}

// GetInternal implements bleve.Index.
func (g *guardedIndex) GetInternal(key []byte) (val []byte, err error) {
	defer recovered(g.dir, g.name, &err)
	return g.bleveIndex.GetInternal(key)
}
