package bot_test

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
)

var receiptCode = regexp.MustCompile(`[A-Z2-7]{5}-[A-Z2-7]{5}`)

// phone returns a valid Belgian mobile number, distinct for each n.
func phone(n int) string { return fmt.Sprintf("+32470%06d", n) }

// hasButton returns the button whose Data is data.
func hasButton(resp *bot.Response, data string) (bot.Button, bool) {
	for _, b := range bottest.Buttons(resp) {
		if b.Data == data {
			return b, true
		}
	}
	return bot.Button{}, false
}

func mustButton(t *testing.T, resp *bot.Response, data string) bot.Button {
	t.Helper()
	b, ok := hasButton(resp, data)
	if !ok {
		t.Fatalf("no button %q in %q (%+v)", data, bottest.Texts(resp), bottest.Buttons(resp))
	}
	return b
}

// voteFromCard presses Vote on a card, shares the user's own contact and
// confirms; it returns the receipt.
func voteFromCard(t *testing.T, h *bottest.Harness, user, hint, project, tel string) *bot.Response {
	t.Helper()
	resp := h.Send(bottest.Lang(bottest.Press(user, "v:"+project), hint))
	ask := resp.Messages[len(resp.Messages)-1]
	if ask.RequestContact == "" {
		t.Fatalf("Vote did not ask for the contact: %+v", resp)
	}
	resp = h.Send(bottest.Lang(bottest.Contact(user, user, tel), hint))
	if !resp.Messages[0].RemoveKeyboard {
		t.Fatalf("the contact keyboard stays after verification: %+v", resp)
	}
	mustButton(t, resp, "c:"+project)
	return h.Send(bottest.Lang(bottest.Press(user, "c:"+project), hint))
}

func TestJourneyEndsWithOneCountedVoteAndReceipt(t *testing.T) {
	t.Parallel()
	const project, name = "repair-cafe-mobile", "Repair Café mobile"
	langs := []struct {
		hint, vote, final, receipt string
	}{
		{"fr-BE", "Voter", "définitif", "Reçu"},
		{"nl-BE", "Stem", "definitief", "Bewijs"},
		{"en", "Vote", "final", "Receipt"},
	}
	for _, l := range langs {
		for _, from := range []string{"deeplink", "browse"} {
			t.Run(l.hint+"/"+from, func(t *testing.T) {
				t.Parallel()
				h := bottest.New(t, nil)
				user := "1001"
				var card *bot.Response
				if from == "deeplink" {
					card = h.Send(bottest.Lang(bottest.Text(user, "/start p-"+project), l.hint))
				} else {
					menu := h.Send(bottest.Lang(bottest.Text(user, "/start"), l.hint))
					list := h.Send(bottest.Lang(bottest.Press(user, mustButton(t, menu, "m:").Data), l.hint))
					page := h.Send(bottest.Lang(bottest.Press(user, mustButton(t, list, "l:1:0").Data), l.hint))
					card = h.Send(bottest.Lang(bottest.Press(user, mustButton(t, page, "p:"+project).Data), l.hint))
				}
				if !strings.Contains(bottest.Texts(card), name) {
					t.Fatalf("card does not name the project: %q", bottest.Texts(card))
				}
				if b := mustButton(t, card, "v:"+project); b.Text != l.vote {
					t.Fatalf("vote button says %q, want %q", b.Text, l.vote)
				}
				resp := h.Send(bottest.Lang(bottest.Press(user, "v:"+project), l.hint))
				if resp.Messages[0].RequestContact == "" {
					t.Fatalf("no contact request: %+v", resp)
				}
				resp = h.Send(bottest.Lang(bottest.Contact(user, user, phone(1)), l.hint))
				if !strings.Contains(bottest.Texts(resp), l.final) {
					t.Fatalf("confirmation does not say the vote is final: %q", bottest.Texts(resp))
				}
				receipt := h.Send(bottest.Lang(bottest.Press(user, "c:"+project), l.hint))
				text := bottest.Texts(receipt)
				if !strings.Contains(text, name) || !strings.Contains(text, l.receipt) || !receiptCode.MatchString(text) ||
					!strings.Contains(text, "2026") {
					t.Fatalf("receipt lacks project, time or code: %q", text)
				}
				if receipt.Answer == "" {
					t.Fatal("the confirm press got no answer")
				}
				if got := h.Votes(); got != 1 {
					t.Fatalf("votes = %d, want 1", got)
				}
				my := h.Send(bottest.Lang(bottest.Text(user, "/myvote"), l.hint))
				if code := receiptCode.FindString(text); !strings.Contains(bottest.Texts(my), code) {
					t.Fatalf("/myvote does not show receipt %s: %q", code, bottest.Texts(my))
				}
			})
		}
	}
}

func TestEveryTextExistsInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{bot.FR, bot.NL, bot.EN} {
		for _, c := range bot.VoterCommands(lang) {
			if c[1] == "" || strings.HasPrefix(c[1], "!") {
				t.Errorf("%s: command %s has no description", lang, c[0])
			}
		}
	}
}

// TestRefusalsAddNoVote: each refused attempt adds no vote, gets a clear
// answer, and the bot still works afterwards.
func TestRefusalsAddNoVote(t *testing.T) {
	t.Parallel()
	const p = "repair-cafe-mobile"
	cases := []struct {
		name  string
		votes int // votes expected after the attempt
		try   func(t *testing.T, h *bottest.Harness) *bot.Response
		want  string // in the answer or the messages
	}{
		{"second vote", 1, func(t *testing.T, h *bottest.Harness) *bot.Response {
			voteFromCard(t, h, "1", "en", p, phone(1))
			h.Send(bottest.Lang(bottest.Press("1", "v:alpha-jardin"), "en"))
			return h.Send(bottest.Lang(bottest.Press("1", "c:alpha-jardin"), "en"))
		}, "already voted"},
		{"another person's contact", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			h.Send(bottest.Lang(bottest.Press("1", "v:"+p), "en"))
			return h.Send(bottest.Lang(bottest.Contact("1", "2", phone(2)), "en"))
		}, "not yours"},
		{"a contact with no user", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			h.Send(bottest.Lang(bottest.Press("1", "v:"+p), "en"))
			return h.Send(bottest.Lang(bottest.Contact("1", "", phone(2)), "en"))
		}, "not yours"},
		{"same phone from a second account", 1, func(t *testing.T, h *bottest.Harness) *bot.Response {
			voteFromCard(t, h, "1", "en", p, phone(1))
			h.Send(bottest.Lang(bottest.Press("2", "v:alpha-jardin"), "en"))
			return h.Send(bottest.Lang(bottest.Contact("2", "2", "32470000001"), "en"))
		}, "already voted"},
		{"non-shortlisted project by deep link", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			return h.Send(bottest.Lang(bottest.Text("1", "/start p-velo-cargo-partage"), "en"))
		}, "not one of the finalists"},
		{"non-shortlisted project by button", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			voteFromCardVerified(t, h, "1")
			return h.Send(bottest.Lang(bottest.Press("1", "c:velo-cargo-partage"), "en"))
		}, "no longer valid"},
		{"unknown project", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			return h.Send(bottest.Lang(bottest.Press("1", "v:no-such-project"), "en"))
		}, "no longer valid"},
		{"before the phase", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			h.SetNow(bottest.BeforeVote)
			return h.Send(bottest.Lang(bottest.Press("1", "v:"+p), "en"))
		}, "opens on 15 July 2026"},
		{"after the phase", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			h.Send(bottest.Lang(bottest.Press("1", "v:"+p), "en"))
			h.Send(bottest.Lang(bottest.Contact("1", "1", phone(1)), "en"))
			h.SetNow(bottest.AfterVote)
			return h.Send(bottest.Lang(bottest.Press("1", "c:"+p), "en"))
		}, "closed on 20 December 2026"},
		{"a country outside the policy", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			h.Send(bottest.Lang(bottest.Press("1", "v:"+p), "en"))
			return h.Send(bottest.Lang(bottest.Contact("1", "1", "+33612345678"), "en"))
		}, "starting with +32"},
		{"not a phone number", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			h.Send(bottest.Lang(bottest.Press("1", "v:"+p), "en"))
			return h.Send(bottest.Lang(bottest.Contact("1", "1", "12"), "en"))
		}, "could not read"},
		{"forged callback data", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			return h.Send(bottest.Lang(bottest.Press("1", "c:"+p+"' OR 1=1 --"), "en"))
		}, "no longer valid"},
		{"garbage callback data", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			return h.Send(bottest.Lang(bottest.Press("1", "\x00\xff:zz"), "en"))
		}, "no longer valid"},
		{"callback data over 64 bytes", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			return h.Send(bottest.Lang(bottest.Press("1", "l:"+strings.Repeat("9", 70)), "en"))
		}, "no longer valid"},
		{"page out of range", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			return h.Send(bottest.Lang(bottest.Press("1", "l:1:7"), "en"))
		}, "no longer valid"},
		{"a 10 KB message", 0, func(t *testing.T, h *bottest.Harness) *bot.Response {
			return h.Send(bottest.Lang(bottest.Text("1", strings.Repeat("vote ", 2048)), "en"))
		}, "too long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := bottest.New(t, nil)
			resp := c.try(t, h)
			got := resp.Answer + "\n" + bottest.Texts(resp)
			if !strings.Contains(got, c.want) {
				t.Fatalf("answer %q does not contain %q", got, c.want)
			}
			if n := h.Votes(); n != c.votes {
				t.Fatalf("votes = %d, want %d", n, c.votes)
			}
			// Still healthy: a new voter can vote.
			h.SetNow(bottest.VoteOpen)
			r := voteFromCard(t, h, "9", "en", "alpha-jardin", phone(9))
			if !strings.Contains(bottest.Texts(r), "Alpha au jardin") || h.Votes() != c.votes+1 {
				t.Fatalf("the bot no longer takes votes: %q", bottest.Texts(r))
			}
		})
	}
}

