// Package contest is the domain of prixbot: a social-innovation prize with a
// calendar of phases, a shortlist of projects, a public ballot, an expert jury
// scoring projects on a grid, and the ranking that combines both.
//
// The package is pure Go with no I/O: time is always passed in, and every rule
// reports a violation as an *Error carrying a Code.
package contest
