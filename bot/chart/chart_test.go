package chart

import (
	"bytes"
	"image/png"
	"testing"

	"prixbot/contest"
)

func TestResultsIsAPNGWithARowPerProject(t *testing.T) {
	rows := []contest.Standing{
		{Rank: 1, Project: "a", Name: "Atelier", PublicPoints: 20, JuryPoints: 75, Total: 95},
		{Rank: 2, Project: "b", Name: "Boutique solidaire avec un nom beaucoup trop long pour tenir", PublicPoints: 25, JuryPoints: 50, Total: 75},
		{Rank: 3, Project: "c", Name: "Café", PublicPoints: 0, JuryPoints: 10, Total: 10},
	}
	b, err := Results(rows, Labels{Title: "Prix", Points: "points", Public: "public", Jury: "jury"})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if w := img.Bounds().Dx(); w < 600 {
		t.Errorf("width %d, want about 640 points", w)
	}
	if _, err := Results(nil, Labels{}); err == nil {
		t.Error("no rows: want an error")
	}
}
