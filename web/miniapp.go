package web

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"prixbot/bot"
	"prixbot/bot/telegram"
)

// The jury sheet as a Telegram Mini App (bot.MiniAppPath): /jury in
// Telegram opens it with a web_app button. Telegram hands the page the
// juror's signed initData in the address's fragment, which the server never
// sees; a small script (static/miniapp.js, the only script of the site)
// reads it and posts it with every request, where it is verified
// (telegram.VerifyInitData) before anything is read or saved. Every save
// goes to the conversations as an Event, as an adapter's would: the
// juror's own button press in the chat (bot.ScoreData) or the sheet's form
// (bot.SheetFormData). The same rules hold (phase, conflicts, read-only
// after the jury phase), through the same store operations, with the same
// audit rows, the juror's Telegram account as actor.
//
//	GET  /jury/app         the page Telegram opens: the script posts initData to
//	POST /jury/app         a project's whole sheet (p, its index; else the next to score)
//	POST /jury/app/score   one level tapped (p, c the criterion's index, level): JSON
//	POST /jury/app/comment the comment as typed (p, comment): JSON
//	POST /jury/app/submit  the sheet submitted (levels by criterion id, comment): the next sheet

// miniAppPolicy is the Content-Security-Policy of the Mini App's pages:
// the site's own script and requests besides its styles, and framing by
// Telegram Web, which shows Mini Apps in a frame.
const miniAppPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors https://web.telegram.org"

var (
	miniAppPolicyHeader = []string{miniAppPolicy}
	noStore             = []string{"no-store"}
)

// maxMiniAppForm bounds a Mini App request's body.
const maxMiniAppForm = 64 << 10

// miniAppOn reports whether the Mini App is served: it needs the bot and
// the Telegram token initData is signed with.
func (s *Server) miniAppOn() bool { return s.cfg.Bot != nil && s.cfg.TelegramToken != "" }

// mountMiniApp adds the Mini App's routes when it is on.
func (s *Server) mountMiniApp() {
	if !s.miniAppOn() {
		return
	}
	s.mux.HandleFunc("GET "+bot.MiniAppPath, s.miniAppShell)
	s.mux.HandleFunc("POST "+bot.MiniAppPath, s.miniAppOpen)
	s.mux.HandleFunc("POST "+bot.MiniAppPath+"/score", s.miniAppScore)
	s.mux.HandleFunc("POST "+bot.MiniAppPath+"/comment", s.miniAppComment)
	s.mux.HandleFunc("POST "+bot.MiniAppPath+"/submit", s.miniAppSubmit)
}

// miniAppView is what the Mini App's page shows.
type miniAppView struct {
	Lang     string
	Title    string
	InitData string // the verified initData, posted again with every form
	// Shell: the page as Telegram opens it, before the script posts
	// initData.
	Shell       bool
	Error       string // why nothing can be shown or saved, or why a submission was refused
	Notice      string // what the last action did
	Sheet       *bot.SheetForm
	FieldErrors map[string]string
	// posted are the values of a refused submission, shown in place of
	// the saved ones so that nothing typed is lost.
	posted map[string]string
}

// miniAppHeaders sets the headers of every Mini App response: its own
// policy, no X-Frame-Options (the policy's frame-ancestors lets Telegram
// Web frame it), and nothing kept in caches (a juror's scores).
func miniAppHeaders(w http.ResponseWriter) {
	h := w.Header()
	h["Content-Security-Policy"] = miniAppPolicyHeader
	h["Cache-Control"] = noStore
	delete(h, "X-Frame-Options")
}

// renderMiniApp writes the Mini App's page.
func (s *Server) renderMiniApp(w http.ResponseWriter, status int, v miniAppView) {
	if v.Title == "" {
		v.Title = t(v.Lang, "web.miniapp.title")
	}
	var buf bytes.Buffer
	if err := s.pages["miniapp"].ExecuteTemplate(&buf, "miniapp", v); err != nil {
		s.cfg.Log.Error("web: cannot render the Mini App", "err", err)
		http.Error(w, t(v.Lang, "web.unavailable"), http.StatusInternalServerError)
		return
	}
	miniAppHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// miniAppShell is GET /jury/app: the page Telegram opens, whose script
// posts the initData of the address's fragment to open the sheet. Opened
// elsewhere, it says how to open it.
func (s *Server) miniAppShell(w http.ResponseWriter, r *http.Request) {
	s.renderMiniApp(w, http.StatusOK, miniAppView{Lang: s.lang(w, r), Shell: true})
}

// juror is a Mini App request whose initData was verified.
type juror struct {
	ev       bot.Event // the juror as the bot knows them, for a button press or a form
	initData string
}

// verify reads a Mini App request's form and verifies its initData. When
// it is forged or stale it answers 403 with one sentence (as a page, or as
// JSON for the script's saves) and returns false: nothing is read or saved.
func (s *Server) verify(w http.ResponseWriter, r *http.Request, asJSON bool) (juror, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxMiniAppForm)
	lang := s.lang(w, r)
	if err := r.ParseForm(); err != nil {
		s.miniAppRefuse(w, http.StatusBadRequest, lang, t(lang, "web.miniapp.bad_request"), asJSON)
		return juror{}, false
	}
	raw := r.PostForm.Get("init_data")
	u, err := telegram.VerifyInitData(raw, s.cfg.TelegramToken, s.now(), s.cfg.InitDataMaxAge)
	if err != nil {
		key := "web.miniapp.forged"
		if errors.Is(err, telegram.ErrInitDataStale) {
			key = "web.miniapp.stale"
		}
		s.miniAppRefuse(w, http.StatusForbidden, lang, t(lang, key), asJSON)
		return juror{}, false
	}
	id := strconv.FormatInt(u.ID, 10)
	ev := bot.Event{Platform: bot.Telegram, UpdateID: miniAppUpdateID(), UserID: id, ChatID: id, Username: u.Username,
		Name: strings.TrimSpace(u.FirstName + " " + u.LastName), LangHint: u.LanguageCode}
	return juror{ev: ev, initData: raw}, true
}

