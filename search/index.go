package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/casus-nl/casus"
)

const (
	// putBatchSize bounds the documents written per bleve batch, and so the
	// memory a large Put holds at once.
	putBatchSize = 500
	// lockTimeout is how long Open waits for the lock of an index held by
	// another process before it gives up with an error (bolt would otherwise
	// wait forever).
	lockTimeout = time.Second
	// metaFile is the file bleve writes into every index directory; its
	// presence tells an index from an empty or foreign directory.
	metaFile = "index_meta.json"
)

// Index is a searchable collection of case documents. It is safe for
// concurrent use.
type Index struct {
	idx bleve.Index
	// analyzer, parts, pairs and spell are the mapping's analyzers for
	// query text: the Dutch one, compound parts, neighbouring pairs, and
	// folded words.
	analyzer, parts, pairs, spell analysis.Analyzer
	// phrasePairs are the pairs the pairs field holds anywhere in a case:
	// those of the synonym phrases when the index was built.
	phrasePairs map[string]bool
	// onePass analyses title and body once for all their fields; nil
	// analyses each field on its own.
	onePass *onePass
	opts    Options
	// synonymTable is opts.Synonyms analysed by analyzer, built on first use.
	synonymTable func() synonymTable
	// synonymSpellings are the single words of opts.Synonyms analysed by
	// spell, built on first use.
	synonymSpellings func() []string
	// lend lends out the bleve index that idx searches, with the caches of
	// what was computed from it, until release is called; nil means idx
	// itself without caches. A Live index lends its current generation.
	lend func() (g lease, release func(), err error)
	// version is the mapping version the index was created with.
	version string
	// gate bounds the searches computed at once; nil means no bound.
	gate *gate
	// words counts the spelling words of an index being written, and
	// writes is its bookkeeping of the documents written; both nil for
	// an index opened read-only.
	words  *wordCounts
	writes *writeLog
	// wordList holds the spelling words of an index opened read-only; nil
	// for one made by an older casus, which is read only to migrate it.
	wordList *wordList
	// dir is the directory of an index on disk being written, where Close
	// writes its spelling words; empty otherwise.
	dir string
}

// lease is one generation lent out for reading: its bleve index and the
// caches of what was computed from it (nil for an index that changes, whose
// answers cannot be kept).
type lease struct {
	idx   bleve.Index
	cache *genCache
	// words are the generation's spelling words; nil for none.
	words *wordList
}

// borrow lends out the generation ix searches; call release when done.
func (ix *Index) borrow() (lease, func(), error) {
	if ix.lend != nil {
		return ix.lend()
	}
	words, err := ix.spellingWords()
	if err != nil {
		return lease{}, nil, err
	}
	return lease{idx: ix.idx, words: words}, func() {}, nil
}

// spellingWords returns the spelling words of the index as they are now.
func (ix *Index) spellingWords() (*wordList, error) {
	if ix.words != nil {
		return ix.words.snapshot()
	}
	return ix.wordList, nil
}

