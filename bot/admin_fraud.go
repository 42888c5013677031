package bot

import (
	"context"
	"strings"
)

// observeForFraud wraps the voter conversation's /start handler, after
// registerVoter, so that the organisers' suspicious report has its raw
// material without the voter conversation knowing: each opening of a
// project's deep link is counted (project and time, nobody's id), in the
// request's transaction. (The other raw material, the hash of a verified
// voter's number block, is written by the verification itself: see
// PhonePrefixHash.)
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
}

// PhonePrefixHash is what the shared-prefix fraud signal keeps of a voter's
// number: HMAC-SHA256 keyed with VOTER_PEPPER of "prefix:" and the E.164
// number without its last three digits, so voters from one block of 1 000
// numbers share it and nothing else can be learnt from it. The voter
// conversation stores it with store.Tx.VerifyVoter, in the statement that
// verifies the voter.
func PhonePrefixHash(pepper []byte, e164 string) []byte {
	return PhoneHash(pepper, "prefix:"+e164[:max(len(e164)-3, 0)])
}
