package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"prixbot/bot"
	"prixbot/contest"
	"prixbot/store"
)

// The organisers' dashboard, under /admin. An organiser signs in with the
// one-time link `/admin web` gives in a chat (bot.WebLoginPath): its page
// asks them to press a button, so that a link preview fetched by a chat
// platform does not use the link, and the POST opens a session kept in a
// cookie (HttpOnly, SameSite=Strict, Secure behind https). Every request
// checks the session and that its organiser is still one (configured or
// listed), so removing an organiser ends their sessions.
//
// Every change is an `/admin` command run by the bot, as a chat's would be:
// the dashboard sends it as an Event of platform bot.Web from the organiser
// ("<platform>:<id>"), shows the plan and the confirmation the bot answers,
// and sends the press of Confirm or Cancel back (bot.Response.Confirm). Forms are POSTs carrying a
// token derived from the session (csrfField), and cross-origin POSTs are
// refused before that (http.CrossOriginProtection).

// Cookie names of the session: behind https the __Host- prefix pins the
// cookie to this host and path /, over https only.
const (
	sessionCookie       = "prixbot_admin"
	secureSessionCookie = "__Host-prixbot_admin"
	csrfField           = "csrf"
)

// organiser is a signed-in organiser's request.
type organiser struct {
	who   store.Actor
	token string // the session's cookie value
	csrf  string
}

// userID is the organiser as a dashboard Event names them.
func (o *organiser) userID() string { return o.who.Platform + ":" + o.who.ID }

func (s *Server) https() bool { return s.cfg.PublicURL != nil && s.cfg.PublicURL.Scheme == "https" }

func (s *Server) cookieName() string {
	if s.https() {
		return secureSessionCookie
	}
	return sessionCookie
}

// mountDashboard registers the dashboard's routes on the server's mux.
func (s *Server) mountDashboard() {
	guard := http.NewCrossOriginProtection()
	post := func(pattern string, h http.HandlerFunc) {
		s.mux.Handle("POST "+pattern, guard.Handler(h))
	}
	s.mux.HandleFunc("GET /admin", s.overview)
	s.mux.HandleFunc("GET "+bot.WebLoginPath, s.loginPage)
	post(bot.WebLoginPath, s.login)
	post("/admin/logout", s.logout)
	post("/admin/command", s.command)
	post("/admin/press", s.press)
	s.mux.HandleFunc("GET /admin/audit", s.auditPage)
	s.mux.HandleFunc("GET /admin/votes.png", s.timelineChart)
	s.mux.HandleFunc("GET /admin/export/{file}", s.export)
}