// Open opens the index in dir, or creates it there when dir is missing or an
// empty directory.
func Open(dir string, opts Options) (*Index, error) {
	if dir == "" {
		return nil, fmt.Errorf("open index: no directory given: %w", casus.ErrInvalid)
	}
	// An index on disk always has every analysis step; opts.Disable is for
	// in-memory evaluation.
	m, err := newMapping(Disable{})
	if err != nil {
		return nil, err
	}
	config := map[string]any{"bolt_timeout": lockTimeout.String()}
	create, err := isNewIndexDir(dir)
	if err != nil {
		return nil, err
	}
	var idx bleve.Index
	if create {
		idx, err = bleve.NewUsing(dir, m, scorch.Name, bleve.Config.DefaultKVStore, config)
	} else {
		idx, err = bleve.OpenUsing(dir, config)
	}
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("index %s is in use by another process (no lock after %s)", dir, lockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	ix, err := newIndex(idx, create, opts, dir)
	if err != nil {
		return nil, err
	}
	if err := ix.requireCurrent(dir); err != nil {
		return nil, err
	}
	ix.dir = dir
	if create {
		ix.words, ix.writes = newWordCounts(), newWriteLog(true)
		return ix, nil
	}
	l, err := readWordList(dir)
	if err == nil {
		ix.words, err = countsOf(l)
	}
	if err != nil {
		_ = ix.idx.Close()
		return nil, err
	}
	ix.writes = newWriteLog(false)
	return ix, nil
}

// NewMemory returns an empty index held in memory only, for tests and tools.
// It uses the same engine and mapping as Open.
func NewMemory(opts Options) (*Index, error) {
	m, err := newMapping(opts.Disable)
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, bleve.Config.DefaultKVStore, nil)
	if err != nil {
		return nil, fmt.Errorf("create memory index: %w", err)
	}
	ix, err := newIndex(idx, true, opts, "in memory")
	if err != nil {
		return nil, err
	}
	ix.words, ix.writes = newWordCounts(), newWriteLog(true)
	return ix, nil
}

// isNewIndexDir reports whether dir has no index yet and may get one: it is
// missing or empty. A directory with other files is refused rather than
// written into.
func isNewIndexDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("open index %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return true, nil
	}
	if _, err := os.Stat(filepath.Join(dir, metaFile)); err != nil {
		return false, fmt.Errorf("open index %s: the directory is not empty and holds no casus index", dir)
	}
	return false, nil
}

// newIndex stamps a new index with the mapping version, or reads the version
// of an existing one, and closes idx on failure.
func newIndex(idx bleve.Index, created bool, opts Options, name string) (*Index, error) {
	fail := func(err error) (*Index, error) {
		_ = idx.Close()
		return nil, err
	}
	if created {
		if err := idx.SetInternal([]byte(mappingVersionKey), []byte(mappingVersion)); err != nil {
			return fail(fmt.Errorf("index %s: store mapping version: %w", name, err))
		}
	}
	got, err := idx.GetInternal([]byte(mappingVersionKey))
	if err != nil {
		return fail(fmt.Errorf("index %s: read mapping version: %w", name, err))
	}
	ix := &Index{idx: idx, opts: opts, version: string(got)}
	for _, a := range []struct {
		name string
		dst  *analysis.Analyzer
	}{{analyzerName, &ix.analyzer}, {partsAnalyzer, &ix.parts}, {pairsAnalyzer, &ix.pairs}, {spellAnalyzer, &ix.spell}} {
		if *a.dst = idx.Mapping().AnalyzerNamed(a.name); *a.dst == nil && string(got) == mappingVersion {
			return fail(fmt.Errorf("index %s: analyzer %s is not available", name, a.name))
		}
	}
	if ix.analyzer == nil {
		return fail(fmt.Errorf("index %s: analyzer %s is not available", name, analyzerName))
	}
	if ix.parts != nil && ix.pairs != nil && ix.spell != nil {
		ix.onePass = newOnePass(ix.analyzer, ix.parts, ix.pairs, ix.spell)
	}
	if m, ok := idx.Mapping().(*mapping.IndexMappingImpl); ok {
		if ix.phrasePairs, err = knownPairs(m.CustomAnalysis.TokenFilters[synonymPairsFilter]); err != nil {
			return fail(fmt.Errorf("index %s: %w", name, err))
		}
	}
	ix.synonymTable = sync.OnceValue(func() synonymTable { return opts.Synonyms.analyse(ix.analyzer) })
	ix.synonymSpellings = sync.OnceValue(func() []string { return opts.Synonyms.spellings(ix.spell) })
	return ix, nil
}

// requireCurrent fails, closing the index, when it was made by a casus with
// another mapping: its fields would be analysed or filled differently.
// A crawl migrates such an index (see BeginBuild).
func (ix *Index) requireCurrent(name string) error {
	if ix.version == mappingVersion {
		return nil
	}
	_ = ix.idx.Close()
	return fmt.Errorf("index %s has mapping version %q but this casus needs %q: run casus crawl on it once to migrate it",
		name, ix.version, mappingVersion)
}

