package web

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"prixbot/bot/bottest"
)

// TestUnknownAddressesAddNothingToTheRenderedPages: however many unknown
// addresses are asked for, the server keeps one 404 page per language.
func TestUnknownAddressesAddNothingToTheRenderedPages(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	s := New(Config{Store: h.Store, TelegramBot: "prix_test_bot", NowFunc: h.Now})
	for _, path := range []string{"/p/repair-cafe-mobile", "/p/repair-cafe-mobile/qr.png", "/results", "/"} {
		s.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	for i := range 50 {
		for _, path := range []string{"/p/x%d", "/p/x%d/qr.png", "/receipts/x%d.csv", "/results/x%d/chart.png", "/x%d"} {
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", fmt.Sprintf(path, i), nil))
			if rec.Code != 404 {
				t.Fatalf("GET %s: %d", fmt.Sprintf(path, i), rec.Code)
			}
		}
	}
	n := 0
	s.snap.Load().rendered[langIndex("fr")].Range(func(any, any) bool { n++; return true })
	if n != 5 { // the four pages asked for, and the 404 page
		t.Errorf("%d pages kept, want 5", n)
	}
}
