package search

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/unique"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// onePass analyses the title and body of a document once for all the
// fields that hold them: the text, its compound parts, pairs of its opening
// and the spelling words of its opening. The mapping's four analyzers share
// the tokenizer and the first filters (lowercase, fold), so the text is
// split and normalised once and each field takes its own filters from
// there; the tokens are the same as each analyzer would give on its own
// (TestOnePassMatchesAnalyzers). At 10^4 generated cases the body was
// otherwise split and normalised four times.
type onePass struct {
	tokenizer analysis.Tokenizer
	// common are the filters every analyzer starts with.
	common []analysis.TokenFilter
	// text and parts follow common for their fields.
	text, parts []analysis.TokenFilter
	// spell follows common for the spelling words, but for a last filter
	// that keeps each term once: distinctWords does that.
	spell []analysis.TokenFilter
	// pairs follow text's filters when pairsAfterText, else common.
	pairs          []analysis.TokenFilter
	pairsAfterText bool
	// seen holds emptied sets for distinctTerms, to use again.
	seen sync.Pool
	// buffers holds the *tokenBuffer of documents whose fields are all
	// analysed, to use again: the tokens of a text were a sixth of what a
	// build allocated.
	buffers sync.Pool
}

// maxBufferTokens bounds the tokens of a buffer: a text that might hold
// more (over 128 KiB) is tokenized without one, in blocks sized by its
// words, since a buffer holds as many tokens as the text might have.
const maxBufferTokens = 1 << 16

// borrowBuffer lends a token buffer, to be given back with giveBackBuffer
// once no stream of its tokens is in use.
func (op *onePass) borrowBuffer() *tokenBuffer {
	if b, ok := op.buffers.Get().(*tokenBuffer); ok {
		return b
	}
	return &tokenBuffer{}
}

// giveBackBuffer returns a buffer lent by borrowBuffer.
func (op *onePass) giveBackBuffer(b *tokenBuffer) {
	op.buffers.Put(b)
}

// newOnePass returns the shared analysis of the four analyzers, or nil when
// they do not share a tokenizer and a start (the fields are then analysed
// one by one, as bleve does).
func newOnePass(text, parts, pairs, spell analysis.Analyzer) *onePass {
	chains := make([]*analysis.DefaultAnalyzer, 0, 4)
	for _, a := range []analysis.Analyzer{text, parts, pairs, spell} {
		d, ok := a.(*analysis.DefaultAnalyzer)
		if !ok || len(d.CharFilters) > 0 || (len(chains) > 0 && d.Tokenizer != chains[0].Tokenizer) {
			return nil
		}
		chains = append(chains, d)
	}
	n := 0
	for n < len(chains[0].TokenFilters) && allShare(chains, n) {
		n++
	}
	op := &onePass{
		tokenizer: chains[0].Tokenizer,
		common:    chains[0].TokenFilters[:n],
		text:      chains[0].TokenFilters[n:],
		parts:     chains[1].TokenFilters[n:],
		spell:     chains[3].TokenFilters[n:],
		seen:      sync.Pool{New: func() any { return map[string]struct{}{} }},
	}
	if k := len(op.spell); k > 0 {
		if _, ok := op.spell[k-1].(*unique.UniqueTermFilter); ok {
			op.spell = op.spell[:k-1]
		}
	}
	textFilters, pairFilters := chains[0].TokenFilters, chains[2].TokenFilters
	if len(pairFilters) >= len(textFilters) && sameFilters(pairFilters[:len(textFilters)], textFilters) {
		op.pairs, op.pairsAfterText = pairFilters[len(textFilters):], true
	} else {
		op.pairs = pairFilters[n:]
	}
	return op
}

// allShare reports whether every chain has the same filter at i.
func allShare(chains []*analysis.DefaultAnalyzer, i int) bool {
	for _, c := range chains {
		if i >= len(c.TokenFilters) || c.TokenFilters[i] != chains[0].TokenFilters[i] {
			return false
		}
	}
	return true
}

func sameFilters(a, b []analysis.TokenFilter) bool {
	return slices.EqualFunc(a, b, func(x, y analysis.TokenFilter) bool { return x == y })
}

