package contest

// The ballot rule: what confirming a vote for a project does to a voter's
// ballot. It is written once, here: the statement that casts votes takes
// its choices as parameters (Ballot.Plan) and the voter's conversation says
// what a confirmation will do, and why nothing was done, from Decide.

// A Choice is what confirming a vote for a project does to a voter's ballot.
type Choice byte

// The choices. Only Cast and Change change the ballot.
const (
	// Cast puts a new vote for the project in a free slot of the ballot.
	Cast Choice = 'c'
	// Change moves the voter's last counted vote to the project: the ballot
	// is full and the rule allows changes.
	Change Choice = 'm'
	// AlreadyThis: the voter already votes for the project.
	AlreadyThis Choice = 'a'
	// Full: the ballot is full and the rule allows no change.
	Full Choice = 'f'
	// Voided: a vote the organisers voided keeps the voter from voting for
	// the project, so that voting again cannot undo their decision: a
	// voided vote for the project itself (a voter votes once for a project),
	// or voided votes holding the slots the voter has not used.
	Voided Choice = 'v'
)

// BallotState is what the ballot rule reads of a voter's ballot, for a
// project.
type BallotState struct {
	ThisCounted bool // a counted vote for the project
	ThisVoided  bool // a voided vote for the project
	Full        bool // as many counted votes as Ballot.VotesPerVoter
	SlotFree    bool // a ballot slot (1 to VotesPerVoter) that no vote, counted or voided, holds
}

// ballotStates is how many BallotStates there are.
const ballotStates = 16

// Choose is the ballot rule: what confirming a vote does to a ballot in
// state s.
func (b Ballot) Choose(s BallotState) Choice {
	switch {
	case s.ThisCounted:
		return AlreadyThis
	case s.ThisVoided:
		return Voided
	case !s.Full && s.SlotFree:
		return Cast
	case !s.Full:
		return Voided // counted votes left, but voided votes hold every slot
	case b.AllowChange:
		return Change
	}
	return Full
}

// Plan is the rule as a statement takes it: the Choice of every
// BallotState, the i-th byte for the state whose index is i (8 for
// ThisCounted, 4 for ThisVoided, 2 for Full, 1 for SlotFree, added).
func (b Ballot) Plan() string {
	plan := make([]byte, ballotStates)
	for i := range plan {
		plan[i] = byte(b.Choose(BallotState{ThisCounted: i&8 != 0, ThisVoided: i&4 != 0, Full: i&2 != 0, SlotFree: i&1 != 0}))
	}
	return string(plan)
}

// BallotVote is one of a voter's votes as the ballot rule sees it.
type BallotVote struct {
	Project string
	Voided  bool
}

// Decision is what the ballot rule decides for a confirmation: the Choice,
// and Vote, the index of the vote it concerns in the votes decided on — the
// vote for the project (AlreadyThis, and Voided for a voided vote for the
// project) or the vote that moves (Change) — or -1.
type Decision struct {
	Choice Choice
	Vote   int
}

// Decide applies the rule to a voter's votes, counted or voided, in slot
// order, for a project: each vote holds one of the slots 1 to VotesPerVoter.
func (b Ballot) Decide(votes []BallotVote, project string) Decision {
	var s BallotState
	this, last, counted := -1, -1, 0
	for i, v := range votes {
		if v.Project == project {
			this = i
			s.ThisCounted, s.ThisVoided = !v.Voided, v.Voided
		}
		if !v.Voided {
			last = i
			counted++
		}
	}
	s.Full, s.SlotFree = counted >= b.VotesPerVoter, len(votes) < b.VotesPerVoter
	d := Decision{Choice: b.Choose(s), Vote: -1}
	switch {
	case d.Choice == Change:
		d.Vote = last
	case d.Choice == AlreadyThis, d.Choice == Voided && s.ThisVoided:
		d.Vote = this
	}
	return d
}
