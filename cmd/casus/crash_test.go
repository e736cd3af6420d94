package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/casus-nl/casus/api"
	"github.com/casus-nl/casus/indexer/scale"
	"github.com/casus-nl/casus/indexer/source"
	"github.com/casus-nl/casus/search"
)

// crashChildEnv, set in the environment of this test binary, makes it run
// the casus command line in its arguments instead of the tests: the crash
// test runs `casus crawl` so, as a process it can kill.
const crashChildEnv = "CASUS_TEST_RUN_CASUS"

// crashStepEnv is search's crash hook (see crashEnv in
// search/generation.go): a crawl with it set kills itself at that step.
const crashStepEnv = "CASUS_CRASH_AT"

// Bounds of the crash test.
const (
	// crashSeed seeds the kill times.
	crashSeed = 11
	// crashDocs is the size of the corpus crawled in each round.
	crashDocs = 120
	// crashMaxPages is max_pages of the crawls: the pages of two corpora
	// and the home page, with room to spare.
	crashMaxPages = 4 * crashDocs
	// crawlProcessTimeout bounds one crawl process.
	crawlProcessTimeout = time.Minute
	// probePause is the pause between two searches of the prober.
	probePause = 5 * time.Millisecond
	// probeTimeout bounds one search of the prober.
	probeTimeout = 10 * time.Second
	// maxGenerationsBuilding is what an index directory may hold between
	// crawls that were killed: the live generation, its predecessor and
	// the one being built.
	maxGenerationsBuilding = 3
	// maxGenerationsDone is what it holds after a crawl that finished.
	maxGenerationsDone = 2
	// finishedMark is the file that marks a generation finished (see
	// finishedFile in search/generation_finish.go).
	finishedMark = "FINISHED"
)

// crashSchedule is where the crawls of the crash test are killed, in
// order: "" is at a random time (while it fetches and writes batches, or
// before it began), any other value a step of the commit (see the crash
// steps in search/generation.go). "cleaning" comes after "switched", which
// leaves a generation to remove.
var crashSchedule = []string{"", "finishing", "", "finished", "switching", "", "switched", "cleaning"}

// TestMain runs the casus command line instead of the tests in a crawl
// process of the crash test.
func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) != "" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// changingSite serves the scale corpus, a new one (another seed) in each
// round, so that every crawl has pages to write and pages to remove.
type changingSite struct {
	srv     *httptest.Server
	round   atomic.Uint64
	handler atomic.Pointer[http.Handler]
	corpus  *scale.Corpus
}

func newChangingSite(t *testing.T) *changingSite {
	t.Helper()
	s := &changingSite{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*s.handler.Load()).ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	s.advance(t)
	return s
}

// advance switches the site to the next corpus.
func (s *changingSite) advance(t *testing.T) {
	t.Helper()
	c, err := scale.New(scale.Config{Seed: s.round.Add(1), Docs: crashDocs, BaseURL: s.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	h := c.Handler()
	s.corpus = c
	s.handler.Store(&h)
}

// crawlProcess runs `casus crawl` as a process of its own; with step set,
// it kills itself at that commit step.
type crawlProcess struct {
	cmd *exec.Cmd
	out *syncBuffer
}

func startCrawl(ctx context.Context, t *testing.T, sources, dir, step string) *crawlProcess {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := &crawlProcess{out: &syncBuffer{}}
	p.cmd = exec.CommandContext(ctx, self, "crawl", "--sources", sources, "--index", dir)
	p.cmd.Env = append(os.Environ(), crashChildEnv+"=1")
	if step != "" {
		p.cmd.Env = append(p.cmd.Env, crashStepEnv+"="+step)
	}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return p
}

// killed reports whether a process ended by SIGKILL.
func killed(err error) bool {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return false
	}
	ws, ok := exit.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// prober searches a server without a break and counts what failed.
type prober struct {
	queries, failures atomic.Int64
	mu                sync.Mutex
	first             string
}

// probeQueries are the requests of the prober, in turn.
var probeQueries = []string{
	"/api/v1/search?q=zorg",
	"/api/v1/search?q=jeugd&theme=jeugd&sort=date",
	"/api/v1/search?size=50",
	"/api/v1/suggest?q=wijk",
}

func (p *prober) run(ctx context.Context, base string) {
	client := &http.Client{Timeout: probeTimeout}
	for i := 0; ctx.Err() == nil; i++ {
		p.queries.Add(1)
		if err := probe(client, base+probeQueries[i%len(probeQueries)]); err != nil && ctx.Err() == nil {
			p.failures.Add(1)
			p.mu.Lock()
			if p.first == "" {
				p.first = err.Error()
			}
			p.mu.Unlock()
		}
		time.Sleep(probePause)
	}
}

func probe(client *http.Client, u string) error {
	resp, err := client.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("GET %s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
	}
	return nil
}

// indexEntries returns the generation directories of the index directory
// and its other entries, and fails when CURRENT names no finished
// generation.
func indexEntries(t *testing.T, dir string) (gens, others []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "gen-") {
			gens = append(gens, e.Name())
		} else {
			others = append(others, e.Name())
		}
	}
	live, err := search.LiveGeneration(dir)
	if err != nil || live == "" {
		t.Fatalf("no live generation: %q, %v", live, err)
	}
	if _, err := os.Stat(filepath.Join(dir, live, finishedMark)); err != nil {
		t.Errorf("the live generation %s is not finished: %v", live, err)
	}
	return gens, others
}

