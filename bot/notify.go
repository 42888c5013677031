package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"prixbot/contest"
	"prixbot/internal/runes"
	"prixbot/store"
)

// Notices are what the bot sends on its own, through the outbox, rather
// than in answer to an Event: the calendar's phase notices and reminders
// (package schedule decides when each is due and hands it to NoticeRows),
// the jurors' reminder an organiser sends at once (/admin remind), and the
// staged announcement of the results (/admin announce). This file builds
// every one of them: who gets one (the fan-out), its text in each reader's
// language through the bot's one text catalogue (T), and its buttons. A
// juror therefore reads the same reminder whoever sends it.
//
// Every row has a dedupe key made of the contest, the notice and the
// recipient, so a notice fanned out twice sends nothing twice.

// Kinds of phase notice: what a notice says, and the outbox kind of its rows.
const (
	NoticeOpened   = "opened"   // the phase has started
	NoticeClosing  = "closing"  // the phase ends soon
	NoticeClosed   = "closed"   // the phase is over
	NoticeReminder = "reminder" // a reminder before the phase ends
)

// Audience is who a phase notice goes to.
type Audience string

// Audiences of phase notices.
const (
	ToChannel     Audience = "channel"     // the Slack announce channel, in French and Dutch
	ToSubscribers Audience = "subscribers" // every subscriber
	ToNonVoters   Audience = "nonvoters"   // subscribers without a counted vote
	ToJurors      Audience = "jurors"      // jurors with sheets left, with their own figures
)

// Notice is one phase notice of a contest's calendar for one audience.
type Notice struct {
	Key      string // unique within the contest; part of every row's dedupe key
	Kind     string // NoticeOpened, NoticeClosing, NoticeClosed or NoticeReminder
	Phase    contest.Phase
	Audience Audience
}

// NoticeRows returns the outbox rows of notice n at now, one per recipient,
// in their language: channel (the Slack announce channel) for ToChannel,
// the jurors with sheets left for ToJurors, the subscribers (who have not
// voted, for ToNonVoters) otherwise. It fails only with the store's errors.
func NoticeRows(ctx context.Context, tx *store.Tx, ed *store.Edition, n Notice, channel string, now time.Time) ([]store.Notification, error) {
	loc := ed.Contest.Location
	switch n.Audience {
	case ToChannel:
		fr := noticeMessage(n, FR, Slack, loc, now)
		nl := noticeMessage(n, NL, Slack, loc, now)
		r, err := notification(ed.ID, n.Key, "channel", Slack, channel, n.Kind, Message{Text: fr.Text + "\n\n" + nl.Text}, now)
		return []store.Notification{r}, err
	case ToJurors:
		return jurorReminders(ctx, tx, ed, n.Key, n.Phase.End, now)
	}
	subs, err := tx.Subscribers(ctx, ed.ID, n.Audience == ToNonVoters)
	if err != nil {
		return nil, err
	}
	var out []store.Notification
	cache := map[[2]string]json.RawMessage{} // one rendering per language and platform
	for _, sub := range subs {
		lang := MatchLang(sub.Language)
		k := [2]string{lang, sub.Platform}
		payload, ok := cache[k]
		if !ok {
			if payload, err = json.Marshal(noticeMessage(n, lang, sub.Platform, loc, now)); err != nil {
				return nil, err
			}
			cache[k] = payload
		}
		out = append(out, store.Notification{
			ContestID: ed.ID,
			DedupeKey: dedupeKey(ed.ID, n.Key, fmt.Sprintf("a%d", sub.AccountID)),
			Platform:  sub.Platform,
			ChatID:    sub.ChatID,
			Kind:      n.Kind,
			Payload:   payload,
			NotBefore: now,
		})
	}
	return out, nil
}

// dedupeKey is the dedupe key of a notice's row for one recipient.
func dedupeKey(contestID int64, key, recipient string) string {
	return fmt.Sprintf("c%d/%s/%s", contestID, key, recipient)
}

// notification is a notice's outbox row for one recipient, due at now.
func notification(contestID int64, key, recipient, platform, chat, kind string, m Message, now time.Time) (store.Notification, error) {
	payload, err := json.Marshal(m)
	return store.Notification{
		ContestID: contestID,
		DedupeKey: dedupeKey(contestID, key, recipient),
		Platform:  platform,
		ChatID:    chat,
		Kind:      kind,
		Payload:   payload,
		NotBefore: now,
	}, err
}

// noticeMessage is a phase notice (opened, closing, closed, or a reminder
// to subscribers) for one recipient at now.
func noticeMessage(n Notice, lang, platform string, loc *time.Location, now time.Time) Message {
	name := PhaseName(lang, n.Phase.Name)
	end := FormatDeadline(lang, n.Phase.End.In(loc))
	var text string
	switch {
	case n.Kind == NoticeOpened:
		text = T(lang, "notice.opened", name, end)
		if n.Phase.Name == contest.PhasePublicVote {
			text += "\n" + T(lang, "notice.opened_vote", projectsHint(platform))
		}
	case n.Kind == NoticeClosed:
		text = T(lang, "notice.closed", name)
	case n.Audience == ToNonVoters:
		text = T(lang, "notice.vote_reminder", formatRemaining(lang, n.Phase.End.Sub(now)), end, projectsHint(platform))
	default: // closing, or a reminder of another phase
		text = T(lang, "notice.closing", name, formatRemaining(lang, n.Phase.End.Sub(now)), end)
	}
	return Message{Text: text}
}

