package contest

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // timezones must not depend on the host's zoneinfo files

	"gopkg.in/yaml.v3"
)

// DefaultTimezone is the contest's timezone when the file names none.
const DefaultTimezone = "Europe/Brussels"

// phaseLayout is how phase boundaries are written: a local time to the minute.
const phaseLayout = "2006-01-02T15:04"

// Defaults of the optional keys of a contest file.
var (
	defaultWeights = Weights{Public: 25, Jury: 75}
	defaultPrizes  = []int{10000, 5000, 2500}
	defaultBallot  = Ballot{VotesPerVoter: 1}
)

// ParseContest reads a contest file (YAML, see docs/contracts.md, "Contest
// file") and returns the contest it describes, with defaults filled in and
// its phases sorted by start.
//
// Phase boundaries are local times "YYYY-MM-DDTHH:MM" in the contest's
// timezone (default Europe/Brussels), resolved with time.Date so that
// daylight-saving changes are honoured. The end written in the file is the last
// minute of the phase: Phase.End is that minute plus one, the first instant
// after the phase, so "end: 2026-06-30T23:59" gives an End of 1 July 00:00.
//
// Every failure is an Invalid *Error with the 1-based Line and the Field path
// (e.g. "phases[2].end"): malformed YAML, an unknown or repeated key, a value
// of the wrong type, and any rule checked by Validate.
func ParseContest(data []byte) (*Contest, error) {
	p := &parser{lines: map[string]int{}}
	c, err := p.contest(data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Line == 0 {
			e.Line = p.lineOf(e.Field)
		}
		return nil, err
	}
	slices.SortStableFunc(c.Calendar.Phases, func(a, b Phase) int { return a.Start.Compare(b.Start) })
	return c, nil
}

// parser turns a YAML node tree into a Contest, remembering the line of every
// field path so that rule violations found later can name it.
type parser struct {
	lines map[string]int
}

// lineOf returns the line of field, or of its nearest enclosing field.
func (p *parser) lineOf(field string) int {
	for {
		if line, ok := p.lines[field]; ok {
			return line
		}
		i := strings.LastIndexAny(field, ".[")
		if i < 0 {
			return p.lines[""]
		}
		field = field[:i]
	}
}

