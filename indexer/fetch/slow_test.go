package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// slowTimeout is the request timeout of the slow-server tests.
const slowTimeout = 100 * time.Millisecond

// trickleEvery is how often the trickling page sends its next byte: often
// enough that no idle timeout would notice, so only the request timeout can.
const trickleEvery = 5 * time.Millisecond

// startThenStall writes the start of a body, then waits for the client to go.
func startThenStall(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, "<html><head><title>Traag")
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

// trickle sends one byte at a time until the client goes.
func trickle(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(trickleEvery)
	defer t.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	}
}

// TestSlowServers checks that RequestTimeout bounds the whole request, body
// included, for pages and for robots.txt.
func TestSlowServers(t *testing.T) {
	tests := []struct {
		name    string
		robots  http.HandlerFunc
		page    http.HandlerFunc
		wantErr error
	}{
		{"body stalls after a few bytes", nil, startThenStall, context.DeadlineExceeded},
		{"body trickles forever", nil, trickle, context.DeadlineExceeded},
		{"robots.txt body stalls", startThenStall, nil, ErrRobotsUnavailable},
		{"robots.txt trickles forever", trickle, nil, ErrRobotsUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/robots.txt" && tt.robots != nil:
					tt.robots(w, r)
				case r.URL.Path == "/page" && tt.page != nil:
					tt.page(w, r)
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			u, err := url.Parse(srv.URL + "/page")
			if err != nil {
				t.Fatal(err)
			}
			_, err = New(Options{Hosts: hostsOf(t, srv.URL), RequestTimeout: slowTimeout}).Get(context.Background(), u)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}
