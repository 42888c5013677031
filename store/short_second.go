//go:build prixbot_shortsecond

package store

// A bot built with the tag prixbot_shortsecond counts its seconds five
// times shorter, readiness's window after a failed connection included.
func init() { connectFailureWindow /= 5 }
