package loadtest

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Group is an endpoint group of the API: results are reported per class and
// per group.
type Group string

// The endpoint groups of the mix.
const (
	GroupSearch     Group = "search"
	GroupSuggest    Group = "suggest"
	GroupSimilar    Group = "similar"
	GroupComparable Group = "comparable"
)

// groupOrder is the order groups are reported in.
var groupOrder = [...]Group{GroupSearch, GroupSuggest, GroupSimilar, GroupComparable}

// Request is one operation of the mix, ready to be sent to a Target.
type Request struct {
	// Class names the kind of request, such as "search-typo".
	Class string
	// Group is the endpoint group of the class.
	Group Group
	// Params are the query parameters: q, filters, sort and size for
	// search, q for suggest, size for similar and comparable. A Target
	// must not change them.
	Params url.Values
	// ID is the document id of a similar request and the municipality code
	// of a comparable request; empty otherwise.
	ID string
}

// Class is one named kind of request with its weight in the mix and its
// variants, of which each pick takes one uniformly.
type Class struct {
	Name   string
	Group  Group
	Weight int
	// Requests are the variants. The similar class has one template
	// without an ID; the run makes one variant per document id it got at
	// start-up.
	Requests []Request
}

// Bounds and fixed values of the mix.
const (
	// similarSize and comparableSize are the size parameters of those
	// classes.
	similarSize    = "5"
	comparableSize = "10"
	// sizeLarge is the page size of the search-size50 class.
	sizeLarge = "50"
	// StartupIDs is how many document ids are taken at start-up, by a
	// search of that size, for the similar class.
	StartupIDs = 50
	// cacheBusterPrefix and cacheBusterSuffix wrap the counter of the
	// unique excluded word that NoCache adds to q: "-zq17x".
	cacheBusterPrefix = " -zq"
	cacheBusterSuffix = "x"
)

// Mix returns the fixed query mix, in report order. Weights are relative
// (they add up to 100); within a class every variant is equally likely.
// Theme and domain values are slugs of search/taxonomy/vocabulary.yaml.
func Mix() []Class {
	return []Class{
		searchClass("search-word", 14,
			q("jeugdzorg"), q("wijkteam"), q("mantelzorg"), q("schuldhulpverlening"),
			q("participatiewet"), q("inkoop"), q("armoede"), q("statushouders")),
		searchClass("search-two", 8, q("jeugdzorg inkoop"), q("wijkteam zwolle"), q("beschermd wonen")),
		searchClass("search-phrase", 5, q(`"sociaal domein"`), q(`"beschermd wonen"`)),
		searchClass("search-typo", 5, q("jeugzorg"), q("participatiewt"), q("mantelsorg")),
		searchClass("search-compound", 5, q("zorginkoop"), q("jeugdhulpaanbieders"), q("wijkteammedewerkers")),
		searchClass("search-filtered", 8,
			q("jeugdzorg", "theme", "jeugd"),
			q("wijkteam", "municipality", "GM0363"),
			q("inkoop", "year", "2020"),
			q("armoede", "domain", "sociaal")),
		searchClass("search-empty-facets", 4, url.Values{}),
		searchClass("search-filters-only", 4,
			url.Values{"theme": {"wmo"}, "municipality": {"GM0344"}},
			url.Values{"year": {"2019"}}),
		searchClass("search-size50", 3, q("jeugdzorg", "size", sizeLarge), q("wijkteam", "size", sizeLarge)),
		searchClass("search-date", 3, q("jeugdzorg", "sort", "date"), q("armoede", "sort", "date")),
		suggestClass("suggest", 30,
			"j", "je", "jeu", "jeug", "jeugd", "jeugdz",
			"w", "wi", "wij", "wijk", "wijkt",
			"m", "ma", "man", "mant", "mante",
			"p", "pa", "par", "part", "parti",
			"s", "sc", "sch", "schu", "schul",
			"b", "be", "bes", "besc"),
		{Name: "similar", Group: GroupSimilar, Weight: 6, Requests: []Request{
			{Class: "similar", Group: GroupSimilar, Params: url.Values{"size": {similarSize}}},
		}},
		comparableClass("comparable", 5, "GM0363", "GM0344", "GM0148", "GM0193", "GM0599", "GM0268"),
	}
}

// q returns search parameters: the text and then name, value pairs.
func q(text string, pairs ...string) url.Values {
	v := url.Values{"q": {text}}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}

func searchClass(name string, weight int, params ...url.Values) Class {
	c := Class{Name: name, Group: GroupSearch, Weight: weight}
	for _, p := range params {
		c.Requests = append(c.Requests, Request{Class: name, Group: GroupSearch, Params: p})
	}
	return c
}

