-- +goose Up
-- One row per calendar notice the scheduler has dealt with (a phase opening for
-- the announce channel, a juror reminder for all jurors, …). It is written in
-- the transaction that fans the notice out into the outbox, so a notice is
-- materialised once whatever the number of ticks, restarts or replicas; a
-- stale notice skipped after downtime is recorded too, and logged once.
CREATE TABLE schedule_notices (
    contest_id bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    key        text NOT NULL,
    due_at     timestamptz NOT NULL,
    status     text NOT NULL CHECK (status IN ('enqueued', 'stale')),
    recipients int NOT NULL DEFAULT 0,
    at         timestamptz NOT NULL,
    PRIMARY KEY (contest_id, key)
);

-- A row given up because the recipient blocked the bot is dead but not a
-- failure organisers need to look at.
ALTER TABLE outbox ADD COLUMN blocked boolean NOT NULL DEFAULT false;
CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL AND NOT blocked;

-- +goose Down
DROP INDEX outbox_dead;
ALTER TABLE outbox DROP COLUMN blocked;
DROP TABLE schedule_notices;
