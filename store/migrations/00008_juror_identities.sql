-- +goose Up
-- A juror's user ids become rows, one per platform, instead of one column
-- per platform: a new platform needs no schema change. The ids move from the
-- columns, which go.
ALTER TABLE jurors ADD CONSTRAINT jurors_contest_id_id_key UNIQUE (contest_id, id);
CREATE TABLE juror_identities (
    contest_id bigint NOT NULL,
    juror_id   bigint NOT NULL,
    platform   text NOT NULL CHECK (platform ~ '^[a-z][a-z0-9_]{0,31}$'),
    user_id    text NOT NULL CHECK (user_id <> ''),
    PRIMARY KEY (juror_id, platform),
    -- One account is one juror of a contest. Checked at the end of each
    -- statement, so that one import may swap two jurors' ids.
    UNIQUE (contest_id, platform, user_id) DEFERRABLE INITIALLY IMMEDIATE,
    FOREIGN KEY (contest_id, juror_id) REFERENCES jurors (contest_id, id) ON DELETE CASCADE
);
INSERT INTO juror_identities (contest_id, juror_id, platform, user_id)
    SELECT contest_id, id, 'telegram', telegram_id::text FROM jurors WHERE telegram_id IS NOT NULL
    UNION ALL
    SELECT contest_id, id, 'slack', slack_id FROM jurors WHERE slack_id <> ''
    UNION ALL
    SELECT contest_id, id, 'console', console_id FROM jurors WHERE console_id <> '';
ALTER TABLE jurors DROP COLUMN telegram_id, DROP COLUMN slack_id, DROP COLUMN console_id;

-- +goose Down
-- The Telegram, Slack and console ids go back into their columns; ids on
-- any other platform are lost.
ALTER TABLE jurors ADD COLUMN telegram_id bigint, ADD COLUMN slack_id text, ADD COLUMN console_id text;
UPDATE jurors j SET
    telegram_id = (SELECT user_id::bigint FROM juror_identities WHERE juror_id = j.id AND platform = 'telegram'),
    slack_id = (SELECT user_id FROM juror_identities WHERE juror_id = j.id AND platform = 'slack'),
    console_id = (SELECT user_id FROM juror_identities WHERE juror_id = j.id AND platform = 'console');
ALTER TABLE jurors
    ADD CONSTRAINT jurors_contest_id_telegram_id_key UNIQUE (contest_id, telegram_id),
    ADD CONSTRAINT jurors_contest_id_slack_id_key UNIQUE (contest_id, slack_id),
    ADD CONSTRAINT jurors_contest_id_console_id_key UNIQUE (contest_id, console_id);
DROP TABLE juror_identities;
ALTER TABLE jurors DROP CONSTRAINT jurors_contest_id_id_key;
