package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// finishedFile, in a generation directory, marks the generation finished.
// It is written last, just before CURRENT names the generation, and lists
// every file of the generation with its size and CRC-32C, and the
// generation that was live before. A generation without it is unfinished
// (its crawl was killed) unless CURRENT names it: an older casus, which
// wrote no mark, made it.
const finishedFile = "FINISHED"

// sumBufferBytes is the read buffer of a file checksum.
const sumBufferBytes = 1 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// manifest is the content of finishedFile.
type manifest struct {
	// Previous names the generation that was live before this one, which a
	// crawl keeps for servers that have not switched yet; empty for the
	// first.
	Previous string `json:"previous,omitempty"`
	// Files are the generation's files in walk order.
	Files []fileSum `json:"files"`
}

// fileSum is one file of a generation as it was written.
type fileSum struct {
	// Path is slash-separated and relative to the generation directory.
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	CRC32C uint32 `json:"crc32c"`
}

// isFinishMark reports whether rel, relative to a generation directory, is
// the finished mark or its temporary file, which belong to no copy.
func isFinishMark(rel string) bool {
	return rel == finishedFile || rel == finishedFile+tmpSuffix
}

// finishGeneration marks generation name of dir finished, with previous as
// the generation live before it. Every file and directory of the
// generation is synced first, and the mark is written atomically with its
// directory synced, so a finished generation is complete on disk.
func finishGeneration(dir, name, previous string) error {
	path := filepath.Join(dir, name)
	files, err := sumTree(path)
	if err != nil {
		return fmt.Errorf("finish generation %s in %s: %w", name, dir, err)
	}
	data, err := json.Marshal(manifest{Previous: previous, Files: files})
	if err != nil {
		return fmt.Errorf("finish generation %s in %s: %w", name, dir, err)
	}
	if err := writeAtomic(path, finishedFile, data, crashFinishing); err != nil {
		return fmt.Errorf("finish generation %s in %s: %w", name, dir, err)
	}
	crashPoint(crashFinished)
	return nil
}

// sumTree syncs every file and directory under root and returns the sizes
// and checksums of the files, the finished mark left out.
func sumTree(root string) ([]fileSum, error) {
	var out []fileSum
	buf := make([]byte, sumBufferBytes)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return syncDir(path)
		}
		rel, err := filepath.Rel(root, path)
		if err != nil || isFinishMark(rel) {
			return err
		}
		size, sum, err := sumFile(path, buf, true)
		if err != nil {
			return err
		}
		out = append(out, fileSum{Path: filepath.ToSlash(rel), Size: size, CRC32C: sum})
		return nil
	})
	return out, err
}

// sumFile returns the size and CRC-32C of the file at path, reading it
// through buf, and syncs it to disk first when sync is set.
func sumFile(path string, buf []byte, sync bool) (int64, uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	if sync {
		if err := f.Sync(); err != nil {
			return 0, 0, err
		}
	}
	h := crc32.New(castagnoli)
	n, err := io.CopyBuffer(h, f, buf)
	return n, h.Sum32(), err
}

// readManifest reads the finished mark of generation name of dir; the
// error is fs.ErrNotExist when it has none.
func readManifest(dir, name string) (manifest, error) {
	var m manifest
	data, err := os.ReadFile(filepath.Join(dir, name, finishedFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%s: %w", finishedFile, err)
	}
	return m, nil
}

// verifyGeneration checks generation name of dir against its finished
// mark: every file there, with its size and checksum. It is called only for
// a generation CURRENT names, so one without a mark was made by an older
// casus and is taken as it is.
func verifyGeneration(dir, name string) error {
	m, err := readManifest(dir, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return damaged(dir, name, err)
	}
	buf := make([]byte, sumBufferBytes)
	for _, f := range m.Files {
		if err := f.check(filepath.Join(dir, name), buf); err != nil {
			return damaged(dir, name, err)
		}
	}
	return nil
}

// check compares the file under root with what was written: first its size,
// which finds a truncated file without reading it, then its checksum.
func (f fileSum) check(root string, buf []byte) error {
	path := filepath.Join(root, filepath.FromSlash(f.Path))
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s is missing", f.Path)
	case err != nil:
		return err
	case st.Size() != f.Size:
		return fmt.Errorf("%s has %d bytes, want %d", f.Path, st.Size(), f.Size)
	}
	_, sum, err := sumFile(path, buf, false)
	if err != nil {
		return err
	}
	if sum != f.CRC32C {
		return fmt.Errorf("%s has checksum %08x, want %08x", f.Path, sum, f.CRC32C)
	}
	return nil
}

// FinishedAt returns when generation name of the index directory dir was
// marked finished (its mark's modification time, which rsync -a keeps).
func FinishedAt(dir, name string) (time.Time, error) {
	fi, err := os.Stat(filepath.Join(dir, name, finishedFile))
	if err != nil {
		return time.Time{}, err
	}
	return fi.ModTime(), nil
}