// Put adds or replaces docs, in batches of putBatchSize, without crawl
// state. It stops between batches when ctx is done; the batches written
// before stay written.
func (ix *Index) Put(ctx context.Context, docs []casus.Document) error {
	recs := make([]Record, len(docs))
	for i, d := range docs {
		recs[i] = Record{Doc: d}
	}
	return ix.put(ctx, recs)
}

// put writes records in batches of putBatchSize.
func (ix *Index) put(ctx context.Context, recs []Record) error {
	for i, r := range recs {
		if r.Doc.ID == "" {
			return fmt.Errorf("put document %d (%q): empty id: %w", i, r.Doc.URL, casus.ErrInvalid)
		}
	}
	for chunk := range slices.Chunk(recs, putBatchSize) {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("put documents: %w", err)
		}
		if err := ix.putBatch(lastOfEach(chunk)); err != nil {
			return err
		}
	}
	return nil
}

// putBatch writes records with distinct ids as one bleve batch and counts
// their spelling words, less those of the versions they replace.
func (ix *Index) putBatch(recs []Record) error {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.Doc.ID
	}
	replaced, end, err := ix.beginWrite(ids)
	if err != nil {
		return fmt.Errorf("put documents: %w", err)
	}
	defer end()
	b := ix.idx.NewBatch()
	names := map[string]string{}
	words := make([]func() [][]byte, 0, len(recs))
	for _, r := range recs {
		d := r.Doc
		fields, err := indexFields(d, r.State, ix.successors, ix.profile)
		if err != nil {
			return err
		}
		doc, w, err := ix.mapDocument(d.ID, fields, d.Title, d.Body)
		if err == nil {
			err = b.IndexAdvanced(doc)
		}
		if err != nil {
			return fmt.Errorf("put document %s: %w", d.ID, err)
		}
		words = append(words, w)
		if d.Source != "" && d.SourceName != "" {
			names[d.Source] = d.SourceName
		}
	}
	for id, name := range names {
		b.SetInternal([]byte(sourceNamePrefix+id), []byte(name))
	}
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("put documents: %w", ix.unavailable(err))
	}
	added := make([][][]byte, len(words))
	for i, w := range words {
		added[i] = w()
	}
	ix.words.change(added, replaced)
	ix.writes.wrote(ids)
	return nil
}

// lastOfEach returns recs with only the last record of each id, in their
// order: within one batch the last write of a document wins.
func lastOfEach(recs []Record) []Record {
	last := make(map[string]int, len(recs))
	for i, r := range recs {
		last[r.Doc.ID] = i
	}
	if len(last) == len(recs) {
		return recs
	}
	out := make([]Record, 0, len(last))
	for i, r := range recs {
		if last[r.Doc.ID] == i {
			out = append(out, r)
		}
	}
	return out
}

// beginWrite starts a write of the documents with the given distinct ids:
// it waits until no other write of them is under way and returns the
// spelling words of the versions the index holds, and the function that
// ends the write.
func (ix *Index) beginWrite(ids []string) ([][][]byte, func(), error) {
	if ix.writes == nil {
		return nil, nil, fmt.Errorf("the index is open for reading only: %w", casus.ErrUnavailable)
	}
	ix.writes.begin(ids)
	end := func() { ix.writes.end(ids) }
	held, err := ix.heldWords(ids)
	if err != nil {
		end()
		return nil, nil, err
	}
	return held, end, nil
}

// heldWords returns the spelling words of the documents the index holds
// under ids, one list per document it holds.
func (ix *Index) heldWords(ids []string) ([][][]byte, error) {
	var out [][][]byte
	for _, id := range ids {
		if !ix.writes.mayHold(id) {
			continue
		}
		d, err := ix.Get(context.Background(), id)
		if errors.Is(err, casus.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ix.spellWordsOf(d.Title, d.Body))
	}
	return out, nil
}

