package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/temoto/robotstxt"

	"github.com/casus-nl/casus/indexer/source"
)

// robotsEntry is the robots.txt verdict for one origin, fetched once.
type robotsEntry struct {
	ready chan struct{}
	group *robotstxt.Group
	err   error
}

// Allowed reports whether robots.txt lets casus fetch u. The robots.txt of
// each origin (scheme and host) is fetched once per Fetcher: a 2xx is
// obeyed, a 4xx (no robots.txt) allows everything, and a 5xx, a network
// failure or an unparseable file disallows the whole origin, reported as an
// error wrapping ErrRobotsUnavailable. A URL outside the Fetcher's hosts is
// refused with ErrOutOfScope; a robots.txt that redirects outside them, or
// whose host resolves to a forbidden address, disallows the whole origin
// with that refusal (ErrOutOfScope, ErrForbiddenAddress).
func (f *Fetcher) Allowed(ctx context.Context, u *url.URL) (bool, error) {
	if err := f.checkScope(u); err != nil {
		return false, fmt.Errorf("robots.txt for %s: %w", u, err)
	}
	key := u.Scheme + "://" + source.HostKey(u)
	for {
		f.mu.Lock()
		e, cached := f.rules[key]
		if !cached {
			e = &robotsEntry{ready: make(chan struct{})}
			f.rules[key] = e
		}
		f.mu.Unlock()
		if !cached {
			e.group, e.err = f.fetchRobots(ctx, u)
			if ctx.Err() != nil {
				// Our caller gave up; that says nothing about the site, so
				// let the next caller fetch robots.txt again.
				f.mu.Lock()
				delete(f.rules, key)
				f.mu.Unlock()
			}
			close(e.ready)
		}
		select {
		case <-e.ready:
		case <-ctx.Done():
			return false, ctx.Err()
		}
		if e.err != nil && isContextErr(e.err) && ctx.Err() == nil {
			continue // another caller's cancelled fetch: try again
		}
		if e.err != nil {
			return false, e.err
		}
		return e.group.Test(robotsPath(u)), nil
	}
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// isRefusal reports whether err is a request casus refused to make.
func isRefusal(err error) bool {
	return errors.Is(err, ErrOutOfScope) || errors.Is(err, ErrForbiddenAddress)
}

// checkRobotsRedirect follows a robots.txt redirect within MaxRedirects and
// the Fetcher's hosts. RFC 9309 asks crawlers to follow robots.txt redirects
// to other hosts too; casus does so only within the source, so a robots.txt
// cannot send it anywhere else.
func (f *Fetcher) checkRobotsRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.opts.MaxRedirects {
		return ErrRedirect
	}
	if err := f.checkScope(req.URL); err != nil {
		return fmt.Errorf("robots.txt redirects to %s: %w", req.URL, err)
	}
	return nil
}

// robotsPath is what robots.txt rules match: path and query.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

func (f *Fetcher) fetchRobots(ctx context.Context, u *url.URL) (*robotstxt.Group, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	unavailable := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s: %w", ru, fmt.Sprintf(format, args...), ErrRobotsUnavailable)
	}
	rctx, cancel := context.WithTimeout(ctx, f.opts.RequestTimeout)
	defer cancel()
	req, err := f.newRequest(rctx, ru)
	if err != nil {
		return nil, err
	}
	resp, err := f.robots.Do(req)
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, ctx.Err() // the caller gave up; not the site's fault
	case err != nil && isRefusal(err):
		// Not the site's failure but casus's refusal: say so, not
		// "unavailable".
		return nil, fmt.Errorf("%s: %w", ru, unwrapURLError(err))
	case err != nil && errors.Is(err, ErrRedirect):
		// RFC 9309 2.3.1.2: after too many redirects robots.txt counts as
		// unavailable (4xx), which allows crawling.
		return allowAll(), nil
	case err != nil:
		return nil, unavailable("%v", unwrapURLError(err))
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode <= 299:
		body, err := io.ReadAll(io.LimitReader(resp.Body, MaxRobotsBytes))
		if err != nil {
			return nil, unavailable("reading: %v", err)
		}
		data, err := robotstxt.FromBytes(body)
		if err != nil {
			return nil, unavailable("unparseable: %v", err)
		}
		return data.FindGroup(RobotsAgent), nil
	case resp.StatusCode >= 400 && resp.StatusCode <= 499:
		return allowAll(), nil
	default:
		return nil, unavailable("HTTP %d", resp.StatusCode)
	}
}

// allowAll is the group of an empty robots.txt: no rules.
func allowAll() *robotstxt.Group {
	data, _ := robotstxt.FromBytes(nil)
	return data.FindGroup(RobotsAgent)
}