// crashRun is the index directory of the crash test, its sources file and
// the site they name.
type crashRun struct {
	ctx     context.Context
	site    *changingSite
	dir     string
	sources string
}

func newCrashRun(ctx context.Context, t *testing.T) *crashRun {
	t.Helper()
	r := &crashRun{ctx: ctx, site: newChangingSite(t), dir: filepath.Join(t.TempDir(), "index"),
		sources: filepath.Join(t.TempDir(), "sources.yaml")}
	// The stored pages of the corpus before are visited too (and removed
	// as gone): max_pages leaves room for both corpora.
	yaml := fmt.Sprintf(`sources:
  - id: %s
    name: %s
    start_urls: ['%s/']
    sitemaps: ['%s/sitemap.xml']
    allow: ['^%s']
    max_pages: %d
    delay: 0s
    parallel: %d
`, scale.SourceID, scale.SourceName, r.site.srv.URL, r.site.srv.URL, scale.CasesPath, crashMaxPages, source.MaxParallel)
	if err := os.WriteFile(r.sources, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return r
}

// crawl runs one crawl process to its end: it kills itself at step when
// that is set, it is killed after killAfter when that is positive.
func (r *crashRun) crawl(t *testing.T, step string, killAfter time.Duration) (*crawlProcess, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(r.ctx, crawlProcessTimeout)
	defer cancel()
	p := startCrawl(ctx, t, r.sources, r.dir, step)
	if killAfter > 0 {
		timer := time.AfterFunc(killAfter, func() { _ = p.cmd.Process.Kill() })
		defer timer.Stop()
	}
	return p, p.cmd.Wait()
}

// kill runs crawl i of the schedule against a new corpus and checks the
// directory after it was killed.
func (r *crashRun) kill(t *testing.T, i int, step string, killAfter time.Duration) {
	t.Helper()
	r.site.advance(t)
	p, err := r.crawl(t, step, killAfter)
	switch {
	case step != "" && !killed(err):
		t.Fatalf("crawl %d, to be killed at step %q: %v, want killed by SIGKILL\n%s", i, step, err, p.out)
	case step == "" && err != nil && !killed(err):
		t.Fatalf("crawl %d, to be killed after %s: %v\n%s", i, killAfter, err, p.out)
	}
	how := fmt.Sprintf("at step %q", step)
	if step == "" {
		how = fmt.Sprintf("after %s", killAfter.Round(time.Millisecond))
	}
	gens, _ := indexEntries(t, r.dir)
	t.Logf("crawl %d, killed %s: %v; generations %v", i, how, err, gens)
	if len(gens) > maxGenerationsBuilding {
		t.Errorf("after crawl %d the index holds %v, more than %d generations", i, gens, maxGenerationsBuilding)
	}
}

// TestCrawlSurvivesKills kills `casus crawl` processes at random times and
// at every step of the commit while a server answers searches on the same
// index: the server never fails a request, the directory never holds more
// than the live generation, its predecessor and the one being built, and
// the next crawl finishes with every document and nothing left over.
func TestCrawlSurvivesKills(t *testing.T) {
	start := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := newCrashRun(ctx, t)
	first := time.Now()
	if p, err := r.crawl(t, "", 0); err != nil {
		t.Fatalf("first crawl: %v\n%s", err, p.out)
	}
	crawlTime := time.Since(first)

	base, serveLog, live := serveIndex(ctx, t, r.dir)
	probes := &prober{}
	probed := make(chan struct{})
	go func() {
		defer close(probed)
		probes.run(ctx, base)
	}()
	rng := rand.New(rand.NewPCG(crashSeed, crashSeed))
	for i, step := range crashSchedule {
		var after time.Duration
		if step == "" {
			after = time.Duration(1 + rng.Int64N(int64(crawlTime)))
		}
		r.kill(t, i, step, after)
	}
	r.site.advance(t)
	if p, err := r.crawl(t, "", 0); err != nil {
		t.Fatalf("crawl after the kills: %v\n%s", err, p.out)
	}
	checkFinalIndex(t, r.dir, live, base, r.site.corpus)

	cancel()
	<-probed
	t.Logf("%d searches during %d crawls (the first took %s), %d failed; %s in all", probes.queries.Load(),
		len(crashSchedule)+2, crawlTime.Round(time.Millisecond), probes.failures.Load(), time.Since(start).Round(time.Millisecond))
	if n := probes.failures.Load(); n > 0 {
		t.Errorf("%d of %d searches failed while crawls were killed; the first: %s", n, probes.queries.Load(), probes.first)
	}
	if strings.Contains(serveLog.String(), "refresh failed") {
		t.Errorf("the server failed to switch:\n%s", serveLog)
	}
}

// serveIndex serves the index directory as cmdServe does, following new
// generations, until ctx is done.
func serveIndex(ctx context.Context, t *testing.T, dir string) (base string, logs *syncBuffer, live *search.Live) {
	t.Helper()
	k, err := loadKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	logs = &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	live, err = search.OpenLive(dir, k.searchOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = live.Close() })
	b := newBackend(k)
	b.set(live)
	srv, err := listenHTTP("127.0.0.1:0", b, logger, api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.serve(ctx) }()
	t.Cleanup(func() {
		if err := <-served; err != nil {
			t.Error(err)
		}
	})
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		follow(ctx, live, testRefresh, logger)
	}()
	t.Cleanup(func() { <-followed })
	return strings.TrimSuffix(srv.URL(), "/"), logs, live
}

