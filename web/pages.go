package web

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"prixbot/bot"
	"prixbot/contest"
)

// view is what the layout template shows around a page's body.
type view struct {
	Lang      string
	Langs     []langLink
	Title     string
	Contest   string
	Canonical string
	Meta      []meta
	Footer    string
	Body      any
	// Admin marks a page of the organisers' dashboard: its own styles, not
	// indexed.
	Admin bool
}

// langLink is one entry of the language switch.
type langLink struct {
	Code, Name string
	Current    bool
}

var langNames = []langLink{{Code: bot.FR, Name: "Français"}, {Code: bot.NL, Name: "Nederlands"}, {Code: bot.EN, Name: "English"}}

// meta is a share tag: OpenGraph (property) or Twitter (name).
type meta struct{ Property, Name, Content string }

// projectView is a project as the pages show it.
type projectView struct {
	contest.Project
	Path  string
	Image string // an http(s) image URL, or ""
	Alt   string
}

func parseTemplates() map[string]*template.Template {
	funcs := template.FuncMap{"t": t}
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		files := []string{n}
		if strings.HasPrefix(name, "admin") {
			files = append(files, "templates/admin/*.html")
		}
		pages[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, files...))
	}
	return pages
}

// render executes the named page in the layout.
func (s *Server) render(sn *snapshot, name, lang, path, title string, status int, body any, metas ...meta) (*page, error) {
	v := s.newView(sn, lang, path, title, status, body, metas...)
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return nil, err
	}
	return newPage(status, "text/html; charset=utf-8", buf.Bytes(), ""), nil
}

// newView returns what the layout shows around a page's body.
func (s *Server) newView(sn *snapshot, lang, path, title string, status int, body any, metas ...meta) view {
	v := view{Lang: lang, Title: title, Body: body, Meta: metas}
	for _, l := range langNames {
		l.Current = l.Code == lang
		v.Langs = append(v.Langs, l)
	}
	if sn.ed != nil {
		c := sn.ed.Contest
		v.Contest = c.Name
		if title == "" {
			v.Title = c.Name
		} else {
			v.Title = title + " — " + c.Name
		}
		v.Footer = t(lang, "web.footer", c.Weights.Public, c.Weights.Jury)
	}
	if s.cfg.PublicURL != nil && status == http.StatusOK {
		v.Canonical = s.absolute(path)
	}
	return v
}

// absolute returns the public address of a path, "" without PUBLIC_URL.
func (s *Server) absolute(path string) string {
	if s.cfg.PublicURL == nil {
		return ""
	}
	return strings.TrimSuffix(s.cfg.PublicURL.String(), "/") + path
}

// builder renders a page from a snapshot, in lang, at now.
type builder func(sn *snapshot, lang string, now time.Time) (*page, error)

// serve writes the page of the request's path in the visitor's language,
// from the snapshot's rendered pages, rendering it first when it is
// missing or out of date. exists (nil: always) says whether the path names
// a page of the snapshot: when it does not, the visitor gets the 404 page,
// and an unknown address adds nothing to the rendered pages.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, exists func(sn *snapshot) bool, build builder) {
	lang := s.lang(w, r)
	sn, err := s.current(r.Context())
	if err != nil {
		s.unavailable(w, lang, err)
		return
	}
	key := r.URL.Path
	if exists != nil && !exists(sn) {
		key, build = notFoundKey, s.missing
	}
	rendered := &sn.rendered[langIndex(lang)]
	now := s.now()
	var p *page
	if v, ok := rendered.Load(key); ok {
		p = v.(*page)
	}
	if p == nil || (!p.until.IsZero() && !now.Before(p.until)) {
		if p, err = build(sn, lang, now); err != nil {
			s.unavailable(w, lang, err)
			return
		}
		rendered.Store(key, p)
	}
	write(w, sn, p)
}

// notFoundKey is the 404 page among the rendered pages (a path starts
// with /).
const notFoundKey = "404"

func langIndex(lang string) int {
	switch lang {
	case bot.NL:
		return 1
	case bot.EN:
		return 2
	}
	return 0
}

