package store

import (
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/lib/pq"

	"prixbot/contest"
)

// TestMapErrKeepsTheCause: a driver error mapped to a contest code keeps its
// message, and errors.Is and errors.As still reach the driver's error.
func TestMapErrKeepsTheCause(t *testing.T) {
	for _, tc := range []struct {
		err      error
		code     string
		message  string
		sqlstate pq.ErrorCode // "" for sql.ErrNoRows
	}{
		{&pq.Error{Code: "23505", Constraint: "votes_slot"}, contest.Conflict, "already exists (votes_slot)", "23505"},
		{&pq.Error{Code: "23503", Constraint: "votes_project"}, contest.NotFound, "refers to something that does not exist (votes_project)", "23503"},
		{&pq.Error{Code: "23514", Message: "new row violates check constraint"}, contest.Invalid, "new row violates check constraint", "23514"},
		{&pq.Error{Code: "22P02", Message: "invalid input syntax"}, contest.Invalid, "invalid input syntax", "22P02"},
		{&pq.Error{Code: "22001", Message: "value too long"}, contest.Invalid, "value too long", "22001"},
		{fmt.Errorf("commit: %w", &pq.Error{Code: "23505", Constraint: "c"}), contest.Conflict, "already exists (c)", "23505"},
		{sql.ErrNoRows, contest.NotFound, "not found", ""},
	} {
		got := mapErr(tc.err)
		if contest.ErrorCode(got) != tc.code || got.Error() != tc.message {
			t.Errorf("mapErr(%v) = %q (%s), want %q (%s)", tc.err, got, contest.ErrorCode(got), tc.message, tc.code)
		}
		if !errors.Is(got, tc.err) {
			t.Errorf("mapErr(%v) does not wrap it", tc.err)
		}
		var pqErr *pq.Error
		if tc.sqlstate != "" && (!errors.As(got, &pqErr) || pqErr.Code != tc.sqlstate) {
			t.Errorf("mapErr(%v): errors.As finds no *pq.Error %s", tc.err, tc.sqlstate)
		}
	}
	other := errors.New("connection refused")
	if got := mapErr(other); got != other {
		t.Errorf("mapErr(%v) = %v, want it unchanged", other, got)
	}
	if mapErr(nil) != nil {
		t.Error("mapErr(nil) is not nil")
	}
}
