package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"prixbot/contest"
	"prixbot/internal/runes"
	"prixbot/store"
)

// The voter conversation: welcome, browsing by sector, project cards, the
// verified vote with its confirmation and receipt, and the voter's own data.
//
// Button data, validated when it comes back (ids are checked against the
// current projects, numbers against their range):
//
//	m:            sector menu
//	l:<i>:<page>  projects of sector i (0-based), page (0-based)
//	p:<id>        project card
//	v:<id>        Vote pressed on a card
//	c:<id>        vote confirmed
//	x:            cancel the vote or the erasure
//	sub:          subscribe to news
//	lang:<code>   pick a language
//	f:y           erasure confirmed

// pageSize is how many projects a sector page lists.
const pageSize = 8

// DeepLinkPrefix starts the /start argument that opens a project card:
// t.me/<bot>?start=p-<project id>.
const DeepLinkPrefix = "p-"

func (b *Bot) registerVoter() {
	b.readCommand("start", b.start)
	b.readCommand("projects", b.sectorMenu)
	b.readCommand("myvote", b.myVote)
	b.command("subscribe", b.subscribe)
	b.command("unsubscribe", b.unsubscribe)
	b.command("lang", b.lang)
	b.readCommand("privacy", b.privacy)
	b.command("forget", b.forget)
	b.readCallback("m", b.sectorMenu)
	b.readCallback("l", b.sectorPage)
	b.readCallback("p", b.card)
	b.readCallback("v", b.votePressed)
	b.readCallback("c", b.confirmVote)
	b.callback("x", b.cancel)
	b.callback("sub", b.subscribe)
	b.callback("lang", b.lang)
	b.callback("f", b.forgetConfirmed)
	b.contact = b.contactShared
	b.text = b.fallback
}

// VoterCommands are the voter's commands with their menu description in
// lang, for platforms that show a command menu.
func VoterCommands(lang string) [][2]string {
	var out [][2]string
	for _, c := range []string{"start", "projects", "myvote", "subscribe", "unsubscribe", "lang", "privacy", "forget", "help"} {
		out = append(out, [2]string{c, T(lang, "cmd."+c)})
	}
	return out
}

// callbackArg returns the data after "prefix:".
func callbackArg(r *Request) string {
	_, arg, _ := strings.Cut(r.Callback.Data, ":")
	return arg
}

// rejectButton answers a press whose data does not make sense.
func rejectButton(r *Request) error {
	r.Answer(T(r.Lang, "error.unknown_button"))
	return nil
}

// shortlisted returns the shortlisted project with that id.
func shortlisted(r *Request, id string) (contest.Project, bool) {
	p, ok := r.Project(id)
	return p, ok && p.Shortlisted
}

// editOrSend sends m in place of the message whose button was pressed, when
// there is one.
func editOrSend(r *Request, m Message) {
	if r.Callback != nil && r.Callback.MessageID != "" {
		m.EditMessageID = r.Callback.MessageID
	}
	r.Reply(m)
}

func (b *Bot) start(ctx context.Context, r *Request) error {
	_, arg := splitCommand(r.Text)
	if id, ok := strings.CutPrefix(arg, DeepLinkPrefix); ok {
		return b.showCard(r, id)
	}
	c := r.Edition.Contest
	status := phaseStatus(r)
	if r.Edition.AnnouncedAt != nil {
		status = b.announcedStatus(r)
	}
	r.Reply(Message{
		Text: T(r.Lang, "voter.welcome", c.Name) + "\n\n" + status,
		Buttons: [][]Button{
			{{Text: T(r.Lang, "voter.btn.projects"), Data: "m:"}},
			{{Text: T(r.Lang, "voter.btn.subscribe"), Data: "sub:"}},
		},
	})
	return nil
}

