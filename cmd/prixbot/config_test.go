package main

import (
	"strings"
	"testing"
)

// TestSlackCredentialsChecked: a Slack configuration that cannot work is
// refused at start-up, naming the variable; without SLACK_BOT_TOKEN, Slack
// is off and nothing is checked.
func TestSlackCredentialsChecked(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env  []string
		want string // in the error; "" for none
	}{
		{nil, ""},
		{[]string{"SLACK_BOT_TOKEN=xoxb-1", "SLACK_SIGNING_SECRET=s"}, ""},
		{[]string{"SLACK_BOT_TOKEN=xoxb-1", "SLACK_APP_TOKEN=xapp-1"}, ""},
		{[]string{"SLACK_BOT_TOKEN=xapp-1", "SLACK_SIGNING_SECRET=s"}, "SLACK_BOT_TOKEN"},
		{[]string{"SLACK_BOT_TOKEN=xoxb-1", "SLACK_APP_TOKEN=xoxb-2"}, "SLACK_APP_TOKEN"},
		{[]string{"SLACK_BOT_TOKEN=xoxb-1"}, "SLACK_SIGNING_SECRET"},
	} {
		_, err := loadConfig(tc.env)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("loadConfig(%q) = %v, want %q", tc.env, err, tc.want)
		}
	}
}
