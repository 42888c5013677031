package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"prixbot/contest"
	"prixbot/internal/runes"
	"prixbot/store"
)

// InviteTTL is how long a juror's invite code stays valid.
const InviteTTL = 7 * 24 * time.Hour

// Jury buttons. Their data is "j:<verb>[:<args>]" with 0-based indexes into
// the shortlist (in its order) and the grid, and a level on the grid's scale:
//
//	j:l                list and progress
//	j:next             the next project still to score (also sent by reminders)
//	j:o:<p>            open the sheet of project p
//	j:s:<p>:<c>:<lv>   score criterion c of project p at level lv
//	j:i:<p>:<c>        show criterion c's full label
//	j:u:<p>            submit the sheet of project p
//	j:c:<p>, j:cy:<p>  ask to declare a conflict of interest, then confirm it
//
// All of it is checked when it comes back: anything else, or an index out of
// range, is refused and changes nothing.
const (
	juryList        = "j:l"
	juryNext        = "j:next"
	juryOpen        = "j:o:"
	juryScore       = "j:s:"
	juryInfo        = "j:i:"
	jurySubmit      = "j:u:"
	juryConflict    = "j:c:"
	juryConflictYes = "j:cy:"
)

// registerJury registers the juror's conversation.
func (b *Bot) registerJury() {
	b.command("jury", b.jury)
	b.callback("j", b.juryButton)
}

// jurySession is a juror's request: who they are and what the jury phase allows.
type jurySession struct {
	*Request
	juror store.Juror
	grid  contest.Grid
	// open: scores may be given and changed; declarable: conflicts may still
	// be declared (until the jury phase ends).
	open, declarable bool
	shortlist        int // how many projects the shortlist has
}

// juror returns the sender's jury session, or ok false when they are no juror.
func (b *Bot) juror(ctx context.Context, r *Request) (*jurySession, bool, error) {
	j, err := r.Tx.JurorByPlatform(ctx, r.Edition.ID, r.Platform, r.UserID)
	if contest.ErrorCode(err) == contest.NotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if j.EnrolledAt == nil {
		if err := r.Tx.MarkEnrolled(ctx, j.ID, r.Now); err != nil {
			return nil, false, err
		}
	}
	return newJurySession(r, j), true, nil
}

// jurorSheets loads the sender's jury session and sheets for a juror's
// button or form. For anyone else it answers as notJury does and returns a
// nil session.
func (b *Bot) jurorSheets(ctx context.Context, r *Request) (*jurySession, []store.Sheet, error) {
	s, ok, err := b.juror(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, b.notJury(ctx, r)
	}
	sheets, err := r.Tx.JurorSheets(ctx, s.juror)
	if err != nil {
		return nil, nil, err
	}
	s.shortlist = len(sheets)
	return s, sheets, nil
}

func newJurySession(r *Request, j store.Juror) *jurySession {
	c := r.Edition.Contest
	s := &jurySession{Request: r, juror: j, grid: c.Grid, open: c.Calendar.IsOpen(contest.PhaseJuryVote, r.Now)}
	if p, ok := c.Calendar.Phase(contest.PhaseJuryVote); ok {
		s.declarable = r.Now.Before(p.End)
	}
	return s
}

// notJury answers a non-juror exactly as an unknown command or button:
// jury features are invisible to everyone else.
func (b *Bot) notJury(ctx context.Context, r *Request) error {
	if r.Callback != nil {
		r.Answer(T(r.Lang, "error.unknown_button"))
		return nil
	}
	if b.text != nil {
		return b.text(ctx, r)
	}
	return b.help(ctx, r)
}

// MiniAppPath is where the web pages serve the jury sheet as a Telegram
// Mini App, under PublicURL.
const MiniAppPath = "/jury/app"

// jury handles "/jury" (a juror's list) and "/jury <code>" (enrolment).
func (b *Bot) jury(ctx context.Context, r *Request) error {
	_, code := splitCommand(r.Text)
	if code != "" {
		return b.enrol(ctx, r, code)
	}
	s, ok, err := b.juror(ctx, r)
	if err != nil || !ok {
		if err != nil {
			return err
		}
		return b.notJury(ctx, r)
	}
	msg, err := s.list(ctx, "")
	if err != nil {
		return err
	}
	r.Reply(b.withMiniApp(r, msg))
	return nil
}

