// Command buildwords reduces a folded word list to the words that are
// productive compound parts. It reads one lowercase a-z word per line on
// standard input (the output of the first stage of testdata/build-words.sh)
// and writes, sorted, every word that occurs as a part of at least -min
// two-part compounds of the input list, where a two-part compound is a listed
// word W = A + linker + B with A and B listed, linker "", "s" or "en",
// len(A) >= 3 and len(B) >= 4. Words given with -keep are always written.
//
// Usage:
//
//	go run ./internal/buildwords -min 3 -keep extra.txt < folded.txt > words.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"slices"
)

func main() {
	minUses := flag.Int("min", 3, "minimum number of compounds a word must be a part of")
	keep := flag.String("keep", "", "file with words to keep unconditionally")
	flag.Parse()
	if err := run(*minUses, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "buildwords:", err)
		os.Exit(1)
	}
}

func run(minUses int, keepFile string) error {
	all, err := readWords(os.Stdin)
	if err != nil {
		return err
	}
	set := make(map[string]bool, len(all))
	for _, w := range all {
		set[w] = true
	}
	uses := make(map[string]int)
	for _, w := range all {
		for i := 3; i+4 <= len(w); i++ {
			a := w[:i]
			if !set[a] {
				continue
			}
			for _, link := range []string{"", "s", "en"} {
				j := i + len(link)
				if j+4 > len(w) || w[i:j] != link {
					continue
				}
				if b := w[j:]; set[b] {
					uses[a]++
					uses[b]++
				}
			}
		}
	}
	out := make(map[string]bool)
	for w, n := range uses {
		if n >= minUses {
			out[w] = true
		}
	}
	if keepFile != "" {
		f, err := os.Open(keepFile)
		if err != nil {
			return err
		}
		extra, err := readWords(f)
		f.Close()
		if err != nil {
			return err
		}
		for _, w := range extra {
			out[w] = true
		}
	}
	list := make([]string, 0, len(out))
	for w := range out {
		list = append(list, w)
	}
	slices.Sort(list)
	bw := bufio.NewWriter(os.Stdout)
	for _, w := range list {
		fmt.Fprintln(bw, w)
	}
	return bw.Flush()
}

func readWords(f *os.File) ([]string, error) {
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := sc.Text(); w != "" {
			words = append(words, w)
		}
	}
	return words, sc.Err()
}
