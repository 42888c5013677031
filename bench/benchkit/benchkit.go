// Package benchkit holds what the benchmark programs share: a scratch
// database with the sample contest, and Telegram updates as a voter's
// client sends them.
package benchkit

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"

	_ "github.com/lib/pq" // the scratch database's driver

	"prixbot/contest"
	"prixbot/examples"
	"prixbot/store"
)

// Scratch is a database of its own on a PostgreSQL server, migrated, with
// the sample contest and its projects as they are in the files (its public
// vote is open on 2026-10-01).
type Scratch struct {
	URL, Name string
	Store     *store.Store
	admin     *sql.DB
}

// NewScratch creates a Scratch on the server of adminURL (a user who may
// create databases). Close drops it.
func NewScratch(ctx context.Context, adminURL string) (*Scratch, error) {
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		return nil, err
	}
	s := &Scratch{Name: fmt.Sprintf("prixbot_bench_%d", os.Getpid()), admin: admin}
	if _, err := admin.Exec("CREATE DATABASE " + s.Name); err != nil {
		admin.Close()
		return nil, err
	}
	u, _ := url.Parse(adminURL)
	u.Path = "/" + s.Name
	s.URL = u.String()
	if s.Store, err = store.Open(ctx, s.URL); err == nil {
		if _, err = s.Store.Migrate(ctx); err == nil {
			err = loadSample(ctx, s.Store)
		}
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the store and drops the database.
func (s *Scratch) Close() {
	if s.Store != nil {
		s.Store.Close()
	}
	s.admin.Exec("DROP DATABASE " + s.Name + " WITH (FORCE)")
	s.admin.Close()
}

func loadSample(ctx context.Context, st *store.Store) error {
	src, _ := examples.FS.ReadFile(examples.SampleContest)
	c, err := contest.ParseContest(src)
	if err != nil {
		return err
	}
	actor := store.Actor{Platform: "system", ID: "bench"}
	id, _, err := st.SaveContest(ctx, c, string(src), actor)
	if err != nil {
		return err
	}
	f, _ := examples.FS.Open(examples.SampleProjects)
	defer f.Close()
	ps, err := contest.ParseProjects(f, c)
	if err != nil {
		return err
	}
	_, err = st.ImportProjects(ctx, id, ps, actor)
	return err
}

// Message is the update of a text message from user from, whose Telegram
// language is lang, in their private chat.
func Message(id int, from int64, lang, text string) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":%d,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"V","language_code":%q},"chat":{"id":%d,"type":"private"},"text":%q}}`,
		id, id, from, lang, from, text)
}

// Press is the update of a button press carrying data, on message 1.
func Press(id int, from int64, lang, data string) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"callback_query":{"id":"q%d","from":{"id":%d,"is_bot":false,"first_name":"V","language_code":%q},"message":{"message_id":1,"date":1,"chat":{"id":%d,"type":"private"}},"chat_instance":"c","data":%q}}`,
		id, id, from, lang, from, data)
}

// Contact is the update of user from sharing their own contact.
func Contact(id int, from int64, lang, phone string) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":%d,"date":1,"from":{"id":%d,"is_bot":false,"first_name":"V","language_code":%q},"chat":{"id":%d,"type":"private"},"contact":{"phone_number":%q,"first_name":"V","user_id":%d}}}`,
		id, id, from, lang, from, phone, from)
}