// phaseStatus says whether the public vote is open, will open or has closed.
func phaseStatus(r *Request) string {
	cal := r.Edition.Contest.Calendar
	p, ok := cal.Phase(contest.PhasePublicVote)
	switch {
	case !ok:
		return T(r.Lang, "voter.vote_unscheduled")
	case r.Now.Before(p.Start):
		return T(r.Lang, "voter.vote_opens", formatTime(r, p.Start))
	case r.Now.Before(p.End):
		return T(r.Lang, "voter.vote_open", formatTime(r, p.End.Add(-time.Minute)))
	}
	return T(r.Lang, "voter.vote_closed", formatTime(r, p.End.Add(-time.Minute)))
}

// voteOpen reports whether the public vote is open; when it is not, it tells
// the user when it opens or that it closed, and offers news.
func voteOpen(r *Request) bool {
	if r.Edition.Contest.Calendar.IsOpen(contest.PhasePublicVote, r.Now) {
		return true
	}
	r.Answer(T(r.Lang, "voter.not_open_short"))
	status := phaseStatus(r)
	if r.Contact != nil {
		// A reply keyboard and inline buttons cannot share a message.
		r.Reply(Message{Text: status, RemoveKeyboard: true})
		status = ""
	}
	r.Reply(Message{
		Text:    strings.TrimSpace(status + "\n" + T(r.Lang, "voter.offer_subscribe")),
		Buttons: [][]Button{{{Text: T(r.Lang, "voter.btn.subscribe"), Data: "sub:"}}},
	})
	return false
}

// formatTime writes an instant in the contest's timezone, in r.Lang.
func formatTime(r *Request, t time.Time) string {
	return FormatTime(r.Lang, t.In(r.Edition.Contest.Location))
}

// sectorMenu lists the sectors that have shortlisted projects.
func (b *Bot) sectorMenu(ctx context.Context, r *Request) error {
	c := r.Edition.Contest
	var rows [][]Button
	for i, s := range c.Sectors {
		n := 0
		for _, p := range r.Projects {
			if p.Shortlisted && p.Sector == s {
				n++
			}
		}
		if n > 0 {
			rows = append(rows, []Button{{Text: fmt.Sprintf("%s (%d)", s, n), Data: fmt.Sprintf("l:%d:0", i)}})
		}
	}
	if len(rows) == 0 {
		r.Reply(Message{Text: T(r.Lang, "voter.no_shortlist") + "\n" + T(r.Lang, "voter.offer_subscribe"),
			Buttons: [][]Button{{{Text: T(r.Lang, "voter.btn.subscribe"), Data: "sub:"}}}})
		return nil
	}
	editOrSend(r, Message{Text: T(r.Lang, "voter.choose_sector"), Buttons: rows})
	return nil
}

// sectorPage lists one page of a sector's shortlisted projects.
func (b *Bot) sectorPage(ctx context.Context, r *Request) error {
	si, page, ok := parseSectorPage(callbackArg(r))
	sectors := r.Edition.Contest.Sectors
	if !ok || si >= len(sectors) {
		return rejectButton(r)
	}
	var list []contest.Project
	for _, p := range r.Projects {
		if p.Shortlisted && p.Sector == sectors[si] {
			list = append(list, p)
		}
	}
	pages := (len(list) + pageSize - 1) / pageSize
	if page >= pages {
		return rejectButton(r)
	}
	var rows [][]Button
	for _, p := range list[page*pageSize : min(len(list), (page+1)*pageSize)] {
		rows = append(rows, []Button{{Text: p.Name, Data: "p:" + p.ID}})
	}
	var nav []Button
	if page > 0 {
		nav = append(nav, Button{Text: "« " + T(r.Lang, "voter.btn.previous"), Data: fmt.Sprintf("l:%d:%d", si, page-1)})
	}
	if page+1 < pages {
		nav = append(nav, Button{Text: T(r.Lang, "voter.btn.next") + " »", Data: fmt.Sprintf("l:%d:%d", si, page+1)})
	}
	if nav != nil {
		rows = append(rows, nav)
	}
	rows = append(rows, []Button{{Text: T(r.Lang, "voter.btn.sectors"), Data: "m:"}})
	text := T(r.Lang, "voter.sector_page", sectors[si])
	if pages > 1 {
		text += " " + T(r.Lang, "voter.page", page+1, pages)
	}
	editOrSend(r, Message{Text: text, Buttons: rows})
	return nil
}

