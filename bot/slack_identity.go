package bot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"strings"
)

// On Slack there is no phone to share: a voter is a workspace member who is
// not a bot, not deleted and not a guest, as users.info says (the adapter puts
// it in Event.Member). The member's identity is kept like a phone, as an HMAC
// of their Slack user id keyed with VOTER_PEPPER, and verified as a phone is,
// by the update's statement (Bot.update), so erasure and "one voter per
// identity" work the same way.

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

// members wraps the routed handler: an action that needs a verified voter
// from a member who may not vote (refusedMember) is refused with an
// explanation; Bot.update verified the others. Anything else passes through.
func (b *Bot) members(next Handler) Handler {
	return func(ctx context.Context, r *Request) error {
		if !refusedMember(r.Event) {
			return next(ctx, r)
		}
		key := "slack.not_member"
		if r.Member == nil {
			key = "slack.member_unknown"
		}
		r.Answer(T(r.Lang, key))
		r.Reply(Message{Text: T(r.Lang, key), Ephemeral: true})
		return nil
	}
}

// refusedMember reports whether ev needs a verified voter (needsVoter) and
// comes from a user of a workspace (Facts.Members) who may not vote: not an
// eligible member, or one whose standing the platform could not tell.
func refusedMember(ev Event) bool {
	return Platform(ev.Platform).Members && needsVoter(ev) && !ev.Member.Eligible()
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
