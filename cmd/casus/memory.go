package main

import (
	"os"
	"runtime/debug"
)

// Soft memory limits for the Go heap, so that the garbage collector works
// harder before a process outgrows its budget: building an index holds
// analysed batches and merges segments, serving holds caches. The index
// files themselves are mapped, not on the heap, and come on top.
const (
	// buildMemoryLimit is for crawl and index: at 10^5 cases it keeps the
	// process near 1.3 GiB, under its 1.5 GiB budget. The build's live
	// heap is about 0.3 GB, so the limit sets how often the collector
	// runs: at 768 MiB it took a tenth more time (and at 512 MiB a tenth
	// more again) for 0.2 GiB less.
	buildMemoryLimit = 1 << 30
	// serveMemoryLimit is for serve.
	serveMemoryLimit = 768 << 20
	// buildGCPercent lets a build's heap grow to four times what is live
	// before a collection (Go's default is twice), up to buildMemoryLimit:
	// analysed batches are garbage soon after they are written, so the
	// limit, not the live heap, should set when the collector runs.
	buildGCPercent = 300
	// serveGCPercent lets a server's heap grow by half what is live before
	// a collection: the index's mapped pages come on top of the heap, and
	// at 10^5 cases, after a run of never-repeated searches, Go's default
	// (twice what is live) kept 0.30 GB of heap for 0.14 GB live and the
	// process at 1.05 GiB, this 0.21 GB and 0.95 GiB, for 9% fewer such
	// searches a second. Cached answers, most of a search box's, do not
	// notice.
	serveGCPercent = 50
)

// limitMemory sets the soft heap limit unless GOMEMLIMIT already does.
func limitMemory(limit int64) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}

// limitBuildMemory sets a build's heap limit and collection target, each
// unless GOMEMLIMIT or GOGC already does.
func limitBuildMemory() {
	limitMemory(buildMemoryLimit)
	collectAt(buildGCPercent)
}

// limitServeMemory sets a server's heap limit and collection target, each
// unless GOMEMLIMIT or GOGC already does.
func limitServeMemory() {
	limitMemory(serveMemoryLimit)
	collectAt(serveGCPercent)
}

// collectAt sets the collection target unless GOGC already does.
func collectAt(percent int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
}
