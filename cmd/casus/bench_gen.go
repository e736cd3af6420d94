package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/casus-nl/casus/indexer/scale"
)

// Defaults and bounds of casus bench gen and site.
const (
	// defaultBenchSeed is the seed when --seed is not given.
	defaultBenchSeed = 1
	// defaultSiteAddr lets the system choose a loopback port.
	defaultSiteAddr = "127.0.0.1:0"
	// genBufferBytes is the write buffer of --out.
	genBufferBytes = 1 << 20
	// outFileMode is the mode of --out and --sources-out: readable by
	// everyone, as files os.Create makes under the usual umask.
	outFileMode = 0o644
	// bytesPerMiB converts byte counts for the summary.
	bytesPerMiB = 1 << 20
)

// corpusFlags are the flags gen and site share.
type corpusFlags struct {
	docs    *int
	seed    *uint64
	profile *string
}

func addCorpusFlags(fs *flag.FlagSet) corpusFlags {
	return corpusFlags{
		docs:    fs.Int("docs", 0, fmt.Sprintf("number of documents, 1 to %d (required)", scale.MaxDocs)),
		seed:    fs.Uint64("seed", defaultBenchSeed, "seed of the corpus: the same seed, docs and profile give the same documents"),
		profile: fs.String("profile", string(scale.ProfileCases), `"cases" (mostly 1–6 KiB, one in ten 20–40 KiB) or "regulations" (all 20–40 KiB)`),
	}
}

// config checks the flags and returns the corpus config they give.
func (f corpusFlags) config() (scale.Config, error) {
	if *f.docs < 1 || *f.docs > scale.MaxDocs {
		return scale.Config{}, usageErrorf("--docs %d: must be from 1 to %d", *f.docs, scale.MaxDocs)
	}
	p := scale.Profile(*f.profile)
	if p != scale.ProfileCases && p != scale.ProfileRegulations {
		return scale.Config{}, usageErrorf("--profile %q: must be %q or %q", *f.profile, scale.ProfileCases, scale.ProfileRegulations)
	}
	return scale.Config{Seed: *f.seed, Docs: *f.docs, Profile: p}, nil
}

// parse parses args with fs, which holds the corpus flags, refuses
// arguments after the flags, and returns the corpus configuration.
func (f *corpusFlags) parse(fs *flag.FlagSet, args []string) (scale.Config, error) {
	if err := parseFlags(fs, args); err != nil {
		return scale.Config{}, err
	}
	if fs.NArg() > 0 {
		return scale.Config{}, usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	return f.config()
}

// benchGen writes the scale corpus as JSON lines.
func benchGen(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "bench gen")
	cf := addCorpusFlags(fs)
	out := fs.String("out", "", "file to write the documents to, one JSON document a line (required)")
	cfg, err := cf.parse(fs, args)
	switch {
	case err != nil:
		return err
	case *out == "":
		return usageErrorf("--out is required")
	}
	corpus, err := scale.New(cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	n, bodyBytes, err := writeCorpus(ctx, corpus, *out)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "wrote %d documents (%d bytes of body text, %.1f MiB) to %s in %.2f s\n",
		n, bodyBytes, float64(bodyBytes)/bytesPerMiB, *out, secs)
	return nil
}

// writeCorpus writes every document of c to path through a temporary file
// in the same directory, renamed into place only when every write, the
// flush and the close succeeded: path is never left truncated.
func writeCorpus(ctx context.Context, c *scale.Corpus, path string) (docs, bodyBytes int, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, 0, fmt.Errorf("create --out: %w", err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, genBufferBytes)
	enc := json.NewEncoder(w)
	for d := range c.Documents() {
		if err := ctx.Err(); err != nil {
			return 0, 0, fmt.Errorf("bench gen: %w", err)
		}
		if err := enc.Encode(d); err != nil {
			return 0, 0, fmt.Errorf("write --out: %w", err)
		}
		docs++
		bodyBytes += len(d.Body)
	}
	if err := w.Flush(); err != nil {
		return 0, 0, fmt.Errorf("write --out: %w", err)
	}
	if err := f.Chmod(outFileMode); err != nil {
		return 0, 0, fmt.Errorf("write --out: %w", err)
	}
	if err := f.Close(); err != nil {
		return 0, 0, fmt.Errorf("close --out: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return 0, 0, fmt.Errorf("rename --out into place: %w", err)
	}
	return docs, bodyBytes, nil
}

// benchSite serves the scale corpus as a website on a loopback address
// until ctx ends.
func benchSite(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "bench site")
	cf := addCorpusFlags(fs)
	addr := fs.String("addr", defaultSiteAddr, "loopback address to listen on; port 0 picks a free port")
	sourcesOut := fs.String("sources-out", "", "also write a sources file for crawling the site to this file")
	cfg, err := cf.parse(fs, args)
	if err != nil {
		return err
	}
	if err := checkLoopback("--addr", *addr); err != nil {
		return err
	}
	corpus, err := scale.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	base := "http://" + ln.Addr().String()
	if *sourcesOut != "" {
		if err := writeSources(corpus, base, *sourcesOut); err != nil {
			_ = ln.Close()
			return err
		}
	}
	srv := &httpServer{
		ln: ln,
		srv: &http.Server{
			Handler:           corpus.Handler(),
			ReadHeaderTimeout: readHeaderTimeout,
			ReadTimeout:       readTimeout,
			WriteTimeout:      writeTimeout,
			IdleTimeout:       idleTimeout,
			MaxHeaderBytes:    maxHeaderBytes,
			ErrorLog:          slog.NewLogLogger(e.logger.Handler(), slog.LevelWarn),
		},
		logger: e.logger,
	}
	fmt.Fprintf(e.stdout, "scale site with %d documents (profile %s, seed %d) at %s/\n", cfg.Docs, cfg.Profile, cfg.Seed, base)
	if *sourcesOut != "" {
		fmt.Fprintf(e.stdout, "sources file for crawling it: %s\n", *sourcesOut)
	}
	return srv.serve(ctx)
}

// checkLoopback accepts, for the flag named flagName, host:port with
// localhost or a loopback IP: what it serves is for this machine, not for
// the network.
func checkLoopback(flagName, addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usageErrorf("%s %q: %v", flagName, addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return usageErrorf("%s %q: must be a loopback address", flagName, addr)
	}
	return nil
}

// writeSources writes the sources file for crawling the site at base.
func writeSources(c *scale.Corpus, base, path string) error {
	data, err := c.SourcesYAML(base)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, outFileMode); err != nil {
		return fmt.Errorf("write --sources-out: %w", err)
	}
	return nil
}
