// Command prixbot runs the social-innovation prize bot and its organiser tools.
//
// Run `prixbot help` for the commands. Configuration comes from the
// environment (see README.md); errors go to stderr as one sentence, with exit
// code 1 for a runtime error and 2 for a usage error.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := runCLI(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Environ())
	stop()
	os.Exit(code)
}