// withMiniApp puts the button that opens the scoring sheet as a Mini App
// above m's buttons, where the platform opens them (Telegram) and PublicURL
// is https (Telegram opens Mini Apps over https only); elsewhere m is
// unchanged.
func (b *Bot) withMiniApp(r *Request, m Message) Message {
	if !Platform(r.Platform).MiniApps || !strings.HasPrefix(b.cfg.PublicURL, "https://") {
		return m
	}
	open := Button{Text: T(r.Lang, "jury.miniapp_button"), URL: strings.TrimSuffix(b.cfg.PublicURL, "/") + MiniAppPath, WebApp: true}
	m.Buttons = append([][]Button{{open}}, m.Buttons...)
	return m
}

// enrol redeems an invite code, unless the sender guessed wrong too often.
func (b *Bot) enrol(ctx context.Context, r *Request, code string) error {
	if wait, err := guessWait(ctx, r); err != nil || wait > 0 {
		if err == nil {
			r.Reply(Message{Text: T(r.Lang, "error.code_wait", wait)})
		}
		return err
	}
	j, err := r.Tx.RedeemInvite(ctx, r.Edition.ID, code, r.Platform, r.UserID, r.Now)
	var key string
	switch {
	case errors.Is(err, store.ErrInviteUsed):
		key = "jury.code_used"
	case errors.Is(err, store.ErrInviteExpired):
		key = "jury.code_expired"
	case errors.Is(err, store.ErrAlreadyJuror):
		key = "jury.code_other_juror"
	case contest.ErrorCode(err) == contest.NotFound, contest.ErrorCode(err) == contest.Invalid:
		key = "jury.code_unknown"
		if err := wrongGuess(ctx, r); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if key != "" {
		r.Reply(Message{Text: T(r.Lang, key)})
		return nil
	}
	s := newJurySession(r, j)
	msg, err := s.list(ctx, T(r.Lang, "jury.welcome", j.Name)+"\n\n")
	if err != nil {
		return err
	}
	r.Reply(b.withMiniApp(r, msg))
	return nil
}

// juryButton handles every "j:" button.
func (b *Bot) juryButton(ctx context.Context, r *Request) error {
	s, sheets, err := b.jurorSheets(ctx, r)
	if s == nil {
		return err
	}
	data := r.Callback.Data
	verb, args := juryVerb(data)
	n, nc := len(sheets), len(s.grid.Criteria)
	switch verb {
	case juryList:
		if len(args) == 0 {
			return s.edit(s.listFrom(sheets, ""))
		}
	case juryNext:
		if len(args) == 0 {
			return s.next(sheets)
		}
	case juryOpen, jurySubmit, juryConflict, juryConflictYes:
		if p, ok := index(args, 0, 1, n); ok {
			return s.onProject(ctx, verb, sheets, p)
		}
	case juryInfo:
		_, okp := index(args, 0, 2, n)
		c, okc := index(args, 1, 2, nc)
		if okp && okc {
			r.Answer(fmt.Sprintf("%d. %s", c+1, s.grid.Criteria[c].LabelIn(r.Lang)))
			return nil
		}
	case juryScore:
		p, okp := index(args, 0, 3, n)
		c, okc := index(args, 1, 3, nc)
		lv, okl := level(args, 2, s.grid.Scale)
		if okp && okc && okl {
			return s.score(ctx, sheets[p], c, lv)
		}
	}
	r.Answer(T(r.Lang, "jury.bad_button"))
	return nil
}

// juryVerb splits button data into its verb prefix (as the constants above
// spell it) and its arguments.
func juryVerb(data string) (verb string, args []string) {
	if data == juryList || data == juryNext {
		return data, nil
	}
	parts := strings.Split(data, ":")
	if len(parts) < 3 || parts[0] != "j" {
		return "", nil
	}
	return "j:" + parts[1] + ":", parts[2:]
}

// index parses args[i] as an index below n, when args has exactly want
// elements. Only the canonical decimal form is accepted ("7", not "07" or "+7").
func index(args []string, i, want, n int) (int, bool) {
	if len(args) != want {
		return 0, false
	}
	v, err := strconv.Atoi(args[i])
	if err != nil || strconv.Itoa(v) != args[i] || v < 0 || v >= n {
		return 0, false
	}
	return v, true
}

// level parses args[i] as a level on the scale, in canonical decimal form.
func level(args []string, i int, sc contest.Scale) (int, bool) {
	if i >= len(args) {
		return 0, false
	}
	v, err := strconv.Atoi(args[i])
	if err != nil || strconv.Itoa(v) != args[i] || v < sc.Min || v > sc.Max {
		return 0, false
	}
	return v, true
}

// actor is the juror as the audit log names them.
func (s *jurySession) actor() store.Actor { return store.Actor{Platform: s.Platform, ID: s.UserID} }

// edit shows m in place of the message whose button was pressed.
func (s *jurySession) edit(m Message) error {
	if s.Callback != nil {
		m.EditMessageID = s.Callback.MessageID
	}
	s.Reply(m)
	return nil
}

// next opens the first sheet still to score, or the list when none is left.
func (s *jurySession) next(sheets []store.Sheet) error {
	if p, ok := nextToScore(sheets, 0); ok {
		return s.edit(s.sheet(sheets[p]))
	}
	s.Answer(T(s.Lang, "jury.all_done"))
	return s.edit(s.listFrom(sheets, ""))
}

// onProject handles the buttons about the sheet of project p.
func (s *jurySession) onProject(ctx context.Context, verb string, sheets []store.Sheet, p int) error {
	sh := sheets[p]
	switch verb {
	case juryOpen:
		return s.edit(s.sheet(sh))
	case jurySubmit:
		if !s.open {
			s.Answer(T(s.Lang, "jury.closed"))
			return s.edit(s.sheet(sh))
		}
		if !s.complete(sh) {
			s.Answer(T(s.Lang, "jury.incomplete"))
			return s.edit(s.sheet(sh))
		}
		if err := s.Tx.SubmitSheet(ctx, s.juror, sh.Project.ID, s.grid, s.actor(), s.Now); err != nil {
			return s.refuse(err, sh)
		}
		now := s.Now
		sheets[p].SubmittedAt = &now
		s.Answer(T(s.Lang, "jury.submitted", sh.Total(), s.maxTotal()))
		return s.edit(s.afterSubmit(sheets, p))
	case juryConflict:
		if sh.Conflict {
			return s.edit(s.sheet(sh))
		}
		if !s.declarable {
			s.Answer(T(s.Lang, "jury.closed"))
			return s.edit(s.sheet(sh))
		}
		return s.edit(Message{
			Text: T(s.Lang, "jury.conflict_ask", sh.Project.Name),
			Buttons: [][]Button{
				{{Text: T(s.Lang, "jury.conflict_yes"), Data: fmt.Sprintf("%s%d", juryConflictYes, sh.Index)}},
				{{Text: T(s.Lang, "jury.cancel"), Data: fmt.Sprintf("%s%d", juryOpen, sh.Index)}},
			},
		})
	case juryConflictYes:
		if !s.declarable {
			s.Answer(T(s.Lang, "jury.closed"))
			return s.edit(s.sheet(sh))
		}
		if _, err := s.Tx.SetConflict(ctx, s.juror, sh.Project.ID, true, s.actor(), s.Now); err != nil {
			return err
		}
		sh.Conflict = true
		s.Answer(T(s.Lang, "jury.conflict_done"))
		return s.edit(s.sheet(sh))
	}
	return nil
}

// afterSubmit is what replaces the sheet of project p once it is submitted:
// the total, and the next project still to score (after p in the list,
// then from its start) to open at once, or thanks when none is left.
func (s *jurySession) afterSubmit(sheets []store.Sheet, p int) Message {
	done := sheets[p]
	text := T(s.Lang, "jury.submitted", done.Total(), s.maxTotal()) + "\n" + T(s.Lang, "jury.submitted_note") + "\n\n"
	list := []Button{{Text: T(s.Lang, "jury.list_button"), Data: juryList}}
	reopen := []Button{{Text: fmt.Sprintf("%s %d. %s", statusMark[store.SheetScored], p+1, runes.Truncate(done.Project.Name, 40)), Data: fmt.Sprintf("%s%d", juryOpen, p)}}
	if n, ok := nextToScore(sheets, p+1); ok {
		next := sheets[n]
		return Message{
			Text: text + T(s.Lang, "jury.next_is", next.Index+1, next.Project.Name),
			Buttons: [][]Button{
				{{Text: fmt.Sprintf("%s %d. %s", statusMark[next.Status()], next.Index+1, runes.Truncate(next.Project.Name, 40)), Data: fmt.Sprintf("%s%d", juryOpen, next.Index)}},
				reopen, list,
			},
		}
	}
	return Message{Text: text + T(s.Lang, "jury.all_done"), Buttons: [][]Button{reopen, list}}
}

// score records one level tapped on a sheet and redraws it.
func (s *jurySession) score(ctx context.Context, sh store.Sheet, c, lv int) error {
	crit := s.grid.Criteria[c]
	switch {
	case sh.Conflict:
		s.Answer(T(s.Lang, "jury.conflict_refused"))
		return s.edit(s.sheet(sh))
	case !s.open:
		s.Answer(T(s.Lang, "jury.closed"))
		return s.edit(s.sheet(sh))
	}
	changed, err := s.Tx.SetScore(ctx, s.juror, sh.Project.ID, s.grid, crit.ID, lv, s.actor(), s.Now)
	if err != nil {
		return s.refuse(err, sh)
	}
	answer := fmt.Sprintf("%d. %s: %s", c+1, crit.LabelIn(s.Lang), s.grid.LevelLabel(s.Lang, lv))
	if changed && sh.SubmittedAt != nil {
		answer = T(s.Lang, "jury.reopened")
		sh.SubmittedAt = nil
	}
	sh.Scores[crit.ID] = lv
	s.Answer(answer)
	return s.edit(s.sheet(sh))
}

// refuse answers a refused change with the reason and redraws the sheet.
func (s *jurySession) refuse(err error, sh store.Sheet) error {
	switch {
	case errors.Is(err, store.ErrConflictDeclared):
		s.Answer(T(s.Lang, "jury.conflict_refused"))
	case contest.ErrorCode(err) == contest.Invalid:
		s.Answer(T(s.Lang, "jury.incomplete"))
	default:
		return err
	}
	return s.edit(s.sheet(sh))
}

// maxTotal is the highest total a sheet can reach.
func (s *jurySession) maxTotal() int { return len(s.grid.Criteria) * s.grid.Scale.Max }

// complete reports whether every criterion of the grid has a score.
func (s *jurySession) complete(sh store.Sheet) bool {
	for _, c := range s.grid.Criteria {
		if _, ok := sh.Scores[c.ID]; !ok {
			return false
		}
	}
	return true
}

// list returns the juror's list of projects with their progress.
func (s *jurySession) list(ctx context.Context, intro string) (Message, error) {
	sheets, err := s.Tx.JurorSheets(ctx, s.juror)
	if err != nil {
		return Message{}, err
	}
	return s.listFrom(sheets, intro), nil
}

// statusMark is the sign of a sheet status in lists and buttons.
var statusMark = map[string]string{
	store.SheetScored:   "✅",
	store.SheetDraft:    "📝",
	store.SheetToDo:     "⬜",
	store.SheetConflict: "🚫",
}

func (s *jurySession) listFrom(sheets []store.Sheet, intro string) Message {
	count := map[string]int{}
	for _, sh := range sheets {
		count[sh.Status()]++
	}
	var b strings.Builder
	b.WriteString(intro)
	b.WriteString(T(s.Lang, "jury.list_title", s.juror.Name))
	b.WriteString("\n")
	b.WriteString(T(s.Lang, "jury.progress", count[store.SheetScored], len(sheets)-count[store.SheetConflict],
		count[store.SheetDraft], count[store.SheetToDo], count[store.SheetConflict]))
	b.WriteString("\n")
	b.WriteString(s.phaseLine())
	b.WriteString("\n\n")
	m := Message{}
	if count[store.SheetDraft]+count[store.SheetToDo] > 0 {
		m.Buttons = append(m.Buttons, []Button{{Text: T(s.Lang, "jury.next_button"), Data: juryNext}})
	}
	for _, sh := range sheets {
		st := sh.Status()
		detail := ""
		switch st {
		case store.SheetScored:
			detail = fmt.Sprintf(" — %d/%d", sh.Total(), s.maxTotal())
		case store.SheetDraft:
			detail = " — " + T(s.Lang, "jury.draft_detail", len(sh.Scores), len(s.grid.Criteria))
		case store.SheetConflict:
			detail = " — " + T(s.Lang, "jury.conflict_detail")
		}
		fmt.Fprintf(&b, "%s %d. %s%s\n", statusMark[st], sh.Index+1, sh.Project.Name, detail)
		m.Buttons = append(m.Buttons, []Button{{Text: fmt.Sprintf("%s %d. %s", statusMark[st], sh.Index+1, runes.Truncate(sh.Project.Name, 40)),
			Data: fmt.Sprintf("%s%d", juryOpen, sh.Index)}})
	}
	if len(sheets) == 0 {
		b.WriteString(T(s.Lang, "jury.no_shortlist"))
	}
	m.Text = b.String()
	return m
}

// phaseLine says what the jury phase allows now.
func (s *jurySession) phaseLine() string {
	p, ok := s.Edition.Contest.Calendar.Phase(contest.PhaseJuryVote)
	switch {
	case !ok:
		return T(s.Lang, "jury.read_only")
	case s.Now.Before(p.Start):
		return T(s.Lang, "jury.opens", s.when(p.Start))
	case s.open:
		return T(s.Lang, "jury.open_until", s.when(p.End.Add(-time.Minute)))
	}
	return T(s.Lang, "jury.read_only")
}

// when renders an instant in the contest's time zone.
func (s *jurySession) when(t time.Time) string {
	return FormatTime(s.Lang, t.In(s.Edition.Contest.Location))
}

// sheet renders one project's scoring message: the criteria by group with
// the current choices, the running total, and the buttons the juror may use.
func (s *jurySession) sheet(sh store.Sheet) Message {
	lang := s.Lang
	editable := s.open && !sh.Conflict
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d/%d · %s\n", statusMark[sh.Status()], sh.Index+1, s.shortlist, sh.Project.Name)
	if sh.Project.Organisation != "" {
		b.WriteString(sh.Project.Organisation + " · ")
	}
	b.WriteString(sh.Project.Sector + "\n")
	if sh.Project.Summary != "" {
		b.WriteString(runes.Truncate(sh.Project.Summary, 300) + "\n")
	}
	if sh.Project.URL != "" {
		b.WriteString(sh.Project.URL + "\n")
	}
	m := Message{}
	group := ""
	for c, crit := range s.grid.Criteria {
		if crit.Group != group {
			group = crit.Group
			fmt.Fprintf(&b, "\n%s\n", strings.ToUpper(contest.GroupLabel(lang, group)))
		}
		v, scored := sh.Scores[crit.ID]
		choice := "—"
		if scored {
			choice = fmt.Sprintf("%s (%d)", s.grid.LevelLabel(lang, v), v)
		}
		fmt.Fprintf(&b, "%d. %s: %s\n", c+1, crit.LabelIn(lang), choice)
		if !editable {
			continue
		}
		m.Buttons = append(m.Buttons, []Button{{Text: fmt.Sprintf("%d. %s", c+1, runes.Truncate(crit.LabelIn(lang), 40)),
			Data: fmt.Sprintf("%s%d:%d", juryInfo, sh.Index, c)}})
		var row []Button
		for lv := s.grid.Scale.Min; lv <= s.grid.Scale.Max; lv++ {
			label := s.grid.LevelLabel(lang, lv)
			if scored && v == lv {
				label = "✅ " + label
			}
			row = append(row, Button{Text: label, Data: ScoreData(sh.Index, c, lv)})
		}
		m.Buttons = append(m.Buttons, row)
	}
	fmt.Fprintf(&b, "\n%s\n%s", s.total(sh), s.note(sh))
	if editable && sh.SubmittedAt == nil && s.complete(sh) {
		m.Buttons = append(m.Buttons, []Button{{Text: T(lang, "jury.submit_button", sh.Total(), s.maxTotal()), Data: fmt.Sprintf("%s%d", jurySubmit, sh.Index)}})
	}
	if s.declarable && !sh.Conflict {
		m.Buttons = append(m.Buttons, []Button{{Text: T(lang, "jury.conflict_button"), Data: fmt.Sprintf("%s%d", juryConflict, sh.Index)}})
	}
	m.Buttons = append(m.Buttons, []Button{{Text: T(lang, "jury.list_button"), Data: juryList}, {Text: T(lang, "jury.next_button"), Data: juryNext}})
	m.Text = b.String()
	return m
}

// ScoreData is the data of the sheet's button that scores criterion c (its
// 0-based index in the grid) of project p (its 0-based index in the
// shortlist) at level lv. An adapter whose own controls stand for these
// buttons (the Telegram Mini App's taps) sends it as a button press.
func ScoreData(p, c, lv int) string { return fmt.Sprintf("%s%d:%d:%d", juryScore, p, c, lv) }

// total is the running total of a sheet.
func (s *jurySession) total(sh store.Sheet) string {
	return T(s.Lang, "jury.total", sh.Total(), s.maxTotal(), len(sh.Scores), len(s.grid.Criteria))
}

// note says where a sheet stands and what the juror may do with it.
func (s *jurySession) note(sh store.Sheet) string {
	switch {
	case sh.Conflict:
		return T(s.Lang, "jury.conflict_note")
	case !s.open:
		return s.phaseLine()
	case sh.SubmittedAt != nil:
		return T(s.Lang, "jury.submitted_note")
	case s.complete(sh):
		return T(s.Lang, "jury.ready_note")
	}
	return T(s.Lang, "jury.draft_note")
}

// InviteJuror makes a one-time invite code for the juror called name (created
// when the contest has none of that name) and replies with it, for
// `/admin invite <name>`. The code expires after InviteTTL and works once; a
// new invite for the same juror replaces the previous one. Only organisers
// may invite (else contest.Forbidden); an empty or overlong name is
// contest.Invalid. The invite is audited.
func (b *Bot) InviteJuror(ctx context.Context, r *Request, name string) error {
	if !r.Admin {
		return contest.Errorf(contest.Forbidden, "only organisers invite jurors")
	}
	expires := r.Now.Add(InviteTTL)
	code, j, err := r.Tx.CreateInvite(ctx, r.Edition.ID, name, store.Actor{Platform: r.Platform, ID: r.UserID}, r.Now, expires)
	if err != nil {
		return err
	}
	when := localTime(r, expires)
	r.Reply(Message{Text: T(r.Lang, "jury.invite", j.Name, code, when)})
	return nil
}

// conflictArgs splits the arguments of `/admin conflict <juror name>
// <project> [off]`.
func conflictArgs(args []string) (juror, project string, on bool, err error) {
	on = true
	if n := len(args); n > 0 && strings.EqualFold(args[n-1], "off") {
		on, args = false, args[:n-1]
	}
	if len(args) < 2 {
		return "", "", false, badArgs("admin.args_conflict")
	}
	return strings.Join(args[:len(args)-1], " "), args[len(args)-1], on, nil
}

// checkConflict validates `/admin conflict` before its confirmation.
func checkConflict(args []string) error {
	_, _, _, err := conflictArgs(args)
	return err
}

// adminConflict runs `/admin conflict <juror name> <project> [off]`: an
// organiser declares (or, with "off", withdraws) a juror's conflict of
// interest with a project. An unknown juror or project is contest.NotFound.
// The change is audited with the organiser as its actor.
func (b *Bot) adminConflict(ctx context.Context, r *Request, args []string) error {
	name, project, on, err := conflictArgs(args)
	if err != nil {
		return err
	}
	j, err := r.Tx.JurorByName(ctx, r.Edition.ID, name)
	if err != nil {
		return err
	}
	if _, err := r.Tx.SetConflict(ctx, j, project, on, store.Actor{Platform: r.Platform, ID: r.UserID}, r.Now); err != nil {
		return err
	}
	key := "jury.conflict_set"
	if !on {
		key = "jury.conflict_cleared"
	}
	r.Reply(Message{Text: T(r.Lang, key, j.Name, project)})
	return nil
}