// projectsHint is how a user opens the shortlist on their platform.
func projectsHint(platform string) string { return Platform(platform).List }

// maxButtonName bounds the project name shown on a reminder's button.
const maxButtonName = 40

// jurorReminders returns a reminder for every juror with sheets left, each
// with their own figures and a button to their next unscored project; end
// is the end of the jury vote, said in the reminder while it is ahead.
func jurorReminders(ctx context.Context, tx *store.Tx, ed *store.Edition, key string, end, now time.Time) ([]store.Notification, error) {
	jurors, err := tx.JurorReminders(ctx, ed.ID, ReminderPlatforms())
	if err != nil {
		return nil, err
	}
	var out []store.Notification
	for _, j := range jurors {
		if j.Left == 0 {
			continue
		}
		m := jurorReminder(MatchLang(j.Language), j, end, ed.Contest.Location, now)
		r, err := notification(ed.ID, key, fmt.Sprintf("j%d", j.JurorID), j.Platform, j.ChatID, NoticeReminder, m, now)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// jurorReminder is one juror's reminder, in lang.
func jurorReminder(lang string, j store.JurorReminder, end time.Time, loc *time.Location, now time.Time) Message {
	var m Message
	if end.After(now) {
		m.Text = T(lang, "notice.jury", j.Left, j.Total, formatRemaining(lang, end.Sub(now)), FormatDeadline(lang, end.In(loc)))
	} else {
		m.Text = T(lang, "notice.jury_undated", j.Left, j.Total)
	}
	if j.NextProjectName != "" {
		next := runes.Truncate(j.NextProjectName, maxButtonName)
		m.Buttons = [][]Button{{{Text: T(lang, "notice.jury_next", next), Data: juryNext}}}
	}
	return m
}

// revealRanks is how many laureates the staged reveal names, last first.
const revealRanks = 3

// announcement returns the staged reveal of the results ranked in rows —
// 3rd, 2nd, then 1st, RevealInterval apart from now — to every subscriber,
// the Slack announce channel and the Telegram channel when configured. Only
// the channels' 1st carries the results chart (chart draws it in a
// language): a subscriber's rows stay text, small however many there are.
func (b *Bot) announcement(ctx context.Context, tx *store.Tx, ed *store.Edition, rows []contest.Standing,
	chart func(lang string) ([]byte, error), now time.Time) ([]store.Notification, error) {
	subs, err := tx.Subscribers(ctx, ed.ID, false)
	if err != nil {
		return nil, err
	}
	var targets []announceTarget
	for _, s := range subs {
		targets = append(targets, announceTarget{s.Platform, s.ChatID, []string{MatchLang(s.Language)}, false})
	}
	targets = append(targets, b.announceChannels()...)
	reveal := min(revealRanks, len(rows))
	var ns []store.Notification
	for _, t := range targets {
		for step := range reveal {
			s := rows[reveal-1-step] // 3rd, 2nd, 1st
			var text string
			for i, lang := range t.langs {
				if i > 0 {
					text += "\n\n"
				}
				text += announceText(lang, ed.Contest, s)
			}
			m := Message{Text: text}
			if s.Rank == 1 && t.channel {
				png, err := chart(t.langs[0])
				if err != nil {
					return nil, err
				}
				m.Document = &Document{Name: ed.Contest.Slug + "-results.png", MIME: "image/png", Content: png}
			}
			payload, err := json.Marshal(m)
			if err != nil {
				return nil, err
			}
			ns = append(ns, store.Notification{
				ContestID: ed.ID,
				DedupeKey: fmt.Sprintf("announce/%d/%d/%s/%s", ed.ID, s.Rank, t.platform, t.chat),
				Platform:  t.platform, ChatID: t.chat, Kind: "announce", Payload: payload,
				NotBefore: now.Add(time.Duration(step) * b.cfg.RevealInterval),
			})
		}
	}
	return ns, nil
}

// announceTarget is a chat the announcement goes to.
type announceTarget struct {
	platform, chat string
	langs          []string // a channel gets French and Dutch, one after the other
	channel        bool     // a channel's 1st carries the chart
}

// announceChannels are the configured announce channels.
func (b *Bot) announceChannels() []announceTarget {
	var out []announceTarget
	if b.cfg.SlackAnnounceChannel != "" {
		out = append(out, announceTarget{Slack, b.cfg.SlackAnnounceChannel, []string{FR, NL}, true})
	}
	if b.cfg.TelegramAnnounceChannel != "" {
		out = append(out, announceTarget{Telegram, b.cfg.TelegramAnnounceChannel, []string{FR, NL}, true})
	}
	return out
}

// announceText is one step of the staged reveal.
func announceText(lang string, c *contest.Contest, s contest.Standing) string {
	text := T(lang, fmt.Sprintf("announce.rank%d", s.Rank), c.Name, s.Name)
	if s.Prize > 0 {
		text += " " + T(lang, "announce.prize", s.Prize)
	}
	return text
}