// spellWordsOf returns the distinct spelling words of a title and the
// opening of a body.
func (ix *Index) spellWordsOf(title, body string) [][]byte {
	seen := map[string]struct{}{}
	return mergeWords(distinctTerms(ix.spell.Analyze([]byte(title)), seen), distinctTerms(ix.spell.Analyze([]byte(lead(body, spellLeadBytes))), seen))
}

// indexFields turns a Document into the fields of the mapping. Multi-valued
// facet fields are deduplicated, because a facet counts one visit per value.
// The municipality field holds each municipality and every one it merged
// into, so a case about Weesp in 2016 counts for Amsterdam as well.
// The profile and region fields hold the provinces, size groups and regions
// of the municipalities as written (or the size of the population hint).
// The crawl state goes into its own stored field, so it never shows in the
// public Document.
func indexFields(d casus.Document, state PageState, successors func(string) []string,
	profile func([]string, int) []string) (map[string]any, error) {
	// The body is stored once, in its own field; the JSON holds the rest.
	withoutBody := d
	withoutBody.Body = ""
	stored, err := json.Marshal(withoutBody)
	if err != nil {
		return nil, fmt.Errorf("encode document %s: %w", d.ID, err)
	}
	own := make([]string, 0, len(d.Municipalities))
	codes := make([]string, 0, len(d.Municipalities))
	for _, m := range d.Municipalities {
		own = append(own, m.Code)
		codes = append(codes, m.Code)
		codes = append(codes, successors(m.Code)...)
	}
	f := map[string]any{
		fieldTitle:        d.Title,
		fieldBody:         d.Body,
		fieldHeadings:     headings(d.Body),
		fieldTitleParts:   d.Title,
		fieldBodyParts:    d.Body,
		fieldPairs:        []string{d.Title, lead(d.Body, pairsLeadBytes)},
		fieldStored:       string(stored),
		fieldMunicipality: distinct(codes),
		fieldTheme:        distinct(d.Themes),
		fieldDomain:       distinct(d.Domains),
	}
	var profiles, regions []string
	for _, v := range profile(own, d.PopulationHint) {
		if profileField(v) == fieldRegion {
			regions = append(regions, v)
		} else {
			profiles = append(profiles, v)
		}
	}
	if len(profiles) > 0 {
		f[fieldProfile] = profiles
	}
	if len(regions) > 0 {
		f[fieldRegion] = regions
	}
	if d.Source != "" {
		f[fieldSource] = d.Source
	}
	if state != (PageState{}) {
		crawl, err := json.Marshal(state)
		if err != nil {
			return nil, fmt.Errorf("encode crawl state of %s: %w", d.ID, err)
		}
		f[fieldCrawl] = string(crawl)
	}
	if !d.Date.IsZero() {
		f[fieldDate] = d.Date.Time()
		f[fieldYear] = strconv.Itoa(d.Date.Year())
	}
	return f, nil
}

// distinct returns the non-empty values of vs, each once, in first-seen order.
func distinct(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Delete removes the documents with the given ids; unknown ids are ignored.
func (ix *Index) Delete(ctx context.Context, ids []string) error {
	for chunk := range slices.Chunk(ids, putBatchSize) {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("delete documents: %w", err)
		}
		if slices.Contains(chunk, "") {
			return fmt.Errorf("delete documents: empty id: %w", casus.ErrInvalid)
		}
		if err := ix.deleteBatch(slices.Compact(slices.Sorted(slices.Values(chunk)))); err != nil {
			return err
		}
	}
	return nil
}

// deleteBatch removes the documents with the given distinct ids as one
// bleve batch and no longer counts their spelling words.
func (ix *Index) deleteBatch(ids []string) error {
	removed, end, err := ix.beginWrite(ids)
	if err != nil {
		return fmt.Errorf("delete documents: %w", err)
	}
	defer end()
	b := ix.idx.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("delete documents: %w", ix.unavailable(err))
	}
	ix.words.change(nil, removed)
	return nil
}

