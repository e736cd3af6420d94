package main

import (
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
			cfg, ok := apiConfig(t, tt.args, tt.wantErr)
			if !ok {
				return
			}
			if !slices.Equal(cfg.CORSOrigins, tt.want) {
				t.Errorf("origins %q, want %q", cfg.CORSOrigins, tt.want)
			}
		})
	}
}
