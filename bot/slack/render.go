package slack

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"prixbot/bot"
	"prixbot/internal/runes"
)

// Block Kit limits that rendering respects.
const (
	maxButtonText  = 75   // characters on a button
	maxButtonValue = 2000 // bytes of a button's value
	maxMsgBlocks   = 50   // blocks in a message
	maxViewBlocks  = 100  // blocks in a modal or App Home
	maxTitle       = 24   // characters in a modal title or its buttons
	maxLabel       = 2000 // characters in an input's label
	maxOptionText  = 75   // characters in a select option
	actionsPerRow  = 25   // elements in an actions block
)

// maxSectionText is the most characters in a section's text: Slack's
// message text limit.
var maxSectionText = bot.Platform(bot.Slack).MaxText

// escape makes plain text safe as mrkdwn: &, < and > are Slack's control
// characters (links, mentions).
var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// cut shortens s to at most n characters, with an ellipsis when cut.
var cut = runes.Truncate

// chunks splits text into pieces of at most n characters, at line breaks
// where it can.
func chunks(text string, n int) []string {
	var out []string
	for utf8.RuneCountInString(text) > n {
		r := []rune(text)
		head := string(r[:n])
		if i := strings.LastIndex(head, "\n"); i > 0 {
			head = head[:i]
		}
		out = append(out, head)
		text = strings.TrimPrefix(text[len(head):], "\n")
	}
	if text != "" {
		out = append(out, text)
	}
	return out
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// blocks renders a message: its text in sections, its photo, and its button
// rows as actions whose values are the buttons' data (URL buttons open
// their page). The action ids only need to be unique in the message.
func blocks(m bot.Message, limit int) []slack.Block {
	var out []slack.Block
	for _, c := range chunks(escape(m.Text), maxSectionText) {
		out = append(out, slack.NewSectionBlock(mrkdwn(c), nil, nil))
	}
	if m.PhotoURL != "" {
		alt, _, _ := strings.Cut(m.Text, "\n")
		out = append(out, slack.NewImageBlock(m.PhotoURL, cut(cmpOr(alt, "photo"), 2000), "", nil))
	}
	n := 0
	for _, row := range m.Buttons {
		var els []slack.BlockElement
		for _, b := range row {
			if len(b.Data) > maxButtonValue {
				continue
			}
			btn := slack.NewButtonBlockElement(fmt.Sprintf("b%d", n), b.Data, plain(cut(b.Text, maxButtonText)))
			if b.URL != "" {
				btn.URL = b.URL
			}
			els = append(els, btn)
			n++
			if len(els) == actionsPerRow {
				break
			}
		}
		if len(els) > 0 {
			out = append(out, slack.NewActionBlock("", els...))
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// fallback is a message's notification text.
func fallback(m bot.Message) string {
	return cut(cmpOr(m.Text, " "), maxSectionText)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// joined renders several messages as one (a slash command's answer is one
// message), separated by dividers.
func joined(msgs []bot.Message) ([]slack.Block, string) {
	var out []slack.Block
	var texts []string
	for i, m := range msgs {
		if i > 0 {
			out = append(out, slack.NewDividerBlock())
		}
		out = append(out, blocks(m, maxMsgBlocks)...)
		texts = append(texts, m.Text)
	}
	if len(out) > maxMsgBlocks {
		out = out[:maxMsgBlocks]
	}
	return out, cut(cmpOr(strings.Join(texts, "\n"), " "), maxSectionText)
}

// Ids in the scoring modal.
const (
	sheetCallback = "sheet" // the modal's callback_id
	levelAction   = "level" // each criterion's select
	commentAction = "note"  // the comment input (its block is bot.FormComment)
)

// sheetModal renders a juror's sheet form as a modal: the criteria in their
// groups, one static select each (preset to the level given so far), and an
// optional comment. The form's Data travels in private_metadata.
func sheetModal(f *bot.SheetForm) slack.ModalViewRequest {
	var bs []slack.Block
	bs = append(bs, slack.NewSectionBlock(mrkdwn(escape(cut(f.Intro, maxSectionText))), nil, nil))
	var opts []*slack.OptionBlockObject
	byValue := map[string]*slack.OptionBlockObject{}
	for _, l := range f.Levels {
		o := slack.NewOptionBlockObject(l.Value, plain(cut(l.Label, maxOptionText)), nil)
		opts = append(opts, o)
		byValue[l.Value] = o
	}
	for _, g := range f.Groups {
		bs = append(bs, slack.NewHeaderBlock(plain(cut(g.Label, 150))))
		for _, fd := range g.Fields {
			sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(bot.T(f.Lang, "form.choose")), levelAction, opts...)
			if o, ok := byValue[fd.Value]; ok {
				sel.InitialOption = o
			}
			bs = append(bs, slack.NewInputBlock(fd.ID, plain(cut(fd.Label, maxLabel)), nil, sel))
		}
	}
	note := slack.NewPlainTextInputBlockElement(nil, commentAction)
	note.Multiline = true
	note.MaxLength = 3000
	note.InitialValue = f.Comment
	in := slack.NewInputBlock(bot.FormComment, plain(f.CommentLabel), nil, note)
	in.Optional = true
	bs = append(bs, in)
	if len(bs) > maxViewBlocks {
		bs = bs[:maxViewBlocks]
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      sheetCallback,
		PrivateMetadata: f.Data,
		Title:           plain(cut(f.Title, maxTitle)),
		Submit:          plain(cut(f.Submit, maxTitle)),
		Close:           plain(cut(f.Cancel, maxTitle)),
		Blocks:          slack.Blocks{BlockSet: bs},
	}
}

// formValues reads a submitted scoring modal's state into bot.Event.Form.
func formValues(state *slack.ViewState) map[string]string {
	form := map[string]string{}
	if state == nil {
		return form
	}
	for blockID, actions := range state.Values {
		for actionID, a := range actions {
			switch actionID {
			case levelAction:
				form[blockID] = a.SelectedOption.Value
			case commentAction:
				form[bot.FormComment] = a.Value
			}
		}
	}
	return form
}

// fieldErrors maps a refused form's errors to the modal's blocks; an error
// about the whole form shows on the first criterion.
func fieldErrors(f map[string]string, first string) map[string]string {
	out := map[string]string{}
	for id, msg := range f {
		if id == "" {
			id = first
		}
		out[id] = msg
	}
	return out
}
