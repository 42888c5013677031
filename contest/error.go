package contest

import (
	"errors"
	"fmt"
)

// Error codes. Adapters map them to user replies in one table; only Internal
// errors are logged as errors.
const (
	Invalid   = "invalid"   // the input breaks a rule or a format
	NotFound  = "not_found" // the thing asked for does not exist
	Conflict  = "conflict"  // the action clashes with existing state (e.g. a second vote)
	Forbidden = "forbidden" // the actor may not do this
	Closed    = "closed"    // the phase that allows this is not open
	Internal  = "internal"  // a bug or an infrastructure failure
)

// Error is the domain error. Field names the offending field or key when there
// is one (e.g. "phases[2].end"); Line is the 1-based line in the source file
// when known; Cause is the error it was made from, if any (a database error
// the store mapped to a code, say), reached by errors.Is and errors.As but not
// part of the message.
type Error struct {
	Code    string
	Field   string
	Line    int
	Message string
	Cause   error
}

// Unwrap returns the error e was made from, or nil.
func (e *Error) Unwrap() error { return e.Cause }

// Error renders the error as one sentence.
func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Field != "":
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	case e.Field != "":
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error naming a field.
func FieldErrorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, Internal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
