package web

import (
	"cmp"
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"prixbot/bot"
	"prixbot/store"
)

// Config configures a Server.
type Config struct {
	Store *store.Store
	// PublicURL is the public address of the pages (PUBLIC_URL), for the
	// absolute links of the share tags; nil: links stay relative and the
	// share tags carry no address of their own.
	PublicURL *url.URL
	// TelegramBot is the bot's username (without @) for the deep links;
	// empty when Telegram is off.
	TelegramBot string
	// SlackCommand is the slash command voters type in Slack ("/prix");
	// empty when Slack is off.
	SlackCommand string
	// NowFunc is the clock; time.Now by default.
	NowFunc func() time.Time
	// CheckEvery is how often at most the database is asked whether the
	// contest changed; 1 s by default.
	CheckEvery time.Duration
	Log        *slog.Logger
	// Bot and TelegramToken, both set, serve the jury sheet as a Telegram
	// Mini App (bot.MiniAppPath): Bot reads the sheets, and the Mini App's
	// initData must be signed with TelegramToken. Bot also runs the
	// organisers' commands for the dashboard (/admin); nil: nobody can sign
	// in there.
	Bot           *bot.Bot
	TelegramToken string
	// Handler is what the Mini App and the dashboard hand their Events to,
	// as every adapter does (Bot with its updates counted, say); Bot when
	// nil. The bot limits them per user, as any platform's updates.
	Handler bot.EventHandler
	// InitDataMaxAge is how old a Mini App's initData may be; a day by
	// default.
	InitDataMaxAge time.Duration
	// Fraud tunes the dashboard's fraud signals as the bot's (zero: the
	// defaults).
	Fraud store.FraudThresholds
}

// Server serves the public pages. Its zero value is not usable: call New.
type Server struct {
	cfg   Config
	pages map[string]*template.Template // by page name
	mux   *http.ServeMux

	mu   sync.Mutex // held while the snapshot is checked or reloaded
	snap atomic.Pointer[snapshot]

	langs langCache
}

//go:embed templates/*.html templates/admin/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// New returns a Server over cfg.Store.
func New(cfg Config) *Server {
	if cfg.NowFunc == nil {
		cfg.NowFunc = time.Now
	}
	cfg.CheckEvery = cmp.Or(cfg.CheckEvery, time.Second)
	cfg.InitDataMaxAge = cmp.Or(cfg.InitDataMaxAge, 24*time.Hour)
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Handler == nil && cfg.Bot != nil {
		cfg.Handler = cfg.Bot
	}
	s := &Server{cfg: cfg, pages: parseTemplates(), mux: http.NewServeMux()}
	static, _ := fs.Sub(staticFS, "static")
	files := http.FileServerFS(static)
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(24*time.Hour, files)))
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /p/{id}", s.project)
	s.mux.HandleFunc("GET /p/{id}/qr.png", s.qr)
	s.mux.HandleFunc("GET /results", s.results)
	s.mux.HandleFunc("GET /results/{lang}/chart.png", s.chart)
	s.mux.HandleFunc("GET /receipts", s.receipts)
	s.mux.HandleFunc("GET /receipts/{file}", s.receiptList)
	s.mountMiniApp()
	s.mountDashboard()
	s.mux.HandleFunc("/", s.notFound)
	return s
}

// Handler returns the pages with the security headers. Mount it on "/" of
// the bot's mux: the more specific patterns (/healthz, webhooks) keep
// their handlers.
func (s *Server) Handler() http.Handler {
	return SecurityHeaders(s.mux, s.cfg.PublicURL != nil && s.cfg.PublicURL.Scheme == "https")
}

func (s *Server) now() time.Time { return s.cfg.NowFunc() }

func cacheFor(d time.Duration, h http.Handler) http.Handler {
	v := []string{"public, max-age=" + strconv.Itoa(int(d/time.Second))}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Cache-Control"] = v
		h.ServeHTTP(w, r)
	})
}

// current returns the snapshot of the contest, reloading it when the
// database stamp changed; the stamp is checked at most once per CheckEvery,
// by one request while the others go on with the snapshot they have. A
// failure to check keeps the snapshot (logged); without one, it is returned.
func (s *Server) current(ctx context.Context) (*snapshot, error) {
	now := s.now().UnixNano()
	sn := s.snap.Load()
	if sn != nil && fresh(sn, now, s.cfg.CheckEvery) {
		return sn, nil
	}
	if sn == nil {
		s.mu.Lock()
	} else if !s.mu.TryLock() {
		return sn, nil
	}
	defer s.mu.Unlock()
	if sn = s.snap.Load(); sn != nil && fresh(sn, now, s.cfg.CheckEvery) {
		return sn, nil
	}
	stamp, err := s.cfg.Store.PublicStamp(ctx)
	if err == nil && sn != nil && stamp == sn.stamp {
		sn.checked.Store(now)
		return sn, nil
	}
	var next *snapshot
	if err == nil {
		next, err = s.load(ctx, stamp)
	}
	if err != nil {
		if sn == nil {
			return nil, err
		}
		s.cfg.Log.Warn("web: the contest could not be reloaded; pages stay as they were", "err", err)
		sn.checked.Store(now)
		return sn, nil
	}
	next.checked.Store(now)
	s.snap.Store(next)
	return next, nil
}

func fresh(sn *snapshot, now int64, every time.Duration) bool {
	d := now - sn.checked.Load()
	return d >= 0 && d < int64(every)
}

// langCache remembers the language chosen for Accept-Language headers seen
// recently, since matching one costs microseconds; it forgets them all when
// it holds too many.
type langCache struct {
	m atomic.Pointer[sync.Map]
	n atomic.Int64
}

const langCacheSize = 512

func (c *langCache) match(header string) string {
	m := c.m.Load()
	if m == nil {
		m = new(sync.Map)
		c.m.CompareAndSwap(nil, m)
		m = c.m.Load()
	}
	if v, ok := m.Load(header); ok {
		return v.(string)
	}
	lang := bot.MatchLang(header)
	if c.n.Add(1) > langCacheSize {
		c.m.Store(new(sync.Map))
		c.n.Store(0)
		return lang
	}
	m.Store(header, lang)
	return lang
}

// langCookie keeps the visitor's choice of language.
const langCookie = "lang"

// lang returns the visitor's language: ?lang= (kept in a cookie for the
// next pages), else the cookie, else Accept-Language.
func (s *Server) lang(w http.ResponseWriter, r *http.Request) string {
	if r.URL.RawQuery != "" {
		if l := r.URL.Query().Get("lang"); validLang(l) {
			http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.PublicURL != nil && s.cfg.PublicURL.Scheme == "https"})
			return l
		}
	}
	if len(r.Header["Cookie"]) > 0 {
		if c, err := r.Cookie(langCookie); err == nil && validLang(c.Value) {
			return c.Value
		}
	}
	h := r.Header.Get("Accept-Language")
	if h == "" || len(h) > 200 {
		return bot.FR
	}
	return s.langs.match(h)
}

func validLang(l string) bool { return l == bot.FR || l == bot.NL || l == bot.EN }
