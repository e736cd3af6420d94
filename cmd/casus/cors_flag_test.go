package main

import (
	"errors"
	"flag"
	"io"
	"slices"
	"testing"
)

func TestCORSOriginFlag(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []string
		wantErr bool
	}{
		{"default none", nil, nil, false},
		{"repeated and comma-separated", []string{"--cors-origin", "https://www.gemeente.example, http://127.0.0.1:8081", "--cors-origin", "https://b.example"},
			[]string{"https://www.gemeente.example", "http://127.0.0.1:8081", "https://b.example"}, false},
		{"any origin, explicitly", []string{"--cors-origin", "*"}, []string{"*"}, false},
		{"path refused", []string{"--cors-origin", "https://a.example/zoeken"}, nil, true},
		{"no scheme refused", []string{"--cors-origin", "a.example"}, nil, true},
		{"wildcard host refused", []string{"--cors-origin", "https://*.example"}, nil, true},
		{"empty value refused", []string{"--cors-origin", "https://a.example,"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			af := addAPIFlags(fs)
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			cfg, err := af.config()
			if tt.wantErr {
				if !errors.Is(err, errUsage) {
					t.Errorf("config() = %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cfg.CORSOrigins, tt.want) {
				t.Errorf("origins %q, want %q", cfg.CORSOrigins, tt.want)
			}
		})
	}
}
