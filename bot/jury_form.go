package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"prixbot/contest"
	"prixbot/store"
)

// A juror's sheet can also be filled in as one form (Slack's scoring modal):
// SheetForm describes it, and the adapter submits it as an Event whose
// Callback.Data is the form's Data ("jf:<p>", p the project's 0-based index
// in the shortlist) and whose Form holds a level per criterion id and the
// comment. The rules are the jury conversation's: the jury phase must be
// open, a declared conflict refuses, every criterion needs a level on the
// scale. A refused form comes back with Response.FieldErrors and saves nothing.

// Form field ids besides the criteria's.
const (
	// FormComment is the field id of the juror's comment.
	FormComment = "comment"
	juryForm    = "jf:"
	juryComment = "jc:"
)

// SheetForm is a juror's sheet for one project as a form.
type SheetForm struct {
	Data         string // callback data the form is submitted with
	Title        string // the project's name
	Intro        string // where the sheet stands (n/N, status)
	Groups       []FormGroup
	Levels       []FormOption // the scale, lowest first
	CommentLabel string
	Comment      string // the comment given so far
	Submit       string // the submit button's label
	Cancel       string
	Lang         string

	// What a page showing the whole sheet at once needs besides (the
	// Telegram Mini App):
	Project contest.Project
	Index   int    // the project's 0-based position in the shortlist
	Total   string // the running total
	Note    string // where the sheet stands and what the juror may do with it
	// Editable: the jury phase is open and no conflict is declared, so
	// levels may be picked and the sheet submitted.
	Editable bool
	// Done: every sheet of the juror is submitted or has a conflict.
	Done bool
	// Sheets are every project of the shortlist: its index as Value, its
	// status mark, number and name as Label.
	Sheets []SheetOption
}

// FormGroup is a group of criteria (Portage, Contenu, Contexte).
type FormGroup struct {
	Label  string
	Fields []FormField
}

// FormField is one criterion of a SheetForm.
type FormField struct {
	ID    string // the criterion id
	Index int    // its 0-based position in the grid (see ScoreData)
	Label string // "n. label"
	Value string // the level given so far, "" when none
}

// FormOption is one choice of a select.
type FormOption struct {
	Value, Label string
}

// SheetOption is one project of a juror's shortlist, the current one or
// another.
type SheetOption struct {
	FormOption
	Current bool
}

// registerJuryForm registers the submission of a SheetForm, and of its
// comment alone.
func (b *Bot) registerJuryForm() {
	b.callback("jf", b.juryFormSubmitted)
	b.callback("jc", b.juryCommentSaved)
}

// SheetFormData is the callback data a SheetForm for project p (its 0-based
// index in the shortlist) is submitted with.
func SheetFormData(p int) string { return fmt.Sprintf("%s%d", juryForm, p) }

// SheetForm returns the form for the jury button of ev (Callback.Data
// "j:next" or "j:o:<p>"), or nil when a form does not fit: the sender is no
// juror, the jury phase is not open, the project has a declared conflict,
// nothing is left to score, or the button is something else. The adapter then
// handles the press as an ordinary Event.
func (b *Bot) SheetForm(ctx context.Context, ev Event) (*SheetForm, error) {
	if ev.Callback == nil {
		return nil, nil
	}
	data := ev.Callback.Data
	if data != juryNext && !strings.HasPrefix(data, juryOpen) {
		return nil, nil
	}
	f, err := b.sheetForm(ctx, ev, func(sheets []store.Sheet) (int, bool) {
		if data == juryNext {
			return nextToScore(sheets, 0)
		}
		return index([]string{strings.TrimPrefix(data, juryOpen)}, 0, 1, len(sheets))
	})
	if f == nil || err != nil || !f.Editable {
		return nil, err
	}
	return f, nil
}

// SheetPage returns the sheet of ev's sender for project p (its 0-based
// index in the shortlist) as a form, editable or not, for a page that
// shows it whole (the Telegram Mini App). With next, it is instead the
// first sheet still to score after project p (from the start when p < 0),
// or when none is left project p itself (the first when p < 0). It is nil
// when the sender is no juror, the shortlist is empty or p is not in it.
func (b *Bot) SheetPage(ctx context.Context, ev Event, p int, next bool) (*SheetForm, error) {
	return b.sheetForm(ctx, ev, func(sheets []store.Sheet) (int, bool) {
		if next {
			if i, ok := nextToScore(sheets, p+1); ok {
				return i, true
			}
			p = max(p, 0)
		}
		return p, p >= 0 && p < len(sheets)
	})
}

