package slack_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lib/pq"

	"prixbot/bot/bottest"
)

// TestAppHomeReportsWhyTheAccountCouldNotBeRead: when reading the member's
// account fails for another reason than its absence, PublishHome fails with
// that error, not with the one of the next statement of the aborted
// transaction, and publishes nothing.
func TestAppHomeReportsWhyTheAccountCouldNotBeRead(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &bottest.Options{Now: bottest.AfterVote})
	e.slack.member("U0001", nil)
	if _, err := e.h.Store.DB().Exec(`ALTER TABLE accounts RENAME COLUMN language_chosen TO language_chosen_gone`); err != nil {
		t.Fatal(err)
	}
	err := e.a.PublishHome(context.Background(), "U0001")
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != "42703" { // undefined_column
		t.Fatalf("PublishHome with an unreadable account: %v, want the undefined column", err)
	}
	if pubs := e.slack.called("views.publish"); len(pubs) != 0 {
		t.Errorf("%d views published", len(pubs))
	}
}