func suggestClass(name string, weight int, prefixes ...string) Class {
	c := Class{Name: name, Group: GroupSuggest, Weight: weight}
	for _, p := range prefixes {
		c.Requests = append(c.Requests, Request{Class: name, Group: GroupSuggest, Params: url.Values{"q": {p}}})
	}
	return c
}

func comparableClass(name string, weight int, codes ...string) Class {
	c := Class{Name: name, Group: GroupComparable, Weight: weight}
	for _, code := range codes {
		c.Requests = append(c.Requests, Request{Class: name, Group: GroupComparable,
			Params: url.Values{"size": {comparableSize}}, ID: code})
	}
	return c
}

// selectClasses keeps the classes named in only, by class or group name;
// an empty only keeps all. An unknown name is an error listing the known
// ones.
func selectClasses(classes []Class, only []string) ([]Class, error) {
	if len(only) == 0 {
		return classes, nil
	}
	known := map[string]bool{}
	for _, c := range classes {
		known[c.Name], known[string(c.Group)] = true, true
	}
	for _, name := range only {
		if !known[name] {
			names := make([]string, 0, len(known))
			for k := range known {
				names = append(names, k)
			}
			slices.Sort(names)
			return nil, fmt.Errorf("only: unknown class or group %q (known: %s)", name, strings.Join(names, ", "))
		}
	}
	var out []Class
	for _, c := range classes {
		if slices.Contains(only, c.Name) || slices.Contains(only, string(c.Group)) {
			out = append(out, c)
		}
	}
	return out, nil
}

// withDocuments gives the similar classes one variant per id, and drops
// them when there are no ids.
func withDocuments(classes []Class, ids []string) []Class {
	out := make([]Class, 0, len(classes))
	for _, c := range classes {
		if c.Group != GroupSimilar {
			out = append(out, c)
			continue
		}
		if len(ids) == 0 || len(c.Requests) == 0 {
			continue
		}
		tmpl := c.Requests[0]
		c.Requests = make([]Request, len(ids))
		for i, id := range ids {
			c.Requests[i] = Request{Class: tmpl.Class, Group: tmpl.Group, Params: tmpl.Params, ID: id}
		}
		out = append(out, c)
	}
	return out
}

// picker chooses requests from a mix by weight with its own random source:
// one per client, so the sequence of a client depends on the seed alone.
type picker struct {
	classes []Class
	cum     []int // cumulative weights
	rng     *rand.Rand
}

func newPicker(classes []Class, seed, stream uint64) *picker {
	p := &picker{classes: classes, rng: rand.New(rand.NewPCG(seed, stream))}
	total := 0
	for _, c := range classes {
		total += c.Weight
		p.cum = append(p.cum, total)
	}
	return p
}

// next picks a class by weight and one of its variants uniformly.
func (p *picker) next() Request {
	r := p.rng.IntN(p.cum[len(p.cum)-1])
	i, _ := slices.BinarySearch(p.cum, r+1)
	c := p.classes[i]
	return c.Requests[p.rng.IntN(len(c.Requests))]
}

// bustCache returns r with a unique word excluded from a search's q, so
// that no server-side result cache can answer it: " -zq<n>x" excludes a
// word no document has, which changes neither the hits nor their order but
// makes the query text, and so the cache key, unique. Searches without q
// are returned as they are: any unique parameter that the server does not
// ignore would change their results (from/to drop undated cases) or their
// execution (a q with only an exclusion is a full scan instead of the
// filter-column path), so those classes stay cacheable and the report
// says so.
func bustCache(r Request, n uint64) Request {
	if r.Group != GroupSearch || r.Params.Get("q") == "" {
		return r
	}
	p := make(url.Values, len(r.Params))
	for k, v := range r.Params {
		p[k] = v
	}
	p.Set("q", r.Params.Get("q")+cacheBusterPrefix+strconv.FormatUint(n, 10)+cacheBusterSuffix)
	r.Params = p
	return r
}

// cacheBusted reports whether NoCache makes the requests of c unique.
func cacheBusted(c Class) bool {
	if c.Group != GroupSearch {
		return false
	}
	for _, r := range c.Requests {
		if r.Params.Get("q") == "" {
			return false
		}
	}
	return true
}

// CheckOnly returns an error naming the first entry of only that is
// neither a class nor a group of the mix.
func CheckOnly(only []string) error {
	_, err := selectClasses(Mix(), only)
	return err
}