// phaseTime renders an instant as the local time written in contest files.
func phaseTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(phaseLayout)
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): `)

func (p *parser) contest(data []byte) (*Contest, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Code: Invalid, Line: 1, Message: "the contest file is empty"}
		}
		return nil, yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, yamlError(err)
		}
		return nil, &Error{Code: Invalid, Line: extra.Line, Message: "a contest file holds one YAML document, found a second one"}
	}
	if len(doc.Content) == 0 {
		return nil, &Error{Code: Invalid, Line: 1, Message: "the contest file is empty"}
	}
	root := doc.Content[0]
	p.lines[""] = root.Line
	f, err := p.fields(root, "", "slug", "name", "timezone", "weights", "prizes", "ballot",
		"verification", "sectors", "phases", "reminders", "grid", "jurors", "retention_days")
	if err != nil {
		return nil, err
	}
	c := &Contest{
		Weights:      defaultWeights,
		Prizes:       slices.Clone(defaultPrizes),
		Ballot:       defaultBallot,
		Verification: Verification{Telegram: VerifyPhone, PhoneCountryCodes: []string{}},
		Sectors:      slices.Clone(DefaultSectors),
		Grid:         DefaultGrid(),
	}
	steps := []func() error{
		func() (err error) { c.Slug, err = p.str(f, "", "slug"); return },
		func() (err error) { c.Name, err = p.str(f, "", "name"); return },
		func() (err error) { c.Location, err = p.timezone(f["timezone"]); return },
		func() error { return p.weights(f["weights"], &c.Weights) },
		func() error { return p.prizes(f["prizes"], &c.Prizes) },
		func() error { return p.ballot(f["ballot"], &c.Ballot) },
		func() error { return p.verification(f["verification"], &c.Verification) },
		func() error { return p.stringList(f["sectors"], "sectors", &c.Sectors) },
		func() (err error) { c.Calendar.Phases, err = p.phases(f["phases"], c.Location); return },
		func() (err error) { c.Reminders, err = p.reminders(f["reminders"]); return },
		func() error { return p.grid(f["grid"], &c.Grid) },
		func() (err error) { c.Jurors, err = p.jurors(f["jurors"]); return },
		func() error { return p.integer(f["retention_days"], "retention_days", &c.RetentionDays) },
		c.Validate,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	c.Slug, c.Name = strings.TrimSpace(c.Slug), strings.TrimSpace(c.Name)
	return c, nil
}

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner). For them yaml.v3 reports the 0-based line where the enclosing
// construct starts, so yamlError adds one.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// yamlError turns a yaml.v3 syntax error into an Invalid *Error with its
// 1-based line. A message without a line is about line 1.
func yamlError(err error) *Error {
	msg, line := strings.TrimPrefix(err.Error(), "yaml: "), 0
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = err.Error()[len(m[0]):]
	}
	if line == 0 || slices.Contains(yamlParserProblems, msg) {
		line++
	}
	return &Error{Code: Invalid, Line: line, Message: "malformed YAML: " + msg}
}

// join builds a field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// fields checks that n is a mapping whose keys are all allowed and appear
// once, records their lines, and returns the non-null values by key. A null
// value (`key:` with nothing after it) counts as absent.
func (p *parser) fields(n *yaml.Node, path string, allowed ...string) (map[string]*yaml.Node, error) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return nil, &Error{Code: Invalid, Field: path, Line: n.Line, Message: "must be a mapping of keys to values"}
	}
	out := map[string]*yaml.Node{}
	keyLine := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		field := join(path, k.Value)
		if k.Kind != yaml.ScalarNode {
			return nil, &Error{Code: Invalid, Field: path, Line: k.Line, Message: "keys must be plain names"}
		}
		if !slices.Contains(allowed, k.Value) {
			return nil, &Error{Code: Invalid, Field: field, Line: k.Line,
				Message: fmt.Sprintf("unknown key %q (expected one of: %s)", k.Value, strings.Join(allowed, ", "))}
		}
		if first, ok := keyLine[k.Value]; ok {
			return nil, &Error{Code: Invalid, Field: field, Line: k.Line,
				Message: fmt.Sprintf("key %q is repeated (first on line %d)", k.Value, first)}
		}
		keyLine[k.Value] = k.Line
		p.lines[field] = v.Line
		if !isNull(v) {
			out[k.Value] = v
		}
	}
	return out, nil
}

// anyFields is fields for a mapping whose keys are names of the file's own
// choosing (phases, platforms): n must map what says.
func (p *parser) anyFields(n *yaml.Node, path, what string) (map[string]*yaml.Node, error) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return nil, &Error{Code: Invalid, Field: path, Line: n.Line, Message: "must map " + what}
	}
	keys := make([]string, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, resolve(n.Content[i]).Value)
	}
	return p.fields(n, path, keys...)
}

// seq checks that n is a sequence and returns its items, recording their lines.
func (p *parser) seq(n *yaml.Node, path string) ([]*yaml.Node, error) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		return nil, &Error{Code: Invalid, Field: path, Line: n.Line, Message: "must be a list"}
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, item := range n.Content {
		items[i] = resolve(item)
		p.lines[index(path, i)] = items[i].Line
	}
	return items, nil
}

// scalar returns the text of a scalar node.
func scalar(n *yaml.Node, path, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", &Error{Code: Invalid, Field: path, Line: n.Line, Message: "must be " + what}
	}
	return n.Value, nil
}

// str returns the string value of key in f, "" when absent.
func (p *parser) str(f map[string]*yaml.Node, path, key string) (string, error) {
	n, ok := f[key]
	if !ok {
		return "", nil
	}
	return scalar(n, join(path, key), "text")
}

// integer decodes n into *dst when n is present.
func (p *parser) integer(n *yaml.Node, path string, dst *int) error {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(dst) != nil {
		return &Error{Code: Invalid, Field: path, Line: n.Line, Message: fmt.Sprintf("must be a whole number, got %q", n.Value)}
	}
	return nil
}

// number decodes n into *dst when n is present.
func (p *parser) number(n *yaml.Node, path string, dst *float64) error {
	if n == nil {
		return nil
	}
	tag := n.ShortTag()
	if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || n.Decode(dst) != nil {
		return &Error{Code: Invalid, Field: path, Line: n.Line, Message: fmt.Sprintf("must be a number, got %q", n.Value)}
	}
	return nil
}

// boolean decodes n into *dst when n is present.
func (p *parser) boolean(n *yaml.Node, path string, dst *bool) error {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(dst) != nil {
		return &Error{Code: Invalid, Field: path, Line: n.Line, Message: fmt.Sprintf("must be true or false, got %q", n.Value)}
	}
	return nil
}

// stringList replaces *dst with the list of strings in n when n is present.
func (p *parser) stringList(n *yaml.Node, path string, dst *[]string) error {
	if n == nil {
		return nil
	}
	items, err := p.seq(n, path)
	if err != nil {
		return err
	}
	out := make([]string, len(items))
	for i, item := range items {
		if out[i], err = scalar(item, index(path, i), "text"); err != nil {
			return err
		}
		out[i] = strings.TrimSpace(out[i])
	}
	*dst = out
	return nil
}

func (p *parser) timezone(n *yaml.Node) (*time.Location, error) {
	name := DefaultTimezone
	if n != nil {
		var err error
		if name, err = scalar(n, "timezone", "an IANA timezone name such as Europe/Brussels"); err != nil {
			return nil, err
		}
	}
	// "Local" and "" would make the calendar depend on the host.
	loc, err := time.LoadLocation(name)
	if name == "" || name == "Local" || err != nil {
		return nil, FieldErrorf(Invalid, "timezone", "unknown timezone %q (use an IANA name such as Europe/Brussels)", name)
	}
	return loc, nil
}

func (p *parser) weights(n *yaml.Node, w *Weights) error {
	if n == nil {
		return nil
	}
	f, err := p.fields(n, "weights", "public", "jury")
	if err != nil {
		return err
	}
	for _, key := range []string{"public", "jury"} {
		if f[key] == nil {
			return &Error{Code: Invalid, Field: "weights." + key, Line: n.Line, Message: "is required when weights are given"}
		}
	}
	if err := p.number(f["public"], "weights.public", &w.Public); err != nil {
		return err
	}
	return p.number(f["jury"], "weights.jury", &w.Jury)
}

func (p *parser) prizes(n *yaml.Node, dst *[]int) error {
	if n == nil {
		return nil
	}
	items, err := p.seq(n, "prizes")
	if err != nil {
		return err
	}
	out := make([]int, len(items))
	for i, item := range items {
		if err := p.integer(item, index("prizes", i), &out[i]); err != nil {
			return err
		}
	}
	*dst = out
	return nil
}

func (p *parser) ballot(n *yaml.Node, b *Ballot) error {
	if n == nil {
		return nil
	}
	f, err := p.fields(n, "ballot", "votes_per_voter", "allow_change")
	if err != nil {
		return err
	}
	if err := p.integer(f["votes_per_voter"], "ballot.votes_per_voter", &b.VotesPerVoter); err != nil {
		return err
	}
	return p.boolean(f["allow_change"], "ballot.allow_change", &b.AllowChange)
}

func (p *parser) verification(n *yaml.Node, v *Verification) error {
	if n == nil {
		return nil
	}
	f, err := p.fields(n, "verification", "telegram", "phone_country_codes")
	if err != nil {
		return err
	}
	if f["telegram"] != nil {
		if v.Telegram, err = p.str(f, "verification", "telegram"); err != nil {
			return err
		}
	}
	return p.stringList(f["phone_country_codes"], "verification.phone_country_codes", &v.PhoneCountryCodes)
}

func (p *parser) phases(n *yaml.Node, loc *time.Location) ([]Phase, error) {
	if n == nil {
		return nil, nil
	}
	items, err := p.seq(n, "phases")
	if err != nil {
		return nil, err
	}
	out := make([]Phase, len(items))
	for i, item := range items {
		path := index("phases", i)
		f, err := p.fields(item, path, "name", "start", "end")
		if err != nil {
			return nil, err
		}
		if out[i].Name, err = p.str(f, path, "name"); err != nil {
			return nil, err
		}
		if out[i].Start, err = p.localTime(f, path, "start", loc); err != nil {
			return nil, err
		}
		end, err := p.localTime(f, path, "end", loc)
		if err != nil {
			return nil, err
		}
		if out[i].Start.After(end) {
			return nil, &Error{Code: Invalid, Field: path + ".end", Line: f["end"].Line,
				Message: fmt.Sprintf("phase %q ends (%s) before it starts (%s)", out[i].Name, f["end"].Value, f["start"].Value)}
		}
		out[i].End = end.Add(time.Minute)
	}
	return out, nil
}

// localTime reads a required "YYYY-MM-DDTHH:MM" local time in loc.
func (p *parser) localTime(f map[string]*yaml.Node, path, key string, loc *time.Location) (time.Time, error) {
	field := join(path, key)
	n, ok := f[key]
	if !ok {
		return time.Time{}, FieldErrorf(Invalid, field, "is required (a local time such as 2026-04-01T00:00)")
	}
	if n.Kind == yaml.ScalarNode {
		if t, err := time.Parse(phaseLayout, n.Value); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, loc), nil
		}
	}
	return time.Time{}, &Error{Code: Invalid, Field: field, Line: n.Line,
		Message: fmt.Sprintf("%q is not a local time like 2026-04-01T00:00", n.Value)}
}

func (p *parser) reminders(n *yaml.Node) (map[string][]time.Duration, error) {
	out := map[string][]time.Duration{}
	if n == nil {
		return out, nil
	}
	// Any phase name is a valid key here; Validate checks that the phase exists.
	f, err := p.anyFields(n, "reminders", "phase names to lists of durations")
	if err != nil {
		return nil, err
	}
	for name, v := range f {
		path := "reminders." + name
		items, err := p.seq(v, path)
		if err != nil {
			return nil, err
		}
		ds := make([]time.Duration, len(items))
		for i, item := range items {
			s, err := scalar(item, index(path, i), "a duration such as \"24h\"")
			if err != nil {
				return nil, err
			}
			if ds[i], err = time.ParseDuration(s); err != nil {
				return nil, &Error{Code: Invalid, Field: index(path, i), Line: item.Line,
					Message: fmt.Sprintf("%q is not a duration such as \"72h\" or \"90m\"", s)}
			}
		}
		out[name] = ds
	}
	return out, nil
}

func (p *parser) grid(n *yaml.Node, g *Grid) error {
	if n == nil {
		return nil
	}
	f, err := p.fields(n, "grid", "scale", "criteria", "normalise")
	if err != nil {
		return err
	}
	if f["normalise"] != nil {
		if g.Normalise, err = p.str(f, "grid", "normalise"); err != nil {
			return err
		}
	}
	if err := p.scale(f["scale"], &g.Scale); err != nil {
		return err
	}
	if f["criteria"] == nil {
		return nil
	}
	items, err := p.seq(f["criteria"], "grid.criteria")
	if err != nil {
		return err
	}
	g.Criteria = make([]Criterion, len(items))
	for i, item := range items {
		if g.Criteria[i], err = p.criterion(item, index("grid.criteria", i)); err != nil {
			return err
		}
	}
	return nil
}

// scale reads grid.scale. Min and max default to 0 and 3; labels may be left
// out only on that default range, where the labels of seed 004 apply.
func (p *parser) scale(n *yaml.Node, s *Scale) error {
	if n == nil {
		return nil
	}
	f, err := p.fields(n, "grid.scale", "min", "max", "labels")
	if err != nil {
		return err
	}
	if err := p.integer(f["min"], "grid.scale.min", &s.Min); err != nil {
		return err
	}
	if err := p.integer(f["max"], "grid.scale.max", &s.Max); err != nil {
		return err
	}
	if err := p.stringList(f["labels"], "grid.scale.labels", &s.Labels); err != nil {
		return err
	}
	if f["labels"] == nil && (s.Min != 0 || s.Max != 3) {
		return &Error{Code: Invalid, Field: "grid.scale.labels", Line: n.Line,
			Message: fmt.Sprintf("are required for a scale other than 0..3 (one per level %d..%d)", s.Min, s.Max)}
	}
	return nil
}

// criterion reads one grid criterion. A criterion with a default id (see
// DefaultGrid) may leave out its group and label; it keeps the Dutch and
// English translations of the default unless its label was changed or it
// gives labels of its own.
func (p *parser) criterion(n *yaml.Node, path string) (Criterion, error) {
	f, err := p.fields(n, path, "id", "group", "label", "labels")
	if err != nil {
		return Criterion{}, err
	}
	var c Criterion
	if c.ID, err = p.str(f, path, "id"); err != nil {
		return c, err
	}
	if c.Group, err = p.str(f, path, "group"); err != nil {
		return c, err
	}
	if c.Label, err = p.str(f, path, "label"); err != nil {
		return c, err
	}
	c.Group, c.Label = strings.TrimSpace(c.Group), strings.TrimSpace(c.Label)
	if def := defaultCriterion(c.ID); def.ID != "" {
		c.Group = cmp.Or(c.Group, def.Group)
		c.Label = cmp.Or(c.Label, def.Label)
		if c.Label == def.Label {
			c.Labels = def.Labels
		}
	}
	if ln := f["labels"]; ln != nil {
		lf, err := p.fields(ln, path+".labels", LangFR, LangNL, LangEN)
		if err != nil {
			return c, err
		}
		c.Labels = map[string]string{}
		for lang := range lf {
			if c.Labels[lang], err = p.str(lf, path+".labels", lang); err != nil {
				return c, err
			}
		}
	}
	return c, nil
}

// oldJurorKeys are the per-platform keys a juror had before the ids map,
// still read: each stands for one platform of ids.
var oldJurorKeys = []struct{ key, platform string }{
	{"telegram_id", "telegram"}, {"slack_id", "slack"}, {"console_id", "console"},
}

func (p *parser) jurors(n *yaml.Node) ([]JurorSpec, error) {
	if n == nil {
		return nil, nil
	}
	items, err := p.seq(n, "jurors")
	if err != nil {
		return nil, err
	}
	out := make([]JurorSpec, len(items))
	for i, item := range items {
		path := index("jurors", i)
		f, err := p.fields(item, path, "name", "ids", "telegram_id", "slack_id", "console_id")
		if err != nil {
			return nil, err
		}
		if out[i].Name, err = p.str(f, path, "name"); err != nil {
			return nil, err
		}
		out[i].Name = strings.TrimSpace(out[i].Name)
		if out[i].IDs, err = p.jurorIDs(f["ids"], path+".ids"); err != nil {
			return nil, err
		}
		for _, old := range oldJurorKeys {
			v := f[old.key]
			if v == nil {
				continue
			}
			field := path + "." + old.key
			id, err := scalar(v, field, "text")
			if err != nil {
				return nil, err
			}
			if id == "" { // an empty old key always meant no id
				continue
			}
			if old.key == "telegram_id" { // a YAML number, as it always had to be
				var n int64
				if v.ShortTag() != "!!int" || v.Decode(&n) != nil {
					return nil, &Error{Code: Invalid, Field: field, Line: v.Line,
						Message: fmt.Sprintf("must be a numeric Telegram user id, got %q", v.Value)}
				}
				id = strconv.FormatInt(n, 10)
			}
			if given, ok := out[i].IDs[old.platform]; ok && given != id {
				return nil, &Error{Code: Invalid, Field: field, Line: v.Line,
					Message: fmt.Sprintf("juror %q has two %s ids, %q here and %q in ids; keep one", out[i].Name, old.platform, id, given)}
			}
			if out[i].IDs == nil {
				out[i].IDs = map[string]string{}
			}
			if out[i].oldKeys == nil {
				out[i].oldKeys = map[string]string{}
			}
			out[i].IDs[old.platform] = id
			out[i].oldKeys[old.platform] = old.key
		}
	}
	return out, nil
}

// jurorIDs reads a juror's ids map (platform: user id); Validate checks the
// platform names and the ids.
func (p *parser) jurorIDs(n *yaml.Node, path string) (map[string]string, error) {
	if n == nil {
		return nil, nil
	}
	// Any platform name is a valid key here; Validate checks its form.
	f, err := p.anyFields(n, path, `platform names to user ids, like {telegram: "42"}`)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]string, len(f))
	for platform, v := range f {
		if ids[platform], err = scalar(v, join(path, platform), "a user id"); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// SameContent reports whether two contest files say the same thing: the same
// YAML values, whatever their layout, comments, quoting or key order. A file
// that cannot be read as YAML is the same only as itself, byte for byte.
func SameContent(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var va, vb any
	if yaml.Unmarshal(a, &va) != nil || yaml.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}
