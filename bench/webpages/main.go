// Command webpages measures the public web pages (/ and /p/<id>) against
// http.FileServer serving the same bytes from memory, in one run: both on
// loopback TCP listeners in this process, driven by the same concurrent
// keep-alive clients, rounds alternated because this machine's speed
// drifts. It prints requests/s per round and the median ratio
// prixbot ÷ FileServer for each page.
//
// It creates a scratch database with the sample contest on the server of
// -db and drops it afterwards. See BENCHMARKS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing/fstest"
	"time"

	"prixbot/bench/benchkit"
	"prixbot/web"
)

func main() {
	admin := flag.String("db", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "URL of a database of a user who may create databases")
	clients := flag.Int("clients", 16, "concurrent clients")
	seconds := flag.Float64("seconds", 3, "duration of one run")
	rounds := flag.Int("rounds", 3, "FileServer and prixbot runs per page, alternated")
	flag.Parse()
	if err := run(*admin, *clients, time.Duration(*seconds*float64(time.Second)), max(*rounds, 1)); err != nil {
		fmt.Fprintln(os.Stderr, "webpages:", err)
		os.Exit(1)
	}
}

// pages are the paths measured; the project is one with an image.
var pages = []string{"/", "/p/repair-cafe-mobile"}

func run(adminURL string, clients int, d time.Duration, rounds int) error {
	ctx := context.Background()
	db, err := benchkit.NewScratch(ctx, adminURL)
	if err != nil {
		return err
	}
	defer db.Close()
	st := db.Store
	// The sample's public vote is open then: the pages show the time left
	// in days, so the clock does not make them render again during a run.
	now := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	public, _ := url.Parse("https://prix.example.org")
	pagesSrv := web.New(web.Config{Store: st, PublicURL: public, TelegramBot: "prix_bench_bot", SlackCommand: "/prix",
		NowFunc: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)})
	prix, err := serve(pagesSrv.Handler())
	if err != nil {
		return err
	}
	defer prix.Close()

	// The FileServer serves the bytes prixbot answers, from memory.
	files := fstest.MapFS{}
	for _, p := range pages {
		b, err := fetch(prix.URL + p)
		if err != nil {
			return err
		}
		name := p[1:] + "index.html"
		if p != "/" {
			name = p[1:]
		}
		files[name] = &fstest.MapFile{Data: b, ModTime: time.Now()}
	}
	fileSrv, err := serve(http.FileServer(http.FS(files)))
	if err != nil {
		return err
	}
	defer fileSrv.Close()
	for _, p := range pages {
		a, err := fetch(prix.URL + p)
		if err != nil {
			return err
		}
		b, err := fetch(fileSrv.URL + p)
		if err != nil {
			return err
		}
		if string(a) != string(b) {
			return fmt.Errorf("%s: the FileServer does not serve prixbot's bytes", p)
		}
	}

	fmt.Printf("clients %d; %s per run; GOMAXPROCS %d; %s\n", clients, d, runtime.GOMAXPROCS(0), time.Now().Format(time.RFC3339))
	for _, p := range pages {
		var ratios []float64
		for r := range rounds {
			files, err := load(fileSrv.URL+p, clients, d)
			if err != nil {
				return err
			}
			pages, err := load(prix.URL+p, clients, d)
			if err != nil {
				return err
			}
			ratios = append(ratios, pages/files)
			fmt.Printf("%s round %d: FileServer %.0f req/s, prixbot %.0f req/s, ratio %.2f\n", p, r+1, files, pages, pages/files)
		}
		slices.Sort(ratios)
		fmt.Printf("%s: median ratio %.2f (target ≥ 0.8)\n\n", p, ratios[len(ratios)/2])
	}
	return nil
}

// server is an HTTP server on a loopback port.
type server struct {
	URL string
	srv *http.Server
}

func (s *server) Close() { s.srv.Close() }

func serve(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return &server{URL: "http://" + ln.Addr().String(), srv: srv}, nil
}

func fetch(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// load sends GET u from clients keep-alive clients for d and returns the
// requests/s answered 200 with a whole body; any other answer fails it.
func load(u string, clients int, d time.Duration) (float64, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var n atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for range clients {
		wg.Go(func() {
			req, _ := http.NewRequest("GET", u, nil)
			req.Header.Set("Accept-Language", "fr-BE,fr;q=0.9,en;q=0.5")
			for time.Now().Before(deadline) {
				resp, err := c.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET %s: %s", u, resp.Status)
					}
				}
				if err != nil {
					failed.CompareAndSwap(nil, &err)
					return
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	if e := failed.Load(); e != nil {
		return 0, *e
	}
	return float64(n.Load()) / time.Since(start).Seconds(), nil
}
