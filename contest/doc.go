// Package contest is the domain of prixbot: a social-innovation prize with a
// calendar of phases, a shortlist of projects, a public ballot, an expert jury
// scoring projects on a grid, and the ranking that combines both.
//
// The package is pure Go with no I/O: time is always passed in, and every rule
// reports a violation as an *Error carrying a Code.
//
// The organisers' files enter here: ParseContest reads the contest file (YAML),
// ParseProjects and ParseScores the projects and jury scores CSV files, each
// rejecting bad input with the line and field to fix. Rank turns votes and jury
// sheets into the results.
package contest
