package contest

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Verification methods for Telegram voters.
const (
	// VerifyPhone: the voter shares their own contact; the phone number
	// identifies the person.
	VerifyPhone = "phone"
)

var (
	slugRe        = regexp.MustCompile(`^[a-z0-9-]+$`)
	criterionIDRe = regexp.MustCompile(`^[a-z0-9_-]+$`)
	countryCodeRe = regexp.MustCompile(`^\+[1-9][0-9]{0,2}$`)
	slackIDRe     = regexp.MustCompile(`^[A-Z0-9]+$`)
)

// Validate checks the rules a contest must obey, whether it comes from a
// contest file or from code. It returns an Invalid *Error whose Field names the
// offending field with the paths of the contest file (e.g. "phases[2].end",
// indices in the order of c.Calendar.Phases).
//
// Phases may be in any order; they must have unique names, end after they
// start and not overlap. Weights must be finite, non-negative and not both 0;
// prizes positive; the grid's scale must satisfy 0 <= Min < Max with one label
// per level.
func (c *Contest) Validate() error {
	checks := []func() *Error{
		c.validateIdentity, c.validateRules, c.validateSectors,
		c.validatePhases, c.validateReminders, c.Grid.validate, c.validateJurors,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c *Contest) validateIdentity() *Error {
	switch {
	case strings.TrimSpace(c.Slug) == "":
		return FieldErrorf(Invalid, "slug", "is required")
	case !slugRe.MatchString(c.Slug) || len(c.Slug) > 64:
		return FieldErrorf(Invalid, "slug", "%q must be at most 64 lower-case letters, digits or '-'", c.Slug)
	case strings.TrimSpace(c.Name) == "":
		return FieldErrorf(Invalid, "name", "is required")
	case utf8.RuneCountInString(c.Name) > maxNameLen:
		return FieldErrorf(Invalid, "name", "is %d characters long; keep it under %d", utf8.RuneCountInString(c.Name), maxNameLen)
	case c.Location == nil:
		return FieldErrorf(Invalid, "timezone", "is required")
	}
	return nil
}

func (c *Contest) validateRules() *Error {
	for _, w := range []struct {
		field string
		value float64
	}{{"weights.public", c.Weights.Public}, {"weights.jury", c.Weights.Jury}} {
		if math.IsNaN(w.value) || math.IsInf(w.value, 0) || w.value < 0 {
			return FieldErrorf(Invalid, w.field, "must be a number >= 0, got %v", w.value)
		}
	}
	if c.Weights.Public == 0 && c.Weights.Jury == 0 {
		return FieldErrorf(Invalid, "weights", "public and jury cannot both be 0")
	}
	for i, p := range c.Prizes {
		if p <= 0 {
			return FieldErrorf(Invalid, fmt.Sprintf("prizes[%d]", i), "must be a positive amount in euros, got %d", p)
		}
	}
	if c.Ballot.VotesPerVoter < 1 {
		return FieldErrorf(Invalid, "ballot.votes_per_voter", "must be at least 1, got %d", c.Ballot.VotesPerVoter)
	}
	if c.Verification.Telegram != VerifyPhone {
		return FieldErrorf(Invalid, "verification.telegram", "must be %q, got %q", VerifyPhone, c.Verification.Telegram)
	}
	for i, code := range c.Verification.PhoneCountryCodes {
		field := fmt.Sprintf("verification.phone_country_codes[%d]", i)
		if !countryCodeRe.MatchString(code) {
			return FieldErrorf(Invalid, field, "%q is not a country calling code like \"+32\"", code)
		}
		if j := slices.Index(c.Verification.PhoneCountryCodes, code); j < i {
			return FieldErrorf(Invalid, field, "%q is listed twice", code)
		}
	}
	if c.RetentionDays < 0 {
		return FieldErrorf(Invalid, "retention_days", "must be >= 0, got %d", c.RetentionDays)
	}
	return nil
}

func (c *Contest) validateSectors() *Error {
	if len(c.Sectors) == 0 {
		return FieldErrorf(Invalid, "sectors", "must list at least one sector")
	}
	for i, s := range c.Sectors {
		field := fmt.Sprintf("sectors[%d]", i)
		if strings.TrimSpace(s) == "" {
			return FieldErrorf(Invalid, field, "is empty")
		}
		if j := slices.Index(c.Sectors, s); j < i {
			return FieldErrorf(Invalid, field, "%q is listed twice (also sectors[%d])", s, j)
		}
	}
	return nil
}

func (c *Contest) validatePhases() *Error {
	phases := c.Calendar.Phases
	for i, p := range phases {
		field := fmt.Sprintf("phases[%d]", i)
		if !slices.Contains(PhaseNames, p.Name) {
			return FieldErrorf(Invalid, field+".name", "%q is not a phase prixbot knows; use one of %s", p.Name, strings.Join(PhaseNames, ", "))
		}
		if j := slices.IndexFunc(phases, func(q Phase) bool { return q.Name == p.Name }); j < i {
			return FieldErrorf(Invalid, field+".name", "phase %q is defined twice (also phases[%d])", p.Name, j)
		}
		if !p.End.After(p.Start) {
			return FieldErrorf(Invalid, field+".end", "phase %q ends before it starts", p.Name)
		}
	}
	order := make([]int, len(phases))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return phases[a].Start.Compare(phases[b].Start) })
	for k := 1; k < len(order); k++ {
		prev, cur := phases[order[k-1]], phases[order[k]]
		if cur.Start.Before(prev.End) {
			return FieldErrorf(Invalid, fmt.Sprintf("phases[%d].start", order[k]),
				"phase %q starts at %s, before phase %q (phases[%d]) is over at %s",
				cur.Name, phaseTime(cur.Start, c.Location), prev.Name, order[k-1], phaseTime(prev.End.Add(-time.Minute), c.Location))
		}
	}
	return nil
}

