package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"

	"prixbot/contest"
)

// The organisers' sign-in to the web dashboard (see migration 00009): a
// one-time link token, then a session. Both are random values given to the
// organiser once and kept here only as their SHA-256 hash, so that reading
// the database does not let anyone sign in.

// Lifetimes of the sign-in link and of the session it opens.
const (
	WebLinkTTL    = 10 * time.Minute
	WebSessionTTL = 8 * time.Hour
)

// WebSession is a signed-in organiser's session.
type WebSession struct {
	// Organiser is who signed in, by platform and platform id.
	Organiser Actor
	Expires   time.Time
	// Listed reports whether the organiser is in the organisers table; one
	// configured by ADMIN_* is not, and the caller checks the configuration.
	Listed bool
}

// newWebToken returns a random token of 256 bits, URL-safe.
func newWebToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func hashWebToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// CreateWebLink records a sign-in link for an organiser, valid WebLinkTTL
// from now and once, and returns its token; it audits that a link was given
// (not the token). Expired links and sessions are deleted on the way.
func (tx *Tx) CreateWebLink(ctx context.Context, contestID int64, organiser, actor Actor, now time.Time) (string, error) {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM web_login_tokens WHERE expires_at < $1`, now); err != nil {
		return "", mapErr(err)
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE expires_at < $1`, now); err != nil {
		return "", mapErr(err)
	}
	token := newWebToken()
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO web_login_tokens (token_hash, platform, platform_user_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, hashWebToken(token), organiser.Platform, organiser.ID, now, now.Add(WebLinkTTL)); err != nil {
		return "", mapErr(err)
	}
	return token, audit(ctx, tx, contestID, actor, "web link", organiser.Platform+":"+organiser.ID, nil, nil)
}

// OpenWebSession uses a sign-in link's token, once, and opens a session of
// WebSessionTTL for its organiser; it returns the session's token, to be
// kept in the organiser's cookie, and audits the sign-in. It fails with
// contest.NotFound when the token is unknown, already used or expired.
func (s *Store) OpenWebSession(ctx context.Context, contestID int64, link string, now time.Time) (string, WebSession, error) {
	var ws WebSession
	token := newWebToken()
	err := s.InTx(ctx, func(tx *Tx) error {
		err := tx.tx.GetContext(ctx, &ws.Organiser, `UPDATE web_login_tokens SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
			RETURNING platform AS "platform", platform_user_id AS "id"`, hashWebToken(link), now)
		if err != nil {
			if contest.ErrorCode(mapErr(err)) == contest.NotFound {
				return contest.Errorf(contest.NotFound, "this sign-in link was already used or has expired")
			}
			return mapErr(err)
		}
		ws.Expires = now.Add(WebSessionTTL)
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO web_sessions (token_hash, platform, platform_user_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, hashWebToken(token), ws.Organiser.Platform, ws.Organiser.ID, now, ws.Expires); err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, contestID, Actor{Platform: "web", ID: ws.Organiser.Platform + ":" + ws.Organiser.ID}, "web sign-in", "", nil, nil)
	})
	if err != nil {
		return "", WebSession{}, err
	}
	return token, ws, nil
}

// WebSessionOf returns the session a cookie's token opens at now, with
// whether its organiser is still in the organisers table. It fails with
// contest.NotFound when the session is unknown, expired or closed.
func (s *Store) WebSessionOf(ctx context.Context, token string, now time.Time) (WebSession, error) {
	var row struct {
		Platform string    `db:"platform"`
		ID       string    `db:"platform_user_id"`
		Expires  time.Time `db:"expires_at"`
		Listed   bool      `db:"listed"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT w.platform, w.platform_user_id, w.expires_at,
			EXISTS (SELECT 1 FROM organisers o WHERE o.platform = w.platform AND o.platform_user_id = w.platform_user_id) AS listed
		FROM web_sessions w WHERE w.token_hash = $1 AND w.revoked_at IS NULL AND w.expires_at > $2`, hashWebToken(token), now)
	if err != nil {
		return WebSession{}, mapErr(err)
	}
	return WebSession{Organiser: Actor{Platform: row.Platform, ID: row.ID}, Expires: row.Expires, Listed: row.Listed}, nil
}

// CloseWebSession closes the session of a cookie's token (signing out),
// auditing it; closing one already closed or unknown does nothing.
func (s *Store) CloseWebSession(ctx context.Context, contestID int64, token string, now time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var who Actor
		err := tx.tx.GetContext(ctx, &who, `UPDATE web_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL
			RETURNING platform AS "platform", platform_user_id AS "id"`, hashWebToken(token), now)
		if contest.ErrorCode(mapErr(err)) == contest.NotFound {
			return nil
		}
		if err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, contestID, Actor{Platform: "web", ID: who.Platform + ":" + who.ID}, "web sign-out", "", nil, nil)
	})
}

// CloseWebSessions closes every open session of an organiser and every
// sign-in link not yet used, auditing it when there was any; it returns how
// many sessions it closed.
func (tx *Tx) CloseWebSessions(ctx context.Context, contestID int64, organiser, actor Actor, now time.Time) (int, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE web_sessions SET revoked_at = $3
		WHERE platform = $1 AND platform_user_id = $2 AND revoked_at IS NULL AND expires_at > $3`, organiser.Platform, organiser.ID, now)
	if err != nil {
		return 0, mapErr(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	links, err := tx.tx.ExecContext(ctx, `UPDATE web_login_tokens SET used_at = $3
		WHERE platform = $1 AND platform_user_id = $2 AND used_at IS NULL AND expires_at > $3`, organiser.Platform, organiser.ID, now)
	if err != nil {
		return 0, mapErr(err)
	}
	m, err := links.RowsAffected()
	if err != nil || n+m == 0 {
		return int(n), err
	}
	return int(n), audit(ctx, tx, contestID, actor, "web off", organiser.Platform+":"+organiser.ID,
		nil, map[string]int64{"sessions": n, "links": m})
}
