package web

import (
	"net/http"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"prixbot/bot"
	"prixbot/bot/chart"
	"prixbot/bot/report"
	"prixbot/contest"
)

// qrSize is the side of a QR code in pixels: enough for a printed poster.
const qrSize = 512

// qr is GET /p/<id>/qr.png: the QR code of the project's deep link (of its
// page's public address when Telegram is off; 404 without either).
func (s *Server) qr(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	exists := func(sn *snapshot) bool { return sn.byID[id] != nil && s.qrTarget(id) != "" }
	s.serve(w, r, exists, func(*snapshot, string, time.Time) (*page, error) {
		png, err := qrcode.Encode(s.qrTarget(id), qrcode.Medium, qrSize)
		if err != nil {
			return nil, err
		}
		return newPage(http.StatusOK, "image/png", png, ""), nil
	})
}

// hasContest reports whether a contest was imported: the results and
// receipts pages exist then.
func hasContest(sn *snapshot) bool { return sn.ed != nil }

// ceremonyNote is the sentence of a page that opens with the announcement:
// when it opens (the ceremony), and nothing else.
func ceremonyNote(sn *snapshot, lang, prefix string) string {
	if p, ok := sn.ed.Contest.Calendar.Phase(contest.PhaseCeremony); ok {
		return t(lang, prefix+".at_ceremony", localTime(sn, lang, p.Start))
	}
	return t(lang, prefix+".later")
}

// results is GET /results: after the announcement, the ranking with public
// and jury points and prizes, the chart and the formula in words; before
// it, when the results will be published.
func (s *Server) results(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, hasContest, func(sn *snapshot, lang string, _ time.Time) (*page, error) {
		title := t(lang, "web.results.title")
		type row struct {
			contest.Standing
			Path                             string
			Public, JuryPoints, Total, Prize string
		}
		var body struct {
			Pending   string
			Announced string
			Rows      []row
			Chart     string
			Formula   []string
		}
		if sn.ed.AnnouncedAt == nil {
			body.Pending = ceremonyNote(sn, lang, "web.results")
			return s.render(sn, "results", lang, "/results", title, http.StatusOK, body)
		}
		c := sn.ed.Contest
		body.Announced = t(lang, "web.results.announced", localTime(sn, lang, *sn.ed.AnnouncedAt))
		for _, st := range sn.standings {
			rw := row{Standing: st, Path: "/p/" + st.Project, Public: report.Points(st.PublicPoints),
				JuryPoints: report.Points(st.JuryPoints), Total: report.Points(st.Total)}
			if st.Prize > 0 {
				rw.Prize = t(lang, "web.results.euros", bot.FormatNumber(lang, st.Prize))
			}
			body.Rows = append(body.Rows, rw)
		}
		if len(body.Rows) > 0 {
			body.Chart = "/results/" + lang + "/chart.png"
		}
		body.Formula = []string{
			t(lang, "web.results.formula_public", c.Weights.Public, c.Weights.Public),
			t(lang, "web.results.formula_jury", c.Weights.Jury, c.Weights.Jury, len(c.Grid.Criteria)),
		}
		if c.Grid.Normalise == contest.NormaliseZScore {
			body.Formula = append(body.Formula, t(lang, "web.results.formula_zscore"))
		}
		body.Formula = append(body.Formula, t(lang, "web.results.formula_order"))
		return s.render(sn, "results", lang, "/results", title, http.StatusOK, body)
	})
}

// chart is GET /results/<lang>/chart.png: the results chart with its
// labels in that language, after the announcement.
func (s *Server) chart(w http.ResponseWriter, r *http.Request) {
	chartLang := r.PathValue("lang")
	exists := func(sn *snapshot) bool { return len(sn.standings) > 0 && validLang(chartLang) }
	s.serve(w, r, exists, func(sn *snapshot, _ string, _ time.Time) (*page, error) {
		png, err := chart.Results(sn.standings, chart.Labels{Title: sn.ed.Contest.Name, Points: t(chartLang, "announce.points"),
			Public: t(chartLang, "announce.public"), Jury: t(chartLang, "announce.jury")})
		if err != nil {
			return nil, err
		}
		return newPage(http.StatusOK, "image/png", png, ""), nil
	})
}

