package contest

import (
	"maps"
	"strings"
	"testing"
	"time"
)

// minimal is the smallest valid contest file; cases append to or replace it.
const minimal = `slug: prix-test
name: Prix test
phases:
  - {name: public_vote, start: 2026-07-15T00:00, end: 2026-09-15T23:59}
  - {name: jury_vote, start: 2026-09-16T00:00, end: 2026-11-15T23:59}
`

func mustParse(t *testing.T, src string) *Contest {
	t.Helper()
	c, err := ParseContest([]byte(src))
	if err != nil {
		t.Fatalf("ParseContest: %v", err)
	}
	return c
}

func TestParseContestDefaults(t *testing.T) {
	t.Parallel()
	c := mustParse(t, minimal)
	if c.Location.String() != "Europe/Brussels" {
		t.Errorf("Location = %s, want Europe/Brussels", c.Location)
	}
	if c.Weights != (Weights{Public: 25, Jury: 75}) {
		t.Errorf("Weights = %+v", c.Weights)
	}
	if got := c.Prizes; len(got) != 3 || got[0] != 10000 || got[1] != 5000 || got[2] != 2500 {
		t.Errorf("Prizes = %v", got)
	}
	if c.Ballot != (Ballot{VotesPerVoter: 1}) {
		t.Errorf("Ballot = %+v", c.Ballot)
	}
	if c.Verification.Telegram != VerifyPhone || len(c.Verification.PhoneCountryCodes) != 0 {
		t.Errorf("Verification = %+v", c.Verification)
	}
	if strings.Join(c.Sectors, "|") != strings.Join(DefaultSectors, "|") {
		t.Errorf("Sectors = %v", c.Sectors)
	}
	if len(c.Grid.Criteria) != 12 || c.Grid.Scale.Max != 3 || c.Grid.Normalise != NormaliseNone {
		t.Errorf("Grid = %+v", c.Grid)
	}
	if c.RetentionDays != 0 || len(c.Jurors) != 0 || len(c.Reminders) != 0 {
		t.Errorf("unexpected optional values: %+v", c)
	}
	// The end in the file is the last minute; End is the first instant after it.
	p, _ := c.Calendar.Phase(PhasePublicVote)
	want := time.Date(2026, 9, 16, 0, 0, 0, 0, c.Location)
	if !p.End.Equal(want) {
		t.Errorf("public_vote End = %v, want %v", p.End, want)
	}
}

func TestParseContestFull(t *testing.T) {
	t.Parallel()
	src := `slug: prix-2027
name: "  Prix 2027  "
timezone: UTC
weights: {public: 40, jury: 60}
prizes: [3000]
ballot: {votes_per_voter: 3, allow_change: true}
verification: {telegram: phone, phone_country_codes: ["+32", +33]}
sectors: [Santé, Culture]
phases:
  - {name: jury_vote, start: 2027-09-16T00:00, end: 2027-11-15T23:59}
  - {name: public_vote, start: 2027-07-15T00:00, end: 2027-09-15T23:59}
reminders:
  jury_vote: [168h, 90m]
grid:
  normalise: zscore
  scale: {min: 1, max: 5, labels: [a, b, c, d, e]}
  criteria:
    - {id: collectif}
    - {id: rupture, group: contenu, label: "Nouveauté"}
    - {id: impact, group: effets, label: "Impact", labels: {en: Impact, nl: Impact}}
jurors:
  - {name: "Ada", telegram_id: 42}
  - {name: "Bea", slack_id: W0BEA, console_id: bea}
retention_days: 30
`
	c := mustParse(t, src)
	if c.Name != "Prix 2027" || c.Location != time.UTC || c.Weights.Public != 40 || c.Prizes[0] != 3000 || len(c.Prizes) != 1 {
		t.Errorf("got %+v", c)
	}
	if c.Ballot != (Ballot{VotesPerVoter: 3, AllowChange: true}) {
		t.Errorf("Ballot = %+v", c.Ballot)
	}
	if got := strings.Join(c.Verification.PhoneCountryCodes, ","); got != "+32,+33" {
		t.Errorf("codes = %s", got)
	}
	if c.Calendar.Phases[0].Name != PhasePublicVote {
		t.Errorf("phases not sorted by start: %+v", c.Calendar.Phases)
	}
	if got := c.Reminders[PhaseJuryVote]; len(got) != 2 || got[1] != 90*time.Minute {
		t.Errorf("Reminders = %v", c.Reminders)
	}
	g := c.Grid
	if g.Normalise != NormaliseZScore || g.Scale.Min != 1 || len(g.Criteria) != 3 {
		t.Fatalf("Grid = %+v", g)
	}
	if cr := g.Criteria[0]; cr.Group != GroupPortage || cr.LabelIn("nl") != "Collectief karakter van het project" {
		t.Errorf("default criterion not filled in: %+v", cr)
	}
	if cr := g.Criteria[1]; cr.LabelIn("en") != "Nouveauté" {
		t.Errorf("renamed criterion kept a default translation: %+v", cr)
	}
	if cr := g.Criteria[2]; cr.LabelIn("en") != "Impact" || cr.LabelIn("fr") != "Impact" {
		t.Errorf("custom criterion: %+v", cr)
	}
	if c.Jurors[0].IDs["telegram"] != "42" || c.Jurors[1].IDs["slack"] != "W0BEA" || c.Jurors[1].IDs["console"] != "bea" || c.RetentionDays != 30 {
		t.Errorf("Jurors = %+v, retention %d", c.Jurors, c.RetentionDays)
	}
}