// voteFromCardVerified verifies a user without voting.
func voteFromCardVerified(t *testing.T, h *bottest.Harness, user string) {
	t.Helper()
	h.Send(bottest.Lang(bottest.Press(user, "v:alpha-jardin"), "en"))
	h.Send(bottest.Lang(bottest.Contact(user, user, phone(77)), "en"))
	h.Send(bottest.Lang(bottest.Press(user, "x:"), "en"))
}

func TestAllowChangeMovesTheVote(t *testing.T) {
	t.Parallel()
	src := sampleWith(t, "allow_change: false", "allow_change: true")
	h := bottest.New(t, &bottest.Options{ContestYAML: src})
	first := voteFromCard(t, h, "1", "en", "alpha-jardin", phone(1))
	if !strings.Contains(bottest.Texts(first), "change your mind") {
		t.Fatalf("receipt does not say the vote can change: %q", bottest.Texts(first))
	}
	resp := h.Send(bottest.Lang(bottest.Press("1", "v:repair-cafe-mobile"), "en"))
	if !strings.Contains(bottest.Texts(resp), "move your vote") {
		t.Fatalf("no change confirmation: %q", bottest.Texts(resp))
	}
	resp = h.Send(bottest.Lang(bottest.Press("1", "c:repair-cafe-mobile"), "en"))
	if !strings.Contains(bottest.Texts(resp), "Repair Café mobile") || h.Votes() != 1 {
		t.Fatalf("vote not moved: %q, votes %d", bottest.Texts(resp), h.Votes())
	}
	var project string
	if err := h.Store.DB().Get(&project, `SELECT project_id FROM votes`); err != nil || project != "repair-cafe-mobile" {
		t.Fatalf("vote is for %q (%v)", project, err)
	}
}

func sampleWith(t *testing.T, old, new string) []byte {
	t.Helper()
	src, err := readSample()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(src, old) {
		t.Fatalf("sample has no %q", old)
	}
	return []byte(strings.Replace(src, old, new, 1))
}

