package web

import (
	"bytes"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"prixbot/bot"
	"prixbot/bot/chart"
	"prixbot/bot/report"
	"prixbot/contest"
	"prixbot/store"
)

// maxSignals is how many fraud signals the overview lists, the first that
// the store reports (by kind, then size); the command "suspicious" lists
// them all.
const maxSignals = 12

// overviewRefresh is how often the overview reloads itself: a Refresh
// header, which browsers follow without JavaScript. The organiser can pause
// it (?refresh=off), as WCAG 2.2.1 asks of a page that reloads itself.
const overviewRefresh = 30

// figure is one number of the overview.
type figure struct{ Label, Value string }

// gridCell is one juror's state for one project.
type gridCell struct {
	Class, Symbol, Label string
}

// gridRow is one juror's line of the jury grid.
type gridRow struct {
	Name     string
	Enrolled bool
	Done     string // "3 / 20"
	Cells    []gridCell
}

// signalView is a fraud signal with the command that voids its votes.
type signalView struct {
	Text    string
	Command string
	Button  string
}

// auditTable is audit rows as the dashboard's pages show them.
type auditTable struct {
	Lang string
	Rows []auditRow
}

// auditRow is an audit row as the dashboard lists it.
type auditRow struct {
	ID                        int64
	At, Actor, Action, Target string
	Before, After             string
}

type overviewBody struct {
	Paused      bool // the automatic reload is stopped
	CSRF        string
	Who         string
	Status      string
	Figures     []figure
	Chart       string
	ChartAlt    string
	Platforms   []string
	Bins        []binRow
	Tally       []store.TallyRow
	Projects    []gridProject
	Grid        []gridRow
	Legend      []gridCell
	Left        int // jurors with sheets left, for the reminder button
	RemindLabel string
	Signals     []signalView
	MoreSignals string
	Audit       auditTable
	Exports     []exportLink
}

type gridProject struct{ ID, Name string }

type binRow struct {
	At     string
	Counts []int
}

type exportLink struct{ Kind, CSV, JSON string }

// timelineUnit is the period votes are counted by: hours when the public
// vote lasts three days or less, days otherwise.
func timelineUnit(c *contest.Contest) string {
	if p, ok := c.Calendar.Phase(contest.PhasePublicVote); ok && p.End.Sub(p.Start) <= 72*time.Hour {
		return "hour"
	}
	return "day"
}

// binLabel writes a period's start as the table and chart show it
// (ISO 8601, the same in every language).
func binLabel(unit string, at time.Time) string {
	if unit == "hour" {
		return at.Format("2006-01-02 15:00")
	}
	return at.Format("2006-01-02")
}

// cellStyles are the jury grid's cells by sheet status: a class for colour,
// a symbol, and the word said to screen readers and in the legend.
var cellStyles = []struct{ status, class, symbol, key string }{
	{store.SheetScored, "scored", "✓", "web.admin.grid.scored"},
	{store.SheetDraft, "draft", "✎", "web.admin.grid.draft"},
	{store.SheetToDo, "todo", "·", "web.admin.grid.todo"},
	{store.SheetConflict, "conflict", "⊘", "web.admin.grid.conflict"},
}

func cellOf(lang, status string) gridCell {
	for _, c := range cellStyles {
		if c.status == status {
			return gridCell{Class: c.class, Symbol: c.symbol, Label: t(lang, c.key)}
		}
	}
	return gridCell{Symbol: "?", Label: status}
}

// overview is GET /admin: the contest at a glance, reloaded every
// overviewRefresh seconds.
func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	s.guarded(w, r, func(o *organiser, lang string) {
		s.withContest(r.Context(), w, lang, func(sn *snapshot) {
			body, err := s.overviewBody(r, sn, o, lang)
			if err != nil {
				s.unavailable(w, lang, err)
				return
			}
			refresh := overviewRefresh
			if r.URL.Query().Get("refresh") == "off" {
				refresh, body.Paused = 0, true
			}
			s.adminPageRefresh(w, r, lang, "admin", t(lang, "web.admin.title"), http.StatusOK, body, refresh)
		})
	})
}

