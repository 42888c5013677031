-- +goose Up
-- One-time codes that join a person's accounts on two platforms into one
-- voter (`/prix link` on Slack, `/link <code>` on Telegram, or the reverse).
-- Only a SHA-256 of the code is kept; a code works once, until expires_at, and
-- a new code for the same account replaces the unused ones.
CREATE TABLE link_codes (
    code_hash  bytea PRIMARY KEY,
    contest_id bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
    used_at    timestamptz
);
CREATE INDEX link_codes_account ON link_codes (account_id) WHERE used_at IS NULL;

-- The identity hash of a voter merged into another by a link (a Slack
-- member's peppered id): an erased account that comes back under that
-- identity finds the voter it was merged into, so it cannot vote again.
-- Dropped with the surviving voter's own hash once that is purged.
CREATE TABLE voter_aliases (
    contest_id bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    hash       bytea NOT NULL,
    voter_id   bigint NOT NULL REFERENCES voters(id) ON DELETE CASCADE,
    PRIMARY KEY (contest_id, hash)
);
CREATE INDEX voter_aliases_voter ON voter_aliases (voter_id);

-- +goose StatementBegin
CREATE FUNCTION voter_aliases_purge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM voter_aliases WHERE voter_id = NEW.id;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER voter_aliases_purge AFTER UPDATE OF phone_hash ON voters
    FOR EACH ROW WHEN (OLD.phone_hash IS NOT NULL AND NEW.phone_hash IS NULL)
    EXECUTE FUNCTION voter_aliases_purge();

-- +goose Down
DROP TRIGGER voter_aliases_purge ON voters;
DROP FUNCTION voter_aliases_purge;
DROP TABLE voter_aliases, link_codes;
