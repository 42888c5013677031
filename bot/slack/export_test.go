package slack

import "prixbot/bot/pace"

// PaceOf returns the Pacer of a, for the tests to check its limits.
func PaceOf(a *Adapter) *pace.Pacer { return a.pace }
