package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestConsoleCommandVotes(t *testing.T) {
	e := newTestEnv(t)
	in := "/start p-alpha-jardin\n1\n/contact +32470123456\n1\n"
	var out, errb bytes.Buffer
	code := runCLI(context.Background(), []string{"console", "--user", "demo"}, strings.NewReader(in), &out, &errb, append(e.env, "LANG=en_GB.UTF-8"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "Receipt:") {
		t.Fatalf("no receipt in:\n%s", out.String())
	}
	var votes int
	e.store().DB().Get(&votes, `SELECT count(*) FROM votes`)
	if votes != 1 {
		t.Fatalf("votes = %d", votes)
	}
	if code, _, _ := e.run("console", "extra"); code != 2 {
		t.Fatalf("console with an argument: exit %d, want 2", code)
	}
}
