package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casus-nl/casus/api"
	"github.com/casus-nl/casus/search"
)

// Bounds of the replica test.
const (
	// replicaCount is the number of casus serve processes on one index
	// directory.
	replicaCount = 3
	// replicaClients is the number of goroutines searching through the
	// proxy, each as a client address of its own.
	replicaClients = 4
	// replicaSwitchWithin bounds the time from the crawl making its
	// generation live to every replica answering from it: serve looks for
	// a new generation every second (refreshInterval).
	replicaSwitchWithin = 5 * time.Second
	// replicaLoadAfter is how long the load goes on after the last replica
	// switched, so that the old generations' last answers are seen too.
	replicaLoadAfter = 500 * time.Millisecond
	// replicaPause is the pause between two requests of a client, leaving
	// the crawl some of the two cores.
	replicaPause = time.Millisecond
)

// replicaQueries are the requests of the load, in turn; every answer is a
// JSON object.
var replicaQueries = []string{
	"/api/v1/search?q=zorg",
	"/api/v1/search?q=jeugd&sort=date",
	"/api/v1/search?q=wonen&size=20",
	"/api/v1/search?size=1",
	"/api/v1/suggest?q=wijk",
}

// replicaHeader, set by the test's proxy, names the replica that answered.
const replicaHeader = "X-Test-Replica"

// roundRobin is a reverse proxy over the replicas, one request to each in
// turn, passing X-Forwarded-For on as nginx's $proxy_add_x_forwarded_for
// does.
func roundRobin(t *testing.T, backends []string) *httptest.Server {
	t.Helper()
	targets := make([]*url.URL, len(backends))
	for i, b := range backends {
		u, err := url.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		targets[i] = u
	}
	var next atomic.Uint64
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			i := (next.Add(1) - 1) % uint64(len(targets))
			r.SetURL(targets[i])
			r.Out.Header["X-Forwarded-For"] = r.In.Header["X-Forwarded-For"]
			r.SetXForwarded()
			r.Out.Header.Set(replicaHeader, fmt.Sprint(i))
		},
		ModifyResponse: func(res *http.Response) error {
			res.Header.Set(replicaHeader, res.Request.Header.Get(replicaHeader))
			return nil
		},
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv
}

// replicaLoad is what the clients saw through the proxy.
type replicaLoad struct {
	requests, failures atomic.Int64
	mu                 sync.Mutex
	firstFailure       string
	// gens is each replica's generation in its latest answer, and switched
	// when it first answered from the new generation.
	gens      [replicaCount]string
	newGen    string
	switched  [replicaCount]time.Time
	backwards string
}

func (l *replicaLoad) fail(err error) {
	l.failures.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.firstFailure == "" {
		l.firstFailure = err.Error()
	}
}

// run sends requests as client until ctx is done.
func (l *replicaLoad) run(ctx context.Context, base, client string) {
	httpc := &http.Client{Timeout: probeTimeout}
	for i := 0; ctx.Err() == nil; i++ {
		u := base + replicaQueries[i%len(replicaQueries)]
		req, _ := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodGet, u, nil)
		req.Header.Set("X-Forwarded-For", client)
		l.requests.Add(1)
		if err := l.one(httpc, req); err != nil {
			l.fail(err)
		}
		time.Sleep(replicaPause)
	}
}

// one makes a request and checks its answer: 200, a JSON object, and the
// replica's generation never going back for a request sent after the
// replica answered from the new one (an answer to a request sent before may
// still arrive later, from the old one).
func (l *replicaLoad) one(httpc *http.Client, req *http.Request) error {
	sent := time.Now()
	resp, err := httpc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("GET %s: %w", req.URL, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d: %s", req.URL, resp.StatusCode, body)
	}
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil {
		return fmt.Errorf("GET %s: not JSON: %w", req.URL, err)
	}
	gen := resp.Header.Get(api.HeaderGeneration)
	var replica int
	if _, err := fmt.Sscan(resp.Header.Get(replicaHeader), &replica); err != nil || replica < 0 || replica >= replicaCount || gen == "" {
		return fmt.Errorf("GET %s: replica %q, generation %q", req.URL, resp.Header.Get(replicaHeader), gen)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if switched := l.switched[replica]; !switched.IsZero() && gen != l.newGen {
		if sent.After(switched) && l.backwards == "" {
			l.backwards = fmt.Sprintf("replica %d answered from %s after %s", replica, gen, l.newGen)
		}
		return nil
	}
	l.gens[replica] = gen
	if l.newGen != "" && gen == l.newGen && l.switched[replica].IsZero() {
		l.switched[replica] = time.Now()
	}
	return nil
}

// allSwitched reports whether every replica answered from the new
// generation.
func (l *replicaLoad) allSwitched() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.switched {
		if s.IsZero() {
			return false
		}
	}
	return true
}

