-- +goose Up
-- The project a user pressed Vote for before proving who they are: the vote
-- resumes at the confirmation step once their contact is verified. Cleared
-- when used and on erasure.
ALTER TABLE accounts ADD COLUMN pending_project text;

-- +goose Down
ALTER TABLE accounts DROP COLUMN pending_project;