// newPage returns a response with its headers made ready; download, when
// set, is the file name it is saved under.
func newPage(status int, ctype string, body []byte, download string) *page {
	p := &page{status: status, body: body, ctype: []string{ctype}, length: []string{strconv.Itoa(len(body))}}
	if download != "" {
		p.disposition = []string{"attachment; filename=" + download}
	}
	return p
}

var (
	varyLang = []string{"Accept-Language, Cookie"}
	noCache  = []string{"no-cache"}
)

// write writes a page with the Content-Security-Policy of its snapshot.
func write(w http.ResponseWriter, sn *snapshot, p *page) {
	h := w.Header()
	h["Content-Security-Policy"] = sn.csp
	h["Content-Type"] = p.ctype
	h["Content-Length"] = p.length
	h["Vary"] = varyLang
	h["Cache-Control"] = noCache
	if p.disposition != nil {
		h["Content-Disposition"] = p.disposition
	}
	w.WriteHeader(p.status)
	w.Write(p.body)
}

// unavailable answers 503 when the contest cannot be read.
func (s *Server) unavailable(w http.ResponseWriter, lang string, err error) {
	s.cfg.Log.Error("web: cannot read the contest", "err", err)
	w.Header().Set("Retry-After", "5")
	http.Error(w, t(lang, "web.unavailable"), http.StatusServiceUnavailable)
}

// missing renders the 404 page in lang.
func (s *Server) missing(sn *snapshot, lang string, _ time.Time) (*page, error) {
	return s.render(sn, "notfound", lang, "", t(lang, "web.notfound.title"), http.StatusNotFound, nil)
}

// notFound answers 404 with a page in the visitor's language.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, func(*snapshot) bool { return false }, nil)
}

// localTime renders an instant in the contest's timezone, in lang.
func localTime(sn *snapshot, lang string, at time.Time) string {
	return bot.FormatTime(lang, at.In(sn.ed.Contest.Location))
}

// nextChange returns the first phase boundary after now (zero if none):
// the pages that say whether a phase is open change then.
func nextChange(sn *snapshot, now time.Time) time.Time {
	if d := sn.ed.Contest.Calendar.Deadlines(now); len(d) > 0 {
		return d[0].At
	}
	return time.Time{}
}

// phaseStatus says which phase is under way and the time left, or what
// comes next, and when that text changes.
func phaseStatus(sn *snapshot, lang string, now time.Time) (string, time.Time) {
	cal := sn.ed.Contest.Calendar
	if p, ok := cal.OpenAt(now); ok {
		left, until := timeLeft(lang, now, p.End)
		return t(lang, "web.phase.open", t(lang, "phase."+p.Name), localTime(sn, lang, p.End.Add(-time.Minute)), left), until
	}
	if p, ok := cal.NextPhase(now); ok {
		left, until := timeLeft(lang, now, p.Start)
		return t(lang, "web.phase.next", t(lang, "phase."+p.Name), localTime(sn, lang, p.Start), left), until
	}
	return t(lang, "web.phase.over"), time.Time{}
}

func (s *Server) projectView(sn *snapshot, lang string, p *contest.Project) projectView {
	v := projectView{Project: *p, Path: "/p/" + p.ID, Alt: t(lang, "web.image", p.Name)}
	if origin(p.ImageURL) != "" {
		v.Image = p.ImageURL
	}
	return v
}