// checkFinalIndex checks the index after the last crawl: the server
// switched to it, it holds every document of the corpus, and the directory
// holds the live generation and its predecessor, both finished, and nothing
// else.
func checkFinalIndex(t *testing.T, dir string, live *search.Live, base string, c *scale.Corpus) {
	t.Helper()
	gen, err := search.LiveGeneration(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; live.Generation() != gen; i++ {
		if i == maxSwitchPolls {
			t.Fatalf("the server still serves %s, not %s", live.Generation(), gen)
		}
		time.Sleep(testRefresh)
	}
	if got := searchAPI(t, base, url.Values{"size": {"1"}}).Total; got != c.Len() {
		t.Errorf("the server finds %d cases, want %d", got, c.Len())
	}
	for i := range c.Len() {
		id := c.Document(i).ID
		if _, err := live.Index().Get(context.Background(), id); err != nil {
			t.Errorf("document %d (%s): %v", i, id, err)
		}
	}
	gens, others := indexEntries(t, dir)
	if len(gens) != maxGenerationsDone {
		t.Errorf("after the last crawl the index holds %v, want the live generation and its predecessor", gens)
	}
	if diff := cmp.Diff([]string{"CURRENT", "crawl.lock", lastCrawlFile}, others); diff != "" {
		t.Errorf("after the last crawl the index holds other files (-want +got):\n%s", diff)
	}
	for _, g := range gens {
		if _, err := os.Stat(filepath.Join(dir, g, finishedMark)); err != nil {
			t.Errorf("generation %s is unfinished: %v", g, err)
		}
	}
}
