package bot

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	xcatalog "golang.org/x/text/message/catalog"
)

// The one place prixbot writes dates, durations, numbers and plurals for a
// reader: organisers', voters' and jurors' texts and the scheduled notices
// all go through it. Numbers follow the language's conventions through
// golang.org/x/text/message (French "10 000" and "12,50", Dutch "10.000"
// and "12,50", English "10,000" and "12.50"); words that agree with a
// number follow CLDR's plural rules through golang.org/x/text/feature/plural.

var tags = map[string]language.Tag{FR: language.French, NL: language.Dutch, EN: language.English}

// pluralForm is one language's form of a text whose words agree with
// numbers: Format holds ${name} for each Var.
type pluralForm struct {
	Format string
	Vars   []pluralVar
}

// pluralVar is a variable of a pluralForm: the form of argument Arg
// (1-based) in the plural category "one" or "other" of the language (French
// puts 0 in "one", Dutch and English in "other").
type pluralVar struct {
	Name       string
	Arg        int
	One, Other string
}

// pluralText is a text whose words agree with numbers, by language (fr, nl
// and en).
type pluralText map[string]pluralForm

// pluralCatalogs lists every conversation's texts with plurals; T finds
// them through printers.
var pluralCatalogs = []map[string]pluralText{commonPlurals, adminPlurals, notifyPlurals}

// printers format numbers and plurals, one per language.
var printers = map[string]*message.Printer{}

func init() {
	b := xcatalog.NewBuilder()
	for _, texts := range pluralCatalogs {
		for key, t := range texts {
			setPlural(b, key, t)
		}
	}
	for lang, tag := range tags {
		printers[lang] = message.NewPrinter(tag, message.Catalog(b))
	}
}

func setPlural(b *xcatalog.Builder, key string, t pluralText) {
	for lang, f := range t {
		var msgs []xcatalog.Message
		for _, v := range f.Vars {
			msgs = append(msgs, xcatalog.Var(v.Name, plural.Selectf(v.Arg, "%d", plural.One, v.One, plural.Other, v.Other)))
		}
		if err := b.Set(tags[lang], key, append(msgs, xcatalog.String(f.Format))...); err != nil {
			panic("plural text " + key + ": " + err.Error())
		}
	}
}

func printer(lang string) *message.Printer {
	if p, ok := printers[lang]; ok {
		return p
	}
	return printers[FR]
}

var monthNames = map[string][12]string{
	FR: {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	NL: {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// FormatTime writes an instant as a date and a time in t's location (give
// it t.In(the contest's timezone)), the one way prixbot writes one in lang:
// "20 décembre 2026 à 23:59", "20 december 2026 om 23:59", "20 December
// 2026 at 23:59".
func FormatTime(lang string, t time.Time) string {
	months, ok := monthNames[lang]
	if !ok {
		lang, months = FR, monthNames[FR]
	}
	return T(lang, "datetime", strconv.Itoa(t.Day()), months[t.Month()-1], strconv.Itoa(t.Year()), t.Format("15:04"))
}

// FormatDeadline writes the last minute of a period that ends at end (the
// first instant after it), in end's location, as the contest file and the
// readers count: a phase ending at midnight "ends on 20 December at 23:59".
func FormatDeadline(lang string, end time.Time) string {
	return FormatTime(lang, end.Add(-time.Minute))
}

// FormatPoints writes ranking points with two decimals, with a decimal comma
// in French and Dutch.
func FormatPoints(lang string, f float64) string {
	return printer(lang).Sprintf("%.2f", f)
}

// FormatNumber writes a count with the language's digit grouping.
func FormatNumber(lang string, n int) string {
	return printer(lang).Sprintf("%d", n)
}

// FormatDuration writes a duration in days, hours and minutes ("2 jours,
// 4 heures"), to the minute, leaving out the minutes once there are days.
func FormatDuration(lang string, d time.Duration) string {
	d = max(d.Round(time.Minute), 0)
	days, hours, minutes := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if days > 0 {
		parts = append(parts, T(lang, "n.days", days))
	}
	if hours > 0 {
		parts = append(parts, T(lang, "n.hours", hours))
	}
	if days == 0 && (minutes > 0 || hours == 0) {
		parts = append(parts, T(lang, "n.minutes", minutes))
	}
	return strings.Join(parts, ", ")
}

// formatRemaining says how long until a deadline, rounded to what a reader
// needs: days from two days on, hours from two hours on, else minutes.
func formatRemaining(lang string, d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return T(lang, "n.days", int((d+12*time.Hour)/(24*time.Hour)))
	case d >= 24*time.Hour:
		return T(lang, "n.days", 1)
	case d >= 2*time.Hour:
		return T(lang, "n.hours", int((d+30*time.Minute)/time.Hour))
	case d >= time.Hour:
		return T(lang, "n.hours", 1)
	}
	return T(lang, "n.minutes", max(1, int((d+30*time.Second)/time.Minute)))
}

// PhaseName is a phase's human name in lang ("vote du public" for
// public_vote); a phase prixbot does not know keeps its own name.
func PhaseName(lang, phase string) string {
	if t, ok := lookup("phase." + phase); ok {
		return t.in(lang)
	}
	return phase
}

var commonPlurals = map[string]pluralText{
	"n.days": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d jour", "%d jours"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d dag", "%d dagen"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d day", "%d days"}}},
	},
	"n.hours": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d heure", "%d heures"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d uur", "%d uur"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d hour", "%d hours"}}},
	},
	"n.minutes": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d minute", "%d minutes"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d minuut", "%d minuten"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d minute", "%d minutes"}}},
	},
}
