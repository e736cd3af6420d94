package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/casus-nl/casus"
	"github.com/casus-nl/casus/api/contract"
	"github.com/labstack/echo/v4"
)

// errorBody is the contract's error envelope.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// kinds maps the domain's error kinds to HTTP: the one table of the service.
// The message is the error's own unless the kind gives one.
var kinds = []struct {
	kind    error
	status  int
	code    string
	message string
}{
	{casus.ErrInvalid, http.StatusBadRequest, "invalid_parameter", ""},
	{casus.ErrNotFound, http.StatusNotFound, "not_found", ""},
	{casus.ErrUnavailable, http.StatusServiceUnavailable, "not_ready", ""},
	{casus.ErrOverloaded, http.StatusServiceUnavailable, "overloaded", ""},
	// The client went away before the answer was ready: nothing failed
	// here, so it is neither a 5xx nor an ERROR line.
	{context.Canceled, contract.StatusClientClosedRequest, "client_closed_request", "the client closed the request"},
}

// overloadRetryAfter is the Retry-After, in seconds, of an overloaded
// answer: searches take milliseconds, so a second is plenty.
const overloadRetryAfter = "1"

// statusCodes names the codes of errors raised by the HTTP layer itself
// (router, middleware) by their status.
var statusCodes = map[int]string{
	http.StatusBadRequest:            "bad_request",
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusRequestEntityTooLarge: "too_large",
	http.StatusRequestURITooLong:     "uri_too_long",
	http.StatusTooManyRequests:       "rate_limited",
	http.StatusServiceUnavailable:    "not_ready",
}

// internalMessage is all a client learns about a 5xx.
const internalMessage = "internal error; the details are in the server log"

// translate maps any error to a status and the contract's body.
func translate(err error) (int, errorBody) {
	for _, k := range kinds {
		if errors.Is(err, k.kind) {
			msg := k.message
			if msg == "" {
				msg = err.Error()
			}
			return k.status, errorBody{errorDetail{Code: k.code, Message: msg}}
		}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code < http.StatusInternalServerError {
		code, ok := statusCodes[he.Code]
		if !ok {
			code = "http_" + http.StatusText(he.Code)
		}
		msg, _ := he.Message.(string)
		if msg == "" {
			msg = http.StatusText(he.Code)
		}
		return he.Code, errorBody{errorDetail{Code: code, Message: msg}}
	}
	return http.StatusInternalServerError, errorBody{errorDetail{Code: "internal", Message: internalMessage}}
}

// errorHandler writes every error as the contract's JSON and logs 5xx with
// their details, which the client never sees.
func errorHandler(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, body := translate(err)
		if errors.Is(err, casus.ErrOverloaded) {
			c.Response().Header().Set(headerRetryAfter, overloadRetryAfter)
		}
		if status >= http.StatusInternalServerError && status != http.StatusServiceUnavailable {
			logger.Error("request failed",
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID),
				"method", c.Request().Method,
				"path", c.Request().URL.Path, "err", err)
		}
		if err := c.JSON(status, body); err != nil {
			logger.Error("write error response", "err", err)
		}
	}
}