// receiptCode normalises what a visitor typed into a receipt code
// (XXXXX-XXXXX, base32 letters and digits), ok false when it cannot be one.
func receiptCode(typed string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r >= 'A' && r <= 'Z' || r >= '2' && r <= '7':
			b.WriteRune(r)
		case r == '-' || r == ' ' || r == '\t':
		default:
			return "", false
		}
	}
	code := b.String()
	if len(code) != 10 {
		return "", false
	}
	return code[:5] + "-" + code[5:], true
}

// receipts is GET /receipts: after the announcement, a form to check a
// receipt code (?code=) and the published lists; before it, when they
// will be published.
func (s *Server) receipts(w http.ResponseWriter, r *http.Request) {
	typed := strings.TrimSpace(r.URL.Query().Get("code"))
	if len(typed) > 64 {
		typed = typed[:64]
	}
	build := func(sn *snapshot, lang string, _ time.Time) (*page, error) {
		type list struct {
			Name, File, Count string
		}
		var body struct {
			Pending string
			Typed   string
			Answer  string
			Found   *projectView
			Problem bool
			Lists   []list
		}
		title := t(lang, "web.receipts.title")
		if sn.ed.AnnouncedAt == nil {
			body.Pending = ceremonyNote(sn, lang, "web.receipts")
			return s.render(sn, "receipts", lang, "/receipts", title, http.StatusOK, body)
		}
		body.Typed = typed
		if typed != "" {
			code, ok := receiptCode(typed)
			switch project, found := sn.receipts[code]; {
			case !ok:
				body.Answer, body.Problem = t(lang, "web.receipts.invalid"), true
			case found:
				body.Answer = t(lang, "web.receipts.found", code)
				if p, ok := sn.byID[project]; ok {
					pv := s.projectView(sn, lang, p)
					body.Found = &pv
				}
			default:
				body.Answer, body.Problem = t(lang, "web.receipts.missing", code), true
			}
		}
		header := len(strings.SplitAfterN(string(sn.receiptFiles["all.csv"]), "\n", 2)[0])
		for _, p := range sn.projects {
			f := sn.receiptFiles[p.ID+".csv"]
			n := strings.Count(string(f[header:]), "\n")
			body.Lists = append(body.Lists, list{Name: p.Name, File: "/receipts/" + p.ID + ".csv", Count: countText(lang, "web.receipts.count", n)})
		}
		return s.render(sn, "receipts", lang, "/receipts", title, http.StatusOK, body)
	}
	if typed == "" {
		s.serve(w, r, hasContest, build)
		return
	}
	// A check depends on the code typed: rendered for this request alone.
	lang := s.lang(w, r)
	sn, err := s.current(r.Context())
	if err != nil {
		s.unavailable(w, lang, err)
		return
	}
	if !hasContest(sn) {
		build = s.missing
	}
	p, err := build(sn, lang, s.now())
	if err != nil {
		s.unavailable(w, lang, err)
		return
	}
	write(w, sn, p)
}

// receiptList is GET /receipts/<file>: all.csv and all.json (the bytes of
// `prixbot export receipts`), or <project>.csv; only after the
// announcement.
func (s *Server) receiptList(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	exists := func(sn *snapshot) bool { return sn.receiptFiles[file] != nil }
	s.serve(w, r, exists, func(sn *snapshot, _ string, _ time.Time) (*page, error) {
		body := sn.receiptFiles[file]
		ctype := "text/csv; charset=utf-8"
		if strings.HasSuffix(file, ".json") {
			ctype = "application/json"
		}
		return newPage(http.StatusOK, ctype, body, sn.ed.Contest.Slug+"-receipts-"+file), nil
	})
}
