package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"prixbot/contest"
	"prixbot/examples"
	"prixbot/store"
	"prixbot/store/storetest"
)

// sampleStore returns a store on a new database holding the sample contest
// and its projects, closed at the end of the test.
func sampleStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.Migrated(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	src, _ := examples.FS.ReadFile(examples.SampleContest)
	csv, _ := examples.FS.ReadFile(examples.SampleProjects)
	c, err := contest.ParseContest(src)
	if err != nil {
		t.Fatal(err)
	}
	actor := store.Actor{Platform: "system", ID: "test"}
	id, _, err := st.SaveContest(ctx, c, string(src), actor)
	if err != nil {
		t.Fatal(err)
	}
	projects, err := contest.ParseProjects(strings.NewReader(string(csv)), c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportProjects(ctx, id, projects, actor); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestReadOnlyHandlerThatWritesFails registers a handler as writing nothing
// that writes anyway: the update fails with an error (and an apology), and
// nothing is written.
func TestReadOnlyHandlerThatWritesFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := sampleStore(t)
	b := New(Config{Store: st, Log: slog.New(slog.DiscardHandler)})
	b.readCommand("probe", func(ctx context.Context, r *Request) error {
		return r.Tx.SetLanguage(ctx, r.Account.ID, NL)
	})
	resp, err := b.Handle(ctx, Event{Platform: Telegram, UpdateID: "1", UserID: "1", ChatID: "1", Text: "/probe"})
	if err == nil || len(resp.Messages) != 1 || resp.Messages[0].Text != T(FR, "error.sorry") {
		t.Fatalf("a read-only handler that writes: %v, %+v", err, resp)
	}
	var chosen int
	if err := st.DB().Get(&chosen, `SELECT count(*) FROM accounts WHERE language_chosen`); err != nil || chosen != 0 {
		t.Fatalf("languages chosen: %d, %v", chosen, err)
	}
	for _, ev := range []Event{
		{Text: "/start p-x"}, {Text: "/help"}, {Text: "/myvote"}, {Callback: &Callback{Data: "l:0:0"}}, {Callback: &Callback{Data: "zz:"}},
		{Callback: &Callback{Data: "v:x"}}, {Callback: &Callback{Data: "c:x"}}, {Contact: &Contact{}},
		// A Slack member verifies in the update's statement, as a phone does.
		{Platform: Slack, Callback: &Callback{Data: "v:x"}}, {Platform: Slack, Callback: &Callback{Data: "c:x"}},
	} {
		if b.resolve(ev).writes {
			t.Errorf("%+v: not read-only", ev)
		}
	}
	for _, ev := range []Event{
		{Text: "/lang"}, {Text: "hello"}, {Callback: &Callback{Data: "x:"}}, {Text: "/admin status"},
	} {
		if !b.resolve(ev).writes {
			t.Errorf("%+v: read-only", ev)
		}
	}
}
