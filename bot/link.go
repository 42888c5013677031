package bot

import (
	"context"
	"errors"
	"time"

	"prixbot/store"
)

// LinkCodeTTL is how long a code from "/link" stays valid.
const LinkCodeTTL = 15 * time.Minute

// registerLink registers "/link": without an argument it gives a one-time
// code; "/link <code>" sent on the other platform joins both accounts into
// one voter, so that one person votes once across Telegram and Slack.
func (b *Bot) registerLink() {
	b.command("link", b.link)
}

// linkHowTo says how to use a code on the platform(s) other than from.
func linkHowTo(lang, from, code string) string {
	if from == Slack {
		return T(lang, "link.send_telegram", code)
	}
	return T(lang, "link.send_slack", code)
}

func (b *Bot) link(ctx context.Context, r *Request) error {
	_, code := splitCommand(r.Text)
	if code == "" {
		expires := r.Now.Add(LinkCodeTTL)
		code, err := r.Tx.CreateLinkCode(ctx, r.Edition.ID, r.Account.ID, r.Now, expires)
		if err != nil {
			return err
		}
		r.Reply(Message{Text: T(r.Lang, "link.code", code, int(LinkCodeTTL/time.Minute)) + "\n" + linkHowTo(r.Lang, r.Platform, code),
			Ephemeral: true})
		return nil
	}
	if wait, err := guessWait(ctx, r); err != nil || wait > 0 {
		if err == nil {
			r.Reply(Message{Text: T(r.Lang, "error.code_wait", wait), Ephemeral: true})
		}
		return err
	}
	maker, err := r.Tx.RedeemLinkCode(ctx, r.Edition.ID, code, r.Account.ID, r.Now)
	switch {
	case errors.Is(err, store.ErrLinkCodeUnknown):
		r.Reply(Message{Text: T(r.Lang, "link.code_unknown"), Ephemeral: true})
		return wrongGuess(ctx, r)
	case errors.Is(err, store.ErrLinkSamePlatform):
		r.Reply(Message{Text: T(r.Lang, "link.same_platform"), Ephemeral: true})
		return nil
	case err != nil:
		return err
	}
	_, err = r.Tx.LinkAccounts(ctx, r.Edition.ID, r.Account.ID, maker.ID)
	switch {
	case errors.Is(err, store.ErrBothVoted):
		r.Reply(Message{Text: T(r.Lang, "link.both_voted"), Ephemeral: true})
		return nil
	case errors.Is(err, store.ErrLinkUnverified):
		r.Reply(Message{Text: T(r.Lang, "link.unverified"), Ephemeral: true})
		return nil
	case err != nil:
		return err
	}
	if r.Ballot, err = r.Tx.BallotOf(ctx, r.Edition.ID, r.Account.ID); err != nil {
		return err
	}
	votes := counted(r)
	text := T(r.Lang, "link.done", Platform(maker.Platform).Name, Platform(r.Platform).Name)
	if len(votes) > 0 {
		text += "\n" + T(r.Lang, "link.vote_counts", projectName(r, votes[0].ProjectID))
	}
	r.Reply(Message{Text: text, Ephemeral: true})
	return nil
}
