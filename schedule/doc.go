// Package schedule turns the contest calendar into notifications and delivers
// them through the Postgres outbox.
//
// A Scheduler runs a robfig/cron tick (every minute by default). Each tick
// reads the current contest's calendar and reminders and materialises every
// notice whose moment has come into outbox rows, one per recipient, each with a
// unique dedupe key. The notice itself is recorded in schedule_notices in the
// same transaction, so repeated ticks, restarts and a second replica never fan
// one notice out twice. This package decides when a notice is due; who gets
// it, its texts and its buttons are bot.NoticeRows's, which also builds the
// organisers' reminders and announcement, so that a notice reads the same
// whoever sends it. The notices are:
//
//	notice    when                       to
//	opened    phase start                announce channel, subscribers
//	closing   ClosingSoon before the end announce channel; subscribers, except
//	                                     for public_vote (see reminders)
//	closed    phase end                  announce channel, subscribers
//	reminder  each `reminders` offset    jury_vote: jurors with work left, with
//	          before the end             their own figures and a button to the
//	                                     next unscored project (callback j:next);
//	                                     public_vote: subscribers who have not
//	                                     voted; any other phase: subscribers
//
// Private chats (subscribers, jurors) get nothing during quiet hours (22:00 to
// 08:00 in the contest's timezone, DST included): a notice due then is shifted
// to the next 08:00, or, when that would be after the deadline it announces,
// to 21:00 the evening before. The announce channel is not shifted. A notice
// found due after downtime is sent once if it is still relevant (an opening or
// a reminder before the phase ends, a closing within StaleAfter of the end)
// and otherwise recorded as stale and logged; of several reminders of one
// phase missed during downtime only the latest is sent.
//
// A Dispatcher claims due outbox rows with one UPDATE … WHERE id IN (SELECT …
// FOR UPDATE SKIP LOCKED LIMIT n) RETURNING under a lease, and sends each
// through the bot.Sender of its platform, paced by golang.org/x/time/rate
// token buckets per platform and per chat, at the rates of the platform's
// bot.Facts (a little under the platform's limits, so that scheduling jitter
// between the limiter and the wire never goes over them). A 429 pauses the platform and retries the row
// after retry_after without counting an attempt; other temporary failures back
// off exponentially and the row is dead after MaxAttempts (see
// store.OutboxHealth); a permanent failure is dead at once; a recipient who
// blocked the bot is unsubscribed. The limits hold per process: with several
// replicas, divide them.
//
// A delivered row is marked sent, and its lease released, by one UPDATE. A
// crash can therefore repeat a message only if it falls between the moment
// the platform accepts the message and that UPDATE's commit: at most one
// message per busy worker, and the window is the round trip of the reply plus
// one UPDATE. DispatchResult reports the window measured for every message;
// BENCHMARKS.md records its size.
//
// The injected clock (Now) drives everything that is stored or compared with
// stored times: due times, not_before, leases, sent_at. Pacing is done by the
// rate limiters on the process's monotonic clock, because it regulates what
// goes over the wire.
package schedule