// parseSectorPage parses "<sector>:<page>", two small non-negative numbers.
func parseSectorPage(arg string) (sector, page int, ok bool) {
	a, b, found := strings.Cut(arg, ":")
	if !found {
		return 0, 0, false
	}
	sector, err1 := strconv.Atoi(a)
	page, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || sector < 0 || page < 0 || sector > 99 || page > 99 {
		return 0, 0, false
	}
	return sector, page, true
}

func (b *Bot) card(ctx context.Context, r *Request) error {
	if _, ok := shortlisted(r, callbackArg(r)); !ok {
		return rejectButton(r)
	}
	return b.showCard(r, callbackArg(r))
}

// showCard sends a shortlisted project's card: photo when there is one, the
// project's facts, and buttons to vote, open its page and go back.
func (b *Bot) showCard(r *Request, id string) error {
	p, ok := shortlisted(r, id)
	if !ok {
		r.Reply(Message{Text: T(r.Lang, "voter.unknown_project"), Buttons: [][]Button{{{Text: T(r.Lang, "voter.btn.projects"), Data: "m:"}}}})
		return nil
	}
	head := p.Name + "\n" + p.Organisation + " · " + p.Sector
	limit := MaxTextLen
	if p.ImageURL != "" {
		limit = MaxCaptionLen
	}
	text := head + "\n\n" + runes.Truncate(p.Summary, limit-utf8.RuneCountInString(head)-2)
	rows := [][]Button{{{Text: T(r.Lang, "voter.btn.vote"), Data: "v:" + p.ID}}}
	if p.URL != "" {
		rows[0] = append(rows[0], Button{Text: T(r.Lang, "voter.btn.page"), URL: p.URL})
	}
	for i, s := range r.Edition.Contest.Sectors {
		if s == p.Sector {
			rows = append(rows, []Button{{Text: T(r.Lang, "voter.btn.back"), Data: fmt.Sprintf("l:%d:0", i)}})
		}
	}
	r.Reply(Message{Text: text, PhotoURL: p.ImageURL, Buttons: rows})
	return nil
}

// update is what the update's own statement does for ev (store.Update):
// record it and its sender's account, count the deep link it opened, and
// for the voter's buttons, contact and "/link" what would otherwise need a
// transaction of its own. A shared contact that can verify its sender does
// so with the phone's hash (contactPhone); an event that needs a voter
// (needsVoter) from an eligible member of a workspace (Facts.Members)
// verifies them the same way, with their identity's hash
// (SlackIdentityHash), unless it is a press while the public vote is
// closed. A Vote or Confirm press ("v:<id>",
// "c:<id>") for a shortlisted project while the public vote is open names
// its project as the sender's pending one (taken at verification; kept if
// the sender is a voter already), and Confirm casts the vote as the ballot
// rule decides (contest.Ballot). An event that needs a voter from a member
// who may not vote (refusedMember) does nothing but be recorded. The
// handlers then only say what was done.
func (b *Bot) update(ev Event, ed *store.Edition, projects []contest.Project, now time.Time) store.Update {
	u := store.Update{Platform: ev.Platform, ID: ev.UpdateID, UserID: ev.UserID, ChatID: ev.ChatID, Username: ev.Username,
		Name: ev.Name, ContestID: ed.ID, DeepLink: deepLinkOpened(ev, projects), At: now}
	open := ed.Contest.Calendar.IsOpen(contest.PhasePublicVote, now)
	switch {
	case ev.Contact != nil:
		u.Verify = b.contactPhone(ev, ed, now)
	case refusedMember(ev):
		return u
	case Platform(ev.Platform).Members && needsVoter(ev) && (ev.Callback == nil || open):
		u.Verify = &store.Phone{Hash: SlackIdentityHash(b.cfg.Pepper, ev.UserID)}
	}
	if ev.Callback == nil || len(ev.Callback.Data) > MaxCallbackData || !open {
		return u
	}
	prefix, id, _ := strings.Cut(ev.Callback.Data, ":")
	if prefix != "v" && prefix != "c" {
		return u
	}
	for _, p := range projects {
		if p.ID == id && p.Shortlisted {
			u.Pending = id
		}
	}
	if u.Pending != "" && prefix == "c" {
		ballot := ed.Contest.Ballot
		u.Confirm = &ballot
	}
	return u
}

