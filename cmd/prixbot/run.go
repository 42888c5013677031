package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// run is `prixbot run`: migrate, load the sample contest when the embedded
// default's database is empty, then serve HTTP and every configured adapter until ctx ends.
func (c *cli) run(ctx context.Context, args []string) error {
	if len(args) > 0 {
		return usagef("run takes no arguments")
	}
	start := time.Now()
	db, err := c.openDatabase(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		c.log.Info("migrations applied", "count", n)
	}
	if err := c.sampleOrHint(ctx, db.Store, time.Now()); err != nil {
		return err
	}
	// Shutdown order (deferred calls run in reverse): on the signal, HTTP
	// stops taking webhook requests and waits for those in flight, which the
	// adapters finish; then the dispatcher releases its leases, the adapters
	// stop (polling ends), and the database closes (stopping the embedded
	// cluster). The adapters and the dispatcher therefore run on life, which
	// outlives the signal until their stop functions end it.
	life, endLife := context.WithCancel(context.WithoutCancel(ctx))
	defer endLife()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	c.observe(mux, db)
	ad, err := c.startAdapters(life, db.Store, mux)
	if err != nil {
		return err
	}
	defer ad.stop()
	// The dispatcher delivers through the adapters' Senders; deferred after
	// ad.stop, it stops (and releases its leases) before they do.
	defer c.startNotifications(life, db.Store, ad.Senders)()
	ln, err := net.Listen("tcp", c.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %s: %w", c.cfg.HTTPAddr, err)
	}
	srv := newHTTPServer(mux, c.cfg.HTTPTimeouts)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	c.log.Info("prixbot ready", "http", ln.Addr().String(), "startup", time.Since(start).Round(time.Millisecond))

	select {
	case <-ctx.Done():
	case <-ad.done:
	case err := <-errc:
		return fmt.Errorf("HTTP server: %w", err)
	}
	c.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), httpDrainTimeout)
	defer cancel()
	if err := srv.shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
