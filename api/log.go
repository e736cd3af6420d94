package api

import (
	"cmp"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// accessLog logs one structured line per request, with the request id that
// the client sees in X-Request-ID, so a complaint can be found in the log.
// Requests refused by the rate limit are left to its summary: a flood of
// them must not become a flood of log lines.
func accessLog(logger *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			if c.Response().Status == http.StatusTooManyRequests {
				return nil
			}
			logger.Info("request",
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID),
				"method", c.Request().Method,
				"path", c.Request().URL.Path,
				"status", c.Response().Status,
				"bytes", c.Response().Size,
				"duration_ms", float64(time.Since(start).Microseconds())/1000)
			return nil
		}
	}
}

// logPanic logs a recovered panic with its stack and request id; the error
// handler then answers a generic 500.
func logPanic(logger *slog.Logger) middleware.LogErrorFunc {
	return func(c echo.Context, err error, stack []byte) error {
		logger.Error("panic",
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID),
			"path", c.Request().URL.Path, "err", err, "stack", string(stack))
		return err
	}
}

// Bounds of the rate limit's log summary.
const (
	// RefusalLogInterval is how often the requests refused by the rate
	// limit are summed up in one WARN line, when there were any.
	RefusalLogInterval = time.Minute
	// MaxRefusedClientsTracked bounds the clients counted apart in one
	// interval; refusals of further clients are in the total only.
	MaxRefusedClientsTracked = 1000
	// refusalTopClients is how many of the most refused clients a summary
	// names.
	refusalTopClients = 5
)

// refusalLog sums up the requests the rate limit refused: one WARN line per
// interval with their number and the clients refused most, instead of a
// line per request.
type refusalLog struct {
	logger *slog.Logger
	every  time.Duration
	mu     sync.Mutex
	// total counts the interval's refusals; clients counts them per client.
	total   int
	clients map[string]int
}

func newRefusalLog(logger *slog.Logger, every time.Duration) *refusalLog {
	return &refusalLog{logger: logger, every: every, clients: map[string]int{}}
}

// add counts a refusal of client; the first of an interval schedules its
// summary.
func (r *refusalLog) add(client string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.total == 0 {
		time.AfterFunc(r.every, r.flush)
	}
	r.total++
	if _, ok := r.clients[client]; ok || len(r.clients) < MaxRefusedClientsTracked {
		r.clients[client]++
	}
}

// flush logs the interval's summary and starts the next interval.
func (r *refusalLog) flush() {
	r.mu.Lock()
	total, clients := r.total, r.clients
	r.total, r.clients = 0, map[string]int{}
	r.mu.Unlock()
	r.logger.Warn("requests refused by the rate limit",
		"refused", total,
		"clients", len(clients),
		"top", topClients(clients, refusalTopClients),
		"interval", r.every.String())
}

// topClients lists the n clients with the most refusals as "client=count",
// most first.
func topClients(counts map[string]int, n int) []string {
	keys := slices.SortedFunc(maps.Keys(counts), func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	top := make([]string, 0, min(n, len(keys)))
	for _, k := range keys[:min(n, len(keys))] {
		top = append(top, k+"="+strconv.Itoa(counts[k]))
	}
	return top
}