// home is GET /: the contest, its phase, the shortlist by sector.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, nil, func(sn *snapshot, lang string, now time.Time) (*page, error) {
		type sector struct {
			Name     string
			ID       string
			Projects []projectView
		}
		var body struct {
			Status    string
			NoContest string
			Announced bool
			Sectors   []sector
		}
		if sn.ed == nil {
			body.NoContest = t(lang, "error.no_contest")
			return s.render(sn, "home", lang, "/", "", http.StatusOK, body)
		}
		var until time.Time
		body.Status, until = phaseStatus(sn, lang, now)
		body.Announced = sn.ed.AnnouncedAt != nil
		for i, name := range sn.ed.Contest.Sectors {
			sec := sector{Name: name, ID: "sector-" + strconv.Itoa(i+1)}
			for j := range sn.projects {
				if sn.projects[j].Sector == name {
					sec.Projects = append(sec.Projects, s.projectView(sn, lang, &sn.projects[j]))
				}
			}
			if len(sec.Projects) > 0 {
				body.Sectors = append(body.Sectors, sec)
			}
		}
		p, err := s.render(sn, "home", lang, "/", "", http.StatusOK, body,
			meta{Property: "og:type", Content: "website"}, meta{Property: "og:title", Content: sn.ed.Contest.Name},
			meta{Property: "og:url", Content: s.absolute("/")}, meta{Name: "twitter:card", Content: "summary"})
		if p != nil {
			p.until = until
		}
		return p, err
	})
}

// deepLink returns the Telegram link that opens the project's card in the
// bot, "" when Telegram is off.
func (s *Server) deepLink(id string) string {
	return bot.Reach{Platform: bot.Telegram, Handle: s.cfg.TelegramBot}.ProjectLink(id)
}

// qrTarget is what a project's QR code holds: its deep link, else its
// page's public address; "" when there is neither.
func (s *Server) qrTarget(id string) string {
	if l := s.deepLink(id); l != "" {
		return l
	}
	return s.absolute("/p/" + id)
}

// project is GET /p/<id>: the project's card, how to vote, its QR code and
// share tags.
func (s *Server) project(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.serve(w, r, func(sn *snapshot) bool { return sn.byID[id] != nil }, func(sn *snapshot, lang string, now time.Time) (*page, error) {
		p := sn.byID[id]
		pv := s.projectView(sn, lang, p)
		body := struct {
			P            projectView
			Vote         string
			DeepLink     string
			SlackCommand string
			QR           string
			QRAlt        string
		}{P: pv, DeepLink: s.deepLink(id), SlackCommand: bot.Reach{Platform: bot.Slack, Handle: s.cfg.SlackCommand}.VoteCommand(id)}
		if s.qrTarget(id) != "" {
			body.QR = pv.Path + "/qr.png"
			body.QRAlt = t(lang, "web.qr.alt", p.Name)
			if body.DeepLink == "" {
				body.QRAlt = t(lang, "web.qr.page_alt")
			}
		}
		if ph, ok := sn.ed.Contest.Calendar.Phase(contest.PhasePublicVote); ok {
			switch {
			case now.Before(ph.Start):
				body.Vote = t(lang, "web.vote.before", localTime(sn, lang, ph.Start))
			case now.Before(ph.End):
				body.Vote = t(lang, "voter.vote_open", localTime(sn, lang, ph.End.Add(-time.Minute)))
			default:
				body.Vote = t(lang, "web.vote.after")
			}
		}
		metas := []meta{
			{Property: "og:type", Content: "article"},
			{Property: "og:title", Content: p.Name},
			{Property: "og:description", Content: p.Summary},
			{Property: "og:site_name", Content: sn.ed.Contest.Name},
			{Property: "og:url", Content: s.absolute(pv.Path)},
			{Property: "og:locale", Content: map[string]string{bot.FR: "fr_BE", bot.NL: "nl_BE", bot.EN: "en_GB"}[lang]},
			{Name: "twitter:card", Content: "summary"},
			{Name: "twitter:title", Content: p.Name},
			{Name: "twitter:description", Content: p.Summary},
		}
		if pv.Image != "" {
			metas = append(metas, meta{Property: "og:image", Content: pv.Image}, meta{Property: "og:image:alt", Content: pv.Alt},
				meta{Name: "twitter:image", Content: pv.Image})
			metas[6].Content = "summary_large_image"
		}
		pg, err := s.render(sn, "project", lang, pv.Path, p.Name, http.StatusOK, body, metas...)
		if pg != nil {
			pg.until = nextChange(sn, now)
		}
		return pg, err
	})
}