func TestForgetKeepsTheVoteAndTheHashUntilTheVoteCloses(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	voteFromCard(t, h, "1", "fr", "alpha-jardin", phone(1))
	h.Send(bottest.Text("1", "/subscribe"))
	ask := h.Send(bottest.Text("1", "/forget"))
	mustButton(t, ask, "f:y")
	done := h.Send(bottest.Press("1", "f:y"))
	if !strings.Contains(bottest.Texts(done), "reste compté") {
		t.Fatalf("erasure does not say the vote stays counted: %q", bottest.Texts(done))
	}
	db := h.Store.DB()
	var left int
	db.Get(&left, `SELECT count(*) FROM accounts WHERE platform_user_id IS NOT NULL OR username IS NOT NULL OR display_name IS NOT NULL OR chat_id IS NOT NULL`)
	var subs, links, hashes int
	db.Get(&subs, `SELECT count(*) FROM subscribers`)
	db.Get(&links, `SELECT count(*) FROM voter_accounts`)
	db.Get(&hashes, `SELECT count(*) FROM voters WHERE phone_hash IS NOT NULL`)
	if left != 0 || subs != 0 || links != 0 || hashes != 1 || h.Votes() != 1 {
		t.Fatalf("after /forget: accounts with ids %d, subscribers %d, links %d, hashes %d, votes %d", left, subs, links, hashes, h.Votes())
	}
	// The same person comes back with the same phone: still one vote.
	resp := voteFromCardAgain(t, h, "1", phone(1))
	if !strings.Contains(bottest.Texts(resp), "déjà voté") || h.Votes() != 1 {
		t.Fatalf("came back and voted again: %q", bottest.Texts(resp))
	}
	// After the vote closes, retention drops the hash; totals unchanged.
	n, err := h.Store.PurgeErasedPhoneHashes(t.Context(), bottest.AfterVote)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 { // the returning account re-linked the voter, so it is not erased
		h.Send(bottest.Press("1", "f:y"))
	}
	h.SetNow(bottest.AfterVote)
	h.Send(bottest.Press("1", "f:y"))
	db.Get(&hashes, `SELECT count(*) FROM voters WHERE phone_hash IS NOT NULL`)
	if hashes != 0 || h.Votes() != 1 {
		t.Fatalf("after the vote closed: hashes %d, votes %d", hashes, h.Votes())
	}
}

func voteFromCardAgain(t *testing.T, h *bottest.Harness, user, tel string) *bot.Response {
	t.Helper()
	h.Send(bottest.Press(user, "v:repair-cafe-mobile"))
	return h.Send(bottest.Contact(user, user, tel))
}

func TestLangSubscribePrivacyHelp(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	resp := h.Send(bottest.Lang(bottest.Text("5", "/lang"), "de"))
	mustButton(t, resp, "lang:nl")
	resp = h.Send(bottest.Lang(bottest.Press("5", "lang:nl"), "en"))
	if !strings.Contains(bottest.Texts(resp), "Nederlands") {
		t.Fatalf("lang: %q", bottest.Texts(resp))
	}
	// The choice beats the platform's language from now on.
	resp = h.Send(bottest.Lang(bottest.Text("5", "/subscribe"), "en"))
	if !strings.Contains(bottest.Texts(resp), "nieuws") {
		t.Fatalf("subscribe: %q", bottest.Texts(resp))
	}
	resp = h.Send(bottest.Text("5", "/subscribe"))
	if !strings.Contains(bottest.Texts(resp), "al") {
		t.Fatalf("subscribe twice: %q", bottest.Texts(resp))
	}
	resp = h.Send(bottest.Text("5", "/unsubscribe"))
	if !strings.Contains(bottest.Texts(resp), "geen nieuws meer") {
		t.Fatalf("unsubscribe: %q", bottest.Texts(resp))
	}
	for _, cmd := range []string{"/privacy", "/help", "/myvote", "/projects", "hello"} {
		resp := h.Send(bottest.Text("5", cmd))
		if txt := bottest.Texts(resp); txt == "" || strings.Contains(txt, "!") && strings.Contains(txt, "!voter") {
			t.Fatalf("%s: %q", cmd, txt)
		}
	}
	if txt := bottest.Texts(h.Send(bottest.Text("5", "/privacy"))); !strings.Contains(txt, "90") {
		t.Fatalf("privacy does not say how long: %q", txt)
	}
}

func TestBrowsePaginatesAndFitsTelegramLimits(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, &bottest.Options{ProjectsCSV: manyProjects(t, 19)})
	resp := h.Send(bottest.Press("1", "l:0:0"))
	mustButton(t, resp, "l:0:1")
	resp = h.Send(bottest.Press("1", "l:0:2"))
	mustButton(t, resp, "l:0:1")
	if _, ok := hasButton(resp, "l:0:3"); ok {
		t.Fatal("a page after the last")
	}
	for _, b := range bottest.Buttons(resp) {
		if len(b.Data) > bot.MaxCallbackData {
			t.Fatalf("callback data %q over 64 bytes", b.Data)
		}
	}
	// A card with an image is a photo with a caption within 1024 characters.
	card := h.Send(bottest.Text("1", "/start p-ecole-des-devoirs-volante"))
	if m := card.Messages[0]; m.PhotoURL == "" || len([]rune(m.Text)) > bot.MaxCaptionLen {
		t.Fatalf("card: photo %q, %d characters", m.PhotoURL, len([]rune(m.Text)))
	}
}

