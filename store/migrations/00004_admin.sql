-- +goose Up
-- Organisers' tools: fraud signals, confirmations of state changes, and a
-- stricter append-only audit log.

-- HMAC(VOTER_PEPPER, "prefix:" + the number without its last three digits):
-- voters whose numbers come from the same block of 1 000 share it, which is all
-- the "many phones from one block" signal needs. It reveals nothing else about
-- the number and is cleared with the rest of a voter's identity on erasure.
ALTER TABLE voters ADD COLUMN prefix_hash bytea;
CREATE INDEX voters_prefix ON voters (contest_id, prefix_hash) WHERE prefix_hash IS NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION voters_erase_prefix() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.erased_at IS NOT NULL THEN
        NEW.prefix_hash := NULL;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER voters_erase_prefix BEFORE UPDATE ON voters
    FOR EACH ROW EXECUTE FUNCTION voters_erase_prefix();

-- Openings of a project's deep link (/start p-<id>): no user, only the project
-- and the instant, for the "votes right after a deep-link burst" signal.
CREATE TABLE deep_link_opens (
    contest_id bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    project_id text NOT NULL,
    opened_at  timestamptz NOT NULL
);
CREATE INDEX deep_link_opens_at ON deep_link_opens (contest_id, project_id, opened_at);

-- A state-changing admin command waiting for its confirmation button. The row
-- is deleted when the button is pressed, so a second press does nothing.
CREATE TABLE admin_confirmations (
    token          text PRIMARY KEY,
    contest_id     bigint REFERENCES contests(id) ON DELETE CASCADE,
    actor_platform text NOT NULL,
    actor_id       text NOT NULL,
    command        text NOT NULL,
    created_at     timestamptz NOT NULL
);

-- TRUNCATE skips row triggers: refuse it too.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TABLE admin_confirmations, deep_link_opens;
DROP TRIGGER voters_erase_prefix ON voters;
DROP FUNCTION voters_erase_prefix;
DROP INDEX voters_prefix;
ALTER TABLE voters DROP COLUMN prefix_hash;