func (c *Contest) validateReminders() *Error {
	for _, name := range slices.Sorted(maps.Keys(c.Reminders)) {
		field := "reminders." + name
		if _, ok := c.Calendar.Phase(name); !ok {
			return FieldErrorf(Invalid, field, "there is no phase named %q", name)
		}
		offsets := c.Reminders[name]
		for i, d := range offsets {
			if d <= 0 {
				return FieldErrorf(Invalid, fmt.Sprintf("%s[%d]", field, i), "must be a positive duration such as \"24h\", got %s", d)
			}
			if j := slices.Index(offsets, d); j < i {
				return FieldErrorf(Invalid, fmt.Sprintf("%s[%d]", field, i), "%s is listed twice", d)
			}
		}
	}
	return nil
}

func (g Grid) validate() *Error {
	s := g.Scale
	if s.Min < 0 {
		return FieldErrorf(Invalid, "grid.scale.min", "must be >= 0, got %d", s.Min)
	}
	if s.Max <= s.Min {
		return FieldErrorf(Invalid, "grid.scale.max", "must be greater than min (%d), got %d", s.Min, s.Max)
	}
	if n := s.Max - s.Min + 1; len(s.Labels) != n {
		return FieldErrorf(Invalid, "grid.scale.labels", "needs %d labels for levels %d..%d, got %d", n, s.Min, s.Max, len(s.Labels))
	}
	for i, l := range s.Labels {
		if strings.TrimSpace(l) == "" {
			return FieldErrorf(Invalid, fmt.Sprintf("grid.scale.labels[%d]", i), "is empty")
		}
	}
	if len(g.Criteria) == 0 {
		return FieldErrorf(Invalid, "grid.criteria", "must list at least one criterion")
	}
	for i, cr := range g.Criteria {
		field := fmt.Sprintf("grid.criteria[%d]", i)
		switch {
		case !criterionIDRe.MatchString(cr.ID):
			return FieldErrorf(Invalid, field+".id", "%q must be lower-case letters, digits, '_' or '-'", cr.ID)
		case strings.TrimSpace(cr.Group) == "":
			return FieldErrorf(Invalid, field+".group", "is required (%s, %s, %s or a name of your own)", GroupPortage, GroupContenu, GroupContexte)
		case strings.TrimSpace(cr.Label) == "":
			return FieldErrorf(Invalid, field+".label", "is required")
		}
		if j := slices.IndexFunc(g.Criteria, func(x Criterion) bool { return x.ID == cr.ID }); j < i {
			return FieldErrorf(Invalid, field+".id", "criterion %q is defined twice (also grid.criteria[%d])", cr.ID, j)
		}
	}
	switch g.Normalise {
	case "", NormaliseNone, NormaliseZScore:
	default:
		return FieldErrorf(Invalid, "grid.normalise", "must be %q or %q, got %q", NormaliseNone, NormaliseZScore, g.Normalise)
	}
	return nil
}

func (c *Contest) validateJurors() *Error {
	seen := map[string]int{}
	for i, j := range c.Jurors {
		field := fmt.Sprintf("jurors[%d]", i)
		name := strings.ToLower(strings.TrimSpace(j.Name))
		if name == "" {
			return FieldErrorf(Invalid, field+".name", "is required")
		}
		if k, ok := seen["name:"+name]; ok {
			return FieldErrorf(Invalid, field+".name", "juror %q is listed twice (also jurors[%d])", j.Name, k)
		}
		seen["name:"+name] = i
		if j.TelegramID < 0 {
			return FieldErrorf(Invalid, field+".telegram_id", "must be a positive Telegram user id, got %d", j.TelegramID)
		}
		if j.TelegramID > 0 {
			key := fmt.Sprintf("tg:%d", j.TelegramID)
			if k, ok := seen[key]; ok {
				return FieldErrorf(Invalid, field+".telegram_id", "%d is already jurors[%d]", j.TelegramID, k)
			}
			seen[key] = i
		}
		if j.SlackID != "" {
			if !slackIDRe.MatchString(j.SlackID) {
				return FieldErrorf(Invalid, field+".slack_id", "%q is not a Slack user id like U0123ABCD", j.SlackID)
			}
			if k, ok := seen["slack:"+j.SlackID]; ok {
				return FieldErrorf(Invalid, field+".slack_id", "%q is already jurors[%d]", j.SlackID, k)
			}
			seen["slack:"+j.SlackID] = i
		}
		if j.ConsoleID != "" {
			if len(j.ConsoleID) > 64 {
				return FieldErrorf(Invalid, field+".console_id", "is longer than 64 characters")
			}
			if k, ok := seen["console:"+j.ConsoleID]; ok {
				return FieldErrorf(Invalid, field+".console_id", "%q is already jurors[%d]", j.ConsoleID, k)
			}
			seen["console:"+j.ConsoleID] = i
		}
	}
	return nil
}