func (s *Server) overviewBody(r *http.Request, sn *snapshot, o *organiser, lang string) (*overviewBody, error) {
	ctx := r.Context()
	c := sn.ed.Contest
	now := s.now()
	unit := timelineUnit(c)
	ov, err := s.cfg.Store.Overview(ctx, sn.ed.ID, s.cfg.Fraud, c.Location.String(), unit)
	if err != nil {
		return nil, err
	}
	out, err := s.cfg.Store.OutboxHealth(ctx, now)
	if err != nil {
		return nil, err
	}
	audit, _, err := s.cfg.Store.AuditPage(ctx, sn.ed.ID, store.AuditFilter{Limit: 10})
	if err != nil {
		return nil, err
	}
	b := &overviewBody{CSRF: o.csrf, Who: "web:" + o.userID()}
	b.Status, _ = phaseStatus(sn, lang, now)
	num := func(n int) string { return bot.FormatNumber(lang, n) }
	b.Figures = []figure{
		{t(lang, "web.admin.voters"), num(ov.Status.Voters)},
		{t(lang, "web.admin.votes"), num(ov.Status.Votes)},
		{t(lang, "web.admin.voided"), num(ov.Status.Voided)},
		{t(lang, "web.admin.subscribers"), num(ov.Status.Subscribers)},
		{t(lang, "web.admin.outbox"), num(out.Depth)},
		{t(lang, "web.admin.oldest"), bot.FormatDuration(lang, out.OldestDue)},
		{t(lang, "web.admin.dead"), num(out.Dead)},
	}
	// Votes over time: the chart, and the same figures as a table.
	platforms, bins := timelineTable(ov.Timeline)
	if len(platforms) > 0 {
		b.Chart = "/admin/votes.png?lang=" + lang
		b.Platforms = platformNames(platforms)
		b.ChartAlt = t(lang, "web.admin.chart.alt", strings.Join(b.Platforms, ", "))
		for _, at := range bins.order {
			b.Bins = append(b.Bins, binRow{At: binLabel(unit, at), Counts: bins.counts[at]})
		}
	}
	b.Tally = ov.Tally
	names := map[string]string{}
	for _, p := range sn.projects {
		names[p.ID] = p.Name
	}
	for _, id := range ov.Jury.Projects {
		b.Projects = append(b.Projects, gridProject{ID: id, Name: names[id]})
	}
	for _, j := range ov.Jury.Jurors {
		row := gridRow{Name: j.Name, Enrolled: j.Enrolled}
		done, total := 0, 0
		for _, st := range j.States {
			row.Cells = append(row.Cells, cellOf(lang, st))
			if st != store.SheetConflict {
				total++
			}
			if st == store.SheetScored {
				done++
			}
		}
		if done < total {
			b.Left++
		}
		row.Done = strconv.Itoa(done) + " / " + strconv.Itoa(total)
		b.Grid = append(b.Grid, row)
	}
	b.RemindLabel = countText(lang, "web.admin.remind", b.Left)
	for _, c := range cellStyles {
		b.Legend = append(b.Legend, cellOf(lang, c.status))
	}
	signals := ov.Signals
	if len(signals) > maxSignals {
		b.MoreSignals = t(lang, "web.admin.signals.more", len(signals)-maxSignals)
		signals = signals[:maxSignals]
	}
	for _, sg := range signals {
		where := sg.Project
		if !sg.From.IsZero() {
			where += " " + localTime(sn, lang, sg.From)
		}
		v := signalView{Text: bot.T(lang, "admin.signal_"+sg.Kind, sg.Count, strings.TrimSpace(where), len(sg.VoteIDs))}
		if len(sg.VoteIDs) > 0 {
			ids := make([]string, len(sg.VoteIDs))
			for i, id := range sg.VoteIDs {
				ids[i] = strconv.FormatInt(id, 10)
			}
			v.Command = "void " + strings.Join(ids, ",") + " " + sg.Kind
			v.Button = countText(lang, "web.admin.void", len(sg.VoteIDs))
		}
		b.Signals = append(b.Signals, v)
	}
	b.Audit = auditTable{Lang: lang, Rows: auditRows(sn, lang, audit)}
	for _, k := range report.Kinds {
		if k == "receipts" && sn.ed.AnnouncedAt == nil {
			continue
		}
		b.Exports = append(b.Exports, exportLink{Kind: k, CSV: "/admin/export/" + k + ".csv", JSON: "/admin/export/" + k + ".json"})
	}
	return b, nil
}

// platformNames are the display names of platforms.
func platformNames(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = bot.Platform(p).Name
	}
	return out
}

// timeBins are the counts of a timeline by period, one per platform.
type timeBins struct {
	order  []time.Time
	counts map[time.Time][]int
}

// timelineTable arranges a timeline by platform (sorted) and period.
func timelineTable(tl []store.VoteBin) ([]string, timeBins) {
	var platforms []string
	index := map[string]int{}
	for _, v := range tl {
		if _, ok := index[v.Platform]; !ok {
			index[v.Platform] = -1
			platforms = append(platforms, v.Platform)
		}
	}
	slices.Sort(platforms)
	for i, p := range platforms {
		index[p] = i
	}
	bins := timeBins{counts: map[time.Time][]int{}}
	for _, v := range tl {
		at := v.At.UTC()
		if _, ok := bins.counts[at]; !ok {
			bins.order = append(bins.order, at)
			bins.counts[at] = make([]int, len(platforms))
		}
		bins.counts[at][index[v.Platform]] += v.Votes
	}
	return platforms, bins
}