// manyProjects returns the sample projects plus n shortlisted ones in the
// first sector with long summaries.
func manyProjects(t *testing.T, n int) []byte {
	t.Helper()
	src, err := readSampleProjects()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(src)
	for i := range n {
		fmt.Fprintf(&b, "extra-%d,Projet %d,Org,Éducation et formation,%s,,,true\n", i, i, strings.Repeat("Long texte. ", 160))
	}
	return []byte(b.String())
}

func TestTwoHundredVotersAtOnceDeliveredTwice(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	const voters = 200
	var mu sync.Mutex
	receipts := 0
	var wg sync.WaitGroup
	for i := range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprint(5000 + i)
			steps := []bot.Event{
				bottest.Text(user, "/start p-alpha-jardin"),
				bottest.Press(user, "v:alpha-jardin"),
				bottest.Contact(user, user, phone(i)),
				bottest.Press(user, "c:alpha-jardin"),
			}
			for j, ev := range steps {
				ev.UpdateID = fmt.Sprintf("%s-%d", user, j)
				var twice sync.WaitGroup
				for range 2 {
					twice.Add(1)
					go func() {
						defer twice.Done()
						resp, err := h.Handle(ev)
						if err != nil {
							t.Errorf("user %s step %d: %v", user, j, err)
							return
						}
						if receiptCode.MatchString(bottest.Texts(resp)) && strings.Contains(bottest.Texts(resp), "Alpha au jardin") && j == 3 {
							mu.Lock()
							receipts++
							mu.Unlock()
						}
					}()
				}
				twice.Wait()
			}
		}()
	}
	wg.Wait()
	if got := h.Votes(); got != voters || receipts != voters {
		t.Fatalf("votes %d, receipts %d; want %d each", got, receipts, voters)
	}
}

func TestEditionCacheSeesPhaseChange(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	h.SetNow(bottest.AfterVote)
	resp := h.Send(bottest.Lang(bottest.Text("1", "/start"), "en"))
	if !strings.Contains(bottest.Texts(resp), "closed") {
		t.Fatalf("after the vote: %q", bottest.Texts(resp))
	}
	h.SetNow(bottest.VoteOpen.Add(time.Hour))
	resp = h.Send(bottest.Lang(bottest.Text("1", "/start"), "en"))
	if !strings.Contains(bottest.Texts(resp), "open until") {
		t.Fatalf("during the vote: %q", bottest.Texts(resp))
	}
}

// TestVotePressRecordsPendingProject follows the pending project that a Vote
// press records in its update's own statement: nothing outside the phase or
// for a project that is not on the shortlist, nothing again on a
// redelivery, nothing once the sender is a voter; taken at verification,
// also when the press was the sender's first update.
func TestVotePressRecordsPendingProject(t *testing.T) {
	t.Parallel()
	const p = "repair-cafe-mobile"
	h := bottest.New(t, nil)
	pending := func(want string) {
		t.Helper()
		var got string
		if err := h.Store.DB().Get(&got, `SELECT COALESCE(pending_project, '') FROM accounts WHERE platform_user_id = '1'`); err != nil || got != want {
			t.Fatalf("pending project %q, %v; want %q", got, err, want)
		}
	}
	press := func(update, data string) *bot.Response {
		t.Helper()
		ev := bottest.Lang(bottest.Press("1", data), "en")
		ev.UpdateID = update
		return h.Send(ev)
	}
	h.SetNow(bottest.BeforeVote)
	press("1", "v:"+p)
	pending("")
	h.SetNow(bottest.VoteOpen)
	if resp := press("2", "v:velo-cargo-partage"); resp.Answer != bot.T(bot.EN, "error.unknown_button") {
		t.Fatalf("a non-shortlisted project: %+v", resp)
	}
	press("3", "v:no-such-project")
	pending("")
	if resp := press("4", "v:"+p); resp.Messages[0].RequestContact == "" {
		t.Fatalf("no contact request: %+v", resp)
	}
	pending(p)
	press("5", "v:alpha-jardin")
	if resp := press("4", "v:"+p); !resp.Duplicate || len(resp.Messages) != 0 {
		t.Fatalf("a redelivered press: %+v", resp)
	}
	pending("alpha-jardin")
	mustButton(t, h.Send(bottest.Lang(bottest.Contact("1", "1", phone(1)), "en")), "c:alpha-jardin")
	pending("")
	mustButton(t, press("6", "v:"+p), "c:"+p)
	pending("")
	// A press as the sender's very first update (a new account).
	h.Send(bottest.Lang(bottest.Press("2", "v:"+p), "en"))
	mustButton(t, h.Send(bottest.Lang(bottest.Contact("2", "2", phone(2)), "en")), "c:"+p)
	if got := h.Votes(); got != 0 {
		t.Fatalf("votes = %d, want 0", got)
	}
}

