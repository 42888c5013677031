// Package bot holds prixbot's platform-neutral conversations: the voter's,
// the juror's and the organiser's. An Event (who, which chat, a command, a
// button press or a shared contact) goes in; Messages come out. Adapters
// (Adapter: bot/telegram, bot/slack, bot/console) translate to and from
// their platform, whose facts are in one table (Platform); this package
// imports no platform SDK.
package bot
