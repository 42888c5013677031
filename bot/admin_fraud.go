package bot

import (
	"strings"

	"prixbot/contest"
)

// deepLinkOpened returns the project of the current contest whose deep link
// ev opens (/start p-<id>), or "". Handle has the store count the opening
// (project and time, nobody's id) in the statement that records the update,
// so that the organisers' suspicious report has its raw material without the
// voter conversation knowing, and /start stays a handler that writes
// nothing. (The other raw material, the hash of a verified voter's number
// block, is written by the verification itself: see PhonePrefixHash.)
func deepLinkOpened(ev Event, projects []contest.Project) string {
	if ev.Callback != nil || ev.Contact != nil {
		return ""
	}
	name, arg := splitCommand(ev.Text)
	id, ok := strings.CutPrefix(arg, DeepLinkPrefix)
	if name != "start" || !ok {
		return ""
	}
	for _, p := range projects {
		if p.ID == id {
			return id
		}
	}
	return ""
}

// PhonePrefixHash is what the shared-prefix fraud signal keeps of a voter's
// number: HMAC-SHA256 keyed with VOTER_PEPPER of "prefix:" and the E.164
// number without its last three digits, so voters from one block of 1 000
// numbers share it and nothing else can be learnt from it. The voter
// conversation stores it with store.Tx.VerifyVoter, in the statement that
// verifies the voter.
func PhonePrefixHash(pepper []byte, e164 string) []byte {
	return PhoneHash(pepper, "prefix:"+e164[:max(len(e164)-3, 0)])
}