// csrfToken is the token a session's forms carry: an HMAC of a fixed
// label keyed with the session's secret, so that only a page of that
// session can know it.
func csrfToken(session string) string {
	m := hmac.New(sha256.New, []byte(session))
	m.Write([]byte("prixbot dashboard forms"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// signedIn returns the organiser of the request's session, or nil when
// there is none, it is closed or expired, or its organiser no longer is
// one.
func (s *Server) signedIn(r *http.Request) (*organiser, error) {
	if s.cfg.Bot == nil {
		return nil, nil
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, nil
	}
	ws, err := s.cfg.Store.WebSessionOf(r.Context(), c.Value, s.now())
	if contest.ErrorCode(err) == contest.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !ws.Listed && !s.cfg.Bot.IsAdmin(ws.Organiser.Platform, ws.Organiser.ID) {
		return nil, nil
	}
	return &organiser{who: ws.Organiser, token: c.Value, csrf: csrfToken(c.Value)}, nil
}

// guarded runs h for a signed-in organiser: a visitor without a session
// gets the sign-in explanation (GET) or 403 (POST), and a POST without the
// session's form token gets 403.
func (s *Server) guarded(w http.ResponseWriter, r *http.Request, h func(o *organiser, lang string)) {
	lang := s.lang(w, r)
	o, err := s.signedIn(r)
	if err != nil {
		s.unavailable(w, lang, err)
		return
	}
	if o == nil {
		status := http.StatusOK
		if r.Method != http.MethodGet {
			status = http.StatusForbidden
		}
		s.adminPage(w, r, lang, "admin_signin", t(lang, "web.admin.signin.title"), status, signinBody{Syntax: "/admin web"})
		return
	}
	if r.Method != http.MethodGet {
		if !hmac.Equal([]byte(r.PostFormValue(csrfField)), []byte(o.csrf)) {
			s.adminPage(w, r, lang, "admin_result", t(lang, "web.admin.forbidden.title"), http.StatusForbidden,
				resultBody{Problem: true, Paragraphs: []string{t(lang, "web.admin.forbidden")}})
			return
		}
	}
	h(o, lang)
}

// signinBody is the sign-in page: the explanation, and when the visitor
// came with a link, the button that uses it.
type signinBody struct {
	Syntax  string
	Token   string
	Problem string
}

// loginPage is GET /admin/login?t=<token>: a button to sign in with the
// link (using it on GET would let a chat's link preview spend it).
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	token := r.URL.Query().Get("t")
	if len(token) > 100 {
		token = ""
	}
	s.adminPage(w, r, lang, "admin_signin", t(lang, "web.admin.signin.title"), http.StatusOK, signinBody{Syntax: "/admin web", Token: token})
}

// login is POST /admin/login: the link's token opens a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	token := r.PostFormValue("t")
	var contestID int64
	if sn, err := s.current(r.Context()); err == nil && sn.ed != nil {
		contestID = sn.ed.ID
	}
	var session string
	var ws store.WebSession
	err := errors.New("no token")
	if token != "" && len(token) <= 100 {
		session, ws, err = s.cfg.Store.OpenWebSession(r.Context(), contestID, token, s.now())
	}
	if err == nil && s.cfg.Bot != nil {
		http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: session, Path: "/", Expires: ws.Expires,
			MaxAge: int(store.WebSessionTTL / time.Second), HttpOnly: true, Secure: s.https(), SameSite: http.SameSiteStrictMode})
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
		return
	}
	if err != nil && contest.ErrorCode(err) != contest.NotFound && token != "" {
		s.unavailable(w, lang, err)
		return
	}
	s.adminPage(w, r, lang, "admin_signin", t(lang, "web.admin.signin.title"), http.StatusForbidden,
		signinBody{Syntax: "/admin web", Problem: t(lang, "web.admin.signin.stale")})
}

// logout is POST /admin/logout: the session ends.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.guarded(w, r, func(o *organiser, lang string) {
		var contestID int64
		if sn, err := s.current(r.Context()); err == nil && sn.ed != nil {
			contestID = sn.ed.ID
		}
		if err := s.cfg.Store.CloseWebSession(r.Context(), contestID, o.token, s.now()); err != nil {
			s.unavailable(w, lang, err)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
			Secure: s.https(), SameSite: http.SameSiteStrictMode})
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
	})
}

// resultBody is the page that shows what the bot answered a command or a
// press: its text, and the buttons it offers (a confirmation) as forms.
type resultBody struct {
	Problem    bool
	Paragraphs []string
	Buttons    []formButton
	CSRF       string
}

// formButton is a button of the bot's answer as a form: a press sends its
// data back; a URL button is a link.
type formButton struct {
	Text, Data, URL string
	Primary         bool
}

// command is POST /admin/command: "command" is an `/admin` command as an
// organiser types it after "/admin" (e.g. "void 12,13 new_accounts").
func (s *Server) command(w http.ResponseWriter, r *http.Request) {
	s.guarded(w, r, func(o *organiser, lang string) {
		text := strings.TrimSpace(r.PostFormValue("command"))
		name, _, _ := strings.Cut(text, " ")
		if text == "" || strings.EqualFold(name, "export") || strings.ContainsAny(text, "\n\r") {
			s.adminPage(w, r, lang, "admin_result", t(lang, "web.admin.result.title"), http.StatusBadRequest,
				resultBody{Problem: true, Paragraphs: []string{t(lang, "web.admin.command.invalid")}})
			return
		}
		s.runEvent(w, r, o, lang, bot.Event{Text: "/admin " + text})
	})
}

