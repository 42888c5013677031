package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// logSink is where the logger writes: stderr, until the console takes the
// terminal and the logs move to a file so they don't interleave with the
// conversation.
type logSink struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// toFile sends further log lines to path, appending. The file stays open
// for the life of the process.
func (s *logSink) toFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("open the log file: %w", err)
	}
	s.mu.Lock()
	s.w = f
	s.mu.Unlock()
	return nil
}
