package slack_test

import (
	"strings"
	"testing"

	slackadapter "prixbot/bot/slack"
)

func TestCheckCredentials(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		bot, app, secret string
		want             string // in the error; "" for none
	}{
		{"xoxb-1", "", "s", ""},
		{"xoxb-1", "xapp-1", "", ""},
		{"", "", "s", "SLACK_BOT_TOKEN"},
		{"xapp-1", "", "s", "SLACK_BOT_TOKEN"},
		{"xoxb-1", "xoxb-2", "", "SLACK_APP_TOKEN"},
		{"xoxb-1", "", "", "SLACK_SIGNING_SECRET"},
	} {
		err := slackadapter.CheckCredentials(tc.bot, tc.app, tc.secret)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckCredentials(%q, %q, %q) = %v, want %q", tc.bot, tc.app, tc.secret, err, tc.want)
		}
	}
	// The adapter checks the same.
	if _, err := slackadapter.New(slackadapter.Config{BotToken: "xoxb-1"}); err == nil {
		t.Error("an adapter without Bot or signing secret was made")
	}
}
