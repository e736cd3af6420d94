package casus

import (
	"errors"
	"fmt"
)

// Error kinds. Every error the service returns wraps one of these (or none,
// which means an internal error); the HTTP layer maps kinds to statuses in one
// table.
var (
	// ErrInvalid: the caller sent a bad parameter or input.
	ErrInvalid = errors.New("invalid parameter")
	// ErrNotFound: the requested thing does not exist.
	ErrNotFound = errors.New("not found")
	// ErrUnavailable: no index is open yet.
	ErrUnavailable = errors.New("index not ready")
	// ErrOverloaded: the service is too busy to answer now; the caller may
	// try again shortly.
	ErrOverloaded = errors.New("overloaded")
)

// ParamError reports a bad request parameter by name. It wraps ErrInvalid.
type ParamError struct {
	Param  string
	Reason string
}

// Error names the parameter and what was wrong with it.
func (e *ParamError) Error() string {
	return fmt.Sprintf("parameter %q: %s", e.Param, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *ParamError) Unwrap() error { return ErrInvalid }

// InvalidParam returns a *ParamError for param with a formatted reason.
func InvalidParam(param, format string, args ...any) error {
	return &ParamError{Param: param, Reason: fmt.Sprintf(format, args...)}
}