// Get returns the document with the given id; the error wraps
// casus.ErrNotFound when there is none.
func (ix *Index) Get(ctx context.Context, id string) (casus.Document, error) {
	if err := ctx.Err(); err != nil {
		return casus.Document{}, fmt.Errorf("get document %q: %w", id, err)
	}
	if id == "" {
		return casus.Document{}, fmt.Errorf("get document: empty id: %w", casus.ErrNotFound)
	}
	doc, err := ix.idx.Document(id)
	if err != nil {
		return casus.Document{}, fmt.Errorf("get document %q: %w", id, ix.unavailable(err))
	}
	if doc == nil {
		return casus.Document{}, fmt.Errorf("document %q: %w", id, casus.ErrNotFound)
	}
	var stored, body []byte
	doc.VisitFields(func(f index.Field) {
		switch f.Name() {
		case fieldStored:
			stored = f.Value()
		case fieldBody:
			body = f.Value()
		}
	})
	return decodeStored(id, stored, string(body))
}

// storedFields are the stored fields a whole document is read from.
var storedFields = []string{fieldStored, fieldBody}

// hitDocument decodes the document of a hit loaded with storedFields.
func hitDocument(h *bsearch.DocumentMatch) (casus.Document, error) {
	stored, _ := h.Fields[fieldStored].(string)
	body, _ := h.Fields[fieldBody].(string)
	return decodeStored(h.ID, []byte(stored), body)
}

// decodeStored decodes the stored JSON of document id and adds its body,
// which is stored in a field of its own (indexes of mapping version 4 and
// older also held it in the JSON).
func decodeStored(id string, stored []byte, body string) (casus.Document, error) {
	if len(stored) == 0 {
		return casus.Document{}, fmt.Errorf("document %q has no stored copy", id)
	}
	var d casus.Document
	if err := json.Unmarshal(stored, &d); err != nil {
		return casus.Document{}, fmt.Errorf("decode document %q: %w", id, err)
	}
	if d.Body == "" {
		d.Body = body
	}
	return d, nil
}

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count documents: %w", ix.unavailable(err))
	}
	return n, nil
}

// Compaction bounds.
const (
	// maxMergedSegments bounds the segments one merge takes: more than a
	// build ever writes, so a generation ends as one segment.
	maxMergedSegments = 1 << 16
	// maxPersistWait bounds the wait for the merged segment to be written.
	maxPersistWait = 5 * time.Minute
	// persistPoll is how often that wait looks.
	persistPoll = 10 * time.Millisecond
	// persistNudgeEvery is how long the wait lets unused segment files
	// stand before it makes bleve persist again (see compact).
	persistNudgeEvery = 2 * time.Second
	// rootFiles are the files of an index directory besides its segments:
	// the root file bleve keeps its state in.
	rootFiles = 1
	// maxCompactBytes bounds the generations merged into one segment: the
	// merge maps every segment it reads, and beyond this a build would
	// outgrow its memory budget (at 10^5 cases, 1.7 GiB instead of 1.0);
	// a larger generation keeps bleve's tiers of segments (about a tenth
	// more work per uncached search).
	maxCompactBytes = 512 << 20
)

