package storetest

import (
	"context"
	"encoding/hex"
	"testing"
	"time"

	"prixbot/contest"
	"prixbot/store"
)

// Vote casts a counted vote for project in a contest at the instant at
// (inside its public vote), from a new voter identified by hash, the way
// every vote is cast: one update of a new account of platform, through
// store.Store.BeginUpdate, that verifies the identity and confirms the
// vote. It fails the test when no vote was cast, and returns the vote.
func Vote(t testing.TB, st *store.Store, contestID int64, platform string, hash []byte, project string, at time.Time) store.Vote {
	t.Helper()
	b, err := st.BeginUpdate(context.Background(), store.Update{Platform: platform, UserID: "storetest-" + hex.EncodeToString(hash),
		ContestID: contestID, At: at, Verify: &store.Phone{Hash: hash}, Pending: project, Confirm: &contest.Ballot{VotesPerVoter: 1}})
	if err != nil || b.Cast == nil {
		t.Fatalf("vote for %s: %+v, %v", project, b, err)
	}
	return *b.Cast
}