// miniAppUpdateID identifies one Mini App request as the update it stands
// for: the bot handles each once.
func miniAppUpdateID() string {
	var b [12]byte
	rand.Read(b[:])
	return "miniapp-" + hex.EncodeToString(b[:])
}

// miniAppRefuse answers a request that can do nothing, with one sentence.
func (s *Server) miniAppRefuse(w http.ResponseWriter, status int, lang, sentence string, asJSON bool) {
	if asJSON {
		writeJSON(w, status, saveAnswer{Message: sentence})
		return
	}
	s.renderMiniApp(w, status, miniAppView{Lang: lang, Error: sentence})
}

// formIndex reads a form value as a 0-based index: ok false when it is
// missing or not a canonical number.
func formIndex(r *http.Request, key string) (int, bool) {
	raw := r.PostForm.Get(key)
	v, err := strconv.Atoi(raw)
	return v, err == nil && v >= 0 && strconv.Itoa(v) == raw
}

// miniAppOpen is POST /jury/app: the sheet of project p, or without p the
// next one to score.
func (s *Server) miniAppOpen(w http.ResponseWriter, r *http.Request) {
	j, ok := s.verify(w, r, false)
	if !ok {
		return
	}
	p, given := formIndex(r, "p")
	if !given {
		p = -1
	}
	s.showSheet(w, r.Context(), j, http.StatusOK, p, !given, miniAppView{})
}

// showSheet renders sheet p of the juror (or the next to score after it,
// see bot.SheetPage) with what v says besides.
func (s *Server) showSheet(w http.ResponseWriter, ctx context.Context, j juror, status, p int, next bool, v miniAppView) {
	f, err := s.cfg.Bot.SheetPage(ctx, j.ev, p, next)
	lang := bot.MatchLang(j.ev.LangHint)
	switch {
	case err != nil:
		s.cfg.Log.Error("web: cannot read a juror's sheet", "err", err)
		s.renderMiniApp(w, http.StatusServiceUnavailable, miniAppView{Lang: lang, Error: t(lang, "web.unavailable")})
		return
	case f == nil:
		s.renderMiniApp(w, http.StatusForbidden, miniAppView{Lang: lang, Error: t(lang, "web.miniapp.no_sheet")})
		return
	}
	if v.posted != nil {
		f.Comment = v.posted[bot.FormComment]
		for _, g := range f.Groups {
			for i := range g.Fields {
				if lv := v.posted[g.Fields[i].ID]; lv != "" {
					g.Fields[i].Value = lv
				}
			}
		}
	}
	if f.Done && v.Notice != "" {
		v.Notice += " " + t(f.Lang, "jury.all_done")
	}
	v.Lang, v.Title, v.InitData, v.Sheet = f.Lang, f.Title, j.initData, f
	s.renderMiniApp(w, status, v)
}

// saveAnswer is the answer to a save of the script (a tap, the comment):
// whether it was saved, what the bot answered, and for a tap the sheet as
// it stands.
type saveAnswer struct {
	Saved   bool   `json:"saved"`
	Message string `json:"message"`
	Total   string `json:"total,omitempty"`
	Note    string `json:"note,omitempty"`
	Level   string `json:"level"` // the criterion's level now, "" when none
}

// writeJSON answers the script with a.
func writeJSON(w http.ResponseWriter, status int, a saveAnswer) {
	miniAppHeaders(w)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(a)
}

// miniAppScore is POST /jury/app/score: level lv tapped for criterion c of
// project p, saved as the chat's button for it. It answers 200 when the
// sheet now has that level, 409 with the bot's reason when it was refused
// (a conflict, the phase), and as scriptSave says otherwise.
func (s *Server) miniAppScore(w http.ResponseWriter, r *http.Request) {
	var c, lv int
	s.scriptSave(w, r, func(ev *bot.Event, p int) bool {
		var okc, okl bool
		c, okc = formIndex(r, "c")
		lv, okl = formIndex(r, "level")
		ev.Callback = &bot.Callback{ID: ev.UpdateID, Data: bot.ScoreData(p, c, lv)}
		return okc && okl
	}, func(resp *bot.Response, f *bot.SheetForm) (int, saveAnswer) {
		a := saveAnswer{Message: resp.Answer, Total: f.Total, Note: f.Note}
		found := false
		for _, g := range f.Groups {
			for _, fd := range g.Fields {
				if fd.Index == c {
					a.Level, found = fd.Value, true
				}
			}
		}
		if a.Saved = found && a.Level == strconv.Itoa(lv); !a.Saved {
			return http.StatusConflict, a
		}
		return http.StatusOK, a
	})
}

