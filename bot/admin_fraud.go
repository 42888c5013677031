package bot

import (
	"context"
	"strings"

	"prixbot/contest"
)

// observeForFraud wraps the voter conversation's /start and contact
// handlers, after registerVoter, so that the organisers' suspicious report
// has its raw material without the voter conversation knowing: each opening
// of a project's deep link is counted (project and time, nobody's id), and a
// voter verified by their own contact gets the hash of their number's prefix
// block (see PhonePrefixHash). Both are written in the request's transaction.
func (b *Bot) observeForFraud() {
	if start, ok := b.commands["start"]; ok {
		b.commands["start"] = func(ctx context.Context, r *Request) error {
			if err := start(ctx, r); err != nil {
				return err
			}
			_, arg := splitCommand(r.Text)
			id, ok := strings.CutPrefix(arg, DeepLinkPrefix)
			if !ok {
				return nil
			}
			if _, known := r.Project(id); !known {
				return nil
			}
			return r.Tx.RecordDeepLink(ctx, r.Edition.ID, id, r.Now)
		}
	}
	if contact := b.contact; contact != nil {
		b.contact = func(ctx context.Context, r *Request) error {
			if err := contact(ctx, r); err != nil {
				return err
			}
			if r.Contact.UserID != r.UserID {
				return nil
			}
			e164, _, err := NormalisePhone(r.Contact.Phone)
			if contest.ErrorCode(err) == contest.Invalid {
				return nil
			}
			if err != nil {
				return err
			}
			return r.Tx.SetPrefixHash(ctx, r.Edition.ID, r.Account.ID, PhonePrefixHash(b.cfg.Pepper, e164))
		}
	}
}

// PhonePrefixHash is what the shared-prefix fraud signal keeps of a voter's
// number: HMAC-SHA256 keyed with VOTER_PEPPER of "prefix:" and the E.164
// number without its last three digits, so voters from one block of 1 000
// numbers share it and nothing else can be learnt from it. The voter
// conversation stores it with store.Tx.SetPrefixHash at verification.
func PhonePrefixHash(pepper []byte, e164 string) []byte {
	return PhoneHash(pepper, "prefix:"+e164[:max(len(e164)-3, 0)])
}
