package web

import (
	"context"
	"errors"

	"prixbot/bot"
)

// The web front is an adapter like the chat platforms (bot.Adapter): it is
// named bot.Web, mounts its pages and the dashboard on the HTTP server
// (bot.Mounter), and hands the organisers' commands to the conversations as
// Events of that platform. It has no chats: nothing is sent there.
var (
	_ bot.Adapter = (*Server)(nil)
	_ bot.Mounter = (*Server)(nil)
)

// errNoChats is Send's refusal.
var errNoChats = &bot.PermanentError{Err: errors.New("the web front has no chats to send to")}

// Name returns the web front's platform, bot.Web.
func (s *Server) Name() string { return bot.Web }

// Run waits for ctx to end: the HTTP server serves the pages.
func (s *Server) Run(ctx context.Context) error {
	<-ctx.Done()
	return nil
}

// Send refuses every message with a *bot.PermanentError: nobody has a chat
// on the web, so no notification is for it.
func (s *Server) Send(context.Context, string, bot.Message) (string, error) { return "", errNoChats }

// Mount serves the pages and the dashboard on "/" of mux, with the security
// headers: the more specific patterns (/healthz, webhooks) keep their
// handlers.
func (s *Server) Mount(mux bot.Mux) { mux.Handle("/", s.Handler()) }
