package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestExportKindChecked: an unknown or missing export kind is a usage error
// listing the kinds, before any database is opened.
func TestExportKindChecked(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"export", "nope"}, {"export"}} {
		var out, errb bytes.Buffer
		code := runCLI(context.Background(), args, strings.NewReader(""), &out, &errb, []string{"DATABASE_URL=postgres://nowhere.invalid/x"})
		if code != 2 || !strings.Contains(errb.String(), "votes, scores, results, audit or receipts") {
			t.Errorf("prixbot %q: exit %d, %q; want 2 and the kinds", args, code, errb.String())
		}
	}
}