// streams are the token streams of one text for each of its fields, and
// its distinct spelling words.
type streams struct {
	text, parts, pairs analysis.TokenStream
	words              [][]byte
}

// analyse splits and normalises text once and returns its streams; pairs
// and spell cover only the words that end within the first pairsEnd and
// spellEnd bytes (the openings that lead cuts off at a space).
func (op *onePass) analyse(text []byte, pairsEnd, spellEnd int, buf *tokenBuffer) streams {
	var tokens analysis.TokenStream
	if t, ok := op.tokenizer.(wordTokenizer); ok {
		tokens = t.tokenizeInto(text, buf)
	} else {
		tokens = op.tokenizer.Tokenize(text)
	}
	common := apply(op.common, tokens)
	var s streams
	// The text's own filters come last: they may rewrite its tokens.
	// The words are taken before other filters change the tokens.
	seen := op.seen.Get().(map[string]struct{})
	s.words = distinctTerms(apply(op.spell, feed(op.spell, common, spellEnd)), seen)
	op.seen.Put(seen)
	s.parts = apply(op.parts, feed(op.parts, common, len(text)))
	if !op.pairsAfterText {
		s.pairs = apply(op.pairs, feed(op.pairs, common, pairsEnd))
	}
	s.text = apply(op.text, common)
	if op.pairsAfterText {
		s.pairs = apply(op.pairs, feed(op.pairs, s.text, pairsEnd))
	}
	return s
}

// feed returns the tokens of ts that end within end bytes, for filters:
// the tokens themselves when the first filter only reads them, else
// copies, since filters may rewrite tokens and their slices in place.
func feed(filters []analysis.TokenFilter, ts analysis.TokenStream, end int) analysis.TokenStream {
	n := 0
	for n < len(ts) && ts[n].End <= end {
		n++
	}
	if len(filters) == 0 || readsOnly(filters[0]) {
		return ts[:n:n]
	}
	out := make(analysis.TokenStream, n)
	toks := make([]analysis.Token, n)
	for i, t := range ts[:n] {
		toks[i] = *t
		out[i] = &toks[i]
	}
	return out
}

// tokenMaker is a filter whose Filter leaves its input as it is and
// returns tokens of its own, like the compound and pairs filters.
type tokenMaker interface{ makesNewTokens() }

// readsOnly reports whether f leaves its input as it is.
func readsOnly(f analysis.TokenFilter) bool {
	_, ok := f.(tokenMaker)
	return ok
}

func apply(filters []analysis.TokenFilter, ts analysis.TokenStream) analysis.TokenStream {
	for _, f := range filters {
		ts = f.Filter(ts)
	}
	return ts
}

// fieldSlot names one value of a field: its name and array position.
type fieldSlot struct {
	name  string
	array uint64
}

// docStreams computes a document's streams once, on the first field bleve
// analyses, in bleve's analysis worker, and hands each field its stream,
// letting go of it then: a batch's documents live until it is written. It
// keeps the document's spelling words, which no field holds, for
// spellWords.
type docStreams struct {
	mu    sync.Mutex
	run   func() (map[fieldSlot]analysis.TokenStream, [][]byte)
	out   map[fieldSlot]analysis.TokenStream
	words [][]byte
	// open counts the streams not yet taken and counted (see counted);
	// when the last is, release gives back the buffers their tokens are
	// in. A stream never taken keeps its buffers from being used again.
	open    int
	release func()
}

// compute runs the analysis unless it ran; d.mu must be held.
func (d *docStreams) compute() {
	if d.run != nil {
		d.out, d.words = d.run()
		d.open = len(d.out)
		d.run = nil
	}
}

// counted tells that a stream taken is no longer used.
func (d *docStreams) counted() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.open--; d.open == 0 && d.release != nil {
		d.release()
		d.release = nil
	}
}

// spellWords returns the distinct spelling words of the document's title
// and opening, analysing it first if bleve has not.
func (d *docStreams) spellWords() [][]byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.compute()
	return d.words
}

// take returns the stream of slot, analysing the document first if no
// field has, and lets go of it.
func (d *docStreams) take(slot fieldSlot) analysis.TokenStream {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.compute()
	ts := d.out[slot]
	delete(d.out, slot)
	return ts
}

