package contest

// Score is one juror's score for one criterion of one project.
type Score struct {
	Juror     string // juror name
	Project   string
	Criterion string
	Value     int
}

// Standing is one row of the ranking.
type Standing struct {
	Rank         int
	Project      string
	Name         string
	Votes        int
	PublicPoints float64
	JuryMean     float64
	JuryPoints   float64
	Total        float64
	Prize        int // 0 when none
}