// votePressed starts a vote: it asks for the voter's contact the first time,
// then for confirmation. The pending project it asks the contact for is
// recorded by the update's statement (Bot.update).
func (b *Bot) votePressed(ctx context.Context, r *Request) error {
	p, ok := shortlisted(r, callbackArg(r))
	if !ok {
		return rejectButton(r)
	}
	if !voteOpen(r) {
		return nil
	}
	if r.Ballot.VoterID == 0 {
		askContact(r, "voter.ask_contact")
		return nil
	}
	return b.askConfirmation(r, p)
}

// askContact shows the request-contact keyboard with an explanation.
func askContact(r *Request, key string) {
	r.Answer("")
	r.Reply(Message{Text: T(r.Lang, key), RequestContact: T(r.Lang, "voter.btn.share_contact")})
}

// counted returns the sender's votes that are not voided.
func counted(r *Request) []store.Vote {
	var out []store.Vote
	for _, v := range r.Ballot.Votes {
		if v.VoidedAt == nil {
			out = append(out, v)
		}
	}
	return out
}

// projectName returns a project's name, or its id if it has gone.
func projectName(r *Request, id string) string {
	if p, ok := r.Project(id); ok {
		return p.Name
	}
	return id
}

// decide is what the ballot rule decides for a vote for project on the
// sender's ballot; the decision's Vote indexes r.Ballot.Votes.
func decide(r *Request, project string) contest.Decision {
	votes := make([]contest.BallotVote, len(r.Ballot.Votes))
	for i, v := range r.Ballot.Votes {
		votes[i] = contest.BallotVote{Project: v.ProjectID, Voided: v.VoidedAt != nil}
	}
	return r.Edition.Contest.Ballot.Decide(votes, project)
}

// askConfirmation shows what the vote will do, as the ballot rule decides,
// and asks to confirm it.
func (b *Bot) askConfirmation(r *Request, p contest.Project) error {
	d := decide(r, p.ID)
	var text string
	switch d.Choice {
	case contest.Cast:
		text = T(r.Lang, "voter.confirm", p.Name) + "\n" + T(r.Lang, "voter.final")
		if r.Edition.Contest.Ballot.AllowChange {
			text = T(r.Lang, "voter.confirm", p.Name) + "\n" + T(r.Lang, "voter.changeable", formatTime(r, voteEnd(r)))
		}
	case contest.Change:
		text = T(r.Lang, "voter.confirm_change", projectName(r, r.Ballot.Votes[d.Vote].ProjectID), p.Name) + "\n" +
			T(r.Lang, "voter.changeable", formatTime(r, voteEnd(r)))
	default:
		unchanged(r, p, d)
		return nil
	}
	r.Answer("")
	r.Reply(Message{Text: text, Buttons: [][]Button{{
		{Text: T(r.Lang, "voter.btn.confirm"), Data: "c:" + p.ID},
		{Text: T(r.Lang, "voter.btn.cancel"), Data: "x:"},
	}}})
	return nil
}

