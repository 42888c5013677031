package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/contest"
)

// count runs a counting query on the test database.
func (e *testEnv) count(query string) int {
	e.t.Helper()
	var n int
	if err := e.store().DB().Get(&n, query); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// walkthrough is one of README.md's "Try each role" console sessions.
type walkthrough struct {
	role  string   // voter, organiser or juror
	args  []string // after `go run ./cmd/prixbot`
	typed []string // the lines typed, in order
}

// readmeWalkthroughs reads the console sessions README.md walks a newcomer
// through: a block opening with `go run ./cmd/prixbot console …` whose
// lines after "> " are typed (up to the two spaces before their comment).
func readmeWalkthroughs(t *testing.T) []walkthrough {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []walkthrough
	for _, m := range regexp.MustCompile("(?s)\\*\\*An? (\\w+)\\*\\*[^`]*```text\ngo run ./cmd/prixbot (console[^\n]*)\n(.*?)```").FindAllStringSubmatch(string(raw), -1) {
		w := walkthrough{role: m[1], args: strings.Fields(m[2])}
		for _, line := range strings.Split(m[3], "\n") {
			if typed, ok := strings.CutPrefix(line, "> "); ok {
				typed, _, _ = strings.Cut(typed, "  ")
				w.typed = append(w.typed, strings.TrimSpace(typed))
			}
		}
		out = append(out, w)
	}
	if len(out) != 3 || out[0].role != "voter" || out[1].role != "organiser" || out[2].role != "juror" {
		t.Fatalf("README.md walks through %+v, want a voter, an organiser and a juror", out)
	}
	return out
}

// englishWords are words that, outside names, mean a French or Dutch
// conversation slipped into English (checked as whole words, any case).
var englishWords = []string{"the", "you", "your", "please", "press", "button", "buttons", "cancelled", "confirmed",
	"confirm", "cancel", "draft", "drafts", "sheet", "sheets", "submitted", "until", "left", "voters", "counted",
	"subscribers", "outbox", "waiting", "results", "announced", "current", "updated", "with", "and", "for", "yes",
	"done", "there", "which", "will", "not", "yet", "vote is", "phase is", "type", "share", "number", "conflicts"}

// notEnglishIn are words of that list that the language itself uses.
var notEnglishIn = map[string][]string{"nl": {"type"}, "fr": {"type"}}

// sampleNames are the sample contest's proper names and texts (projects,
// organisations, summaries, links, jurors), which stay as written in every
// language.
func sampleNames(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "examples/prix-2026/projects.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Juror A", "Juror B"}
	for _, r := range rows[1:] {
		names = append(names, r[1], r[2], r[4], r[5], r[6])
	}
	return names
}

// englishIn returns the English words of the list found in a transcript,
// once names and typed commands are taken out.
func englishIn(transcript, lang string, names []string) []string {
	for _, n := range names {
		if n != "" {
			transcript = strings.ReplaceAll(transcript, n, " ")
		}
	}
	// Commands are syntax, in every language: an organiser command with its
	// arguments ("/admin phase open public_vote until 2027-02-24T23:59"),
	// any other by its name.
	transcript = regexp.MustCompile(`/admin( [a-z0-9_:.@+-]+)*|/[a-z_]+`).ReplaceAllString(transcript, " ")
	var found []string
	for _, w := range englishWords {
		skip := false
		for _, own := range notEnglishIn[lang] {
			skip = skip || own == w
		}
		if !skip && regexp.MustCompile(`(?i)(^|[^\p{L}])`+w+`($|[^\p{L}])`).MatchString(transcript) {
			found = append(found, w)
		}
	}
	return found
}

// TestReadmeWalkthroughs runs README.md's three console sessions (voter,
// organiser, juror, in that order on one database) in French, Dutch and
// English: each does what README.md says, and the French and Dutch
// transcripts hold no English outside names.
func TestReadmeWalkthroughs(t *testing.T) {
	t.Parallel()
	walks := readmeWalkthroughs(t)
	names := sampleNames(t)
	for _, tc := range []struct{ lang, locale string }{{"fr", "fr_BE.UTF-8"}, {"nl", "nl_BE.UTF-8"}, {"en", "C.UTF-8"}} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t)
			e.env = append(e.env, "LANG="+tc.locale)
			e.mustRun("migrate")
			e.mustRun("import", "sample")
			for _, w := range walks {
				var out, errb bytes.Buffer
				code := runCLI(context.Background(), w.args, strings.NewReader(strings.Join(w.typed, "\n")+"\n"), &out, &errb, e.env)
				transcript := out.String()
				if code != 0 {
					t.Fatalf("%s: exit %d: %s\n%s", w.role, code, errb.String(), transcript)
				}
				var n int
				switch w.role {
				case "voter":
					if got := receiptCode.FindAllString(transcript, -1); len(got) != 2 || got[0] != got[1] || e.count("SELECT count(*) FROM votes") != 1 {
						t.Errorf("voter in %s: no vote with its receipt, shown again by /myvote:\n%s", tc.lang, transcript)
					}
				case "organiser":
					ed, err := e.store().Current(context.Background())
					if err != nil || !ed.Contest.Calendar.IsOpen(contest.PhaseJuryVote, time.Now()) || ed.Contest.Calendar.IsOpen(contest.PhasePublicVote, time.Now()) {
						t.Errorf("organiser in %s: the jury phase is not open now (%v):\n%s", tc.lang, err, transcript)
					}
				case "juror":
					n = e.count("SELECT count(*) FROM jury_sheets WHERE submitted_at IS NOT NULL")
					if n != 1 || !strings.Contains(transcript, bot.T(tc.lang, "jury.next_is", 2, "Clic & Café")) {
						t.Errorf("juror in %s: %d sheets submitted, want 1 and the next project offered:\n%s", tc.lang, n, transcript)
					}
				}
				if tc.lang != "en" {
					if found := englishIn(transcript, tc.lang, names); len(found) > 0 {
						t.Errorf("%s in %s: English words %q in the transcript:\n%s", w.role, tc.lang, found, transcript)
					}
				}
			}
		})
	}
}
