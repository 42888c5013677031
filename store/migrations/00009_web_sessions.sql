-- +goose Up
-- Organisers sign in to the web dashboard without a password: `/admin web`
-- in a chat gives a one-time link whose token is kept here only as its
-- SHA-256 hash, valid for minutes and used once. Using it opens a session,
-- whose cookie value is likewise kept only as a hash. Both name the
-- organiser by their platform and platform id, as the ADMIN_* settings and
-- the organisers table do: a session is honoured only while that id is
-- still an organiser's.
CREATE TABLE web_login_tokens (
    token_hash       bytea PRIMARY KEY,
    platform         text NOT NULL,
    platform_user_id text NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz
);
CREATE INDEX web_login_tokens_expires ON web_login_tokens (expires_at);

CREATE TABLE web_sessions (
    token_hash       bytea PRIMARY KEY,
    platform         text NOT NULL,
    platform_user_id text NOT NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    revoked_at       timestamptz
);
CREATE INDEX web_sessions_organiser ON web_sessions (platform, platform_user_id);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- +goose Down
DROP TABLE web_sessions;
DROP TABLE web_login_tokens;