// press is POST /admin/press: the organiser pressed a button of the bot's
// answer (Confirm or Cancel).
func (s *Server) press(w http.ResponseWriter, r *http.Request) {
	s.guarded(w, r, func(o *organiser, lang string) {
		data := r.PostFormValue("data")
		if data == "" || len(data) > bot.MaxCallbackData {
			s.adminPage(w, r, lang, "admin_result", t(lang, "web.admin.result.title"), http.StatusBadRequest,
				resultBody{Problem: true, Paragraphs: []string{t(lang, "web.admin.command.invalid")}})
			return
		}
		s.runEvent(w, r, o, lang, bot.Event{Callback: &bot.Callback{ID: "web", Data: data}})
	})
}

// runEvent has the bot handle ev from the organiser and shows its answer.
func (s *Server) runEvent(w http.ResponseWriter, r *http.Request, o *organiser, lang string, ev bot.Event) {
	ev.Platform, ev.UserID, ev.ChatID, ev.LangHint = bot.Web, o.userID(), o.userID(), lang
	resp, err := s.cfg.Handler.Handle(r.Context(), ev)
	status := http.StatusOK
	if err != nil {
		s.cfg.Log.Error("web: an organiser's command failed", "err", err)
		status = http.StatusServiceUnavailable
	}
	body := resultBody{CSRF: o.csrf}
	if resp.Lang != "" {
		lang = resp.Lang
	}
	// The outcome is read from the Response's fields: its coded refusal,
	// and the confirmation it waits for; the texts are only shown.
	body.Problem = err != nil || resp.Error != nil
	for _, m := range resp.Messages {
		body.Paragraphs = append(body.Paragraphs, strings.Split(strings.TrimPrefix(m.Text, bot.ErrorMark), "\n")...)
		for _, row := range m.Buttons {
			for _, b := range row {
				if b.URL != "" {
					body.Buttons = append(body.Buttons, formButton{Text: b.Text, URL: b.URL})
				}
			}
		}
	}
	if c := resp.Confirm; c != nil {
		body.Buttons = append(body.Buttons, formButton{Text: c.Yes.Text, Data: c.Yes.Data, Primary: true},
			formButton{Text: c.No.Text, Data: c.No.Data})
	}
	if len(body.Paragraphs) == 0 && resp.Answer != "" {
		body.Paragraphs = []string{resp.Answer}
	}
	s.adminPage(w, r, lang, "admin_result", t(lang, "web.admin.result.title"), status, body)
}

// adminPage renders a dashboard page, never cached.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, lang, name, title string, status int, body any) {
	s.adminPageRefresh(w, r, lang, name, title, status, body, 0)
}

func (s *Server) adminPageRefresh(w http.ResponseWriter, r *http.Request, lang, name, title string, status int, body any, refresh int) {
	sn, err := s.current(r.Context())
	if err != nil {
		s.unavailable(w, lang, err)
		return
	}
	v := s.newView(sn, lang, "", title, 0, body)
	v.Admin = true
	var buf strings.Builder
	if err := s.pages[name].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		s.unavailable(w, lang, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h["Vary"] = varyLang
	if refresh > 0 {
		h.Set("Refresh", strconv.Itoa(refresh))
	}
	w.WriteHeader(status)
	w.Write([]byte(buf.String()))
}

// withContest runs h with the current contest; without one, the organiser
// reads how to import it.
func (s *Server) withContest(ctx context.Context, w http.ResponseWriter, lang string, h func(sn *snapshot)) {
	sn, err := s.current(ctx)
	if err != nil {
		s.unavailable(w, lang, err)
		return
	}
	if sn.ed == nil {
		http.Error(w, bot.T(lang, "error.no_contest_admin"), http.StatusNotFound)
		return
	}
	h(sn)
}