// TestParseJurorIDs reads a juror's ids in the ids map, under the old
// per-platform keys, and in both at once when they agree.
func TestParseJurorIDs(t *testing.T) {
	t.Parallel()
	c := mustParse(t, minimal+`jurors:
  - {name: New, ids: {telegram: "42", slack: U123, console: juror, whatsapp: "+32470"}}
  - {name: Old, telegram_id: 43, slack_id: W0OLD, console_id: old}
  - {name: Both, telegram_id: 44, ids: {telegram: 44, web: both}}
  - {name: Numeric, ids: {telegram: 45}}
  - {name: Empty, slack_id: "", console_id: null}
  - {name: None}
`)
	want := []map[string]string{
		{"telegram": "42", "slack": "U123", "console": "juror", "whatsapp": "+32470"},
		{"telegram": "43", "slack": "W0OLD", "console": "old"},
		{"telegram": "44", "web": "both"},
		{"telegram": "45"},
		nil,
		nil,
	}
	for i, w := range want {
		if got := c.Jurors[i].IDs; !maps.Equal(got, w) {
			t.Errorf("%s: IDs = %v, want %v", c.Jurors[i].Name, got, w)
		}
	}
}

func TestJurorID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		platform, id, want, err string
	}{
		{"telegram", "42", "42", ""},
		{"telegram", "0042", "42", ""},
		{"telegram", "0", "", "positive"},
		{"telegram", "4x", "", "numeric"},
		{"slack", "U0123ABCD", "U0123ABCD", ""},
		{"slack", "u0123", "", "Slack user id"},
		{"console", "juror", "juror", ""},
		{"whatsapp", "+32 470", "+32 470", ""},
		{"whatsapp", "", "", "1 to 64"},
		{"web", strings.Repeat("w", 65), "", "1 to 64"},
		{"Web", "x", "", "not a platform name"},
		{"", "x", "", "not a platform name"},
	}
	for _, tt := range tests {
		got, err := JurorID(tt.platform, tt.id)
		if tt.err == "" && (err != nil || got != tt.want) {
			t.Errorf("JurorID(%q, %q) = %q, %v; want %q", tt.platform, tt.id, got, err, tt.want)
		}
		if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("JurorID(%q, %q) = %q, %v; want an error saying %q", tt.platform, tt.id, got, err, tt.err)
		}
	}
}

func TestParseContestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		src   string
		field string
		line  int
		msg   string // a substring of the message
	}{
		{"empty", "", "", 1, "empty"},
		{"unclosed list", "slug: a\nname: [b\nphases: c\n", "", 2, "malformed YAML: did not find expected ',' or ']'"},
		{"bad indentation", "slug: a\nname: b\n  phases: c\n", "", 3, "malformed YAML: mapping values"},
		{"tab", "slug: a\n\tname: b\n", "", 2, "malformed YAML"},
		{"text after quotes", "slug: a\nname: \"b\" c\n", "", 2, "malformed YAML: did not find expected key"},
		{"list item missing", "slug: a\nphases:\n  - a\n  b: 1\n", "", 3, "malformed YAML: did not find expected '-'"},
		{"undefined alias", "slug: *x\n", "", 1, "malformed YAML"},
		{"two documents", minimal + "---\nslug: x\n", "", 6, "second"},
		{"not a mapping", "- a\n", "", 1, "mapping"},
		{"unknown top key", minimal + "prize: [1]\n", "prize", 6, `unknown key "prize"`},
		{"unknown nested key", minimal + "ballot: {votes: 2}\n", "ballot.votes", 6, `unknown key "votes"`},
		{"repeated key", minimal + "slug: again\n", "slug", 6, "first on line 1"},
		{"slug required", "name: x\n", "slug", 1, "required"},
		{"bad slug", "slug: Prix 2026\nname: x\n", "slug", 1, "lower-case"},
		{"name required", "slug: x\nname:\n", "name", 2, "required"},
		{"unknown timezone", minimal + "timezone: Europe/Bruxelles\n", "timezone", 6, "unknown timezone"},
		{"local timezone", minimal + "timezone: Local\n", "timezone", 6, "unknown timezone"},
		{"negative weight", minimal + "weights: {public: -1, jury: 75}\n", "weights.public", 6, ">= 0"},
		{"both weights zero", minimal + "weights: {public: 0, jury: 0}\n", "weights", 6, "both be 0"},
		{"half weights", minimal + "weights: {public: 50}\n", "weights.jury", 6, "required"},
		{"weight not a number", minimal + "weights: {public: lots, jury: 1}\n", "weights.public", 6, "number"},
		{"prize not a number", minimal + "prizes: [10000, \"5 000\"]\n", "prizes[1]", 6, "whole number"},
		{"prize zero", minimal + "prizes: [10000,\n  0]\n", "prizes[1]", 7, "positive"},
		{"zero votes", minimal + "ballot:\n  votes_per_voter: 0\n", "ballot.votes_per_voter", 7, "at least 1"},
		{"allow_change not bool", minimal + "ballot: {allow_change: maybe}\n", "ballot.allow_change", 6, "true or false"},
		{"unknown verification", minimal + "verification: {telegram: sms}\n", "verification.telegram", 6, `"phone"`},
		{"bad country code", minimal + "verification: {phone_country_codes: [\"32\"]}\n", "verification.phone_country_codes[0]", 6, "country calling code"},
		{"duplicate sector", minimal + "sectors:\n  - Santé\n  - Santé\n", "sectors[1]", 8, "twice"},
		{"empty sectors", minimal + "sectors: []\n", "sectors", 6, "at least one"},
		{"phase without end", "slug: x\nname: x\nphases:\n  - name: a\n    start: 2026-01-01T00:00\n", "phases[0].end", 4, "required"},
		{"phase bad time", "slug: x\nname: x\nphases:\n  - name: a\n    start: 2026-01-01\n    end: 2026-01-02T00:00\n", "phases[0].start", 5, "local time"},
		{"phase start after end", "slug: x\nname: x\nphases:\n  - {name: selection, start: 2026-01-02T00:00,\n     end: 2026-01-01T23:59}\n", "phases[0].end", 5, "before it starts"},
		{"phases overlap", minimal + "  - {name: ceremony, start: 2026-09-15T23:59, end: 2026-09-20T00:00}\n", "phases[2].start", 6, `before phase "public_vote" (phases[0]) is over at 2026-09-15T23:59`},
		{"duplicate phase", minimal + "  - {name: jury_vote, start: 2027-01-01T00:00, end: 2027-01-02T00:00}\n", "phases[2].name", 6, "twice"},
		{"misspelt phase name", "slug: x\nname: x\nphases: [{name: public-vote, start: 2026-01-01T00:00, end: 2026-01-02T00:00}]\n", "phases[0].name", 3, "public_vote"},
		{"name too long", "slug: x\nname: " + strings.Repeat("n", 201) + "\n", "name", 2, "under 200"},
		{"bad phase name", "slug: x\nname: x\nphases: [{name: Public Vote, start: 2026-01-01T00:00, end: 2026-01-02T00:00}]\n", "phases[0].name", 3, "not a phase prixbot knows"},
		{"reminder for unknown phase", minimal + "reminders:\n  ceremony: [1h]\n", "reminders.ceremony", 7, "no phase"},
		{"reminder not a duration", minimal + "reminders:\n  jury_vote: [1 week]\n", "reminders.jury_vote[0]", 7, "duration"},
		{"reminder negative", minimal + "reminders:\n  jury_vote: [24h,\n    -2h]\n", "reminders.jury_vote[1]", 8, "positive"},
		{"reminder repeated", minimal + "reminders:\n  jury_vote: [24h, 1440m]\n", "reminders.jury_vote[1]", 7, "twice"},
		{"unknown grid key", minimal + "grid: {criterias: []}\n", "grid.criterias", 6, "unknown key"},
		{"too few labels", minimal + "grid:\n  scale: {min: 0, max: 4, labels: [a, b]}\n", "grid.scale.labels", 7, "needs 5 labels"},
		{"labels needed", minimal + "grid:\n  scale: {min: 1, max: 4}\n", "grid.scale.labels", 7, "required"},
		{"max not above min", minimal + "grid:\n  scale: {min: 3, max: 3, labels: [a]}\n", "grid.scale.max", 7, "greater than min"},
		{"bad normalise", minimal + "grid: {normalise: minmax}\n", "grid.normalise", 6, "zscore"},
		{"duplicate criterion", minimal + "grid:\n  criteria:\n    - {id: a, group: g, label: A}\n    - {id: a, group: g, label: B}\n", "grid.criteria[1].id", 9, "twice"},
		{"criterion needs label", minimal + "grid:\n  criteria:\n    - {id: new, group: g}\n", "grid.criteria[0].label", 8, "required"},
		{"criterion needs group", minimal + "grid:\n  criteria:\n    - {id: new, label: New}\n", "grid.criteria[0].group", 8, "required"},
		{"criterion label language", minimal + "grid:\n  criteria:\n    - {id: new, group: g, label: N, labels: {de: Neu}}\n", "grid.criteria[0].labels.de", 8, "unknown key"},
		{"empty criteria", minimal + "grid: {criteria: []}\n", "grid.criteria", 6, "at least one"},
		{"juror without name", minimal + "jurors:\n  - {telegram_id: 1}\n", "jurors[0].name", 7, "required"},
		{"duplicate juror", minimal + "jurors:\n  - {name: Ada}\n  - {name: ada}\n", "jurors[1].name", 8, "twice"},
		{"juror id not a number", minimal + "jurors:\n  - {name: Ada, telegram_id: \"@ada\"}\n", "jurors[0].telegram_id", 7, "numeric"},
		{"juror shared telegram id", minimal + "jurors:\n  - {name: Ada, telegram_id: 1}\n  - {name: Bea, telegram_id: 1}\n", "jurors[1].telegram_id", 8, "already"},
		{"juror shared console id", minimal + "jurors:\n  - {name: Ada, console_id: demo}\n  - {name: Bea, console_id: demo}\n", "jurors[1].console_id", 8, "already"},
		{"bad slack id", minimal + "jurors:\n  - {name: Ada, slack_id: \"@ada\"}\n", "jurors[0].slack_id", 7, "Slack user id"},
		{"juror ids not a map", minimal + "jurors:\n  - {name: Ada, ids: [42]}\n", "jurors[0].ids", 7, "platform names to user ids"},
		{"juror ids repeated platform", minimal + "jurors:\n  - {name: Ada, ids: {slack: U1,\n      slack: U2}}\n", "jurors[0].ids.slack", 8, "repeated"},
		{"juror bad platform name", minimal + "jurors:\n  - {name: Ada, ids: {Tele Gram: \"42\"}}\n", "jurors[0].ids.Tele Gram", 7, "not a platform name"},
		{"juror id not a number in ids", minimal + "jurors:\n  - {name: Ada, ids: {telegram: \"@ada\"}}\n", "jurors[0].ids.telegram", 7, "numeric"},
		{"juror negative id in ids", minimal + "jurors:\n  - {name: Ada, ids: {telegram: -4}}\n", "jurors[0].ids.telegram", 7, "positive"},
		{"bad slack id in ids", minimal + "jurors:\n  - {name: Ada, ids: {slack: \"@ada\"}}\n", "jurors[0].ids.slack", 7, "Slack user id"},
		{"empty id on a new platform", minimal + "jurors:\n  - {name: Ada, ids: {whatsapp: \"\"}}\n", "jurors[0].ids.whatsapp", 7, "1 to 64"},
		{"overlong console id", minimal + "jurors:\n  - {name: Ada, console_id: " + strings.Repeat("c", 65) + "}\n", "jurors[0].console_id", 7, "1 to 64"},
		{"juror id shared across forms", minimal + "jurors:\n  - {name: Ada, telegram_id: 7}\n  - {name: Bea, ids: {telegram: \"7\"}}\n", "jurors[1].ids.telegram", 8, `"7" is already jurors[0]`},
		{"juror shared id on a new platform", minimal + "jurors:\n  - {name: Ada, ids: {web: ada}}\n  - {name: Bea, ids: {web: ada}}\n", "jurors[1].ids.web", 8, "already"},
		{"juror ids disagree", minimal + "jurors:\n  - name: Ada\n    ids: {telegram: \"42\"}\n    telegram_id: 43\n", "jurors[0].telegram_id", 9, `juror "Ada" has two telegram ids, "43" here and "42" in ids; keep one`},
		{"juror console ids disagree", minimal + "jurors:\n  - {name: Bea, console_id: bea, ids: {console: b}}\n", "jurors[0].console_id", 7, `juror "Bea" has two console ids`},
		{"negative retention", minimal + "retention_days: -1\n", "retention_days", 6, ">= 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseContest([]byte(tt.src))
			checkError(t, err, tt.field, tt.line, tt.msg)
		})
	}
}

