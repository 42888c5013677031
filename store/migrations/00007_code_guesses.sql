-- +goose Up
-- Wrong invite codes sent by an account, so that guesses are limited per
-- user whichever replica receives them. An account's rows older than the
-- window are deleted when it sends another wrong code.
CREATE TABLE code_guesses (
    account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    at         timestamptz NOT NULL
);
CREATE INDEX code_guesses_account ON code_guesses (account_id, at);

-- +goose Down
DROP TABLE code_guesses;
