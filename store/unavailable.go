package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
)

// Unavailable reports whether err is a failure of the database rather than
// of the request: the server down, restarting or unreachable, a connection
// refused, reset or broken, no connection to be had (the server's
// connection limit, SQLSTATE class 53), the server shutting down or a query
// cancelled (class 57, but a dropped database), a serialization failure or deadlock, or the context
// of the call ending. Nothing was done then, and the same request made again
// later may well succeed; any other error (a broken rule, a bug) would fail
// again.
//
// It reads the error's types and SQLSTATE, never its text.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code.Class() {
		case pqerror.ClassConnectionException, pqerror.ClassInsufficientResources:
			return true
		case pqerror.ClassOperatorIntervention:
			return pqErr.Code != pqerror.OperatorIntervention && pqErr.Code != pqerror.DatabaseDropped
		}
		// Retrying is the remedy PostgreSQL documents for these two.
		return pqErr.Code == pqerror.TRSerializationFailure || pqErr.Code == pqerror.TRDeadlockDetected
	}
	var netErr net.Error
	return errors.As(err, &netErr) ||
		errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Canceled)
}