// sharedField is a text field whose tokens come from its document's one
// pass, and whose term frequencies are counted as bleve counts them, with
// fewer allocations (see termFrequencies). Its value is not copied before
// analysis, as bleve copies a stored field's: the pass analyses copies of
// title and body.
type sharedField struct {
	*document.TextField
	doc    *docStreams
	slot   fieldSlot
	length int
	freqs  index.TokenFrequencies
	// freqsSize is freqs.Size(), counted as they are made: bleve asks
	// for it more than once, and walking every term and location for it
	// was a fiftieth of a build.
	freqsSize int
}

// Analyze takes the field's tokens and counts their terms.
func (f *sharedField) Analyze() {
	ts := f.doc.take(f.slot)
	f.length = len(ts)
	f.freqs, f.freqsSize = termFrequencies(ts, f.ArrayPositions(), f.Options())
	// The frequencies hold the terms and copies of the locations, not the
	// tokens.
	f.doc.counted()
}

// AnalyzedLength is the number of tokens of the field.
func (f *sharedField) AnalyzedLength() int { return f.length }

// AnalyzedTokenFrequencies are the field's terms with their frequencies
// and, with term vectors, locations.
func (f *sharedField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// Size estimates the memory the field holds, for bleve's accounting.
func (f *sharedField) Size() int { return f.TextField.Size() + f.freqsSize }

// termFrequencies is bleve's analysis.TokenFrequency: each distinct term
// of ts with its frequency (unless opts skip them) and, when opts keep term
// vectors, its locations. It makes the frequencies in blocks and carves
// every term's locations out of one array, where bleve makes an object per
// term and grows each term's list, and its map keys are the terms' own
// bytes, which nothing writes to once analysed, where bleve copies each.
// For a body of a thousand words that is a few allocations instead of
// several hundred; TestTermFrequencies holds it to bleve's results.
func termFrequencies(ts analysis.TokenStream, positions []uint64, opts index.FieldIndexingOptions) (index.TokenFrequencies, int) {
	out := make(index.TokenFrequencies, len(ts)/2+1)
	termBytes := 0
	locations := opts.IncludeTermVectors()
	var of []*index.TokenFreq // each token's term, for its location
	if locations {
		of = make([]*index.TokenFreq, len(ts))
	}
	var block []index.TokenFreq
	for i, t := range ts {
		key := unsafe.String(unsafe.SliceData(t.Term), len(t.Term))
		tf, ok := out[key]
		if !ok {
			if len(block) == cap(block) {
				block = make([]index.TokenFreq, 0, len(ts)/termsPerBlock+1)
			}
			block = append(block, index.TokenFreq{Term: t.Term})
			tf = &block[len(block)-1]
			out[key] = tf
			termBytes += len(t.Term)
		}
		tf.SetFrequency(tf.Frequency() + 1)
		if locations {
			of[i] = tf
		}
	}
	if locations {
		locs := make([]index.TokenLocation, len(ts))
		slots := make([]*index.TokenLocation, len(ts))
		next := 0
		for i, t := range ts {
			tf := of[i]
			if tf.Locations == nil {
				n := tf.Frequency()
				tf.Locations = slots[next : next : next+n]
				next += n
			}
			locs[i] = index.TokenLocation{ArrayPositions: positions, Start: t.Start, End: t.End, Position: t.Position}
			tf.Locations = append(tf.Locations, &locs[i])
		}
	}
	if opts.SkipFreqNorm() {
		for _, tf := range out {
			tf.SetFrequency(0)
		}
	}
	size := frequencySizes.empty + len(out)*frequencySizes.perTerm + 2*termBytes
	if locations {
		size += len(ts) * (&index.TokenLocation{ArrayPositions: positions}).Size()
	}
	return out, size
}

// frequencySizes are the parts of index.TokenFrequencies.Size: that of an
// empty map, and what each term adds besides its bytes (counted twice, as
// key and term) and its locations.
var frequencySizes = func() (s struct{ empty, perTerm int }) {
	s.empty = index.TokenFrequencies{}.Size()
	s.perTerm = index.TokenFrequencies{"": &index.TokenFreq{}}.Size() - s.empty
	return s
}()

// termsPerBlock is about how many tokens of a text give one distinct term:
// the size of the blocks termFrequencies makes its frequencies in.
const termsPerBlock = 4

// share replaces doc's title, body, parts and pairs fields (as the mapping
// made them from indexFields) by fields that take the one-pass streams of
// title and body, and returns the streams, which also give the spelling
// words of the title and the body's first spellLeadBytes. The opening of
// the body that pairs hold is the value indexFields gave its second
// element.
func (op *onePass) share(doc *document.Document, title, body string) (*docStreams, error) {
	pairsEnd := 0
	spellEnd := len(lead(body, spellLeadBytes))
	ds := &docStreams{}
	ds.run = func() (map[fieldSlot]analysis.TokenStream, [][]byte) {
		tbuf, bbuf := op.borrowBuffer(), op.borrowBuffer()
		ds.release = func() {
			op.giveBackBuffer(tbuf)
			op.giveBackBuffer(bbuf)
		}
		t := op.analyse([]byte(title), len(title), len(title), tbuf)
		b := op.analyse([]byte(body), pairsEnd, spellEnd, bbuf)
		return map[fieldSlot]analysis.TokenStream{
			{fieldTitle, 0}: t.text, {fieldTitleParts, 0}: t.parts, {fieldPairs, 0}: t.pairs,
			{fieldBody, 0}: b.text, {fieldBodyParts, 0}: b.parts, {fieldPairs, 1}: b.pairs,
		}, mergeWords(t.words, b.words)
	}
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok {
			continue
		}
		slot := fieldSlot{name: tf.Name()}
		switch slot.name {
		case fieldTitle, fieldBody, fieldTitleParts, fieldBodyParts:
			if len(tf.ArrayPositions()) != 0 {
				return nil, fmt.Errorf("one-pass analysis: field %s has array positions %v", slot.name, tf.ArrayPositions())
			}
		case fieldPairs:
			if ap := tf.ArrayPositions(); len(ap) != 1 || ap[0] > 1 {
				return nil, fmt.Errorf("one-pass analysis: field %s has array positions %v", slot.name, ap)
			}
			if slot.array = tf.ArrayPositions()[0]; slot.array == 1 {
				pairsEnd = len(tf.Value())
			}
		default:
			continue
		}
		doc.Fields[i] = &sharedField{TextField: tf, doc: ds, slot: slot}
	}
	return ds, nil
}

