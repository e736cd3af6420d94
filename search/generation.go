package search

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// The layout of an index directory. A crawl builds a new generation next to
// the live one and then names it in CURRENT, so a server reading the live
// generation never shares a file being written (zoekt does the same with
// shards).
const (
	// currentFile names the live generation; it is replaced atomically.
	currentFile = "CURRENT"
	// genPrefix + n is the directory of generation n, a bleve index.
	genPrefix = "gen-"
	// crawlLockFile is held (flock) by the one crawl allowed at a time.
	crawlLockFile = "crawl.lock"
	// tmpSuffix marks a file being written, renamed into place when done.
	tmpSuffix = ".tmp"
)

// ErrCrawlRunning: another crawl holds the index directory's crawl lock.
var ErrCrawlRunning = errors.New("another crawl is running on this index")

// checkLayout refuses an index directory in the old single-index layout.
func checkLayout(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, metaFile)); err == nil {
		return fmt.Errorf("index %s has the old single-index layout: remove the directory and crawl again", dir)
	}
	return nil
}

// readCurrent returns the name of the live generation, or "" when there is
// none yet.
func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read live generation of %s: %w", dir, err)
	}
	name := strings.TrimSpace(string(b))
	if _, ok := genNumber(name); !ok {
		return "", fmt.Errorf("index %s: %s names %q, which is no generation", dir, currentFile, name)
	}
	return name, nil
}

// writeCurrent names gen as the live generation: written to a temporary
// file, synced and renamed, so a reader sees the old name or the new one.
// When it fails, CURRENT may name either.
func writeCurrent(dir, gen string) error {
	if err := writeAtomic(dir, currentFile, []byte(gen+"\n"), crashSwitching); err != nil {
		return fmt.Errorf("switch live generation to %s: %w", gen, err)
	}
	crashPoint(crashSwitched)
	return nil
}

// writeAtomic writes data to the file name in dir through a synced
// temporary file that is renamed into place; the directory is synced too,
// so after a crash the file is either the old one or the new one, complete.
// crashStep is the crash test's step between the temporary file and the
// rename.
func writeAtomic(dir, name string, data []byte, crashStep string) error {
	tmp := filepath.Join(dir, name+tmpSuffix)
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return err
	}
	crashPoint(crashStep)
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes the entries of directory dir (created, renamed, removed
// files) durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// genNumber parses "gen-<n>".
func genNumber(name string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(name, genPrefix))
	return n, err == nil && strings.HasPrefix(name, genPrefix) && n > 0
}

// generations returns the numbers of the generation directories in dir.
func generations(dir string) ([]int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list generations of %s: %w", dir, err)
	}
	var out []int
	for _, e := range entries {
		if n, ok := genNumber(e.Name()); ok && e.IsDir() {
			out = append(out, n)
		}
	}
	return out, nil
}

// crawlLock is the exclusive lock of one crawl on an index directory.
type crawlLock struct{ f *os.File }

// lockCrawl takes the crawl lock without waiting: a second crawl fails at
// once instead of hanging.
func lockCrawl(dir string) (*crawlLock, error) {
	f, err := os.OpenFile(filepath.Join(dir, crawlLockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("crawl lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("index %s: %w", dir, ErrCrawlRunning)
		}
		return nil, fmt.Errorf("crawl lock of %s: %w", dir, err)
	}
	return &crawlLock{f: f}, nil
}

// release gives the lock up; closing the file drops the flock.
func (l *crawlLock) release() error {
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("release crawl lock: %w", err)
	}
	return nil
}

// copyTree copies the files of directory src into the new directory dst,
// all but the finished mark: the copy is a generation being built.
// Published generations are never written again, so the copy is consistent.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if isFinishMark(rel) {
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(path, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, cerr := io.Copy(out, in)
	return errors.Join(cerr, out.Close())
}

// LiveGeneration names the live generation of the index directory dir, or
// returns "" when it has none yet.
func LiveGeneration(dir string) (string, error) { return readCurrent(dir) }

// genName is the directory name of generation n.
func genName(n int) string { return fmt.Sprintf("%s%d", genPrefix, n) }

// removeStale removes the generations no server needs: all but the live
// one and the one live before it, which a server that has not switched yet
// still reads. What it removes are the generations of killed crawls,
// finished or not, and older ones; and CURRENT's temporary file. A crawl
// calls it under the crawl lock when it starts and after it switched
// CURRENT, so the directory holds at most the live generation, its
// predecessor and the one being built. When the live generation's finished
// mark cannot be read, it removes nothing.
func removeStale(dir string) error {
	keep, err := keptGenerations(dir)
	if err != nil {
		return fmt.Errorf("remove stale generations of %s: %w", dir, err)
	}
	gens, err := generations(dir)
	if err != nil {
		return err
	}
	for _, n := range gens {
		name := genName(n)
		if keep[name] {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("remove stale generation %s of %s: %w", name, dir, err)
		}
		crashPoint(crashCleaning)
	}
	if err := os.Remove(filepath.Join(dir, currentFile+tmpSuffix)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove stale generations of %s: %w", dir, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("remove stale generations of %s: %w", dir, err)
	}
	return nil
}

// keptGenerations names the live generation and the one before it, which
// the live one's finished mark names. A live generation without a mark
// (made by an older casus) is kept alone.
func keptGenerations(dir string) (map[string]bool, error) {
	keep := map[string]bool{}
	live, err := readCurrent(dir)
	if err != nil || live == "" {
		return keep, err
	}
	keep[live] = true
	m, err := readManifest(dir, live)
	if errors.Is(err, os.ErrNotExist) {
		return keep, nil
	}
	if err != nil {
		return nil, fmt.Errorf("generation %s: %w", live, err)
	}
	if m.Previous != "" {
		keep[m.Previous] = true
	}
	return keep, nil
}

// RemoveIndex removes the index in directory dir, CURRENT first and then
// every generation, under the crawl lock: it fails with ErrCrawlRunning
// instead of removing what a running crawl writes. The directory and its
// lock file stay; a missing directory is no error.
func RemoveIndex(dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	lock, err := lockCrawl(dir)
	if err != nil {
		return err
	}
	if err := errors.Join(removeIndexFiles(dir), lock.release()); err != nil {
		return fmt.Errorf("remove index %s: %w", dir, err)
	}
	return nil
}

// removeIndexFiles removes everything in dir but the crawl lock, CURRENT
// first so that no reader is sent to a generation being removed.
func removeIndexFiles(dir string) error {
	if err := os.Remove(filepath.Join(dir, currentFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == crawlLockFile {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// crashEnv is the environment variable of the crash test
// (cmd/casus/crash_test.go): set to one of the steps below, the process
// kills itself with SIGKILL when it reaches that step, as a crash or a
// kill -9 there would.
const crashEnv = "CASUS_CRASH_AT"

// The steps of a crawl's commit at which the crash test kills it.
const (
	// crashFinishing: the finished mark is written but not in place.
	crashFinishing = "finishing"
	// crashFinished: the generation is finished, CURRENT not switched.
	crashFinished = "finished"
	// crashSwitching: CURRENT's new content is written but not in place.
	crashSwitching = "switching"
	// crashSwitched: CURRENT is switched and nothing removed yet.
	crashSwitched = "switched"
	// crashCleaning: one stale generation is removed.
	crashCleaning = "cleaning"
)

// crashPoint kills the process when the crash test asked for step.
func crashPoint(step string) {
	if os.Getenv(crashEnv) != step {
		return
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGKILL); err == nil {
		// The signal ends the process; nothing after the step may run.
		select {}
	}
}
