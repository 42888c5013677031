package contest

import "time"

// Phase names: a contest's calendar is made of these, each at most once.
const (
	PhaseApplications = "applications"
	PhaseSelection    = "selection"
	PhasePublicVote   = "public_vote"
	PhaseJuryVote     = "jury_vote"
	PhaseCeremony     = "ceremony"
)

// PhaseNames lists the phase names in calendar order.
var PhaseNames = []string{PhaseApplications, PhaseSelection, PhasePublicVote, PhaseJuryVote, PhaseCeremony}

// DefaultSectors are the four sectors of the prize, used when a contest file
// names none.
var DefaultSectors = []string{
	"Éducation et formation",
	"Action sociale",
	"Santé",
	"Culture, sport et loisirs",
}

// Contest is one edition of the prize, as described by its contest file.
type Contest struct {
	Slug         string
	Name         string
	Location     *time.Location // the contest's timezone; phases are local times in it
	Weights      Weights
	Prizes       []int // euros, by rank (index 0 = first prize)
	Ballot       Ballot
	Verification Verification
	Sectors      []string
	Calendar     Calendar
	Reminders    map[string][]time.Duration // phase name -> offsets before the phase ends
	Grid         Grid
	Jurors       []JurorSpec
	// RetentionDays, when > 0, erases voter identities that many days after the
	// end of the ceremony phase.
	RetentionDays int
}

// Weights are the shares of the public vote and of the jury in the ranking, in points.
type Weights struct {
	Public float64
	Jury   float64
}

// Ballot is the ballot rule.
type Ballot struct {
	VotesPerVoter int  // how many projects one voter may vote for (>= 1)
	AllowChange   bool // whether a voter may move a vote while the public vote is open
}

// Verification is the identity policy for voters.
type Verification struct {
	Telegram          string   // "phone": voters share their own contact
	PhoneCountryCodes []string // e.g. ["+32"]; empty = any country
}

// JurorSpec is a juror listed in the contest file.
type JurorSpec struct {
	Name string
	// IDs are the juror's user ids by platform, e.g. {"telegram": "42",
	// "slack": "U0123ABCD", "console": "juror"} (the console's is the user
	// of `prixbot console --user ID`, for demos). Any platform name may
	// appear; JurorID says which ids a platform can have.
	IDs map[string]string
	// oldKeys names, for each id the file gave under a key of the old form
	// (telegram_id, slack_id, console_id), that key, so that an error names
	// the field as the file wrote it.
	oldKeys map[string]string
}

// Project is a candidate project.
type Project struct {
	ID           string
	Name         string
	Organisation string
	Sector       string
	Summary      string
	URL          string
	ImageURL     string
	Shortlisted  bool
}

// HasSector reports whether s is one of the contest's sectors.
func (c *Contest) HasSector(s string) bool {
	for _, x := range c.Sectors {
		if x == s {
			return true
		}
	}
	return false
}

// Prize returns the prize in euros for a 1-based rank, or 0 when the rank wins nothing.
func (c *Contest) Prize(rank int) int {
	if rank < 1 || rank > len(c.Prizes) {
		return 0
	}
	return c.Prizes[rank-1]
}
