-- +goose Up
-- One-time codes an organiser gives a juror (`/admin invite <name>`): only a
-- SHA-256 of the code is kept. A code works once, until expires_at; a new
-- invite for the same juror revokes the ones still unused.
CREATE TABLE juror_invites (
    id          bigserial PRIMARY KEY,
    contest_id  bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    juror_id    bigint NOT NULL REFERENCES jurors(id) ON DELETE CASCADE,
    code_hash   bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL CHECK (expires_at > created_at),
    used_at     timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX juror_invites_juror ON juror_invites (juror_id) WHERE used_at IS NULL AND revoked_at IS NULL;

-- Jurors may also use the terminal adapter (demos), identified like on the
-- other platforms.
ALTER TABLE jurors ADD COLUMN console_id text;
ALTER TABLE jurors ADD CONSTRAINT jurors_contest_id_console_id_key UNIQUE (contest_id, console_id);

-- +goose Down
ALTER TABLE jurors DROP CONSTRAINT jurors_contest_id_console_id_key, DROP COLUMN console_id;
DROP TABLE juror_invites;