// unchanged says why a vote for p leaves the ballot as it is (d is
// AlreadyThis, Voided or Full): the vote for p that stands, the organisers'
// cancellation, or the votes that stand.
func unchanged(r *Request, p contest.Project, d contest.Decision) {
	switch d.Choice {
	case contest.AlreadyThis:
		r.Answer(T(r.Lang, "voter.already_this_short"))
		r.Reply(Message{Text: T(r.Lang, "voter.already_this", p.Name, r.Ballot.Votes[d.Vote].Receipt)})
	case contest.Voided:
		// The voided vote for p, or the voided votes that hold the slots.
		var voided []store.Vote
		for i, v := range r.Ballot.Votes {
			if i == d.Vote || d.Vote < 0 && v.VoidedAt != nil {
				voided = append(voided, v)
			}
		}
		r.Answer(T(r.Lang, "voter.vote_voided_short"))
		r.Reply(Message{Text: T(r.Lang, "voter.vote_voided", projectNames(r, voided))})
	case contest.Full:
		r.Answer(T(r.Lang, "voter.already_voted_short"))
		r.Reply(Message{Text: T(r.Lang, "voter.already_voted", projectNames(r, counted(r)))})
	}
}

// voteEnd is the last minute of the public vote.
func voteEnd(r *Request) time.Time {
	p, _ := r.Edition.Contest.Calendar.Phase(contest.PhasePublicVote)
	return p.End.Add(-time.Minute)
}

// projectNames lists the projects of votes, comma-separated.
func projectNames(r *Request, votes []store.Vote) string {
	var names []string
	for _, v := range votes {
		names = append(names, projectName(r, v.ProjectID))
	}
	return strings.Join(names, ", ")
}

// confirmVote sends the receipt of the vote the update's statement cast or
// moved (Bot.update), or says why it did not.
func (b *Bot) confirmVote(ctx context.Context, r *Request) error {
	p, ok := shortlisted(r, callbackArg(r))
	if !ok {
		return rejectButton(r)
	}
	if !voteOpen(r) {
		return nil
	}
	if r.VoteClosed {
		return b.voteClosedMeanwhile(ctx, r)
	}
	if r.Ballot.VoterID == 0 {
		askContact(r, "voter.ask_contact")
		return nil
	}
	if r.Cast == nil {
		switch d := decide(r, p.ID); {
		case d.Choice != contest.Cast && d.Choice != contest.Change:
			unchanged(r, p, d)
			return nil
		case !r.Shortlisted:
			// The organisers took the project off the shortlist a moment ago.
			return contest.Errorf(contest.NotFound, "project %q is not on the shortlist", p.ID)
		default:
			// A vote of the same voter through another account, at the same
			// moment, took the slot: the database cast nothing.
			return contest.Errorf(contest.Conflict, "this voter's ballot changed meanwhile")
		}
	}
	r.Answer(T(r.Lang, "voter.counted_short"))
	r.Reply(receipt(r, *r.Cast))
	return nil
}

// voteClosedMeanwhile answers a Confirm that the database refused because
// the public vote was closed at its time although the cached calendar said
// it was open (another process closed it a moment ago): the calendar is
// read again, and the voter told that the vote is closed, as voteOpen says.
func (b *Bot) voteClosedMeanwhile(ctx context.Context, r *Request) error {
	b.InvalidateEdition()
	ed, _, err := b.currentEdition(ctx, r.Now)
	if err != nil {
		return err
	}
	r.Edition = ed
	if voteOpen(r) {
		// Opened again since: the voter may press again.
		return contest.Errorf(contest.Closed, "the public vote was closed when this vote was cast")
	}
	return nil
}

// receipt is the message that proves a vote: project, time, receipt code.
func receipt(r *Request, v store.Vote) Message {
	text := T(r.Lang, "voter.receipt", projectName(r, v.ProjectID), formatTime(r, v.CastAt), v.Receipt)
	if r.Edition.Contest.Ballot.AllowChange {
		text += "\n" + T(r.Lang, "voter.changeable", formatTime(r, voteEnd(r)))
	}
	return Message{Text: text}
}

func (b *Bot) cancel(ctx context.Context, r *Request) error {
	if err := r.Tx.SetPendingProject(ctx, r.Account.ID, ""); err != nil {
		return err
	}
	r.Answer(T(r.Lang, "voter.cancelled"))
	editOrSend(r, Message{Text: T(r.Lang, "voter.cancelled")})
	return nil
}