func auditRows(sn *snapshot, lang string, rows []store.AuditEntry) []auditRow {
	out := make([]auditRow, len(rows))
	for i, a := range rows {
		out[i] = auditRow{ID: a.ID, At: localTime(sn, lang, a.At), Actor: a.ActorPlatform + ":" + a.ActorID, Action: a.Action,
			Target: a.Target, Before: jsonText(a.Before), After: jsonText(a.After)}
	}
	return out
}

func jsonText(b []byte) string {
	if s := string(b); s != "null" {
		return s
	}
	return ""
}

// timelineChart is GET /admin/votes.png: the counted votes over time by
// platform.
func (s *Server) timelineChart(w http.ResponseWriter, r *http.Request) {
	s.guarded(w, r, func(o *organiser, lang string) {
		s.withContest(r.Context(), w, lang, func(sn *snapshot) {
			c := sn.ed.Contest
			tl, err := s.cfg.Store.VoteTimeline(r.Context(), sn.ed.ID, c.Location.String(), timelineUnit(c))
			if err != nil {
				s.unavailable(w, lang, err)
				return
			}
			platforms, bins := timelineTable(tl)
			series := map[string][]chart.Point{}
			for i, p := range platforms {
				for _, at := range bins.order {
					series[bot.Platform(p).Name] = append(series[bot.Platform(p).Name], chart.Point{At: at, Count: bins.counts[at][i]})
				}
			}
			if len(series) == 0 {
				http.NotFound(w, r)
				return
			}
			png, err := chart.Timeline(series, chart.TimelineLabels{Title: t(lang, "web.admin.chart.title"), Votes: t(lang, "web.admin.votes")})
			if err != nil {
				s.unavailable(w, lang, err)
				return
			}
			w.Header().Set("Content-Type", "image/png")
			w.Header().Set("Cache-Control", "no-store")
			w.Write(png)
		})
	})
}

// auditPage is GET /admin/audit: the audit log by pages of 50, newest
// first, filtered by action and actor.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	s.guarded(w, r, func(o *organiser, lang string) {
		s.withContest(r.Context(), w, lang, func(sn *snapshot) {
			q := r.URL.Query()
			f := store.AuditFilter{Action: trimTo(q.Get("action"), 100), Actor: trimTo(q.Get("actor"), 100)}
			f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
			rows, more, err := s.cfg.Store.AuditPage(r.Context(), sn.ed.ID, f)
			if err != nil {
				s.unavailable(w, lang, err)
				return
			}
			body := struct {
				Action, Actor string
				Table         auditTable
				Next          string
			}{Action: f.Action, Actor: f.Actor, Table: auditTable{Lang: lang, Rows: auditRows(sn, lang, rows)}}
			if more {
				next := q
				next.Set("before", strconv.FormatInt(rows[len(rows)-1].ID, 10))
				next.Del("lang")
				body.Next = "/admin/audit?" + next.Encode()
			}
			s.adminPage(w, r, lang, "admin_audit", t(lang, "web.admin.audit.title"), http.StatusOK, body)
		})
	})
}

func trimTo(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return ""
	}
	return s
}

// export is GET /admin/export/<kind>.<csv|json>: the same bytes as
// `prixbot export <kind> --format <csv|json>`.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	s.guarded(w, r, func(o *organiser, lang string) {
		file := r.PathValue("file")
		format := strings.TrimPrefix(path.Ext(file), ".")
		kind := strings.TrimSuffix(file, "."+format)
		if !report.IsKind(kind) || (format != "csv" && format != "json") {
			http.NotFound(w, r)
			return
		}
		s.withContest(r.Context(), w, lang, func(sn *snapshot) {
			var buf bytes.Buffer
			err := report.Export(r.Context(), s.cfg.Store, kind, format, &buf)
			if contest.ErrorCode(err) == contest.Closed {
				http.Error(w, err.Error(), http.StatusConflict)
				return
			}
			if err != nil {
				s.unavailable(w, lang, err)
				return
			}
			ctype := "text/csv; charset=utf-8"
			if format == "json" {
				ctype = "application/json"
			}
			h := w.Header()
			h.Set("Content-Type", ctype)
			h.Set("Cache-Control", "no-store")
			h.Set("Content-Disposition", "attachment; filename="+sn.ed.Contest.Slug+"-"+kind+"."+format)
			w.Write(buf.Bytes())
		})
	})
}
