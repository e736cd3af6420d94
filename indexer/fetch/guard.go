package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// ErrForbiddenAddress: the host resolved to a loopback, private, link-local
// or other non-public address that none of the Fetcher's hosts names; no
// connection was made. The check is made when connecting, on the address
// actually dialled, so a name that resolves differently later (DNS
// rebinding) cannot get around it.
var ErrForbiddenAddress = errors.New("non-public address not named by the source")

// ErrOutOfScope: the URL, or a robots.txt redirect, is on a host outside the
// Fetcher's Hosts; it was not requested.
var ErrOutOfScope = errors.New("host outside the source")

// extraNonPublic are the ranges refused besides those netip classifies
// (loopback, private, link-local, multicast, unspecified).
var extraNonPublic = []netip.Prefix{
	// "This network" (RFC 791): 0.0.0.0 and its neighbours reach the local
	// host on some systems.
	netip.MustParsePrefix("0.0.0.0/8"),
	// Shared address space (RFC 6598), where some clouds put their
	// metadata service.
	netip.MustParsePrefix("100.64.0.0/10"),
}

// addressKind names the kind of a non-public address, or "" for a public
// one.
func addressKind(a netip.Addr) string {
	a = a.Unmap()
	switch {
	case a.IsLoopback():
		return "loopback"
	case a.IsPrivate():
		return "private"
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return "link-local"
	case a.IsUnspecified():
		return "unspecified"
	case a.IsMulticast():
		return "multicast"
	}
	for _, p := range extraNonPublic {
		if p.Contains(a) {
			return "non-public"
		}
	}
	return ""
}

// addressGuard decides which addresses may be connected to: every public
// address, and the non-public ones a host names itself, so a source on
// 127.0.0.1 can be crawled without letting any other source reach it.
type addressGuard struct {
	// named are the addresses the hosts give literally.
	named map[netip.Addr]bool
	// loopback: a host is "localhost", which names the loopback addresses.
	loopback bool
}

// newAddressGuard returns the guard for hosts (in HostKey form).
func newAddressGuard(hosts []string) addressGuard {
	g := addressGuard{named: map[netip.Addr]bool{}}
	for _, h := range hosts {
		name := strings.ToLower((&url.URL{Host: h}).Hostname())
		if a, err := netip.ParseAddr(name); err == nil {
			g.named[a.Unmap()] = true
		} else if name == "localhost" || strings.HasSuffix(name, ".localhost") {
			g.loopback = true
		}
	}
	return g
}

// check refuses a non-public address the hosts do not name.
func (g addressGuard) check(a netip.Addr) error {
	a = a.Unmap()
	kind := addressKind(a)
	if kind == "" || g.named[a] || (g.loopback && a.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("refused to connect to %s, a %s address: %w", a, kind, ErrForbiddenAddress)
}

// control is a net.Dialer Control function: it runs for every address the
// dialer tries, after name resolution and before connecting.
func (g addressGuard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused to connect to %q, which is not an IP address and port: %w", address, ErrForbiddenAddress)
	}
	return g.check(ap.Addr())
}

// NewTransport returns the transport a Fetcher uses when given none: dial
// and TLS timeouts, no proxy, and every connection checked when it is made,
// on the resolved address, so that a loopback, private or link-local address
// is connected to only when one of hosts (in source.HostKey form) names it
// literally ("127.0.0.1:8080", "[::1]") or is "localhost". A crawl shares one
// transport between its sources, so it passes the hosts of all of them;
// which host each source may request is the Fetcher's Hosts. resolver looks
// up host names; nil means the system's.
func NewTransport(hosts []string, resolver *net.Resolver) *http.Transport {
	g := newAddressGuard(hosts)
	d := &net.Dialer{Timeout: dialTimeout, Resolver: resolver, Control: g.control}
	return &http.Transport{
		DialContext:            d.DialContext,
		TLSHandshakeTimeout:    tlsHandshakeTimeout,
		IdleConnTimeout:        idleConnTimeout,
		MaxIdleConnsPerHost:    maxIdleConnsPerHost,
		MaxResponseHeaderBytes: maxHeaderBytes,
		ForceAttemptHTTP2:      true,
	}
}
