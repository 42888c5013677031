package telegram_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestNULAndInvalidUTF8InNamesAreCleaned: a user whose first name and
// username carry a NUL byte (which PostgreSQL text refuses) and whose last
// name carries an unpaired surrogate is answered like anyone else, every
// time, and stored with clean values.
func TestNULAndInvalidUTF8InNamesAreCleaned(t *testing.T) {
	t.Parallel()
	e := setup(t, nil, nil)
	from := `{"id":777,"is_bot":false,"first_name":"A\u0000nn","last_name":"Pe\ud800ters","username":"ann\u0000777","language_code":"en"}`
	for i, text := range []string{`/help\u0000`, `/help`} {
		e.send(t, fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1,"from":%s,"chat":{"id":777,"type":"private"},"text":"%s"}}`,
			i+1, i+1, from, text))
	}
	sent := texts(e.api.Calls("sendMessage"))
	if n := strings.Count(sent, "Here is what I can do"); n != 2 || strings.Contains(sent, "Sorry") {
		t.Fatalf("%d answers to /help, want 2 and no apology:\n%s", n, sent)
	}
	var acct struct{ Username, Name string }
	if err := e.h.Store.DB().Get(&acct, `SELECT username, display_name AS name FROM accounts WHERE platform = 'telegram' AND platform_user_id = '777'`); err != nil {
		t.Fatal(err)
	}
	if acct.Username != "ann777" || acct.Name != "Ann Pe\uFFFDters" {
		t.Fatalf("stored %q, %q; want %q, %q", acct.Username, acct.Name, "ann777", "Ann Pe\uFFFDters")
	}
}
