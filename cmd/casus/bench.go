package main

import (
	"context"
	"fmt"
)

// benchUsage lists the subcommands of casus bench.
const benchUsage = `casus bench — the scale corpus and the load harness

Usage:
  casus bench gen   --docs N [--seed S] [--profile cases|regulations] --out FILE.jsonl
  casus bench site  --docs N [--seed S] [--profile cases|regulations] [--addr 127.0.0.1:0] [--sources-out FILE]
  casus bench load  --url URL [--clients 16] [--duration 30s] [--warmup 5s] [--no-cache] [--only GROUPS] [--json] [--pg DSN]
  casus bench pg    [--dsn DSN] [--in FILE.jsonl] [--duration 10s] [--clients 16]

Run "casus bench SUBCOMMAND --help" for the flags of a subcommand.
`

// cmdBench dispatches the scale-measurement subcommands.
func cmdBench(ctx context.Context, e env, args []string) error {
	subs := map[string]func(context.Context, env, []string) error{
		"gen":  benchGen,
		"site": benchSite,
		"load": benchLoad,
		"pg":   benchPG,
	}
	if len(args) == 0 {
		fmt.Fprint(e.stderr, benchUsage)
		return usageErrorf("bench needs a subcommand")
	}
	sub, ok := subs[args[0]]
	if !ok {
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			fmt.Fprint(e.stdout, benchUsage)
			return nil
		}
		return usageErrorf("unknown bench subcommand %q", args[0])
	}
	return sub(ctx, e, args[1:])
}
