package api

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"
)

// MaxRateLimitedClients bounds the clients whose budgets are kept, so that
// a flood of addresses cannot grow memory (about 2 MB at the bound); the
// least recently seen client goes first. A forgotten client starts again
// with a full burst, as it would after being idle for a moment.
const MaxRateLimitedClients = 10_000

// ipv6ClientBits is the prefix of an IPv6 address that names one client: a
// subscriber gets a /64 and its hosts may pick any address in it.
const ipv6ClientBits = 64

// ipExtractor finds the client's address: the peer's, or, when the peer is
// one of the trusted proxies, the nearest untrusted address in its
// X-Forwarded-For. Other forwarding headers are never believed.
func ipExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{
			IP:   p.Addr().AsSlice(),
			Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen()),
		}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// clientKey names the budget of the client at ip: the IPv4 address, or the
// IPv6 /64 it is in.
func clientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(ipv6ClientBits)
	if err != nil {
		return a.String()
	}
	return p.String()
}

// unlimited reports whether path is free of the rate limit: the health
// checks and metrics, which the platform polls, and the static files (one
// stylesheet, served from memory and cached by browsers for an hour).
func unlimited(path string) bool {
	switch path {
	case "/healthz", "/readyz", "/metrics":
		return true
	}
	return strings.HasPrefix(path, "/static/")
}

// rateLimiter gives each client a token bucket of its own for the page, the
// API and everything else that is not unlimited. A refused request gets a
// 429 with Retry-After through the error table; refusals are counted in
// metrics and summed up in the log, never logged one by one.
type rateLimiter struct {
	limit      rate.Limit
	burst      int
	clients    *lru.Cache[string, *rate.Limiter]
	retryAfter string
	message    string
	refusals   *refusalLog
	refused    prometheus.Counter
}

// newRateLimiter returns a limiter of perSecond requests per second with
// the given burst (below 1: perSecond rounded up), or nil, which limits
// nothing, when perSecond <= 0.
func newRateLimiter(perSecond float64, burst int, refusals *refusalLog, refused prometheus.Counter) *rateLimiter {
	if perSecond <= 0 {
		return nil
	}
	if burst < 1 {
		burst = max(1, int(math.Ceil(perSecond)))
	}
	// lru.New fails only for a size below one.
	clients, _ := lru.New[string, *rate.Limiter](MaxRateLimitedClients)
	return &rateLimiter{
		limit:   rate.Limit(perSecond),
		burst:   burst,
		clients: clients,
		// One token comes back every 1/perSecond seconds; Retry-After
		// counts whole seconds, so round up and never say 0.
		retryAfter: strconv.Itoa(max(1, int(math.Ceil(1/perSecond)))),
		message:    fmt.Sprintf("too many requests; at most %g per second, bursts of %d", perSecond, burst),
		refusals:   refusals,
		refused:    refused,
	}
}

// middleware refuses the requests over the client's budget.
func (l *rateLimiter) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	if l == nil {
		return next
	}
	return func(c echo.Context) error {
		if unlimited(c.Request().URL.Path) {
			return next(c)
		}
		client := clientKey(c.RealIP())
		if l.allow(client) {
			return next(c)
		}
		l.refused.Inc()
		l.refusals.add(client)
		c.Response().Header().Set(headerRetryAfter, l.retryAfter)
		return echo.NewHTTPError(http.StatusTooManyRequests, l.message)
	}
}

// allow takes a token from client's bucket, making the bucket on its first
// request.
func (l *rateLimiter) allow(client string) bool {
	lim, ok := l.clients.Get(client)
	if !ok {
		lim = rate.NewLimiter(l.limit, l.burst)
		if prev, had, _ := l.clients.PeekOrAdd(client, lim); had {
			lim = prev
		}
	}
	return lim.Allow()
}