// contactProblem says why a shared contact cannot verify its sender — the
// message key: another person's contact, the vote not open ("closed"), a
// number that is not one, a country outside the contest's policy — or ""
// with the number in E.164 when it can.
func contactProblem(ev Event, ed *store.Edition, now time.Time) (e164, problem string) {
	if ev.Contact.UserID != ev.UserID {
		return "", "voter.not_own_contact"
	}
	if !ed.Contest.Calendar.IsOpen(contest.PhasePublicVote, now) {
		return "", "closed"
	}
	e164, country, err := NormalisePhone(ev.Contact.Phone)
	if err != nil {
		return "", "voter.bad_phone"
	}
	if allowed := ed.Contest.Verification.PhoneCountryCodes; len(allowed) > 0 && !slices.Contains(allowed, country) {
		return "", "voter.country_refused"
	}
	return e164, ""
}

// contactPhone returns the phone that a shared contact verifies its sender
// with, or nil when it cannot (contactProblem).
func (b *Bot) contactPhone(ev Event, ed *store.Edition, now time.Time) *store.Phone {
	e164, problem := contactProblem(ev, ed, now)
	if problem != "" {
		return nil
	}
	// The prefix hash is the fraud report's (see PhonePrefixHash), kept in
	// the same statement as the verification.
	return &store.Phone{Hash: PhoneHash(b.cfg.Pepper, e164), PrefixHash: PhonePrefixHash(b.cfg.Pepper, e164)}
}

// contactShared says how the update's statement verified a voter from their
// own shared contact (Bot.update), then resumes the vote they started.
func (b *Bot) contactShared(ctx context.Context, r *Request) error {
	if r.phone == nil {
		contactRefused(r)
		return nil
	}
	v := r.Verified
	if v == nil {
		r.Reply(Message{Text: T(r.Lang, "voter.other_phone"), RemoveKeyboard: true})
		return nil
	}
	r.Reply(Message{Text: T(r.Lang, "voter.verified"), RemoveKeyboard: true})
	if p, ok := shortlisted(r, v.PendingProject); ok {
		return b.askConfirmation(r, p)
	}
	r.Reply(Message{Text: T(r.Lang, "voter.pick_project"), Buttons: [][]Button{{{Text: T(r.Lang, "voter.btn.projects"), Data: "m:"}}}})
	return nil
}

// contactRefused tells the sender why their shared contact cannot verify
// them (contactProblem).
func contactRefused(r *Request) {
	switch _, problem := contactProblem(r.Event, r.Edition, r.Now); problem {
	case "closed":
		voteOpen(r)
	case "voter.country_refused":
		allowed := r.Edition.Contest.Verification.PhoneCountryCodes
		r.Reply(Message{Text: T(r.Lang, problem, strings.Join(allowed, ", ")), RemoveKeyboard: true})
	default:
		askContact(r, problem)
	}
}

func (b *Bot) myVote(ctx context.Context, r *Request) error {
	votes := r.Ballot.Votes
	if len(votes) == 0 {
		r.Reply(Message{Text: T(r.Lang, "voter.no_vote") + "\n" + phaseStatus(r),
			Buttons: [][]Button{{{Text: T(r.Lang, "voter.btn.projects"), Data: "m:"}}}})
		return nil
	}
	var lines []string
	voided := false
	for _, v := range votes {
		line := T(r.Lang, "voter.myvote_line", projectName(r, v.ProjectID), formatTime(r, v.CastAt), v.Receipt)
		if v.VoidedAt != nil {
			line += " " + T(r.Lang, "voter.voided")
			voided = true
		}
		lines = append(lines, line)
	}
	text := T(r.Lang, "voter.myvote") + "\n" + strings.Join(lines, "\n")
	if voided {
		text += "\n" + T(r.Lang, "voter.voided_note")
	}
	if r.Edition.Contest.Ballot.AllowChange && len(counted(r)) > 0 && r.Edition.Contest.Calendar.IsOpen(contest.PhasePublicVote, r.Now) {
		text += "\n" + T(r.Lang, "voter.changeable", formatTime(r, voteEnd(r)))
	}
	r.Reply(Message{Text: text})
	return nil
}

