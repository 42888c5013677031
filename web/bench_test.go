package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"

	"prixbot/bot/bottest"
	"prixbot/web"
)

// BenchmarkPages compares the handler's cost per request for / and a
// project page with http.FileServer serving the same bytes from memory,
// without the network (bench/webpages measures over loopback TCP):
//
//	go test ./web -run '^$' -bench Pages -cpu 2
func BenchmarkPages(b *testing.B) {
	h := bottest.New(b, nil)
	srv := web.New(web.Config{Store: h.Store, PublicURL: mustURL(publicURL), TelegramBot: "prix_bench_bot", SlackCommand: "/prix", NowFunc: h.Now})
	pages := srv.Handler()
	files := fstest.MapFS{}
	for name, path := range map[string]string{"index.html": "/", "p/repair-cafe-mobile": "/p/repair-cafe-mobile"} {
		rec := httptest.NewRecorder()
		pages.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		files[name] = &fstest.MapFile{Data: rec.Body.Bytes(), ModTime: time.Now()}
	}
	fileServer := http.FileServer(http.FS(files))
	for name, path := range map[string]string{"home": "/", "project": "/p/repair-cafe-mobile"} {
		for _, s := range []struct {
			name string
			h    http.Handler
		}{{"FileServer", fileServer}, {"prixbot", pages}} {
			b.Run(name+"/"+s.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetParallelism(8) // 16 goroutines on 2 cores
				b.RunParallel(func(pb *testing.PB) {
					req := httptest.NewRequest("GET", path, nil)
					req.Header.Set("Accept-Language", "fr-BE,fr;q=0.9,en;q=0.5")
					for pb.Next() {
						w := discard{h: http.Header{}}
						s.h.ServeHTTP(&w, req)
						if w.code != http.StatusOK {
							b.Fatalf("GET %s: %d", path, w.code)
						}
					}
				})
			})
		}
	}
}

// discard is a ResponseWriter that keeps only the status.
type discard struct {
	h    http.Header
	code int
}

func (d *discard) Header() http.Header { return d.h }
func (d *discard) WriteHeader(code int) {
	if d.code == 0 {
		d.code = code
	}
}
func (d *discard) Write(p []byte) (int, error) {
	d.WriteHeader(http.StatusOK)
	return io.Discard.Write(p)
}
