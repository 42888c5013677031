package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"testing"
	"time"
)

// TestHTTPServerCutsOffSlowClients: a client that sends half its headers, or
// half its body, or keeps an idle connection, is disconnected by the server
// once the (shortened) timeouts pass. Each read waits for the server to
// close the connection, with a deadline far beyond the timeouts.
func TestHTTPServerCutsOffSlowClients(t *testing.T) {
	t.Parallel()
	short := 100 * time.Millisecond
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		io.WriteString(w, "ok")
	})
	srv := newHTTPServer(h, HTTPTimeouts{ReadHeader: short, Read: short, Write: time.Second, Idle: short})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	cases := []struct {
		name, send string
		answered   bool // a complete request gets its answer before the idle cut
	}{
		{"half the headers", "POST / HTTP/1.1\r\nHost: prixbot\r\nContent-Le", false},
		{"half the body", "POST / HTTP/1.1\r\nHost: prixbot\r\nContent-Length: 1000\r\n\r\n0123456789", false},
		{"idle after a request", "GET / HTTP/1.1\r\nHost: prixbot\r\n\r\n", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, tc.send); err != nil {
				t.Fatal(err)
			}
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			rd := bufio.NewReader(conn)
			if tc.answered {
				resp, err := http.ReadResponse(rd, nil)
				if err != nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("answer = %v, %v; want 200", resp, err)
				}
				io.ReadAll(resp.Body)
			}
			_, err = io.ReadAll(rd)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatal("the server still held the connection 10 s later")
			}
		})
	}
}

// TestDefaultHTTPTimeouts: `prixbot run` gets every timeout, and they leave
// a webhook handler (which answers Slack within 3 s) time to finish.
func TestDefaultHTTPTimeouts(t *testing.T) {
	t.Parallel()
	cfg, err := loadConfig(nil)
	if err != nil {
		t.Fatal(err)
	}
	to := cfg.HTTPTimeouts
	if to.ReadHeader <= 0 || to.Read <= 0 || to.Idle <= 0 || to.Write < 10*time.Second {
		t.Fatalf("timeouts %+v: each must be set, Write at least 10 s", to)
	}
}

// TestShutdownClosesConnectionsWithoutARequest: on shutdown, a connection
// that has sent nothing is closed at once, while a request in flight is
// answered; http.Server.Shutdown alone would wait five seconds for the
// first, past the shutdown's deadline here.
func TestShutdownClosesConnectionsWithoutARequest(t *testing.T) {
	t.Parallel()
	inHandler, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(inHandler)
		<-release
		io.WriteString(w, "done")
	})
	srv := newHTTPServer(h, defaultHTTPTimeouts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	silent, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	answer := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			answer <- err.Error()
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		answer <- string(body)
	}()
	<-inHandler
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		srv.mu.Lock()
		seen := len(srv.fresh)
		srv.mu.Unlock()
		if seen == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server holds %d connections without a request, want 1", seen)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.shutdown(ctx) }()
	silent.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := silent.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("the connection without a request, on shutdown: read %v, want EOF", err)
	}
	close(release)
	if got := <-answer; got != "done" {
		t.Errorf("the request in flight got %q, want its answer", got)
	}
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}