// nextToScore returns the index of the first sheet still to score (to do
// or draft), looking from index from on and then from the start.
func nextToScore(sheets []store.Sheet, from int) (int, bool) {
	for i := range sheets {
		p := (from + i) % len(sheets)
		if st := sheets[p].Status(); st == store.SheetToDo || st == store.SheetDraft {
			return p, true
		}
	}
	return 0, false
}

// sheetForm returns the form of the sheet that pick chooses among the
// sender's sheets, or nil when the sender is no juror or pick finds none.
func (b *Bot) sheetForm(ctx context.Context, ev Event, pick func([]store.Sheet) (int, bool)) (*SheetForm, error) {
	ev = ev.cleaned()
	now := b.cfg.NowFunc()
	ed, projects, err := b.currentEdition(ctx, now)
	if err != nil {
		return nil, err
	}
	var form *SheetForm
	err = b.cfg.Store.InTx(ctx, func(tx *store.Tx) error {
		acct, err := tx.UpsertAccount(ctx, ev.Platform, ev.UserID, ev.ChatID, ev.Username, ev.Name)
		if err != nil {
			return err
		}
		lang := MatchLang(ev.LangHint)
		if acct.LanguageChosen && acct.Language != "" {
			lang = acct.Language
		}
		r := &Request{Event: ev, Tx: tx, Edition: ed, Projects: projects, Now: now, Lang: lang, Account: acct, resp: &Response{}}
		j, err := tx.JurorByPlatform(ctx, ed.ID, ev.Platform, ev.UserID)
		if contest.ErrorCode(err) == contest.NotFound {
			return nil
		}
		if err != nil {
			return err
		}
		s := newJurySession(r, j)
		sheets, err := tx.JurorSheets(ctx, j)
		if err != nil {
			return err
		}
		s.shortlist = len(sheets)
		p, ok := pick(sheets)
		if !ok {
			return nil
		}
		comment, err := tx.SheetComment(ctx, j, sheets[p].Project.ID)
		if err != nil {
			return err
		}
		form = s.form(sheets, p, comment)
		return nil
	})
	return form, err
}

// form builds the SheetForm of sheet p.
func (s *jurySession) form(sheets []store.Sheet, p int, comment string) *SheetForm {
	lang := s.Lang
	sh := sheets[p]
	f := &SheetForm{
		Data:         SheetFormData(sh.Index),
		Title:        sh.Project.Name,
		Intro:        fmt.Sprintf("%s %d/%d · %s", statusMark[sh.Status()], sh.Index+1, s.shortlist, s.total(sh)),
		CommentLabel: T(lang, "form.comment"),
		Comment:      comment,
		Submit:       T(lang, "form.submit"),
		Cancel:       T(lang, "jury.cancel"),
		Lang:         lang,
		Project:      sh.Project,
		Index:        sh.Index,
		Total:        s.total(sh),
		Note:         s.note(sh),
		Editable:     s.open && !sh.Conflict,
	}
	_, left := nextToScore(sheets, 0)
	f.Done = !left
	for _, other := range sheets {
		f.Sheets = append(f.Sheets, SheetOption{Current: other.Index == sh.Index, FormOption: FormOption{
			Value: strconv.Itoa(other.Index), Label: fmt.Sprintf("%s %d. %s", statusMark[other.Status()], other.Index+1, other.Project.Name)}})
	}
	for lv := s.grid.Scale.Min; lv <= s.grid.Scale.Max; lv++ {
		f.Levels = append(f.Levels, FormOption{Value: strconv.Itoa(lv), Label: fmt.Sprintf("%s (%d)", s.grid.LevelLabel(lang, lv), lv)})
	}
	for c, crit := range s.grid.Criteria {
		if len(f.Groups) == 0 || f.Groups[len(f.Groups)-1].Label != contest.GroupLabel(lang, crit.Group) {
			f.Groups = append(f.Groups, FormGroup{Label: contest.GroupLabel(lang, crit.Group)})
		}
		field := FormField{ID: crit.ID, Index: c, Label: fmt.Sprintf("%d. %s", c+1, crit.LabelIn(lang))}
		if v, ok := sh.Scores[crit.ID]; ok {
			field.Value = strconv.Itoa(v)
		}
		g := &f.Groups[len(f.Groups)-1]
		g.Fields = append(g.Fields, field)
	}
	return f
}

