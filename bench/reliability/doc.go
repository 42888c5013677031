// Package reliability is prixbot's reliability suite: it runs the real
// binary in Telegram webhook mode against a PostgreSQL cluster it controls and
// a fake Bot API, has simulated voters go through the whole vote (project
// card, Vote, shared contact, confirm) while it breaks things, and then
// checks what the database holds against what the voters were told:
//
//   - kill -9 of the bot during a burst of votes, then a restart;
//   - PostgreSQL stopped and restarted under the bot, which must reconnect;
//   - two replicas on one database behind a round-robin balancer, then the
//     same with one replica killed mid-run;
//   - SIGTERM during a burst: the bot exits cleanly within 10 s.
//
// Voters behave like Telegram and people do: a webhook delivery that fails is
// retried with the same update (Telegram retries until it gets 200), and a
// voter who got no receipt tries again unless /myvote would show a vote.
// Every scenario must end with each voter's vote stored exactly once, every
// receipt sent matching a stored vote (lost: 0), and no secret, token or
// phone number in the bot's logs.
//
// The suite is a test package: `go test ./bench/reliability` runs a short
// version (CI), bench/reliability.sh the full one (1,000 voters).
package reliability