// miniAppComment is POST /jury/app/comment: the comment of project p's
// sheet saved alone, as a draft (bot.CommentFormData). It answers 200 when
// it is saved, 409 with the reason when it is refused (the phase, a
// conflict, its length), and as scriptSave says otherwise.
func (s *Server) miniAppComment(w http.ResponseWriter, r *http.Request) {
	s.scriptSave(w, r, func(ev *bot.Event, p int) bool {
		ev.Callback = &bot.Callback{ID: ev.UpdateID, Data: bot.CommentFormData(p)}
		ev.Form = map[string]string{bot.FormComment: r.PostForm.Get(bot.FormComment)}
		return true
	}, func(resp *bot.Response, f *bot.SheetForm) (int, saveAnswer) {
		if len(resp.FieldErrors) > 0 {
			return http.StatusConflict, saveAnswer{Message: cmp.Or(resp.FieldErrors[""], resp.FieldErrors[bot.FormComment])}
		}
		return http.StatusOK, saveAnswer{Saved: true, Message: resp.Answer}
	})
}

// scriptSave serves a save the Mini App's script makes on project p's
// sheet, answered in JSON: event makes the juror's Event of it (false: the
// request names nothing, 400), the conversations handle it, and answer says
// what became of it from their Response and the sheet as it now stands. A
// forged or stale initData gets 403, someone who is no juror 403, a failure
// of the store 503.
func (s *Server) scriptSave(w http.ResponseWriter, r *http.Request, event func(ev *bot.Event, p int) bool,
	answer func(resp *bot.Response, f *bot.SheetForm) (int, saveAnswer)) {
	j, ok := s.verify(w, r, true)
	if !ok {
		return
	}
	lang := bot.MatchLang(j.ev.LangHint)
	ev := j.ev
	p, okp := formIndex(r, "p")
	if !okp || !event(&ev, p) {
		writeJSON(w, http.StatusBadRequest, saveAnswer{Message: t(lang, "jury.bad_button")})
		return
	}
	resp, err := s.cfg.Handler.Handle(r.Context(), ev)
	var f *bot.SheetForm
	if err == nil {
		f, err = s.cfg.Bot.SheetPage(r.Context(), j.ev, p, false)
	}
	switch {
	case err != nil:
		s.cfg.Log.Error("web: a Mini App save failed", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, saveAnswer{Message: t(lang, "web.unavailable")})
	case f == nil:
		writeJSON(w, http.StatusForbidden, saveAnswer{Message: t(lang, "web.miniapp.no_sheet")})
	default:
		status, a := answer(resp, f)
		writeJSON(w, status, a)
	}
}

// miniAppSubmit is POST /jury/app/submit: the sheet of project p submitted
// with its levels and comment, as the bot's sheet form. Refused, the same
// sheet comes back saying why (422); submitted, the next sheet to score.
func (s *Server) miniAppSubmit(w http.ResponseWriter, r *http.Request) {
	j, ok := s.verify(w, r, false)
	if !ok {
		return
	}
	p, okp := formIndex(r, "p")
	if !okp {
		lang := bot.MatchLang(j.ev.LangHint)
		s.renderMiniApp(w, http.StatusBadRequest, miniAppView{Lang: lang, Error: t(lang, "jury.bad_button")})
		return
	}
	ev := j.ev
	ev.Callback = &bot.Callback{ID: ev.UpdateID, Data: bot.SheetFormData(p)}
	ev.Form = map[string]string{}
	for k, v := range r.PostForm {
		if k != "init_data" && k != "p" && len(v) > 0 {
			ev.Form[k] = v[0]
		}
	}
	resp, err := s.cfg.Handler.Handle(r.Context(), ev)
	if err != nil {
		s.cfg.Log.Error("web: a Mini App submission failed", "err", err)
		lang := bot.MatchLang(j.ev.LangHint)
		s.renderMiniApp(w, http.StatusServiceUnavailable, miniAppView{Lang: lang, Error: t(lang, "web.unavailable")})
		return
	}
	if len(resp.FieldErrors) > 0 {
		s.showSheet(w, r.Context(), j, http.StatusUnprocessableEntity, p, false,
			miniAppView{Error: cmp.Or(resp.FieldErrors[""], t(resp.Lang, "web.miniapp.fix")), FieldErrors: resp.FieldErrors, posted: ev.Form})
		return
	}
	s.showSheet(w, r.Context(), j, http.StatusOK, p, true, miniAppView{Notice: resp.Answer})
}