// TestReplicasFollowOneIndex runs three casus serve on one index directory
// behind a round-robin reverse proxy (trusted with --trusted-proxy, as the
// README's nginx set-up). While clients search through the proxy without a
// break, a casus crawl process publishes a generation of a changed site:
// no request fails, every replica answers from the new generation within
// a few seconds and never from the old one again, and each finds the new
// corpus.
func TestReplicasFollowOneIndex(t *testing.T) {
	start := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := newCrashRun(ctx, t)
	if p, err := r.crawl(t, "", 0); err != nil {
		t.Fatalf("first crawl: %v\n%s", err, p.out)
	}
	oldCorpus := r.site.corpus
	firstGen, err := search.LiveGeneration(r.dir)
	if err != nil {
		t.Fatal(err)
	}

	token := writeToken(t)
	replicas := make([]*served, replicaCount)
	backends := make([]string, replicaCount)
	for i := range replicas {
		replicas[i] = startServe(t, "--index", r.dir, "--admin-token-file", token, "--trusted-proxy", "127.0.0.1",
			"--rate-limit", "10000", "--rate-burst", "10000")
		backends[i] = replicas[i].public
	}
	proxy := roundRobin(t, backends)
	load := &replicaLoad{}
	loadCtx, stopLoad := context.WithCancel(ctx)
	var clients sync.WaitGroup
	for c := range replicaClients {
		clients.Add(1)
		go func() {
			defer clients.Done()
			load.run(loadCtx, proxy.URL, fmt.Sprintf("203.0.113.%d", c+1))
		}()
	}
	defer func() { stopLoad(); clients.Wait() }()
	eventually(t, "answers from every replica", func() bool {
		load.mu.Lock()
		defer load.mu.Unlock()
		return load.gens[replicaCount-1] != ""
	})

	// A second crawl, of the site with another corpus, publishes a new
	// generation while the load runs.
	r.site.advance(t)
	crawlStart := time.Now()
	if p, err := r.crawl(t, "", 0); err != nil {
		t.Fatalf("second crawl: %v\n%s", err, p.out)
	}
	published := time.Now()
	newGen, err := search.LiveGeneration(r.dir)
	if err != nil || newGen == firstGen {
		t.Fatalf("the second crawl made no new generation: %q after %q, %v", newGen, firstGen, err)
	}
	load.mu.Lock()
	load.newGen = newGen
	load.mu.Unlock()
	deadline := published.Add(replicaSwitchWithin)
	for !load.allSwitched() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(replicaLoadAfter)
	stopLoad()
	clients.Wait()

	load.mu.Lock()
	for i, at := range load.switched {
		if at.IsZero() {
			t.Errorf("replica %d still answers from %s %s after the crawl published %s", i, load.gens[i], replicaSwitchWithin, newGen)
		} else {
			t.Logf("replica %d answered from %s %s after it was published", i, newGen, at.Sub(published).Round(time.Millisecond))
		}
	}
	if load.backwards != "" {
		t.Error(load.backwards)
	}
	load.mu.Unlock()
	if n := load.failures.Load(); n > 0 {
		t.Errorf("%d of %d requests through the proxy failed; the first: %s", n, load.requests.Load(), load.firstFailure)
	}

	// Each replica serves the new corpus, reports the new generation and
	// took the clients from X-Forwarded-For.
	newID, oldID := r.site.corpus.Document(0).ID, oldCorpus.Document(0).ID
	for i, s := range replicas {
		if st := adminStatus(t, s); st.Generation != newGen || st.Documents != uint64(r.site.corpus.Len()) {
			t.Errorf("replica %d: admin status generation %s, %d documents; want %s, %d", i, st.Generation, st.Documents, newGen, r.site.corpus.Len())
		}
		if got := searchAPI(t, s.public, url.Values{"size": {"1"}}).Total; got != r.site.corpus.Len() {
			t.Errorf("replica %d finds %d cases, want %d", i, got, r.site.corpus.Len())
		}
		if code, _ := call(t, "GET", s.public+"/api/v1/documents/"+url.PathEscape(newID), "", ""); code != 200 {
			t.Errorf("replica %d: a case of the new corpus: %d, want 200", i, code)
		}
		if code, _ := call(t, "GET", s.public+"/api/v1/documents/"+url.PathEscape(oldID), "", ""); code != 404 {
			t.Errorf("replica %d: a case of the old corpus: %d, want 404", i, code)
		}
		_, metrics := call(t, "GET", s.public+"/metrics", "", "")
		if got, _ := metricValue(metrics, "casus_http_rate_limit_clients"); got < replicaClients {
			t.Errorf("replica %d keeps %v rate-limit clients, want the %d behind the proxy", i, got, replicaClients)
		}
	}
	t.Logf("%d requests through the proxy, %d failed; second crawl %s; %s in all", load.requests.Load(), load.failures.Load(),
		published.Sub(crawlStart).Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}
