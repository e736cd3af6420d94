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
	// keepGenerations is how many generations a finished crawl keeps: the
	// new one and the one before, which a server that has not yet switched
	// still reads.
	keepGenerations = 2
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
func writeCurrent(dir, gen string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write live generation: %w", err)
	}
	_, werr := f.WriteString(gen + "\n")
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("write live generation: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return fmt.Errorf("switch live generation: %w", err)
	}
	return nil
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

// copyTree copies the files of directory src into the new directory dst.
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