func (b *Bot) subscribe(ctx context.Context, r *Request) error {
	added, err := r.Tx.Subscribe(ctx, r.Edition.ID, r.Account.ID)
	if err != nil {
		return err
	}
	key := "voter.subscribed"
	if !added {
		key = "voter.already_subscribed"
	}
	r.Answer(T(r.Lang, key))
	r.Reply(Message{Text: T(r.Lang, key)})
	return nil
}

func (b *Bot) unsubscribe(ctx context.Context, r *Request) error {
	removed, err := r.Tx.Unsubscribe(ctx, r.Edition.ID, r.Account.ID)
	if err != nil {
		return err
	}
	key := "voter.unsubscribed"
	if !removed {
		key = "voter.not_subscribed"
	}
	r.Reply(Message{Text: T(r.Lang, key)})
	return nil
}

// lang sets the language from "/lang nl" or a "lang:nl" button, or offers
// the choice.
func (b *Bot) lang(ctx context.Context, r *Request) error {
	var choice string
	if r.Callback != nil {
		choice = callbackArg(r)
	} else {
		_, choice = splitCommand(r.Text)
	}
	switch choice = strings.ToLower(choice); choice {
	case FR, NL, EN:
		if err := r.Tx.SetLanguage(ctx, r.Account.ID, choice); err != nil {
			return err
		}
		r.Lang = choice
		r.Answer(T(r.Lang, "voter.lang_set"))
		editOrSend(r, Message{Text: T(r.Lang, "voter.lang_set")})
		return nil
	case "":
		if r.Callback != nil {
			return rejectButton(r)
		}
		r.Reply(Message{Text: T(r.Lang, "voter.lang_choose"), Buttons: [][]Button{{
			{Text: "Français", Data: "lang:fr"}, {Text: "Nederlands", Data: "lang:nl"}, {Text: "English", Data: "lang:en"},
		}}})
		return nil
	}
	if r.Callback != nil {
		return rejectButton(r)
	}
	r.Reply(Message{Text: T(r.Lang, "voter.lang_unknown")})
	return nil
}

func (b *Bot) privacy(ctx context.Context, r *Request) error {
	text := T(r.Lang, "voter.privacy")
	if days := r.Edition.Contest.RetentionDays; days > 0 {
		text += "\n\n" + T(r.Lang, "voter.privacy_retention", days)
	}
	r.Reply(Message{Text: text})
	return nil
}

func (b *Bot) forget(ctx context.Context, r *Request) error {
	r.Reply(Message{Text: T(r.Lang, "voter.forget_ask"), Buttons: [][]Button{{
		{Text: T(r.Lang, "voter.btn.forget"), Data: "f:y"},
		{Text: T(r.Lang, "voter.btn.keep"), Data: "x:"},
	}}})
	return nil
}

func (b *Bot) forgetConfirmed(ctx context.Context, r *Request) error {
	if callbackArg(r) != "y" {
		return rejectButton(r)
	}
	f, err := r.Tx.ForgetAccount(ctx, r.Account.ID, r.Now)
	if err != nil {
		return err
	}
	text := T(r.Lang, "voter.forgotten")
	if f.HashesKept > 0 {
		text += "\n" + T(r.Lang, "voter.forgotten_hash_kept")
	}
	r.Answer(T(r.Lang, "voter.forgotten_short"))
	editOrSend(r, Message{Text: text})
	return nil
}

// fallback answers free text that is not a command.
func (b *Bot) fallback(ctx context.Context, r *Request) error {
	r.Reply(Message{Text: T(r.Lang, "voter.fallback"), Buttons: [][]Button{{{Text: T(r.Lang, "voter.btn.projects"), Data: "m:"}}}})
	return nil
}