// juryFormSubmitted saves a submitted SheetForm: every score, the comment,
// and the submission, in the request's transaction, or nothing with
// FieldErrors saying why.
func (b *Bot) juryFormSubmitted(ctx context.Context, r *Request) error {
	s, sh, err := b.formSheet(ctx, r, juryForm)
	if s == nil {
		return err
	}
	levels := map[string]int{}
	errs := map[string]string{}
	for _, crit := range s.grid.Criteria {
		raw, given := r.Form[crit.ID]
		lv, okl := level([]string{raw}, 0, s.grid.Scale)
		switch {
		case !given || raw == "":
			errs[crit.ID] = T(r.Lang, "form.required")
		case !okl:
			errs[crit.ID] = T(r.Lang, "form.bad_level")
		default:
			levels[crit.ID] = lv
		}
	}
	comment, tooLong := formComment(r)
	if tooLong != "" {
		errs[FormComment] = tooLong
	}
	if len(errs) > 0 {
		r.resp.FieldErrors = errs
		return nil
	}
	total := 0
	for _, crit := range s.grid.Criteria {
		if _, err := r.Tx.SetScore(ctx, s.juror, sh.Project.ID, s.grid, crit.ID, levels[crit.ID], s.actor(), r.Now); err != nil {
			return err
		}
		total += levels[crit.ID]
	}
	if _, err := r.Tx.SetSheetComment(ctx, s.juror, sh.Project.ID, comment, s.actor(), r.Now); err != nil {
		return err
	}
	if err := r.Tx.SubmitSheet(ctx, s.juror, sh.Project.ID, s.grid, s.actor(), r.Now); err != nil {
		return err
	}
	r.Answer(T(r.Lang, "jury.submitted", total, s.maxTotal()))
	r.Reply(Message{Text: sh.Project.Name + ": " + T(r.Lang, "jury.submitted", total, s.maxTotal()),
		Buttons: [][]Button{{{Text: T(r.Lang, "jury.next_button"), Data: juryNext}, {Text: T(r.Lang, "jury.list_button"), Data: juryList}}}})
	return nil
}

// formSheet returns the jury session and the sheet that a form submitted
// with data prefix+"<p>" is for, when the sheet may change: the jury phase
// is open and no conflict is declared. Otherwise the session is nil and the
// Response says why (FieldErrors, or the answer to a non-juror).
func (b *Bot) formSheet(ctx context.Context, r *Request, prefix string) (*jurySession, store.Sheet, error) {
	s, sheets, err := b.jurorSheets(ctx, r)
	if s == nil {
		return nil, store.Sheet{}, err
	}
	p, ok := index([]string{strings.TrimPrefix(r.Callback.Data, prefix)}, 0, 1, len(sheets))
	refusal := ""
	switch {
	case !ok || r.Form == nil:
		refusal = "jury.bad_button"
	case !s.open:
		refusal = "jury.closed"
	case sheets[p].Conflict:
		refusal = "jury.conflict_refused"
	default:
		return s, sheets[p], nil
	}
	r.resp.FieldErrors = map[string]string{"": T(r.Lang, refusal)}
	return nil, store.Sheet{}, nil
}

// formComment returns a form's comment, and why it is refused ("" when it
// is not).
func formComment(r *Request) (comment, tooLong string) {
	comment = strings.TrimSpace(r.Form[FormComment])
	if len(comment) > store.MaxSheetComment {
		return comment, T(r.Lang, "form.comment_too_long", store.MaxSheetComment)
	}
	return comment, ""
}

// CommentFormData is the callback data that the comment of project p's
// sheet (its 0-based index in the shortlist) is saved with alone, as a form
// whose only field is FormComment: the Telegram Mini App saves the comment
// as it is typed, a draft as the levels are.
func CommentFormData(p int) string { return fmt.Sprintf("%s%d", juryComment, p) }

// juryCommentSaved saves the comment of a sheet alone, by the form's rules
// (the jury phase open, no declared conflict, at most MaxSheetComment
// bytes); refused, FieldErrors say why and nothing is saved. The sheet stays
// as it is: submitted or draft.
func (b *Bot) juryCommentSaved(ctx context.Context, r *Request) error {
	s, sh, err := b.formSheet(ctx, r, juryComment)
	if s == nil {
		return err
	}
	comment, tooLong := formComment(r)
	if tooLong != "" {
		r.resp.FieldErrors = map[string]string{FormComment: tooLong}
		return nil
	}
	if _, err := r.Tx.SetSheetComment(ctx, s.juror, sh.Project.ID, comment, s.actor(), r.Now); err != nil {
		return err
	}
	r.Answer(T(r.Lang, "jury.comment_saved"))
	return nil
}