// TestConfirmWhenTheDatabaseDisagrees confirms votes that the cached contest
// allows but the database does not: a project the organisers took off the
// shortlist a moment ago, and a ballot whose only slot a voided vote holds.
// Each gets a clear answer, no vote, and its update is recorded.
func TestConfirmWhenTheDatabaseDisagrees(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, &bottest.Options{Configure: func(c *bot.Config) { c.EditionTTL = time.Hour }})
	confirm := func(user, update, project string) *bot.Response {
		t.Helper()
		ev := bottest.Lang(bottest.Press(user, "c:"+project), "en")
		ev.UpdateID = update
		return h.Send(ev)
	}
	h.Send(bottest.Lang(bottest.Press("1", "v:alpha-jardin"), "en"))
	mustButton(t, h.Send(bottest.Lang(bottest.Contact("1", "1", phone(1)), "en")), "c:alpha-jardin")
	if _, err := h.Store.DB().Exec(`UPDATE projects SET shortlisted = false WHERE id = 'alpha-jardin'`); err != nil {
		t.Fatal(err)
	}
	resp := confirm("1", "c1", "alpha-jardin")
	if want := bot.T(bot.EN, "error.not_found"); resp.Answer != want || !strings.Contains(bottest.Texts(resp), want) {
		t.Fatalf("a project just taken off the shortlist: %+v", resp)
	}
	if again := confirm("1", "c1", "alpha-jardin"); !again.Duplicate || h.Votes() != 0 {
		t.Fatalf("redelivered: %+v, votes %d", again, h.Votes())
	}

	if !receiptCode.MatchString(bottest.Texts(confirm("1", "c2", "repair-cafe-mobile"))) {
		t.Fatal("no receipt for a shortlisted project")
	}
	if _, err := h.Store.DB().Exec(`UPDATE votes SET voided_at = now(), void_reason = 'test'`); err != nil {
		t.Fatal(err)
	}
	resp = confirm("1", "c3", "ecole-des-devoirs-volante")
	if want := bot.T(bot.EN, "voter.vote_voided_short"); resp.Answer != want || receiptCode.MatchString(bottest.Texts(resp)) {
		t.Fatalf("a voided vote holding the slot: %+v", resp)
	}
	var votes int
	if err := h.Store.DB().Get(&votes, `SELECT count(*) FROM votes`); err != nil || votes != 1 {
		t.Fatalf("%d votes stored (%v), want the voided one", votes, err)
	}
}

// TestPrivacyListsEverythingKept: /privacy names, in each language, what the
// database keeps about a voter, the fraud report's hash of the number's
// block included.
func TestPrivacyListsEverythingKept(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	for lang, want := range map[string][]string{
		"fr": {"sans ses trois derniers chiffres", "pseudo", "reçu", "Voter"},
		"nl": {"zonder de drie laatste cijfers", "gebruikersnaam", "bewijs", "Stem"},
		"en": {"without its last three digits", "username", "receipt", "Vote"},
	} {
		got := bottest.Texts(h.Send(bottest.Lang(bottest.Text("privacy-"+lang, "/privacy"), lang)))
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("/privacy in %s lacks %q:\n%s", lang, w, got)
			}
		}
	}
}
