package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"prixbot/contest"
)

// Errors of linking accounts, distinct so the person is told what to do.
var (
	// ErrLinkCodeUnknown: no unused, unexpired code matches (mistyped, used,
	// replaced or too old).
	ErrLinkCodeUnknown = &contest.Error{Code: contest.NotFound, Message: "no valid link code matches"}
	// ErrLinkSamePlatform: the code was made on the platform it is sent on;
	// it joins accounts on two platforms.
	ErrLinkSamePlatform = &contest.Error{Code: contest.Invalid, Message: "a link code joins accounts on two different platforms"}
	// ErrLinkUnverified: neither account is a verified voter yet, so there is
	// no person to join them into.
	ErrLinkUnverified = &contest.Error{Code: contest.Invalid, Message: "neither account is a verified voter yet"}
	// ErrBothVoted: both accounts' voters have votes; joining them would
	// count one person twice, so it is refused and both stay as they are.
	ErrBothVoted = &contest.Error{Code: contest.Conflict, Message: "both accounts have already voted"}
)

// CreateLinkCode returns a new one-time code (shown as XXXX-XXXX-XXXX) that
// joins accountID with the account that redeems it, valid until expires.
// Codes of the account still unused are replaced. Only a hash is stored.
func (tx *Tx) CreateLinkCode(ctx context.Context, contestID, accountID int64, now, expires time.Time) (string, error) {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM link_codes WHERE account_id = $1 AND used_at IS NULL`, accountID); err != nil {
		return "", mapErr(err)
	}
	code := newInviteCode()
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO link_codes (code_hash, contest_id, account_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, hashInviteCode(code), contestID, accountID, now, expires)
	return code, mapErr(err)
}

// RedeemLinkCode uses a code made by CreateLinkCode, once, and returns the
// account that made it. A code that is unknown, used, replaced or expired at
// now fails with ErrLinkCodeUnknown; one made by an account of the same
// platform as accountID with ErrLinkSamePlatform (and stays usable).
func (tx *Tx) RedeemLinkCode(ctx context.Context, contestID int64, code string, accountID int64, now time.Time) (Account, error) {
	var row struct {
		Hash      []byte `db:"code_hash"`
		AccountID int64  `db:"account_id"`
	}
	err := tx.tx.GetContext(ctx, &row, `SELECT code_hash, account_id FROM link_codes
		WHERE code_hash = $1 AND contest_id = $2 AND used_at IS NULL AND expires_at > $3 FOR UPDATE`,
		hashInviteCode(code), contestID, now)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, ErrLinkCodeUnknown
	}
	if err != nil {
		return Account{}, mapErr(err)
	}
	var accts []Account
	if err := tx.tx.SelectContext(ctx, &accts, `SELECT id, platform, platform_user_id, chat_id, language, language_chosen
		FROM accounts WHERE id IN ($1, $2) AND erased_at IS NULL`, row.AccountID, accountID); err != nil {
		return Account{}, mapErr(err)
	}
	var maker, redeemer *Account
	for i := range accts {
		switch accts[i].ID {
		case row.AccountID:
			maker = &accts[i]
		case accountID:
			redeemer = &accts[i]
		}
	}
	if maker == nil || redeemer == nil {
		return Account{}, ErrLinkCodeUnknown
	}
	if maker.Platform == redeemer.Platform {
		return Account{}, ErrLinkSamePlatform
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE link_codes SET used_at = $2 WHERE code_hash = $1`, row.Hash, now); err != nil {
		return Account{}, mapErr(err)
	}
	return *maker, nil
}

// LinkAccounts makes two accounts one voter of a contest and returns it.
// When only one account is a voter, the other joins it. When both are, one
// voter survives: the one verified with a phone (whose number's block is
// known, see VerifyVoter), which is the stronger identity, else a's. The
// other voter's votes (if any), accounts and identity hash (as an alias)
// move to it and that voter is deleted. Both voters having votes fails
// with ErrBothVoted; neither account being a voter with ErrLinkUnverified.
// Accounts already one voter are left as they are.
func (tx *Tx) LinkAccounts(ctx context.Context, contestID, a, b int64) (int64, error) {
	vk, okK, err := tx.VoterOf(ctx, contestID, a)
	if err != nil {
		return 0, err
	}
	vm, okM, err := tx.VoterOf(ctx, contestID, b)
	if err != nil {
		return 0, err
	}
	switch {
	case !okK && !okM:
		return 0, ErrLinkUnverified
	case okK && okM && vk == vm:
		return vk, nil
	case !okM:
		return vk, tx.joinVoter(ctx, contestID, vk, b)
	case !okK:
		return vm, tx.joinVoter(ctx, contestID, vm, a)
	}
	// Lock both voters: a vote being cast for either (its foreign key takes a
	// share lock) is waited for and then counted below.
	var voters []struct {
		ID    int64 `db:"id"`
		Phone bool  `db:"phone"`
	}
	if err := tx.tx.SelectContext(ctx, &voters, `SELECT id, prefix_hash IS NOT NULL AS phone FROM voters WHERE id IN ($1, $2) ORDER BY id FOR UPDATE`,
		vk, vm); err != nil {
		return 0, mapErr(err)
	}
	phone := map[int64]bool{}
	for _, v := range voters {
		phone[v.ID] = v.Phone
	}
	if phone[vm] && !phone[vk] {
		vk, vm = vm, vk // the phone's voter survives
	}
	var n struct {
		Keep  int `db:"keep"`
		Merge int `db:"merge"`
	}
	if err := tx.tx.GetContext(ctx, &n, `SELECT count(*) FILTER (WHERE voter_id = $2) AS keep, count(*) FILTER (WHERE voter_id = $3) AS merge
		FROM votes WHERE contest_id = $1 AND voter_id IN ($2, $3)`, contestID, vk, vm); err != nil {
		return 0, mapErr(err)
	}
	if n.Keep > 0 && n.Merge > 0 {
		return 0, ErrBothVoted
	}
	for _, q := range []string{
		`UPDATE votes SET voter_id = $2 WHERE contest_id = $1 AND voter_id = $3`,
		`UPDATE voter_accounts SET voter_id = $2 WHERE contest_id = $1 AND voter_id = $3`,
		`UPDATE voter_aliases SET voter_id = $2 WHERE contest_id = $1 AND voter_id = $3`,
		`INSERT INTO voter_aliases (contest_id, hash, voter_id)
			SELECT contest_id, phone_hash, $2 FROM voters WHERE contest_id = $1 AND id = $3 AND phone_hash IS NOT NULL
			ON CONFLICT (contest_id, hash) DO UPDATE SET voter_id = EXCLUDED.voter_id`,
	} {
		if _, err := tx.tx.ExecContext(ctx, q, contestID, vk, vm); err != nil {
			return 0, mapErr(err)
		}
	}
	_, err = tx.tx.ExecContext(ctx, `DELETE FROM voters WHERE contest_id = $1 AND id = $2`, contestID, vm)
	return vk, mapErr(err)
}

// joinVoter links an account that is no voter yet to voterID.
func (tx *Tx) joinVoter(ctx context.Context, contestID, voterID, accountID int64) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO voter_accounts (voter_id, account_id, contest_id) VALUES ($1, $2, $3)`,
		voterID, accountID, contestID)
	return mapErr(err)
}
