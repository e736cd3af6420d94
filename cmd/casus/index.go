package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/search"
)

// Bounds of casus index.
const (
	// maxDocumentLine is the longest JSON line accepted: a document of
	// several megabytes is no case page but a mistake, reported by line.
	maxDocumentLine = 16 << 20
	// indexBatch is how many documents are handed to the index at once;
	// the index writes them in batches of its own.
	indexBatch = 1000
	// indexWriters is how many batches are written at the same time: while
	// one batch is turned into a segment, the next is analysed.
	indexWriters = 2
)

func cmdIndex(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "index")
	in := fs.String("in", "", `documents as JSON lines, as "casus crawl --out" writes them; - for standard input (required)`)
	indexDir := fs.String("index", "", "index directory (required)")
	reEnrich := fs.Bool("enrich", false, "recognise municipalities, themes and domains again instead of keeping those in the file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *in == "":
		return usageErrorf("--in is required")
	case *indexDir == "":
		return usageErrorf("--index is required")
	case fs.NArg() > 0:
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	r := io.Reader(os.Stdin)
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return fmt.Errorf("open --in: %w", err)
		}
		defer f.Close()
		r = f
	}
	limitBuildMemory()
	k, err := loadKnowledge()
	if err != nil {
		return err
	}
	var enrich func(*casus.Document)
	if *reEnrich {
		en, err := k.enricher()
		if err != nil {
			return err
		}
		enrich = en.Enrich
	}
	start := time.Now()
	res, err := indexDocuments(ctx, r, *indexDir, k.searchOptions(), enrich)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "indexed %d documents in %.1f s (%.0f documents/s); %s is live\n",
		res.documents, secs, float64(res.documents)/secs, res.generation)
	return nil
}

// indexResult is what casus index did.
type indexResult struct {
	documents  int
	generation string
}

// indexDocuments writes the documents of r (JSON lines) into a new
// generation of dir and publishes it, as a crawl does. Nothing is published
// when a line is bad or ctx ends: the error names the line.
func indexDocuments(ctx context.Context, r io.Reader, dir string, opts search.Options, enrich func(*casus.Document)) (indexResult, error) {
	b, err := search.BeginBuild(dir, opts)
	if err != nil {
		return indexResult{}, err
	}
	defer b.Close()
	batches := make(chan []casus.Document, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- readDocuments(ctx, r, enrich, batches)
	}()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		n      int
		putErr error
	)
	for range indexWriters {
		wg.Go(func() {
			for batch := range batches {
				mu.Lock()
				failed := putErr != nil
				mu.Unlock()
				if failed {
					continue // drain, so the reader can finish
				}
				err := b.Put(ctx, batch)
				mu.Lock()
				if err == nil {
					n += len(batch)
				} else if putErr == nil {
					putErr = err
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := errors.Join(<-readErr, putErr); err != nil {
		return indexResult{}, err
	}
	if n == 0 {
		return indexResult{}, errors.New("--in holds no documents: nothing indexed")
	}
	if _, err := b.Commit(); err != nil {
		return indexResult{}, err
	}
	gen, err := search.LiveGeneration(dir)
	if err != nil {
		return indexResult{}, err
	}
	return indexResult{documents: n, generation: gen}, nil
}

// readDocuments decodes one document per line and sends them in batches of
// indexBatch. Blank lines are skipped; a line that is no document, or has no
// id, fails with its number.
func readDocuments(ctx context.Context, r io.Reader, enrich func(*casus.Document), out chan<- []casus.Document) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), maxDocumentLine)
	batch := make([]casus.Document, 0, indexBatch)
	line := 0
	for sc.Scan() {
		line++
		raw := sc.Bytes()
		if len(raw) == 0 {
			continue
		}
		var d casus.Document
		if err := json.Unmarshal(raw, &d); err != nil {
			return fmt.Errorf("--in line %d: not a document: %w", line, err)
		}
		if d.ID == "" {
			return fmt.Errorf("--in line %d: the document has no id", line)
		}
		if enrich != nil {
			enrich(&d)
		}
		batch = append(batch, d)
		if len(batch) == indexBatch {
			select {
			case out <- batch:
			case <-ctx.Done():
				return fmt.Errorf("index: %w", ctx.Err())
			}
			batch = make([]casus.Document, 0, indexBatch)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("--in line %d: longer than %d bytes", line+1, maxDocumentLine)
		}
		return fmt.Errorf("read --in: %w", err)
	}
	if len(batch) > 0 {
		select {
		case out <- batch:
		case <-ctx.Done():
			return fmt.Errorf("index: %w", ctx.Err())
		}
	}
	return nil
}
