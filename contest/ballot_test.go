package contest

import "testing"

func TestBallotChoose(t *testing.T) {
	t.Parallel()
	one, change := Ballot{VotesPerVoter: 1}, Ballot{VotesPerVoter: 1, AllowChange: true}
	tests := []struct {
		name   string
		ballot Ballot
		s      BallotState
		want   Choice
	}{
		{"empty ballot: cast", one, BallotState{SlotFree: true}, Cast},
		{"empty ballot, changes allowed: cast", change, BallotState{SlotFree: true}, Cast},
		{"already votes for it", one, BallotState{ThisCounted: true, Full: true}, AlreadyThis},
		{"already votes for it, changes allowed", change, BallotState{ThisCounted: true, Full: true}, AlreadyThis},
		{"full, no change", one, BallotState{Full: true}, Full},
		{"full, changes allowed: change", change, BallotState{Full: true}, Change},
		{"its vote for it was voided", change, BallotState{ThisVoided: true, SlotFree: true}, Voided},
		{"its vote for it was voided, ballot full", change, BallotState{ThisVoided: true, Full: true}, Voided},
		{"a voided vote holds the last slot", change, BallotState{}, Voided},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.ballot.Choose(tt.s); got != tt.want {
				t.Errorf("Choose(%+v) = %c, want %c", tt.s, got, tt.want)
			}
		})
	}
}

// TestBallotPlan checks that a statement given the plan does what Choose
// says for every standing, and that it never casts without a free slot nor
// beyond the votes per voter.
func TestBallotPlan(t *testing.T) {
	t.Parallel()
	for _, b := range []Ballot{{VotesPerVoter: 1}, {VotesPerVoter: 1, AllowChange: true}, {VotesPerVoter: 3}, {VotesPerVoter: 3, AllowChange: true}} {
		plan := b.Plan()
		if len(plan) != ballotStates {
			t.Fatalf("%+v: plan %q has %d choices, want %d", b, plan, len(plan), ballotStates)
		}
		for i := range ballotStates {
			s := BallotState{ThisCounted: i&8 != 0, ThisVoided: i&4 != 0, Full: i&2 != 0, SlotFree: i&1 != 0}
			c := Choice(plan[i])
			if c != b.Choose(s) {
				t.Errorf("%+v: plan[%d] = %c, Choose(%+v) = %c", b, i, c, s, b.Choose(s))
			}
			if c == Cast && (s.Full || !s.SlotFree) || c == Change && (!s.Full || !b.AllowChange) {
				t.Errorf("%+v: %c in state %+v", b, c, s)
			}
		}
	}
	if got, want := (Ballot{VotesPerVoter: 1}).Plan(), "vcffvvvvaaaaaaaa"; got != want {
		t.Errorf("one vote, no change: plan %q, want %q", got, want)
	}
}

func TestBallotDecide(t *testing.T) {
	t.Parallel()
	counted := func(p string) BallotVote { return BallotVote{Project: p} }
	voided := func(p string) BallotVote { return BallotVote{Project: p, Voided: true} }
	one, change := Ballot{VotesPerVoter: 1}, Ballot{VotesPerVoter: 1, AllowChange: true}
	three, threeChange := Ballot{VotesPerVoter: 3}, Ballot{VotesPerVoter: 3, AllowChange: true}
	tests := []struct {
		name   string
		ballot Ballot
		votes  []BallotVote
		want   Decision
	}{
		{"first vote", one, nil, Decision{Cast, -1}},
		{"second of three", three, []BallotVote{counted("a")}, Decision{Cast, -1}},
		{"again for the same", three, []BallotVote{counted("a"), counted("p")}, Decision{AlreadyThis, 1}},
		{"full, no change", one, []BallotVote{counted("a")}, Decision{Full, -1}},
		{"full, the last vote moves", threeChange, []BallotVote{counted("a"), counted("b"), counted("c")}, Decision{Change, 2}},
		{"full with a voided vote first, the last counted moves", change, []BallotVote{counted("a")}, Decision{Change, 0}},
		{"a voided vote for it", threeChange, []BallotVote{voided("p")}, Decision{Voided, 0}},
		{"a voided vote in the only slot", change, []BallotVote{voided("a")}, Decision{Voided, -1}},
		{"voided votes in the slots left", three, []BallotVote{counted("a"), voided("b"), voided("c")}, Decision{Voided, -1}},
		{"a voided vote, a slot still free", three, []BallotVote{voided("b")}, Decision{Cast, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.ballot.Decide(tt.votes, "p"); got != tt.want {
				t.Errorf("Decide(%v, p) = {%c %d}, want {%c %d}", tt.votes, got.Choice, got.Vote, tt.want.Choice, tt.want.Vote)
			}
		})
	}
}
