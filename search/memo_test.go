package search

import (
	"fmt"
	"strings"
	"testing"
)

func TestWordMemo(t *testing.T) {
	calls := map[string]int{}
	m := newWordMemo(func(w string) string {
		calls[w]++
		return strings.ToUpper(w)
	}, 3)
	a, b := &localMemo[string]{values: map[string]string{}}, &localMemo[string]{values: map[string]string{}}
	steps := []struct {
		local *localMemo[string]
		word  string
		calls int // computations of word so far
	}{
		{a, "zorg", 1},
		{a, "zorg", 1},
		// Another analysis finds it in the shared map.
		{b, "zorg", 1},
		{b, "jeugd", 1},
		{a, "wijk", 1},
		// The shared map is full (3 words) and starts afresh with "team".
		{b, "team", 1},
		// a never looked "jeugd" up, and the shared map forgot it.
		{a, "jeugd", 2},
		// b remembers it locally.
		{b, "jeugd", 2},
	}
	for i, s := range steps {
		if got := m.get(s.local, []byte(s.word)); got != strings.ToUpper(s.word) {
			t.Fatalf("step %d: get(%q) = %q", i, s.word, got)
		}
		if calls[s.word] != s.calls {
			t.Fatalf("step %d: %q computed %d times, want %d", i, s.word, calls[s.word], s.calls)
		}
	}
}

func TestWordMemoLocalBound(t *testing.T) {
	m := newWordMemo(func(w string) int { return len(w) }, 1<<20)
	l := m.borrow()
	defer m.giveBack(l)
	for i := range 3 * maxLocalWords {
		w := fmt.Sprintf("woord%d", i)
		if got := m.get(l, []byte(w)); got != len(w) {
			t.Fatalf("get(%q) = %d, want %d", w, got, len(w))
		}
		if len(l.values) > maxLocalWords {
			t.Fatalf("local memo holds %d words, more than %d", len(l.values), maxLocalWords)
		}
	}
}
