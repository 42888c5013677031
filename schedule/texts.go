package schedule

import (
	"fmt"
	"time"

	"prixbot/bot"
	"prixbot/contest"
	"prixbot/internal/runes"
)

// texts is the catalog of notification texts, in the conversations' format.
var texts = map[string]bot.Text{
	"opened": {
		FR: "📣 Phase « %s » : c'est parti, jusqu'au %s.",
		NL: "📣 Fase ‘%s’ is begonnen en loopt tot %s.",
		EN: "📣 The %s phase has started and runs until %s.",
	},
	"opened.vote": {
		FR: "Découvrez les projets et votez : %s",
		NL: "Bekijk de projecten en stem: %s",
		EN: "See the projects and vote: %s",
	},
	"closing": {
		FR: "⏳ Phase « %s » : clôture dans %s (%s).",
		NL: "⏳ Fase ‘%s’ sluit over %s (%s).",
		EN: "⏳ The %s phase closes in %s (%s).",
	},
	"closed": {
		FR: "✅ Phase « %s » : c'est terminé. Merci à toutes et à tous !",
		NL: "✅ Fase ‘%s’ is afgelopen. Bedankt iedereen!",
		EN: "✅ The %s phase is over. Thank you all!",
	},
	"reminder.vote": {
		FR: "🗳 Vous n'avez pas encore voté : le vote du public se clôture dans %s (%s). Voir les projets : %s",
		NL: "🗳 U hebt nog niet gestemd: de publieksstemming sluit over %s (%s). Bekijk de projecten: %s",
		EN: "🗳 You have not voted yet: the public vote closes in %s (%s). See the projects: %s",
	},
	"reminder.jury": {
		FR: "⚖️ Jury : %d projets sur %d restent à évaluer, clôture dans %s (%s).",
		NL: "⚖️ Jury: nog %d van %d projecten te beoordelen, sluit over %s (%s).",
		EN: "⚖️ Jury: %d of %d projects left, closes in %s (%s).",
	},
	"reminder.jury.next": {
		FR: "Projet suivant : %s",
		NL: "Volgend project: %s",
		EN: "Next project: %s",
	},
}

func pick(t bot.Text, lang string) string {
	switch lang {
	case bot.NL:
		return t.NL
	case bot.EN:
		return t.EN
	}
	return t.FR
}

// tr returns the text for key in lang, formatted with args.
func tr(lang, key string, args ...any) string {
	t, ok := texts[key]
	if !ok {
		return "!" + key
	}
	return fmt.Sprintf(pick(t, lang), args...)
}

// phaseName is a phase's human name, the one every prixbot text uses.
func phaseName(lang, phase string) string { return bot.PhaseName(lang, phase) }

// lastMinute formats the last minute of a phase (end is the first instant
// after it) as a local date and time, as every prixbot text does.
func lastMinute(lang string, end time.Time, loc *time.Location) string {
	return bot.FormatDeadline(lang, end.In(loc))
}

// within says how long until a deadline, rounded to what a reader needs:
// days from two days on, hours from two hours on, else minutes.
func within(lang string, d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return bot.T(lang, "n.days", int((d+12*time.Hour)/(24*time.Hour)))
	case d >= 24*time.Hour:
		return bot.T(lang, "n.days", 1)
	case d >= 2*time.Hour:
		return bot.T(lang, "n.hours", int((d+30*time.Minute)/time.Hour))
	case d >= time.Hour:
		return bot.T(lang, "n.hours", 1)
	}
	return bot.T(lang, "n.minutes", max(1, int((d+30*time.Second)/time.Minute)))
}

// projectsHint is how a user opens the shortlist on their platform.
func projectsHint(platform string) string {
	if platform == bot.Slack {
		return "/prix list"
	}
	return "/projects"
}

// noticeMessage renders a phase notice (opened, closing, closed, or a
// reminder to subscribers) for one recipient at now.
func noticeMessage(n notice, lang, platform string, loc *time.Location, now time.Time) bot.Message {
	name := phaseName(lang, n.Phase.Name)
	var text string
	switch {
	case n.Event == eventOpened:
		text = tr(lang, "opened", name, lastMinute(lang, n.Phase.End, loc))
		if n.Phase.Name == contest.PhasePublicVote {
			text += "\n" + tr(lang, "opened.vote", projectsHint(platform))
		}
	case n.Event == eventClosed:
		text = tr(lang, "closed", name)
	case n.Audience == toNonVoters:
		text = tr(lang, "reminder.vote", within(lang, n.Phase.End.Sub(now)), lastMinute(lang, n.Phase.End, loc), projectsHint(platform))
	default: // closing, or a reminder of another phase
		text = tr(lang, "closing", name, within(lang, n.Phase.End.Sub(now)), lastMinute(lang, n.Phase.End, loc))
	}
	return bot.Message{Text: text}
}

// channelMessage renders a notice for the announce channel, in French and
// Dutch (the language of each part of the bilingual network).
func channelMessage(n notice, loc *time.Location, now time.Time) bot.Message {
	fr := noticeMessage(n, bot.FR, bot.Slack, loc, now)
	nl := noticeMessage(n, bot.NL, bot.Slack, loc, now)
	return bot.Message{Text: fr.Text + "\n\n" + nl.Text}
}

// JuryNextData is the callback data of the reminder's button that opens the
// juror's next unscored project; the jury conversation handles it.
const JuryNextData = "j:next"

// maxButtonName bounds the project name shown on the button.
const maxButtonName = 40

// juryMessage renders a juror's personal reminder with their own figures.
func juryMessage(lang string, left, total int, next string, end time.Time, loc *time.Location, now time.Time) bot.Message {
	m := bot.Message{Text: tr(lang, "reminder.jury", left, total, within(lang, end.Sub(now)), lastMinute(lang, end, loc))}
	if next != "" {
		next = runes.Truncate(next, maxButtonName)
		m.Buttons = [][]bot.Button{{{Text: tr(lang, "reminder.jury.next", next), Data: JuryNextData}}}
	}
	return m
}
