// Package examples ships the sample contest that the embedded default loads
// when the database holds no contest yet.
package examples

import "embed"

// FS holds prix-2026/contest.yaml and prix-2026/projects.csv.
//
//go:embed prix-2026/contest.yaml prix-2026/projects.csv
var FS embed.FS

// Sample file paths inside FS.
const (
	SampleContest  = "prix-2026/contest.yaml"
	SampleProjects = "prix-2026/projects.csv"
)
