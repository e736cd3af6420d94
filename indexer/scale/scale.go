// Package scale generates a deterministic corpus of Dutch case documents of
// any size, and serves it as a website, so that crawling, indexing and search
// can be measured at scale without real sites.
//
// Document i is derived from the seed and i alone: it can be generated
// without generating the documents before it, which lets the website render
// any page on demand and lets a generator stream a corpus of a million
// documents in constant memory.
package scale

import (
	"fmt"
	"iter"
	"net/url"
	"strings"
	"time"

	"github.com/casus-nl/casus"
)

// Profile chooses the shape of the documents.
type Profile string

// The profiles.
const (
	// ProfileCases gives case pages: mostly 1–6 KiB of body text, about one
	// in ten long pages of 20–40 KiB.
	ProfileCases Profile = "cases"
	// ProfileRegulations gives municipal regulations: every body is 20–40
	// KiB, about 26 KiB on average.
	ProfileRegulations Profile = "regulations"
)

// Bounds and defaults of a corpus.
const (
	// MaxDocs bounds Config.Docs.
	MaxDocs = 1_000_000
	// DefaultBaseURL is the scheme and host of document URLs when
	// Config.BaseURL is empty; .test is reserved and never resolves.
	DefaultBaseURL = "http://cases.scale.test"
	// CasesPath is the path under which every document lives.
	CasesPath = "/cases/"
)

// Body lengths in bytes. A short page's body is ShortMinBytes–ShortMaxBytes,
// a long page's LongMinBytes–LongMaxBytes.
const (
	ShortMinBytes = 1 << 10
	ShortMaxBytes = 6 << 10
	LongMinBytes  = 20 << 10
	LongMaxBytes  = 40 << 10
	// LongShare is the share of long pages in ProfileCases.
	LongShare = 0.10
)

// Config describes a corpus. Equal configs give byte-identical documents.
type Config struct {
	// Seed selects the corpus.
	Seed uint64
	// Docs is the number of documents, 1 to MaxDocs.
	Docs int
	// Profile is the shape of the documents; empty means ProfileCases.
	Profile Profile
	// BaseURL is scheme://host[:port] of the document URLs; empty means
	// DefaultBaseURL. It changes the URLs and ids only, not the text.
	BaseURL string
}

// Corpus generates the documents of one Config. It is immutable and safe
// for concurrent use.
type Corpus struct {
	cfg  Config
	base string
	lex  *lexicon
	// fetchStart is the FetchedAt of document 0; document i was fetched
	// i fetch intervals later.
	fetchStart time.Time
}

// Fetch times: a fixed day before the latest document date, offset by the
// seed, and a fixed interval between documents.
var fetchEpoch = time.Date(2026, time.November, 1, 0, 0, 0, 0, time.UTC)

const (
	// fetchSpread is the range of the seed's offset from fetchEpoch.
	fetchSpread = 20 * 24 * time.Hour
	// fetchInterval is the time between two documents' fetches.
	fetchInterval = 50 * time.Millisecond
)

// New checks cfg and prepares the corpus.
func New(cfg Config) (*Corpus, error) {
	if cfg.Docs < 1 || cfg.Docs > MaxDocs {
		return nil, fmt.Errorf("scale: docs %d is not from 1 to %d", cfg.Docs, MaxDocs)
	}
	switch cfg.Profile {
	case "":
		cfg.Profile = ProfileCases
	case ProfileCases, ProfileRegulations:
	default:
		return nil, fmt.Errorf("scale: unknown profile %q (want %q or %q)", cfg.Profile, ProfileCases, ProfileRegulations)
	}
	base, err := checkBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	lex, err := newLexicon()
	if err != nil {
		return nil, err
	}
	offset := time.Duration(mix(cfg.Seed)%uint64(fetchSpread/time.Second)) * time.Second
	return &Corpus{cfg: cfg, base: base, lex: lex, fetchStart: fetchEpoch.Add(offset)}, nil
}

// checkBaseURL accepts an absolute http(s) URL without path, query or user;
// empty means DefaultBaseURL. It returns the URL without a trailing slash.
func checkBaseURL(raw string) (string, error) {
	if raw == "" {
		return DefaultBaseURL, nil
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", fmt.Errorf("scale: base URL %q: %w", raw, err)
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return "", fmt.Errorf("scale: base URL %q is not an absolute http(s) URL", raw)
	case u.User != nil, u.RawQuery != "", u.Fragment != "", strings.Trim(u.Path, "/") != "":
		return "", fmt.Errorf("scale: base URL %q must be scheme and host only", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

// Generate returns the documents of cfg in order, generated one at a time.
func Generate(cfg Config) (iter.Seq[casus.Document], error) {
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c.Documents(), nil
}

// Len is the number of documents.
func (c *Corpus) Len() int { return c.cfg.Docs }

// Documents yields the documents in order; each is generated when it is
// asked for and not kept.
func (c *Corpus) Documents() iter.Seq[casus.Document] {
	return func(yield func(casus.Document) bool) {
		for i := range c.cfg.Docs {
			if !yield(c.Document(i)) {
				return
			}
		}
	}
}

// Document returns document i, 0 <= i < Len(). It panics for another i, as
// indexing a slice does.
func (c *Corpus) Document(i int) casus.Document {
	if i < 0 || i >= c.cfg.Docs {
		panic(fmt.Sprintf("scale: document %d of a corpus of %d", i, c.cfg.Docs))
	}
	h := c.head(i)
	body := c.body(i, h)
	u := c.base + h.path
	return casus.Document{
		ID:             casus.DocumentID(u),
		URL:            u,
		Source:         sources[h.source].id,
		SourceName:     sources[h.source].name,
		Title:          h.title,
		Date:           h.date,
		Body:           body,
		Municipalities: h.refs(),
		Themes:         h.themeSlugs(c.lex),
		Domains:        h.domainSlugs(c.lex),
		PopulationHint: h.popHint,
		Tags:           h.tags,
		FetchedAt:      c.fetchStart.Add(time.Duration(i) * fetchInterval),
	}
}

// Path returns the URL path of document i, like "/cases/grip-op-jeugdhulp-in-ede-8/".
// It is much cheaper than Document: only the title is generated.
func (c *Corpus) Path(i int) string { return c.head(i).path }

// index returns the document number a path names, or false when no
// document has that path.
func (c *Corpus) index(path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, CasesPath)
	if !ok {
		return 0, false
	}
	rest, ok = strings.CutSuffix(rest, "/")
	if !ok {
		return 0, false
	}
	dash := strings.LastIndexByte(rest, '-')
	if dash < 0 || dash == len(rest)-1 || rest[dash+1] == '0' {
		return 0, false
	}
	n := 0
	for _, r := range rest[dash+1:] {
		if r < '0' || r > '9' || n > c.cfg.Docs {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	if n < 1 || n > c.cfg.Docs {
		return 0, false
	}
	i := n - 1
	return i, c.Path(i) == path
}