// distinctTerms returns the terms of ts, each once, in the order they
// first come, using seen, an empty set it leaves empty. The set is keyed by
// the terms' own bytes, which nothing writes to meanwhile, rather than by
// copies: every indexed text would otherwise copy each of its distinct
// words once more.
func distinctTerms(ts analysis.TokenStream, seen map[string]struct{}) [][]byte {
	out := make([][]byte, 0, len(ts))
	defer clear(seen)
	for _, t := range ts {
		key := unsafe.String(unsafe.SliceData(t.Term), len(t.Term))
		if _, ok := seen[key]; !ok {
			seen[key] = struct{}{}
			out = append(out, t.Term)
		}
	}
	return out
}

// mergeWords returns the distinct words of a body, then those of its title
// that the body lacks. A title has few words, so each is looked for in the
// body's list.
func mergeWords(title, body [][]byte) [][]byte {
	out := slices.Clip(body)
	for _, w := range title {
		if !slices.ContainsFunc(body, func(b []byte) bool { return bytes.Equal(b, w) }) {
			out = append(out, w)
		}
	}
	return out
}

// mapDocument maps fields onto a bleve document the way Batch.Index does,
// with the one-pass analysis when the index has it, and returns a function
// giving the document's spelling words.
func (ix *Index) mapDocument(id string, fields map[string]any, title, body string) (*document.Document, func() [][]byte, error) {
	doc := document.NewDocument(id)
	if err := ix.idx.Mapping().MapDocument(doc, fields); err != nil {
		return nil, nil, err
	}
	if ix.onePass == nil {
		return doc, func() [][]byte { return ix.spellWordsOf(title, body) }, nil
	}
	ds, err := ix.onePass.share(doc, title, body)
	if err != nil {
		return nil, nil, err
	}
	return doc, ds.spellWords, nil
}
