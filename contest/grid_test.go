package contest

import "testing"

func TestDefaultGrid(t *testing.T) {
	t.Parallel()
	g := DefaultGrid()
	groups := map[string]int{}
	for _, c := range g.Criteria {
		groups[c.Group]++
		for _, lang := range []string{LangFR, LangNL, LangEN} {
			if c.Labels[lang] == "" {
				t.Errorf("criterion %s has no %s label", c.ID, lang)
			}
		}
	}
	if len(g.Criteria) != 12 || groups[GroupPortage] != 4 || groups[GroupContenu] != 3 || groups[GroupContexte] != 5 {
		t.Errorf("groups = %v over %d criteria", groups, len(g.Criteria))
	}
	if err := g.validate(); err != nil {
		t.Errorf("default grid is invalid: %v", err)
	}
	// A copy: changing it must not change the next default.
	g.Criteria[0].Labels[LangFR] = "changed"
	g.Scale.Labels[0] = "changed"
	if d := DefaultGrid(); d.Criteria[0].Labels[LangFR] == "changed" || d.Scale.Labels[0] == "changed" {
		t.Error("DefaultGrid shares state between calls")
	}
}

func TestLabels(t *testing.T) {
	t.Parallel()
	def := DefaultGrid()
	custom := Grid{Scale: Scale{Min: 1, Max: 2, Labels: []string{"bas", "haut"}}}
	collectif, _ := def.Criterion("collectif")
	own := Criterion{ID: "impact", Group: "effets", Label: "Impact social"}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"level in French", def.LevelLabel("fr", 2), "intermédiaire"},
		{"level in Dutch", def.LevelLabel("nl", 0), "afwezig"},
		{"level with region", def.LevelLabel("en-GB", 3), "strong"},
		{"level in unknown language", def.LevelLabel("de", 1), "faible"},
		{"level off the scale", def.LevelLabel("en", 4), "4"},
		{"custom scale", custom.LevelLabel("en", 2), "haut"},
		{"custom scale below min", custom.LevelLabel("fr", 0), "0"},
		{"criterion in English", collectif.LabelIn("en"), "Collective nature of the project"},
		{"criterion in Dutch", collectif.LabelIn("NL"), "Collectief karakter van het project"},
		{"criterion unknown language", collectif.LabelIn(""), "Caractère collectif du projet"},
		{"custom criterion", own.LabelIn("nl"), "Impact social"},
		{"group", GroupLabel("nl", GroupContenu), "Inhoud"},
		{"group in French", GroupLabel("fr", GroupPortage), "Portage"},
		{"custom group", GroupLabel("en", "effets"), "effets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