// compact merges the index's segments into one when it is small enough
// (maxCompactBytes). A generation is read many times after it is written
// once: every search looks each word up in every segment, so one segment
// answers fastest.
func (ix *Index) compact() error {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return fmt.Errorf("compact index: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if size, _ := s.StatsMap()["num_bytes_used_disk_by_root"].(uint64); size > maxCompactBytes {
		return nil
	}
	plan := mergeplan.SingleSegmentMergePlanOptions
	plan.SegmentsPerMergeTask = maxMergedSegments
	if err := s.ForceMerge(context.Background(), &plan); err != nil {
		return fmt.Errorf("compact index: %w", err)
	}
	// The merged segment is in use once the index on disk names it, and
	// the segments it replaced are deleted a moment after that; closing
	// earlier would leave them behind.
	deadline := time.Now().Add(maxPersistWait)
	nudged := time.Now()
	for n := 0; ; {
		st := s.StatsMap()
		root, _ := st["CurRootEpoch"].(uint64)
		persisted, _ := st["LastPersistedEpoch"].(uint64)
		onDisk, _ := st["num_files_on_disk"].(uint64)
		inUse, _ := st["num_root_filesegments"].(uint64)
		if persisted >= root && onDisk <= inUse+rootFiles {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("compact index: not written to disk after %s", maxPersistWait)
		}
		// bleve removes unused segment files only right after it persists a
		// state; a file still in use at that moment stays until the next
		// one. A busy process (a crawl inside serve) hits that often, so
		// after a while an internal value is written to persist again.
		if persisted >= root && time.Since(nudged) > persistNudgeEvery {
			n++
			if err := ix.idx.SetInternal([]byte(compactedKey), []byte(strconv.Itoa(n))); err != nil {
				return fmt.Errorf("compact index: %w", err)
			}
			nudged = time.Now()
		}
		time.Sleep(persistPoll)
	}
}

// Close releases the index; later calls fail with casus.ErrUnavailable.
func (ix *Index) Close() error {
	if ix.words != nil && ix.dir != "" {
		if err := ix.words.write(ix.dir); err != nil {
			_ = ix.idx.Close()
			return fmt.Errorf("close index: %w", err)
		}
	}
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}

// unavailable marks bleve's "index is closed" as casus.ErrUnavailable, so
// callers can tell a closed index from a broken request.
func (ix *Index) unavailable(err error) error {
	if errors.Is(err, bleve.ErrorIndexClosed) {
		return fmt.Errorf("%w: %w", casus.ErrUnavailable, err)
	}
	return err
}

// sourceName returns the remembered display name of a source, or "".
func (ix *Index) sourceName(id string) string {
	name, err := ix.idx.GetInternal([]byte(sourceNamePrefix + id))
	if err != nil {
		return ""
	}
	return string(name)
}

// successors returns the codes a municipality merged into, if the index knows
// about mergers.
func (ix *Index) successors(code string) []string {
	if ix.opts.Municipalities == nil {
		return nil
	}
	return ix.opts.Municipalities.Successors(code)
}

// profile returns the profile values of municipalities codes, or of a
// population when there are none, if the index knows about municipalities.
func (ix *Index) profile(codes []string, population int) []string {
	if ix.opts.Municipalities == nil {
		return nil
	}
	return ix.opts.Municipalities.Profile(codes, population)
}

// pairsLeadBytes bounds the text whose neighbouring words are indexed as
// pairs for the proximity boost: two query words standing together in the
// title or the opening of a case say what it is about. A pair is a term of
// its own, so pairs of a whole long page would cost more than all its other
// fields together.
const pairsLeadBytes = 4000

// spellLeadBytes bounds the text whose words feed spelling suggestions and
// completions: the title and the opening of a case use the words people
// search for, and a long page's tail adds mostly words nobody types.
const spellLeadBytes = 8000

// lead returns the start of text, at most n bytes, cut after a whole word.
func lead(text string, n int) string {
	if len(text) <= n {
		return text
	}
	if cut := strings.LastIndexAny(text[:n+1], " \n"); cut > 0 {
		return strings.TrimRight(text[:cut], " \n")
	}
	return ""
}

// maxHeadingRunes is the longest paragraph taken for a heading.
const maxHeadingRunes = 80

// headings returns the headings of body, one paragraph each. A heading is
// a short paragraph ("\n\n"-separated, as extraction writes them) that does
// not end like a sentence. Their matches are highlighted through the body,
// which holds them too.
func headings(body string) string {
	var out []string
	for p := range strings.SplitSeq(body, "\n\n") {
		if p = strings.TrimSpace(p); isHeading(p) {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

func isHeading(p string) bool {
	if p == "" || utf8.RuneCountInString(p) > maxHeadingRunes {
		return false
	}
	return !strings.ContainsAny(p[len(p)-1:], ".!?;:,")
}
