package api

import (
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"
)

// accessLog logs one structured line per request.
func accessLog(logger *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			logger.Info("request",
				"method", c.Request().Method,
				"path", c.Request().URL.Path,
				"status", c.Response().Status,
				"bytes", c.Response().Size,
				"duration_ms", float64(time.Since(start).Microseconds())/1000)
			return nil
		}
	}
}
