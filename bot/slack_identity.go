package bot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"strings"

	"prixbot/contest"
)

// On Slack there is no phone to share: a voter is a workspace member who is
// not a bot, not deleted and not a guest, as users.info says (the adapter puts
// it in Event.Member). The member's identity is kept like a phone, as an HMAC
// of their Slack user id keyed with VOTER_PEPPER, so erasure and "one voter
// per identity" work the same way.

// SlackIdentityHash is what prixbot keeps of a Slack member as a voter:
// HMAC-SHA256 of "slack:" + their user id keyed with VOTER_PEPPER.
func SlackIdentityHash(pepper []byte, userID string) []byte {
	m := hmac.New(sha256.New, pepper)
	m.Write([]byte("slack:" + userID))
	return m.Sum(nil)
}

// Eligible reports whether a workspace member may vote: not a bot, not
// deleted, not a guest. A nil Member (not known) is not eligible.
func (m *Member) Eligible() bool {
	return m != nil && !m.IsBot && !m.IsDeleted && !m.IsGuest
}

// slackMember wraps the routed handler: on Slack, an action that needs a
// verified voter (the voter's Vote and Confirm buttons, "/link") verifies an
// eligible member first, and refuses anyone else with an explanation. Other
// platforms and other actions pass through untouched.
func (b *Bot) slackMember(next Handler) Handler {
	return func(ctx context.Context, r *Request) error {
		if r.Platform != Slack || !needsVoter(r.Event) {
			return next(ctx, r)
		}
		if !r.Member.Eligible() {
			key := "slack.not_member"
			if r.Member == nil {
				key = "slack.member_unknown"
			}
			r.Answer(T(r.Lang, key))
			r.Reply(Message{Text: T(r.Lang, key), Ephemeral: true})
			return nil
		}
		if r.Callback != nil && !r.Edition.Contest.Calendar.IsOpen(contest.PhasePublicVote, r.Now) {
			return next(ctx, r) // the voter conversation says when the vote opens
		}
		if r.Ballot.VoterID != 0 {
			return next(ctx, r) // verified already
		}
		if _, err := r.Tx.VerifyIdentity(ctx, r.Edition.ID, r.Account.ID, SlackIdentityHash(b.cfg.Pepper, r.UserID)); err != nil {
			if contest.ErrorCode(err) == contest.Conflict {
				// The account is already a voter through another identity.
				return next(ctx, r)
			}
			return err
		}
		ballot, err := r.Tx.BallotOf(ctx, r.Edition.ID, r.Account.ID)
		if err != nil {
			return err
		}
		r.Ballot = ballot
		return next(ctx, r)
	}
}

// needsVoter reports whether an event is one that only a verified voter may
// make: the voter conversation's "v:" (Vote) and "c:" (Confirm) buttons, and
// "/link".
func needsVoter(ev Event) bool {
	if ev.Callback != nil {
		prefix, _, _ := strings.Cut(ev.Callback.Data, ":")
		return prefix == "v" || prefix == "c"
	}
	name, _ := splitCommand(ev.Text)
	return name == "link"
}
