package store

import (
	"crypto/rand"
	"encoding/base32"
	"time"
)

// Vote is one counted (or voided) vote.
type Vote struct {
	ID         int64      `db:"id" json:"id"`
	VoterID    int64      `db:"voter_id" json:"-"`
	Slot       int        `db:"slot" json:"-"`
	ProjectID  string     `db:"project_id" json:"project"`
	Receipt    string     `db:"receipt" json:"receipt"`
	Platform   string     `db:"platform" json:"platform"`
	CastAt     time.Time  `db:"cast_at" json:"cast_at"`
	VoidedAt   *time.Time `db:"voided_at" json:"voided_at,omitempty"`
	VoidReason *string    `db:"void_reason" json:"void_reason,omitempty"`
}

// NewReceipt returns a random receipt code, unlinkable to the voter: 10
// characters of base32 (50 bits), shown in groups as XXXXX-XXXXX.
func NewReceipt() string {
	var b [7]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])[:10]
	return s[:5] + "-" + s[5:]
}
