// Command casus crawls Dutch "sociaal domein" case pages, indexes them and
// serves search over them. Run `casus demo` for the bundled demo; the README
// describes crawl, serve, search, index and bench.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// Exit statuses of the contract.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	programName = "casus"
)

const usage = `casus — zoeken in cases uit het sociaal domein

Usage:
  casus demo   [--addr 127.0.0.1:8080] [--data DIR] [--cors-origin ORIGIN]... [--trusted-proxy CIDR]... [--rate-limit N]
  casus crawl  --sources FILE --index DIR [--full] [--out FILE.jsonl] [--concurrency N]
  casus serve  --index DIR [--addr 127.0.0.1:8080] [--cors-origin ORIGIN]... [--trusted-proxy CIDR]... [--rate-limit N] [--rate-burst N] [--pprof-addr ADDR]
               [--sources FILE [--crawl-every 6h]] [--admin-token-file FILE [--admin-addr 127.0.0.1:8081]] [--analytics=false]
  casus search --index DIR [--json] [--theme SLUG]... [--municipality CODE]... WORDS...
  casus index  --in FILE.jsonl --index DIR [--enrich]
  casus bench  gen|site|load|pg ...   (the scale corpus and load harness)

Run "casus COMMAND --help" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage marks errors that are the caller's: bad flags or arguments.
var errUsage = errors.New("usage")

// run dispatches a command and maps its error to an exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	e := env{stdout: stdout, stderr: stderr, logger: logger}
	commands := map[string]func(context.Context, env, []string) error{
		"demo":   cmdDemo,
		"crawl":  cmdCrawl,
		"serve":  cmdServe,
		"search": cmdSearch,
		"index":  cmdIndex,
		"bench":  cmdBench,
	}
	cmd, ok := commands[args[0]]
	if !ok {
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		fmt.Fprintf(stderr, "%s: unknown command %q\n\n%s", programName, args[0], usage)
		return exitUsage
	}
	err := cmd(ctx, e, args[1:])
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "%s %s: %v\n", programName, args[0], err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "%s %s: %v\n", programName, args[0], err)
		return exitFailed
	}
}

// env is what every command gets from main.
type env struct {
	stdout, stderr io.Writer
	logger         *slog.Logger
}

// newFlags returns a flag set whose parse errors become usage errors.
func newFlags(e env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses args and wraps a bad flag as a usage error naming it.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// usageErrorf builds a usage error.
func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// stringList is a repeatable flag.
type stringList []string

// String shows the values, for flag usage.
func (s *stringList) String() string { return fmt.Sprint(*s) }

// Set adds a value; flag calls it once per occurrence.
func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}
