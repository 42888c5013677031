// Package web serves the contest's public pages on the bot's HTTP server:
// the shortlist (/), a page per project with its Telegram deep link, its
// QR code and share tags (/p/<id>, /p/<id>/qr.png), and after the
// announcement the results (/results) and the receipt check (/receipts);
// and the organisers' dashboard under /admin (see dashboard.go), whose
// changes are the bot's own /admin commands.
//
// Pages are rendered with html/template in French, Dutch or English (the
// Accept-Language header, or the visitor's choice kept in a cookie), from
// the same text catalogue as the chats. They are rendered once per contest
// change, not per request: a Server keeps the rendered bytes per page and
// language, and checks a cheap stamp of the database (store.PublicStamp) at
// most once per CheckEvery to know when to render again. A page whose text
// depends on the clock (the time left, whether the vote is open) is rendered
// again when that text would change.
//
// A project's image is an <object> whose fallback content is a local
// placeholder: the browser shows the placeholder when the image cannot be
// loaded, without JavaScript. The Content-Security-Policy allows objects
// from the origins of the current projects' images only.
//
// With the bot and the Telegram token, it also serves the jury sheet as a
// Telegram Mini App (/jury/app, see miniapp.go): the one part of the site
// with a script, and the one whose requests change the contest, each as the
// juror's own update, once Telegram's signature of the juror is verified.
package web
