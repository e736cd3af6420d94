package main

import (
	"errors"
	"flag"
	"io"
	"slices"
	"testing"

	"github.com/casus-nl/casus/api"
)

func TestTrustedProxyFlag(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []string // the prefixes, nil for none
		wantErr bool
	}{
		{"default trusts none", nil, nil, false},
		{"one address", []string{"--trusted-proxy", "10.0.0.5"}, []string{"10.0.0.5/32"}, false},
		{"repeated and comma-separated", []string{"--trusted-proxy", "10.0.0.0/8, 192.168.1.1", "--trusted-proxy", "::1"},
			[]string{"10.0.0.0/8", "192.168.1.1/32", "::1/128"}, false},
		{"network is masked", []string{"--trusted-proxy", "172.16.3.4/12"}, []string{"172.16.0.0/12"}, false},
		{"mapped address counts as IPv4", []string{"--trusted-proxy", "::ffff:10.0.0.5"}, []string{"10.0.0.5/32"}, false},
		{"host name refused", []string{"--trusted-proxy", "proxy.example"}, nil, true},
		{"bad network refused", []string{"--trusted-proxy", "10.0.0.0/33"}, nil, true},
		{"empty value refused", []string{"--trusted-proxy", "10.0.0.1,"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, ok := apiConfig(t, tt.args, tt.wantErr)
			if !ok {
				return
			}
			var got []string
			for _, p := range cfg.TrustedProxies {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("trusted proxies %v, want %v", got, tt.want)
			}
			for _, p := range cfg.TrustedProxies {
				if p != p.Masked() || !p.IsValid() || p.Addr() != p.Addr().Unmap() {
					t.Errorf("prefix %v is not canonical", p)
				}
			}
		})
	}
}

// apiConfig parses args as serve's API flags. With wantErr it checks that
// they are a usage error and reports false; otherwise it returns the
// configuration.
func apiConfig(t *testing.T, args []string, wantErr bool) (api.Config, bool) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	af := addAPIFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	cfg, err := af.config()
	if wantErr {
		if !errors.Is(err, errUsage) {
			t.Errorf("config() = %v, want a usage error", err)
		}
		return api.Config{}, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return cfg, true
}
