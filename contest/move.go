package contest

import (
	"fmt"
	"time"
)

// Phase operations for Calendar.Move.
const (
	PhaseOpen   = "open"   // start now (and end at until, when given)
	PhaseClose  = "close"  // end now
	PhaseExtend = "extend" // end at until
)

// Reasons a phase cannot move as asked (MoveError.Reason).
const (
	MoveNoPhase    = "no_phase"    // the calendar has no such phase
	MoveEnded      = "ended"       // opening a phase that ended, without a new end
	MoveNotStarted = "not_started" // closing a phase that has not started
	MoveNeedsUntil = "needs_until" // extending without a new end
	MovePast       = "past"        // a new end that is not after now and the start
	MoveOverlap    = "overlap"     // the moved phase would overlap Other
	MoveUnknownOp  = "unknown_op"  // an operation other than open, close, extend
)

// MoveError says why a phase cannot move as asked. Adapters say it in the
// reader's language from Reason; Error is the English sentence.
type MoveError struct {
	Reason string
	Phase  Phase // the phase as it is
	Other  Phase // for MoveOverlap, the phase it would overlap
	Until  time.Time
}

func (e *MoveError) Error() string {
	switch e.Reason {
	case MoveNoPhase:
		return fmt.Sprintf("no phase %q", e.Phase.Name)
	case MoveEnded:
		return fmt.Sprintf("phase %q ended on %s: say until when it opens", e.Phase.Name, e.Phase.End.Format(time.RFC3339))
	case MoveNotStarted:
		return fmt.Sprintf("phase %q has not started", e.Phase.Name)
	case MoveNeedsUntil:
		return "extend needs a new end: until <time>"
	case MovePast:
		return fmt.Sprintf("the new end %s is in the past", e.Until.Format(time.RFC3339))
	case MoveOverlap:
		return fmt.Sprintf("phase %q would overlap phase %q: move that one first", e.Phase.Name, e.Other.Name)
	}
	return "unknown phase operation: use open, close or extend"
}

// Code is the contest error code of e.
func (e *MoveError) Code() string {
	switch e.Reason {
	case MoveNoPhase:
		return NotFound
	case MoveNotStarted, MoveOverlap:
		return Conflict
	}
	return Invalid
}

// Move returns the phase name after the operation op at now (until is the
// new end for extend, required, and for open, optional), and whether it
// changes. A phase already as asked is returned unchanged. The error is a
// *MoveError.
func (c Calendar) Move(name, op string, until, now time.Time) (after Phase, changed bool, err error) {
	before, ok := c.Phase(name)
	if !ok {
		return Phase{}, false, &MoveError{Reason: MoveNoPhase, Phase: Phase{Name: name}}
	}
	after = before
	open := !now.Before(before.Start) && now.Before(before.End)
	switch op {
	case PhaseOpen:
		if !open {
			after.Start = now
		}
		if !until.IsZero() {
			after.End = until
		}
		if !after.End.After(now) {
			if until.IsZero() {
				return before, false, &MoveError{Reason: MoveEnded, Phase: before}
			}
			return before, false, &MoveError{Reason: MovePast, Phase: before, Until: until}
		}
	case PhaseClose:
		if now.Before(before.Start) {
			return before, false, &MoveError{Reason: MoveNotStarted, Phase: before}
		}
		if open {
			after.End = now
		}
	case PhaseExtend:
		if until.IsZero() {
			return before, false, &MoveError{Reason: MoveNeedsUntil, Phase: before}
		}
		if !until.After(now) || !until.After(before.Start) {
			return before, false, &MoveError{Reason: MovePast, Phase: before, Until: until}
		}
		after.End = until
	default:
		return before, false, &MoveError{Reason: MoveUnknownOp, Phase: before}
	}
	if after.Start.Equal(before.Start) && after.End.Equal(before.End) {
		return before, false, nil
	}
	for _, p := range c.Phases {
		if p.Name != name && p.Start.Before(after.End) && p.End.After(after.Start) {
			return before, false, &MoveError{Reason: MoveOverlap, Phase: before, Other: p}
		}
	}
	return after, true, nil
}
