package contest

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
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
	platformRe    = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)
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
		for _, platform := range slices.Sorted(maps.Keys(j.IDs)) {
			idField := field + ".ids." + platform
			if key := j.oldKeys[platform]; key != "" {
				idField = field + "." + key
			}
			id, err := JurorID(platform, j.IDs[platform])
			if err != nil {
				return FieldErrorf(Invalid, idField, "%s", err.Error())
			}
			key := platform + ":" + id
			if k, ok := seen[key]; ok {
				return FieldErrorf(Invalid, idField, "%q is already jurors[%d]", id, k)
			}
			seen[key] = i
		}
	}
	return nil
}

// maxJurorID bounds a juror's user id on a platform without its own rule, in
// bytes.
const maxJurorID = 64

// jurorIDRules check and normalise a juror's user id on the platforms whose
// ids have a known form; any other platform takes 1 to maxJurorID bytes.
var jurorIDRules = map[string]func(id string) (string, error){
	"telegram": func(id string) (string, error) {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return "", fmt.Errorf("must be a numeric Telegram user id, got %q", id)
		}
		if n <= 0 {
			return "", fmt.Errorf("must be a positive Telegram user id, got %d", n)
		}
		return strconv.FormatInt(n, 10), nil
	},
	"slack": func(id string) (string, error) {
		if !slackIDRe.MatchString(id) {
			return "", fmt.Errorf("%q is not a Slack user id like U0123ABCD", id)
		}
		return id, nil
	},
}

// JurorID checks that id can be a juror's user id on platform and returns it
// in the form stored (a Telegram id without leading zeros). A platform name is
// lower-case letters, digits and _; a Telegram id is a positive number, a
// Slack id is like U0123ABCD, and any other platform's id is 1 to maxJurorID
// bytes. A refusal is one sentence.
func JurorID(platform, id string) (string, error) {
	if !platformRe.MatchString(platform) {
		return "", fmt.Errorf("%q is not a platform name (lower-case letters, digits and _)", platform)
	}
	if rule, ok := jurorIDRules[platform]; ok {
		return rule(id)
	}
	if id == "" || len(id) > maxJurorID {
		return "", fmt.Errorf("a %s user id is 1 to %d characters", platform, maxJurorID)
	}
	return id, nil
}
