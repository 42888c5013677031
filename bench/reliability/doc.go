// Package reliability is prixbot's reliability suite: it runs the real
// binary in Telegram webhook mode against a PostgreSQL cluster it controls and
// a fake Bot API, has simulated voters go through the whole vote (project
// card, Vote, shared contact, confirm) while it breaks things, and then
// checks what the database holds against what the voters were told:
//
//   - kill -9 of the bot during a burst of votes, then a restart;
//   - PostgreSQL stopped and restarted under the bot, which must reconnect;
//   - the server's connections all taken by another client (the bot's own
//     ended first), so that the bot's new ones fail with "too many clients";
//   - two replicas on one database behind a round-robin balancer, then the
//     same with one replica killed mid-run;
//   - SIGTERM during a burst: the bot exits cleanly within 10 s.
//
// Voters behave like people, and their updates arrive as Telegram delivers
// them: each voter goes through the vote once, and an update is delivered
// again only when the webhook answered non-2xx or the connection failed
// (Telegram retries until it gets a 2xx), never because a flow went wrong:
// an action the bot acknowledged without doing it stays lost. Every
// scenario must end with each voter's vote stored exactly once, every
// receipt sent matching a stored vote (lost: 0), and no secret, token or
// phone number in the bot's logs. During the database faults /readyz must
// say what is wrong.
//
// The suite is a test package: `go test ./bench/reliability` runs a short
// version (CI), bench/reliability.sh the full one (1,000 voters).
package reliability
