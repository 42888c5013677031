-- +goose Up
-- One row per contest edition. The contest file is kept verbatim in source and
-- parsed again on load, so the file stays the single description of a contest.
CREATE TABLE contests (
    id           bigserial PRIMARY KEY,
    slug         text NOT NULL UNIQUE,
    name         text NOT NULL,
    timezone     text NOT NULL,
    source       text NOT NULL,
    votes_per_voter int NOT NULL CHECK (votes_per_voter >= 1),
    announced_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Phases as absolute instants; end_at is the first instant after the phase.
-- Organisers may move them (phase open|close|extend), so they live apart from source.
CREATE TABLE phases (
    contest_id bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    name       text NOT NULL,
    start_at   timestamptz NOT NULL,
    end_at     timestamptz NOT NULL CHECK (end_at > start_at),
    PRIMARY KEY (contest_id, name)
);

-- The ballot slots a voter may fill: 1..votes_per_voter. votes reference a slot,
-- so the database itself refuses more votes than the rule allows.
CREATE TABLE ballot_slots (
    contest_id bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    slot       int NOT NULL CHECK (slot >= 1),
    PRIMARY KEY (contest_id, slot)
);

CREATE TABLE projects (
    contest_id   bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    id           text NOT NULL,
    name         text NOT NULL,
    organisation text NOT NULL DEFAULT '',
    sector       text NOT NULL,
    summary      text NOT NULL DEFAULT '',
    url          text NOT NULL DEFAULT '',
    image_url    text NOT NULL DEFAULT '',
    shortlisted  boolean NOT NULL DEFAULT false,
    position     int NOT NULL DEFAULT 0,
    PRIMARY KEY (contest_id, id)
);

-- A platform account (a Telegram user, a Slack member, a console user). Holds
-- the personal data that erasure removes: names, usernames, platform ids.
CREATE TABLE accounts (
    id               bigserial PRIMARY KEY,
    platform         text NOT NULL,
    platform_user_id text,
    chat_id          text,
    username         text,
    display_name     text,
    language         text NOT NULL DEFAULT '',
    language_chosen  boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    erased_at        timestamptz,
    UNIQUE (platform, platform_user_id)
);

-- A verified person in one contest. The phone number is never stored: only
-- HMAC-SHA256(VOTER_PEPPER, E.164 number), and even that is dropped after erasure
-- once the public vote has closed.
CREATE TABLE voters (
    id         bigserial PRIMARY KEY,
    contest_id bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    phone_hash bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    erased_at  timestamptz,
    UNIQUE (contest_id, phone_hash)
);

-- Which accounts are which voter (several platforms, several accounts, one person).
CREATE TABLE voter_accounts (
    voter_id   bigint NOT NULL REFERENCES voters(id) ON DELETE CASCADE,
    account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contest_id bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    PRIMARY KEY (voter_id, account_id),
    UNIQUE (contest_id, account_id)
);

CREATE TABLE votes (
    id          bigserial PRIMARY KEY,
    contest_id  bigint NOT NULL,
    voter_id    bigint NOT NULL REFERENCES voters(id),
    slot        int NOT NULL DEFAULT 1,
    project_id  text NOT NULL,
    receipt     text NOT NULL UNIQUE,
    platform    text NOT NULL,
    cast_at     timestamptz NOT NULL,
    voided_at   timestamptz,
    void_reason text,
    FOREIGN KEY (contest_id, slot) REFERENCES ballot_slots (contest_id, slot),
    FOREIGN KEY (contest_id, project_id) REFERENCES projects (contest_id, id),
    UNIQUE (contest_id, voter_id, slot),
    UNIQUE (contest_id, voter_id, project_id)
);
CREATE INDEX votes_tally ON votes (contest_id, project_id) WHERE voided_at IS NULL;

CREATE TABLE jurors (
    id          bigserial PRIMARY KEY,
    contest_id  bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    name        text NOT NULL,
    telegram_id bigint,
    slack_id    text,
    enrolled_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (contest_id, name),
    UNIQUE (contest_id, telegram_id),
    UNIQUE (contest_id, slack_id)
);

-- One juror's sheet for one project: draft until submitted; a conflict of
-- interest excludes the juror from the project's mean.
CREATE TABLE jury_sheets (
    contest_id   bigint NOT NULL,
    juror_id     bigint NOT NULL REFERENCES jurors(id) ON DELETE CASCADE,
    project_id   text NOT NULL,
    submitted_at timestamptz,
    conflict     boolean NOT NULL DEFAULT false,
    comment      text NOT NULL DEFAULT '',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (juror_id, project_id),
    FOREIGN KEY (contest_id, project_id) REFERENCES projects (contest_id, id)
);

CREATE TABLE scores (
    juror_id   bigint NOT NULL,
    project_id text NOT NULL,
    criterion  text NOT NULL,
    score      int NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (juror_id, project_id, criterion),
    FOREIGN KEY (juror_id, project_id) REFERENCES jury_sheets (juror_id, project_id) ON DELETE CASCADE
);

CREATE TABLE subscribers (
    contest_id    bigint NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    account_id    bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    subscribed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contest_id, account_id)
);

-- Notifications to send. dedupe_key makes enqueueing idempotent across ticks,
-- restarts and replicas; lease_until lets a crashed dispatcher's rows be taken over.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    contest_id  bigint REFERENCES contests(id) ON DELETE CASCADE,
    dedupe_key  text NOT NULL UNIQUE,
    platform    text NOT NULL,
    chat_id     text NOT NULL,
    kind        text NOT NULL,
    payload     jsonb NOT NULL,
    not_before  timestamptz NOT NULL DEFAULT now(),
    attempts    int NOT NULL DEFAULT 0,
    lease_until timestamptz,
    leased_by   text,
    sent_at     timestamptz,
    dead_at     timestamptz,
    last_error  text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due ON outbox (not_before, id) WHERE sent_at IS NULL AND dead_at IS NULL;

-- Platform updates already handled, recorded in the transaction of their effect.
CREATE TABLE processed_updates (
    platform     text NOT NULL,
    update_id    text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, update_id)
);

CREATE TABLE organisers (
    platform         text NOT NULL,
    platform_user_id text NOT NULL,
    name             text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, platform_user_id)
);

-- Append-only record of every state change made by an organiser or an import.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    contest_id     bigint,
    actor_platform text NOT NULL,
    actor_id       text NOT NULL,
    action         text NOT NULL,
    target         text NOT NULL DEFAULT '',
    before         jsonb,
    after          jsonb
);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log, organisers, processed_updates, outbox, subscribers, scores,
    jury_sheets, jurors, votes, voter_accounts, voters, accounts, projects,
    ballot_slots, phases, contests;
DROP FUNCTION audit_log_append_only;