func TestParseContestDST(t *testing.T) {
	t.Parallel()
	// Brussels leaves summer time on 25 October 2026 (03:00 CEST -> 02:00 CET)
	// and enters it on 29 March 2026 (02:00 CET -> 03:00 CEST).
	c := mustParse(t, `slug: dst
name: DST
phases:
  - {name: public_vote, start: 2026-03-28T12:00, end: 2026-03-29T11:59}
  - {name: jury_vote, start: 2026-10-01T00:00, end: 2026-10-25T23:59}
reminders:
  jury_vote: [72h, 24h]
`)
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	spring, _ := c.Calendar.Phase("public_vote")
	jury, _ := c.Calendar.Phase(PhaseJuryVote)
	tests := []struct {
		name      string
		got, want time.Time
	}{
		{"spring start is CET", spring.Start, utc("2026-03-28T11:00:00Z")},
		{"spring end is CEST", spring.End, utc("2026-03-29T10:00:00Z")},
		{"jury start is CEST", jury.Start, utc("2026-09-30T22:00:00Z")},
		// 2026-10-25T23:59 CET + 1 minute = 26 October 00:00 CET = 25 October 23:00 UTC.
		{"jury end is CET", jury.End, utc("2026-10-25T23:00:00Z")},
	}
	for _, tt := range tests {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got.UTC(), tt.want)
		}
	}
	// Reminders are exact durations before End (26 October 00:00 CET =
	// 25 October 23:00 UTC). 72 h before is 22 October 23:00 UTC, which is
	// 01:00 CEST on the 23rd, not midnight, because 25 October lasts 25 hours;
	// 24 h before is 24 October 23:00 UTC = 25 October 01:00 CEST.
	rs := c.ReminderSchedule()
	want := []Reminder{
		{Phase: PhaseJuryVote, Before: 72 * time.Hour, At: utc("2026-10-22T23:00:00Z")},
		{Phase: PhaseJuryVote, Before: 24 * time.Hour, At: utc("2026-10-24T23:00:00Z")},
	}
	if len(rs) != len(want) {
		t.Fatalf("ReminderSchedule = %+v", rs)
	}
	for i := range want {
		if rs[i].Phase != want[i].Phase || rs[i].Before != want[i].Before || !rs[i].At.Equal(want[i].At) {
			t.Errorf("reminder %d = %+v, want %+v", i, rs[i], want[i])
		}
	}
	if got := rs[0].At.In(c.Location).Format("2006-01-02 15:04 MST"); got != "2026-10-23 01:00 CEST" {
		t.Errorf("72h reminder local time = %s", got)
	}
	if got := rs[1].At.In(c.Location).Format("2006-01-02 15:04 MST"); got != "2026-10-25 01:00 CEST" {
		t.Errorf("24h reminder local time = %s", got)
	}
}
